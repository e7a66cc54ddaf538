import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Service } from '../../../../shared/catalogue'
import type { ApplicationDetail } from '../../../../shared/contract'
import type { ApplicationRecord } from '../../../../shared/domain/application'
import { sampleRecord } from '../../../../shared/testing/sample-record'
import { cardWithOwnFields } from '../../../../shared/testing/card-with-fields'
import { cardFromCatalogueService, serviceFromCard } from '../../../../shared/catalogue/from-file'
import { setClockForTests } from '../../lib/clock'
import { fakeBridge } from '../../lib/testing/fake-bridge'
import { renderWithProviders } from '../../lib/testing/render'
import { resetApplicationStore } from './application-store'
import { ApplicationScreen } from './ApplicationScreen'

const record: ApplicationRecord = sampleRecord('app-1', {
  orderNumber: '001-000457-3',
  centreId: 'khm-cnap',
  serviceId: 'svc-1',
  applicant: {
    surname: 'Мар’яненко',
    givenName: 'Ірина',
    patronymic: 'Лук’янівна',
    rnokpp: '3028016509',
    birthDate: '1982-11-26',
    phone: '+380509252257',
    email: null,
    address: 'м. Хмельницький, вул. Проскурівська, 1'
  },
  fields: { 'Адреса реєстрації': '<b>вул. Кам’янецька, 5</b>' },
  documents: [
    { name: 'Заява', required: true, received: true },
    { name: 'Паспорт', required: true, received: false },
    { name: 'Довіреність', required: false, received: false }
  ],
  receivedAt: '2026-11-20T09:00:00+02:00',
  dueAt: '2026-12-02T23:59:59+02:00',
  version: 3,
  updatedAt: '2026-11-20T09:00:00+02:00'
})

const service: Service = {
  id: 'svc-1',
  national_code: '01234',
  name_uk: 'Реєстрація місця проживання',
  name_en: 'Registration of residence',
  category_uk: 'Реєстрація',
  category_en: 'Registration',
  term: { value: 5, unit: 'working_days' },
  fee: { kind: 'subsistence_share', amount_uah: null, share_of_subsistence: 0.015 },
  documents: [],
  outcomes: [],
  refusal_grounds_uk: ['Подано неповний пакет документів'],
  stages: [],
  result_uk: 'Довідка',
  result_en: 'Certificate',
  verified: false
}

const detail: ApplicationDetail = {
  record,
  service,
  card: null,
  events: [
    { id: 'e1', applicationId: 'app-1', kind: 'submitted', at: '2026-11-20T09:00:00+02:00', actor: 'Заявник', commandId: null, data: {} }
  ],
  pending: [{ commandId: 'c1', seq: 4, type: 'note', issuedAt: '2026-11-21T10:00:00+02:00', state: 'pending', payload: { text: 'x' } }],
  sync: 'pending',
  actions: {
    claim: null,
    release: 'Ви не тримаєте цю заявку',
    note: null,
    request_correction: 'Спершу візьміть заявку в роботу',
    forward: 'Спершу візьміть заявку в роботу',
    decide: 'Спершу візьміть заявку в роботу',
    register_walk_in: null,
    record_print: null,
    issue_result: 'Результат ще не готовий',
    reissue_access_code: null,
    reassign: null
  }
}

beforeEach(() => {
  resetApplicationStore()
  setClockForTests(() => Date.parse('2026-11-30T10:00:00+02:00'))
})

