import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Service } from '../../../../shared/catalogue'
import type { ApplicationDetail } from '../../../../shared/contract'
import type { ClerkSession } from '../../../../shared/session'
import type { ApplicationRecord } from '../../../../shared/domain/application'
import { sampleRecord } from '../../../../shared/testing/sample-record'
import type { CommandType } from '../../../../shared/domain/commands'
import { setClockForTests } from '../../lib/clock'
import { fakeBridge, type Handlers } from '../../lib/testing/fake-bridge'
import { renderWithProviders } from '../../lib/testing/render'
import { resetApplicationStore } from './application-store'
import { ApplicationScreen } from './ApplicationScreen'

const OLENA: ClerkSession = { clerkId: 'clerk-olena', name: 'Олена Коваль', role: 'clerk', centreId: 'khm-cnap' }
const PETRO: ClerkSession = { clerkId: 'clerk-petro', name: 'Петро Бондар', role: 'supervisor', centreId: 'khm-cnap' }

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
  fields: { 'Адреса реєстрації': 'вул. Кам’янецька, 5' },
  attachments: [{ sha256: 'a'.repeat(64), name: 'паспорт.pdf', mediaType: 'application/pdf' }],
  documents: [
    { name: 'Заява', required: true, received: true },
    { name: 'Паспорт', required: true, received: false }
  ],
  status: 'in_review',
  holder: { clerkId: 'clerk-olena', name: 'Олена Коваль', since: '2026-11-21T10:00:00+02:00' },
  takenIntoWorkAt: '2026-11-21T10:00:00+02:00',
  receivedAt: '2026-11-20T09:00:00+02:00',
  dueAt: '2026-12-02T23:59:59+02:00',
  version: 4,
  updatedAt: '2026-11-21T10:00:00+02:00'
})

const service: Service = {
  id: 'svc-1',
  national_code: null,
  name_uk: 'Призначення допомоги малозабезпеченим сім’ям',
  name_en: 'Low-income family aid',
  category_uk: 'Соціальний захист',
  category_en: 'Social protection',
  term: { value: null, unit: null },
  fee: { kind: 'free', amount_uah: null, share_of_subsistence: null },
  documents: [],
  outcomes: [],
  refusal_grounds_uk: ['Дані заповнено неправильно', 'Дані надано не в повному обсязі'],
  stages: [],
  result_uk: 'Рішення',
  result_en: 'Decision',
  verified: true
}

const ALLOWED: Record<CommandType, string | null> = {
  claim: 'Заявка вже у вас у роботі',
  release: null,
  note: null,
  request_correction: null,
  forward: null,
  decide: null,
  register_walk_in: 'Лише для нової заявки',
  record_print: null,
  issue_result: 'Недоступно в поточному статусі заявки',
  reissue_access_code: null,
  reassign: null
}

function detailWith(over: Partial<ApplicationDetail> = {}, rec: Partial<ApplicationRecord> = {}): ApplicationDetail {
  return { record: { ...record, ...rec }, service, card: null, events: [], pending: [], sync: 'confirmed', actions: ALLOWED, ...over }
}

function setup(detail: ApplicationDetail, extra: Handlers = {}) {
  return fakeBridge({
    'application.get': () => ({ ok: true, value: detail }),
    'command.submit': () => ({ ok: true, value: { commandId: 'c9', seq: 9 } }),
    ...extra
  })
}

async function openDialog(button: string): Promise<HTMLElement> {
  fireEvent.click(await screen.findByRole('button', { name: button }))
  return screen.findByRole('dialog')
}

beforeEach(() => {
  resetApplicationStore()
  setClockForTests(() => Date.parse('2026-11-23T10:00:00+02:00'))
})

describe('disabled actions', () => {
  it('every unavailable action is disabled and says why, from detail.actions', async () => {
    const reasons = {
      ...ALLOWED,
      claim: null,
      release: 'Ви не тримаєте цю заявку',
      request_correction: 'Спершу візьміть заявку в роботу',
      forward: 'Спершу візьміть заявку в роботу',
      decide: 'Спершу візьміть заявку в роботу',
      issue_result: 'Недоступно в поточному статусі заявки'
    }
    setup(detailWith({ actions: reasons }, { holder: null, status: 'registered' }))
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" clerk={OLENA} />)
    for (const [name, reason] of [
      ['Запросити доопрацювання', 'Спершу візьміть заявку в роботу'],
      ['Передати суб’єкту надання', 'Спершу візьміть заявку в роботу'],
      ['Ухвалити рішення', 'Спершу візьміть заявку в роботу'],
      ['Видати результат', 'Недоступно в поточному статусі заявки'],
      ['Повернути в чергу', 'Ви не тримаєте цю заявку']
    ] as const) {
      const button = await screen.findByRole('button', { name })
      expect(button.hasAttribute('disabled'), name).toBe(true)
      const described = document.getElementById(button.getAttribute('aria-describedby') ?? '')
      expect(described?.textContent, name).toBe(reason)
    }
    expect(screen.getByRole('button', { name: 'Взяти в роботу' }).hasAttribute('disabled')).toBe(false)
    // Only supervisors see the forced release at all.
    expect(screen.queryByRole('button', { name: 'Звільнити чужу заявку' })).toBeNull()
  })
})