describe('ApplicationScreen', () => {
  it('reviews an application against its card version (issue 17): v2’s questions and answers, «версія 2»; v1 stays v1 after v2 is live', async () => {
    const v1 = cardFromCatalogueService(service)
    const v2 = cardWithOwnFields(service)
    const underV2: ApplicationDetail = {
      ...detail,
      record: {
        ...record,
        serviceVersion: 2,
        fields: { rooms: '3', movedIn: '2026-11-20', basis: 'tenant', 'Додаткові відомості': 'Прийшла з дитиною' }
      },
      service: serviceFromCard(v2),
      card: { held: true, card: { serviceId: service.id, version: 2, stage: 'published', live: true, card: v2 } }
    }
    fakeBridge({ 'application.get': () => ({ ok: true, value: underV2 }) })
    const { unmount } = renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" />)
    const form = await screen.findByRole('region', { name: 'Дані заяви' })
    const pairs = Array.from(form.querySelectorAll('dt')).map((dt) => `${dt.textContent}=${dt.nextElementSibling?.textContent}`)
    expect(pairs).toEqual([
      'Кількість кімнат=3',
      'Дата вселення=20.11.2026',
      'Підстава проживання=Наймач',
      'Додаткові відомості=Прийшла з дитиною'
    ])
    const card = screen.getByRole('region', { name: 'Послуга' })
    expect(card.textContent).toContain(`${v2.name_uk} · версія 2`)
    expect(card.textContent).toContain('Договір найму житла')
    unmount()
    resetApplicationStore()

    // Registered under v1: reviewed as v1 (the v2 questions are not asked of it).
    const underV1: ApplicationDetail = {
      ...detail,
      record: { ...record, serviceVersion: 1, fields: {} },
      service: serviceFromCard(v1),
      card: { held: true, card: { serviceId: service.id, version: 1, stage: 'published', live: false, card: v1 } }
    }
    fakeBridge({ 'application.get': () => ({ ok: true, value: underV1 }) })
    const second = renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" />)
    const v1Card = await screen.findByRole('region', { name: 'Послуга' })
    expect(v1Card.textContent).toContain(`${v1.name_uk} · версія 1`)
    expect(screen.getByRole('region', { name: 'Дані заяви' }).textContent).not.toContain('Кількість кімнат')
    expect(screen.queryByText(/якої на цьому робочому місці ще немає/)).toBeNull()
    second.unmount()
    resetApplicationStore()

    // Under a version this desk does not hold yet: the current card, and a note that says so.
    fakeBridge({
      'application.get': () => ({
        ok: true,
        value: { ...underV1, record: { ...record, serviceVersion: 3 }, card: { ...underV1.card!, held: false } }
      })
    })
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" />)
    expect(await screen.findByText('Заявку подано за версією 3 картки, якої на цьому робочому місці ще немає')).toBeTruthy()
    expect(screen.getByText('Показано поточну версію 1; дані оновляться після синхронізації каталогу.')).toBeTruthy()
  })

  it('a test application (issue 17) shows «ТЕСТ» in its summary line, with the reason; a real one does not', async () => {
    fakeBridge({ 'application.get': () => ({ ok: true, value: { ...detail, record: { ...record, isTest: true, serviceVersion: 2 } } }) })
    const { unmount } = renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" />)
    await screen.findByRole('heading', { level: 1, name: 'Заявка 001-000457-3' })
    expect(screen.getByTestId('test-badge').textContent).toBe('ТЕСТ Тестова заява: не входить до лічильників, звітів і відкритих даних')
    unmount()
    resetApplicationStore()
    fakeBridge({ 'application.get': () => ({ ok: true, value: detail }) })
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" />)
    await screen.findByRole('heading', { level: 1, name: 'Заявка 001-000457-3' })
    expect(screen.queryByTestId('test-badge')).toBeNull()
  })

  it('shows number, status, deadline with time left, and every section', async () => {
    fakeBridge({ 'application.get': () => ({ ok: true, value: detail }) })
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" />)
    expect(await screen.findByRole('heading', { level: 1, name: 'Заявка 001-000457-3' })).toBeTruthy()
    expect(screen.getByText('Зареєстровано')).toBeTruthy()
    expect(screen.getByText('02.12.2026, 23:59')).toBeTruthy()
    expect(screen.getByText('залишилось 2 робочі дні')).toBeTruthy()
    for (const name of ['Заявник', 'Документи', 'Дані заяви', 'Послуга', 'Історія']) {
      expect(screen.getByRole('heading', { level: 2, name })).toBeTruthy()
    }
    expect(screen.getByText('Мар’яненко Ірина Лук’янівна')).toBeTruthy()
    expect(screen.getByText('Отримано 1 з 3')).toBeTruthy()
    expect(screen.getByText('бракує')).toBeTruthy()
  })

  it('renders citizen text as text, never markup', async () => {
    fakeBridge({ 'application.get': () => ({ ok: true, value: detail }) })
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" />)
    expect(await screen.findByText('<b>вул. Кам’янецька, 5</b>')).toBeTruthy()
    expect(document.querySelector('b')).toBeNull()
  })

  it('marks facts of an unverified card as set by the centre', async () => {
    fakeBridge({ 'application.get': () => ({ ok: true, value: detail }) })
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" />)
    const card = (await screen.findByRole('heading', { level: 2, name: 'Послуга' })).closest('section') as HTMLElement
    expect(within(card).getAllByText(/умова налаштовується центром/).length).toBe(4)
    expect(within(card).getByText('5 робочих днів')).toBeTruthy()
    expect(within(card).getByText(/1,5\s?% прожиткового мінімуму/)).toBeTruthy()
  })

  it('lists pending commands in the history, marked as pending', async () => {
    fakeBridge({ 'application.get': () => ({ ok: true, value: detail }) })
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" />)
    const history = (await screen.findByRole('heading', { level: 2, name: 'Історія' })).closest('section') as HTMLElement
    const items = within(history).getAllByRole('listitem')
    expect(items.map((i) => i.textContent)).toEqual([
      expect.stringContaining('Подано на порталі'),
      expect.stringContaining('очікує підтвердження')
    ])
  })

  it('tells the new holder who handed the application over and why (a supervisor’s reassign)', async () => {
    const data = { clerkId: 'clerk-petro', reason: 'Олена у відпустці' }
    const reassigned: ApplicationDetail = {
      ...detail,
      pending: [],
      events: [
        ...detail.events,
        {
          id: 'e2',
          applicationId: 'app-1',
          kind: 'released',
          at: '2026-11-21T09:00:00+02:00',
          actor: 'Петро Бондар',
          commandId: 'c3',
          data: { ...data, previousHolder: 'Олена Коваль', forced: true, reassignedTo: 'Тарас Мар’янчук' }
        },
        {
          id: 'e3',
          applicationId: 'app-1',
          kind: 'claimed',
          at: '2026-11-21T09:00:00+02:00',
          actor: 'Петро Бондар',
          commandId: 'c3',
          data: { ...data, assignedBy: 'Петро Бондар', reassigned: true, holderClerkId: 'clerk-taras', holderName: 'Тарас Мар’янчук' }
        }
      ]
    }
    fakeBridge({ 'application.get': () => ({ ok: true, value: reassigned }) })
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" />)
    const history = (await screen.findByRole('heading', { level: 2, name: 'Історія' })).closest('section') as HTMLElement
    const items = within(history)
      .getAllByRole('listitem')
      .map((i) => i.textContent ?? '')
    expect(
      items.filter((i) => i.includes('Передано: Тарас Мар’янчук. Причина: Олена у відпустці') && i.includes('Петро Бондар'))
    ).toHaveLength(2)
  })

  it('shows why a disabled action is unavailable, and claims through command.submit', async () => {
    const fake = fakeBridge({
      'application.get': () => ({ ok: true, value: detail }),
      'command.submit': () => ({ ok: true, value: { commandId: 'c2', seq: 5 } })
    })
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" />)
    const release = await screen.findByRole('button', { name: 'Повернути в чергу' })
    expect(release.hasAttribute('disabled')).toBe(true)
    expect(screen.getByText('Ви не тримаєте цю заявку').id).toBe(release.getAttribute('aria-describedby'))
    fireEvent.click(screen.getByRole('button', { name: 'Взяти в роботу' }))
    await waitFor(() => expect(fake.callsOf('command.submit')).toEqual([{ type: 'claim', applicationId: 'app-1', payload: {} }]))
    // The view is re-read after the command, so history and reasons come from the back end.
    await waitFor(() => expect(fake.callsOf('application.get').length).toBe(2))
  })

  it('re-reads on applications.changed for this application only', async () => {
    const fake = fakeBridge({ 'application.get': () => ({ ok: true, value: detail }) })
    const { startApplicationUpdates } = await import('./application-store')
    const stop = startApplicationUpdates()
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" />)
    await screen.findByRole('heading', { level: 1 })
    fake.emit('applications.changed', { ids: ['other'], source: 'sync' })
    fake.emit('applications.changed', { ids: ['app-1'], source: 'sync' })
    await waitFor(() => expect(fake.callsOf('application.get').length).toBe(2))
    stop()
  })

  it('says what went wrong when the application cannot be read', async () => {
    fakeBridge({ 'application.get': () => ({ ok: false, error: { code: 'not_found', message: 'Заявку не знайдено' } }) })
    renderWithProviders(<ApplicationScreen id="nope" queueHref="#/queue" />)
    expect(await screen.findByRole('alert')).toBeTruthy()
    expect(screen.getByText('Заявку не знайдено')).toBeTruthy()
  })
})