describe('decide', () => {
  it('refusing without a ground is blocked with the message; with one it goes through command.submit', async () => {
    const fake = setup(detailWith())
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" clerk={OLENA} />)
    const dialog = await openDialog('Ухвалити рішення')
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Відмовити' }))
    fireEvent.click(within(dialog).getByRole('button', { name: 'Відмовити' }))
    expect(await within(dialog).findByText('Для відмови обов’язково оберіть підставу з інформаційної картки')).toBeTruthy()
    expect(fake.callsOf('command.submit')).toEqual([])

    const ground = within(dialog).getByRole('combobox', { name: /Підстава для відмови/ })
    expect(
      within(ground)
        .getAllByRole('option')
        .map((o) => o.textContent)
    ).toEqual(['— оберіть підставу —', 'Дані заповнено неправильно', 'Дані надано не в повному обсязі'])
    fireEvent.change(ground, { target: { value: 'Дані надано не в повному обсязі' } })
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Пояснення до відмови' }), {
      target: { value: 'Бракує довідки про доходи' }
    })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Відмовити' }))
    await waitFor(() => expect(fake.callsOf('command.submit').length).toBe(1))
    expect(fake.callsOf('command.submit')[0]).toEqual({
      type: 'decide',
      applicationId: 'app-1',
      payload: {
        kind: 'refuse',
        ground: 'Дані надано не в повному обсязі',
        text: 'Бракує довідки про доходи',
        appeal: expect.stringContaining('оскаржене') as unknown
      }
    })
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
  })

  it('a card without refusal grounds asks for a ground in words, still mandatory', async () => {
    const fake = setup(detailWith({ service: { ...service, refusal_grounds_uk: [] } }))
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" clerk={OLENA} />)
    const dialog = await openDialog('Ухвалити рішення')
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Відмовити' }))
    fireEvent.click(within(dialog).getByRole('button', { name: 'Відмовити' }))
    expect(await within(dialog).findByText('Для відмови обов’язково вкажіть підставу')).toBeTruthy()
    expect(fake.callsOf('command.submit')).toEqual([])
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Підстава для відмови/ }), {
      target: { value: 'ч. 1 ст. 9 Закону: заявник не має права' }
    })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Відмовити' }))
    await waitFor(() => expect(fake.callsOf('command.submit').length).toBe(1))
  })

  it('offers only the decisions the status machine allows here, saying why the others are off', async () => {
    setup(detailWith({}, { status: 'forwarded' }))
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" clerk={OLENA} />)
    const dialog = await openDialog('Ухвалити рішення')
    const returned = within(dialog).getByRole('radio', { name: 'Повернути без розгляду' })
    expect(returned.hasAttribute('disabled')).toBe(true)
    expect(within(dialog).getByText('Недоступно в поточному статусі заявки')).toBeTruthy()
    expect(within(dialog).getByRole('radio', { name: 'Відмовити' }).hasAttribute('disabled')).toBe(false)
  })

  it('shows the back end’s refusal beside the form in Ukrainian and keeps what was typed', async () => {
    setup(detailWith(), {
      'command.submit': () => ({ ok: false, error: { code: 'not_holder', message: 'Заявку тримає Тарас Мар’янчук (з 2026-11-21 12:00)' } })
    })
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" clerk={OLENA} />)
    const dialog = await openDialog('Ухвалити рішення')
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Повернути без розгляду' }))
    const reason = within(dialog).getByRole('textbox', { name: /Причина повернення без розгляду/ })
    fireEvent.change(reason, { target: { value: 'Заявник відкликав заяву' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Повернути без розгляду' }))
    const alert = await within(dialog).findByRole('alert')
    expect(alert.textContent).toContain('Заявку тримає інший адміністратор')
    expect(alert.textContent).toContain('Заявку тримає Тарас Мар’янчук (з 2026-11-21 12:00)')
    expect((within(dialog).getByRole('textbox', { name: /Причина повернення без розгляду/ }) as HTMLTextAreaElement).value).toBe(
      'Заявник відкликав заяву'
    )
    expect(screen.getByRole('dialog')).toBe(dialog)
  })

  it('Esc closes the dialog, and what was typed is still there when it opens again', async () => {
    setup(detailWith())
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" clerk={OLENA} />)
    let dialog = await openDialog('Ухвалити рішення')
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Коментар' }), { target: { value: 'Усе гаразд' } })
    fireEvent.keyDown(within(dialog).getByRole('textbox', { name: 'Коментар' }), { key: 'Escape' })
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    dialog = await openDialog('Ухвалити рішення')
    expect((within(dialog).getByRole('textbox', { name: 'Коментар' }) as HTMLTextAreaElement).value).toBe('Усе гаразд')
  })
})

describe('request corrections', () => {
  it('needs at least one field or a general remark, and a remark for every ticked field', async () => {
    const fake = setup(detailWith())
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" clerk={OLENA} />)
    const dialog = await openDialog('Запросити доопрацювання')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Надіслати запит' }))
    expect(await within(dialog).findByText('Позначте хоча б одне поле або напишіть загальне зауваження')).toBeTruthy()
    expect(fake.callsOf('command.submit')).toEqual([])

    fireEvent.click(within(dialog).getByRole('checkbox', { name: /^Адреса — / }))
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Паспорт' }))
    fireEvent.click(within(dialog).getByRole('button', { name: 'Надіслати запит' }))
    expect((await within(dialog).findAllByText('Напишіть, що саме треба виправити в цьому полі')).length).toBe(2)
    expect(fake.callsOf('command.submit')).toEqual([])

    fireEvent.change(within(dialog).getByRole('textbox', { name: /Зауваження до поля «Адреса»/ }), {
      target: { value: 'Не збігається з паспортом' }
    })
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Зауваження до поля «Паспорт»/ }), {
      target: { value: 'Додайте скан усіх сторінок' }
    })
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Загальне зауваження/ }), {
      target: { value: 'Відповідайте через портал' }
    })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Надіслати запит' }))
    await waitFor(() => expect(fake.callsOf('command.submit').length).toBe(1))
    expect(fake.callsOf('command.submit')[0]).toEqual({
      type: 'request_correction',
      applicationId: 'app-1',
      payload: {
        items: [
          { field: 'applicant.address', remark: 'Не збігається з паспортом' },
          { field: 'Документ: Паспорт', remark: 'Додайте скан усіх сторінок' }
        ],
        general: 'Відповідайте через портал',
        // Proposed: 30 calendar days from today (23.11.2026 on the test clock).
        answerBy: '2026-12-23'
      }
    })
  })

  it('a general remark alone is enough', async () => {
    const fake = setup(detailWith())
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" clerk={OLENA} />)
    const dialog = await openDialog('Запросити доопрацювання')
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Загальне зауваження/ }), { target: { value: 'Підпишіть заяву' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Надіслати запит' }))
    await waitFor(() =>
      expect(fake.callsOf('command.submit')).toEqual([
        { type: 'request_correction', applicationId: 'app-1', payload: { items: [], general: 'Підпишіть заяву', answerBy: '2026-12-23' } }
      ])
    )
  })

  it('the date to answer by is typed as дд.мм.рррр: a past, a far or a malformed date is refused beside the field', async () => {
    const fake = setup(detailWith())
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" clerk={OLENA} />)
    const dialog = await openDialog('Запросити доопрацювання')
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Загальне зауваження/ }), { target: { value: 'Підпишіть заяву' } })
    const date = within(dialog).getByRole('textbox', { name: /Відповісти до/ }) as HTMLInputElement
    expect(date.value).toBe('23.12.2026')
    const typeDate = (text: string): void => {
      fireEvent.change(date, { target: { value: text } })
      fireEvent.blur(date)
    }
    typeDate('22.11.2026')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Надіслати запит' }))
    expect(await within(dialog).findByText('Ця дата вже минула: оберіть сьогоднішню або пізнішу')).toBeTruthy()
    typeDate('01.01.2028')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Надіслати запит' }))
    expect(await within(dialog).findByText('Не далі ніж за 366 днів від сьогодні')).toBeTruthy()
    expect(fake.callsOf('command.submit')).toEqual([])
    typeDate('12.01.2027')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Надіслати запит' }))
    await waitFor(() => expect(fake.callsOf('command.submit')).toHaveLength(1))
    expect(fake.callsOf('command.submit')[0]).toMatchObject({ payload: { answerBy: '2027-01-12' } })
    // Many steps through the date picker: more than the default 5 s on a busy machine.
  }, 20_000)
})

describe('issue the result', () => {
  it('needs who collected it and on which document; "not collected" needs neither', async () => {
    const fake = setup(
      detailWith(
        { actions: { ...ALLOWED, issue_result: null, decide: 'Недоступно в поточному статусі заявки' } },
        { status: 'result_ready' }
      )
    )
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" clerk={OLENA} />)
    const dialog = await openDialog('Видати результат')
    expect((within(dialog).getByRole('textbox', { name: /Хто отримав/ }) as HTMLInputElement).value).toBe('Мар’яненко Ірина Лук’янівна')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Видати' }))
    expect(await within(dialog).findByText('Вкажіть документ, за яким видано результат')).toBeTruthy()
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Документ отримувача/ }), { target: { value: 'ID-картка № 001234567' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Видати' }))
    await waitFor(() =>
      expect(fake.callsOf('command.submit')).toEqual([
        {
          type: 'issue_result',
          applicationId: 'app-1',
          payload: { outcome: 'issued', recipientName: 'Мар’яненко Ірина Лук’янівна', recipientDocument: 'ID-картка № 001234567' }
        }
      ])
    )
  })
})

describe('supervisor', () => {
  it('releases another clerk’s application only with a reason', async () => {
    const fake = setup(
      detailWith(
        {
          actions: {
            ...ALLOWED,
            release: 'Ви не тримаєте цю заявку',
            claim: 'Заявку тримає Олена Коваль',
            decide: 'Заявку тримає Олена Коваль'
          }
        },
        {}
      )
    )
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" clerk={PETRO} />)
    const dialog = await openDialog('Звільнити чужу заявку')
    expect(within(dialog).getByText(/Заявку тримає Олена Коваль/)).toBeTruthy()
    fireEvent.click(within(dialog).getByRole('button', { name: 'Звільнити' }))
    expect(await within(dialog).findByText('Вкажіть причину, чому звільняєте чужу заявку')).toBeTruthy()
    expect(fake.callsOf('command.submit')).toEqual([])
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Причина/ }), { target: { value: 'Олена на лікарняному' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Звільнити' }))
    await waitFor(() =>
      expect(fake.callsOf('command.submit')).toEqual([
        { type: 'release', applicationId: 'app-1', payload: { force: true, reason: 'Олена на лікарняному' } }
      ])
    )
  })

  it('reassigns to a named clerk chosen with the keyboard, with a reason; the current holder is not offered', async () => {
    const fake = setup(detailWith({}, { holder: { clerkId: 'clerk-olena', name: 'Олена Коваль', since: '2026-11-23T09:00:00+02:00' } }), {
      'reports.clerks': () => ({
        ok: true,
        value: [
          { clerkId: 'clerk-olena', name: 'Олена Коваль', role: 'clerk' },
          { clerkId: 'clerk-taras', name: 'Тарас Мар’янчук', role: 'clerk' },
          { clerkId: 'clerk-iryna', name: 'Ірина Дем’яненко', role: null }
        ]
      })
    })
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" clerk={PETRO} />)
    const dialog = await openDialog('Передати працівникові')
    expect(within(dialog).getByText(/Заявку тримає Олена Коваль/)).toBeTruthy()
    fireEvent.click(within(dialog).getByRole('button', { name: 'Передати' }))
    expect(await within(dialog).findByText('Оберіть працівника, якому передаєте заявку')).toBeTruthy()
    expect(fake.callsOf('command.submit')).toEqual([])
    const picker = within(dialog).getByLabelText(/Працівник/, { selector: 'input' })
    await waitFor(() => expect(fake.callsOf('reports.clerks')).toEqual([{}]))
    fireEvent.click(picker)
    fireEvent.change(picker, { target: { value: 'Тар' } })
    const options = await screen.findAllByRole('option')
    expect(options.map((o) => o.textContent)).toEqual(['Тарас Мар’янчук — Адміністратор ЦНАП (фронт-офіс)'])
    fireEvent.keyDown(picker, { key: 'ArrowDown', code: 'ArrowDown' })
    fireEvent.keyDown(picker, { key: 'Enter', code: 'Enter' })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Передати' }))
    expect(await within(dialog).findByText('Вкажіть причину, чому передаєте заявку')).toBeTruthy()
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Причина/ }), { target: { value: 'Олена у відпустці' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Передати' }))
    await waitFor(() =>
      expect(fake.callsOf('command.submit')).toEqual([
        {
          type: 'reassign',
          applicationId: 'app-1',
          payload: { toClerkId: 'clerk-taras', toName: 'Тарас Мар’янчук', reason: 'Олена у відпустці' }
        }
      ])
    )
  })

  it('only supervisors see the reassign action', async () => {
    setup(detailWith())
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" clerk={OLENA} />)
    await screen.findByRole('button', { name: 'Видати результат' })
    expect(screen.queryByRole('button', { name: 'Передати працівникові' })).toBeNull()
  })

  it('says why the forced release is off when the supervisor holds it or nobody does', async () => {
    setup(detailWith({}, { holder: null, status: 'registered' }))
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" clerk={PETRO} />)
    const button = await screen.findByRole('button', { name: 'Звільнити чужу заявку' })
    expect(button.hasAttribute('disabled')).toBe(true)
    expect(document.getElementById(button.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Заявку ніхто не тримає')
  })
})

describe('notes', () => {
  it('adds an internal note and shows pending notes as awaiting confirmation', async () => {
    const fake = setup(
      detailWith({
        pending: [
          {
            commandId: 'c1',
            seq: 3,
            type: 'note',
            issuedAt: '2026-11-22T09:00:00+02:00',
            state: 'pending',
            payload: { text: 'Дзвонила, обіцяла донести довідку' }
          }
        ]
      })
    )
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" clerk={OLENA} />)
    const notes = (await screen.findByRole('heading', { level: 2, name: 'Внутрішні нотатки' })).closest('section') as HTMLElement
    expect(within(notes).getByText('Дзвонила, обіцяла донести довідку')).toBeTruthy()
    expect(within(notes).getByText('очікує підтвердження')).toBeTruthy()
    fireEvent.click(within(notes).getByRole('button', { name: 'Додати нотатку' }))
    expect(await within(notes).findByText('Нотатка порожня')).toBeTruthy()
    fireEvent.change(within(notes).getByRole('textbox', { name: 'Нова нотатка' }), { target: { value: 'Перевірити реєстр' } })
    fireEvent.click(within(notes).getByRole('button', { name: 'Додати нотатку' }))
    await waitFor(() =>
      expect(fake.callsOf('command.submit')).toEqual([{ type: 'note', applicationId: 'app-1', payload: { text: 'Перевірити реєстр' } }])
    )
  })
})

describe('attachments', () => {
  it('opens a scan from the local cache, and explains when it is not there offline', async () => {
    const fake = setup(detailWith(), {
      'attachments.get': () => ({
        ok: false,
        error: { code: 'offline', message: 'Файлу ще немає на цій робочій станції, а портал зараз недоступний.' }
      })
    })
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" clerk={OLENA} />)
    const dialog = await openDialog('Переглянути файл «паспорт.pdf»')
    expect((await within(dialog).findByRole('alert')).textContent).toContain('портал зараз недоступний')
    expect(fake.callsOf('attachments.get')).toEqual([{ sha256: 'a'.repeat(64) }])
  })

  it('shows an image scan inline', async () => {
    const png = btoa(String.fromCharCode(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))
    setup(detailWith({}, { attachments: [{ sha256: 'b'.repeat(64), name: 'довідка.png', mediaType: 'image/png' }] }), {
      'attachments.get': () => ({ ok: true, value: { sha256: 'b'.repeat(64), mediaType: 'image/png', base64: png, size: 8 } })
    })
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" clerk={OLENA} />)
    const dialog = await openDialog('Переглянути файл «довідка.png»')
    expect((await within(dialog).findByRole('img', { name: 'довідка.png' })).getAttribute('src')).toMatch(/^blob:/)
  })
})

describe('new access code', () => {
  it('issues one through accessCode.reissue, shows the code once and offers the receipt that prints it', async () => {
    const fake = setup(detailWith(), {
      'accessCode.reissue': () => ({ ok: true, value: { accessCode: 'M4RT-AZ7K-QX2P', commandId: 'c10', seq: 10 } })
    })
    renderWithProviders(
      <ApplicationScreen id="app-1" queueHref="#/queue" clerk={OLENA} printHref={(document, id) => `#/print/${document}/${id}`} />
    )
    const dialog = await openDialog('Видати новий код доступу')
    expect(within(dialog).getByText(/старий перестане діяти/)).toBeTruthy()
    expect(fake.callsOf('accessCode.reissue')).toEqual([])
    fireEvent.click(within(dialog).getByRole('button', { name: 'Видати новий код' }))
    expect(await screen.findByTestId('reissued-access-code')).toHaveProperty('textContent', 'M4RT-AZ7K-QX2P')
    expect(fake.callsOf('accessCode.reissue')).toEqual([{ id: 'app-1' }])
    // Never through command.submit: the code is made where it is kept for the receipt.
    expect(fake.callsOf('command.submit')).toEqual([])
    expect(screen.getByRole('link', { name: 'Надрукувати опис з новим кодом' }).getAttribute('href')).toBe('#/print/receipt/app-1')
    fireEvent.click(screen.getByRole('button', { name: 'Готово' }))
    await waitFor(() => expect(screen.queryByTestId('reissued-access-code')).toBeNull())
  })

  it('is off, saying why, when the back end says so; its refusal shows in the dialog', async () => {
    setup(
      detailWith({
        actions: { ...ALLOWED, reissue_access_code: 'Видавати заявникові новий код доступу можуть лише адміністратори фронт-офісу' }
      })
    )
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" clerk={OLENA} />)
    const button = await screen.findByRole('button', { name: 'Видати новий код доступу' })
    expect(button.hasAttribute('disabled')).toBe(true)
    expect(document.getElementById(button.getAttribute('aria-describedby') ?? '')?.textContent).toContain('фронт-офісу')
  })

  it('shows the back end’s refusal and keeps the dialog open', async () => {
    setup(detailWith(), {
      'accessCode.reissue': () => ({ ok: false, error: { code: 'unauthenticated', message: 'Увійдіть до системи' } })
    })
    renderWithProviders(<ApplicationScreen id="app-1" queueHref="#/queue" clerk={OLENA} />)
    const dialog = await openDialog('Видати новий код доступу')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Видати новий код' }))
    expect(await within(dialog).findByText('Увійдіть до системи')).toBeTruthy()
    expect(screen.queryByTestId('reissued-access-code')).toBeNull()
  })
})
