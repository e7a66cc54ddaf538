import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Service } from '../../../../shared/catalogue'
import type { DeskCard } from '../../../../shared/catalogue/desk-catalogue'
import { cardFromCatalogueService } from '../../../../shared/catalogue/from-file'
import { makeRnokpp } from '../../../../shared/domain/rnokpp'
import { setClockForTests } from '../../lib/clock'
import { fakeBridge, type Handlers } from '../../lib/testing/fake-bridge'
import { renderWithProviders } from '../../lib/testing/render'
import { IntakeScreen } from './IntakeScreen'
import { resetIntakeStore } from './intake-store'
import { cardWithOwnFields } from '../../../../shared/testing/card-with-fields'

const services: Service[] = [
  {
    id: 'residence-registration',
    national_code: '00010',
    name_uk: 'Реєстрація місця проживання',
    name_en: 'Registration of residence',
    category_uk: 'Реєстрація',
    category_en: 'Registration',
    term: { value: 0, unit: 'same_day' },
    fee: { kind: 'free', amount_uah: null, share_of_subsistence: null },
    documents: [
      { name_uk: 'Заява', name_en: 'Application', required: true },
      { name_uk: 'Паспорт', name_en: 'Passport', required: true },
      { name_uk: 'Довіреність', name_en: 'Power of attorney', required: false }
    ],
    outcomes: [],
    refusal_grounds_uk: [],
    stages: [],
    result_uk: 'Довідка',
    result_en: 'Certificate',
    verified: true
  },
  {
    id: 'id-card',
    national_code: null,
    name_uk: 'Оформлення паспорта у формі ID-картки',
    name_en: 'ID card',
    category_uk: 'Паспорти',
    category_en: 'Passports',
    term: { value: 20, unit: 'working_days' },
    fee: { kind: 'fixed_uah', amount_uah: 279, share_of_subsistence: null },
    documents: [],
    outcomes: [],
    refusal_grounds_uk: [],
    stages: [],
    result_uk: null,
    result_en: null,
    verified: true
  }
]

/** As the desk offers them: the live card version of each (here the catalogue file's version 1). */
const liveCards = (list: readonly Service[]): DeskCard[] =>
  list.map((s) => ({ serviceId: s.id, version: 1, stage: 'published', live: true, card: cardFromCatalogueService(s) }))

const VALID_RNOKPP = makeRnokpp('1985-03-14', 123, 'female')
const WRONG_CHECK_DIGIT = VALID_RNOKPP.slice(0, 9) + String((Number(VALID_RNOKPP[9]) + 1) % 10)

function setup(extra: Handlers = {}) {
  return fakeBridge({
    'catalogue.intake': () => ({ ok: true, value: liveCards(services) }),
    'walkIn.register': () => ({
      ok: true,
      value: { applicationId: 'app-new', orderNumber: '002-000017-4', accessCode: 'K7QM-4XPR-9TAW', commandId: 'c1', seq: 1 }
    }),
    'attachments.add': (input) => ({ ok: true, value: { sha256: 'c'.repeat(64), name: input.name, mediaType: input.mediaType, size: 10 } }),
    ...extra
  })
}

const field = (name: RegExp | string): HTMLInputElement => screen.getByRole('textbox', { name }) as HTMLInputElement
const type = (el: HTMLElement, value: string): void => {
  fireEvent.change(el, { target: { value } })
  fireEvent.blur(el)
}

async function chooseService(name: string): Promise<void> {
  const input = (await screen.findByLabelText(/Послуга/, { selector: 'input' })) as HTMLInputElement
  fireEvent.click(input)
  fireEvent.change(input, { target: { value: name.slice(0, 8) } })
  fireEvent.click(await screen.findByRole('option', { name }))
}

function birthDateInput(): HTMLInputElement {
  return document.getElementById('intake-birthDate') as HTMLInputElement
}

async function fillValid(service = 'Реєстрація місця проживання'): Promise<void> {
  await chooseService(service)
  type(field(/Прізвище/), 'Шевчук')
  type(field(/^Ім’я/), 'Наталія')
  type(field(/По батькові/), 'Іванівна')
  type(field(/РНОКПП/), VALID_RNOKPP)
  type(birthDateInput(), '1985-03-14')
  type(field(/Телефон/), '067 123 45 67')
  type(field(/^Адреса/), 'м. Хмельницький, вул. Зарічанська, 10')
}

beforeEach(() => {
  resetIntakeStore()
  setClockForTests(() => Date.parse('2026-11-30T10:00:00+02:00'))
})

describe('IntakeScreen', () => {
  it('says a wrong RNOKPP check digit beside the field, in Ukrainian, as soon as the clerk leaves it', async () => {
    setup()
    renderWithProviders(<IntakeScreen applicationHref={(id) => `#/application/${id}`} />)
    type(await screen.findByRole('textbox', { name: /РНОКПП/ }), WRONG_CHECK_DIGIT)
    const input = field(/РНОКПП/)
    const message = await screen.findByText('Неправильна контрольна цифра РНОКПП — перевірте номер')
    expect(input.getAttribute('aria-invalid')).toBe('true')
    expect(input.getAttribute('aria-describedby') ?? '').toContain(message.id)
  })

  it('fills the birth date from a valid RNOKPP when it is empty', async () => {
    setup()
    renderWithProviders(<IntakeScreen applicationHref={(id) => `#/application/${id}`} />)
    type(await screen.findByRole('textbox', { name: /РНОКПП/ }), VALID_RNOKPP)
    expect(birthDateInput().value).toBe('14.03.1985')
  })

  it('registering an empty form registers nothing and points at every missing field', async () => {
    const fake = setup()
    renderWithProviders(<IntakeScreen applicationHref={(id) => `#/application/${id}`} />)
    fireEvent.click(await screen.findByRole('button', { name: 'Зареєструвати' }))
    const summary = await screen.findByRole('alert')
    expect(summary.textContent).toContain('Заявку не зареєстровано: виправте 5 полів')
    for (const text of ['Оберіть послугу з каталогу', 'Вкажіть прізвище', 'Вкажіть ім’я', 'Вкажіть дату народження', 'Вкажіть адресу']) {
      expect(screen.getAllByText(new RegExp(text)).length, text).toBeGreaterThanOrEqual(2)
    }
    expect(fake.callsOf('walkIn.register')).toEqual([])
    expect(document.activeElement?.id).toBe('intake-serviceId')
  })

  it('refuses a birth date in the future and a phone not in +380 form', async () => {
    setup()
    renderWithProviders(<IntakeScreen applicationHref={(id) => `#/application/${id}`} />)
    await screen.findByRole('textbox', { name: /Телефон/ })
    type(birthDateInput(), '2027-01-01')
    type(field(/Телефон/), '12345')
    expect(await screen.findByText('Дата народження не може бути в майбутньому')).toBeTruthy()
    expect(screen.getByText('Телефон у форматі +380XXXXXXXXX')).toBeTruthy()
  })

  it('a failed registration keeps every typed value and shows the reason', async () => {
    const fake = setup({
      'walkIn.register': () => ({
        ok: false,
        error: { code: 'forbidden', message: 'Робочу станцію ще не зареєстровано в порталі: номер заявки видати неможливо' }
      })
    })
    renderWithProviders(<IntakeScreen applicationHref={(id) => `#/application/${id}`} />)
    await fillValid()
    fireEvent.click(screen.getByRole('checkbox', { name: /Паспорт/ }))
    fireEvent.click(screen.getByRole('button', { name: 'Зареєструвати' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Заявку не зареєстровано (Доступ заборонено)')
    expect(alert.textContent).toContain('номер заявки видати неможливо')
    expect(fake.callsOf('walkIn.register').length).toBe(1)
    expect(field(/Прізвище/).value).toBe('Шевчук')
    expect(field(/^Ім’я/).value).toBe('Наталія')
    expect(field(/РНОКПП/).value).toBe(VALID_RNOKPP)
    expect(birthDateInput().value).toBe('14.03.1985')
    expect(field(/Телефон/).value).toBe('067 123 45 67')
    expect(field(/^Адреса/).value).toBe('м. Хмельницький, вул. Зарічанська, 10')
    expect((screen.getByRole('checkbox', { name: /Паспорт/ }) as HTMLInputElement).checked).toBe(true)
    expect((screen.getByLabelText(/Послуга/, { selector: 'input' }) as HTMLInputElement).value).toBe('Реєстрація місця проживання')
  })

  it('a field error from the back end lands beside its field', async () => {
    setup({
      'walkIn.register': () => ({
        ok: false,
        error: { code: 'invalid_input', message: 'Некоректні дані у полі «applicant.address»: Вкажіть адресу', field: 'applicant.address' }
      })
    })
    renderWithProviders(<IntakeScreen applicationHref={(id) => `#/application/${id}`} />)
    await fillValid()
    fireEvent.click(screen.getByRole('button', { name: 'Зареєструвати' }))
    const message = await screen.findAllByText('Некоректні дані у полі «applicant.address»: Вкажіть адресу')
    expect(
      message.some((m) =>
        field(/^Адреса/)
          .getAttribute('aria-describedby')
          ?.includes(m.id)
      )
    ).toBe(true)
  })

  it('registers: the normalised applicant, the checklist, the scans; then the order number, large, with a link to the application', async () => {
    const fake = setup()
    renderWithProviders(<IntakeScreen applicationHref={(id) => `#/application/${id}`} receiptHref={(id) => `#/print/receipt/${id}`} />)
    await fillValid()
    fireEvent.click(screen.getByRole('checkbox', { name: /Заява/ }))
    const pdf = new File(['%PDF-1.4 scan'], 'паспорт.pdf', { type: 'application/pdf' })
    fireEvent.drop(screen.getByTestId('intake-dropzone'), { dataTransfer: { files: [pdf], types: ['Files'] } })
    expect(await screen.findByText('паспорт.pdf')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Зареєструвати' }))
    expect(await screen.findByRole('heading', { name: 'Заявку зареєстровано' })).toBeTruthy()
    expect(screen.getByText('002-000017-4')).toBeTruthy()
    expect(screen.getByTestId('intake-access-code').textContent).toBe('K7QM-4XPR-9TAW')
    expect(screen.getByRole('link', { name: 'Відкрити заявку' }).getAttribute('href')).toBe('#/application/app-new')
    expect(screen.getByRole('link', { name: 'Надрукувати опис документів' }).getAttribute('href')).toBe('#/print/receipt/app-new')

    expect(fake.callsOf('attachments.add')).toEqual([{ name: 'паспорт.pdf', mediaType: 'application/pdf', base64: btoa('%PDF-1.4 scan') }])
    expect(fake.callsOf('walkIn.register')).toEqual([
      {
        serviceId: 'residence-registration',
        applicant: {
          surname: 'Шевчук',
          givenName: 'Наталія',
          patronymic: 'Іванівна',
          rnokpp: VALID_RNOKPP,
          birthDate: '1985-03-14',
          phone: '+380671234567',
          email: null,
          address: 'м. Хмельницький, вул. Зарічанська, 10'
        },
        fields: {},
        attachments: [{ sha256: 'c'.repeat(64), name: 'паспорт.pdf', mediaType: 'application/pdf' }],
        documents: [
          { name: 'Заява', required: true, received: true },
          { name: 'Паспорт', required: true, received: false },
          { name: 'Довіреність', required: false, received: false }
        ],
        delivery: 'in_person'
      }
    ])

    fireEvent.click(screen.getByRole('button', { name: 'Прийняти наступного заявника' }))
    expect(field(/Прізвище/).value).toBe('')
  })

  it('refuses a file that is not PDF, JPEG or PNG by its content, and blocks registration until it is removed', async () => {
    const fake = setup()
    renderWithProviders(<IntakeScreen applicationHref={(id) => `#/application/${id}`} />)
    await fillValid()
    const fake_pdf = new File(['PK\u0003\u0004 word'], 'заява.pdf', { type: 'application/pdf' })
    fireEvent.drop(screen.getByTestId('intake-dropzone'), { dataTransfer: { files: [fake_pdf], types: ['Files'] } })
    expect(await screen.findByText('Це не PDF, JPEG чи PNG (перевірено за вмістом файлу)')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Зареєструвати' }))
    expect((await screen.findAllByText(/Приберіть файли з помилками/)).length).toBeGreaterThan(0)
    expect(fake.callsOf('walkIn.register')).toEqual([])
    fireEvent.click(screen.getByRole('button', { name: 'Прибрати файл «заява.pdf»' }))
    fireEvent.click(screen.getByRole('button', { name: 'Зареєструвати' }))
    await waitFor(() => expect(fake.callsOf('walkIn.register').length).toBe(1))
  })

  it('the checklist follows the chosen service', async () => {
    setup()
    renderWithProviders(<IntakeScreen applicationHref={(id) => `#/application/${id}`} />)
    expect(await screen.findByText(/Спершу оберіть послугу/)).toBeTruthy()
    await chooseService('Реєстрація місця проживання')
    const docs = screen.getByRole('group', { name: 'Отримані документи' })
    expect(within(docs).getAllByRole('checkbox').length).toBe(3)
    expect(screen.getByText('Не позначено 2 обов’язкові документи')).toBeTruthy()
  })
})

describe('IntakeScreen: the live card’s own questions (issue 17, item 5)', () => {
  const v2: DeskCard = { serviceId: services[0]!.id, version: 2, stage: 'published', live: true, card: cardWithOwnFields(services[0]!) }
  const withCard = (extra: Handlers = {}) => setup({ 'catalogue.intake': () => ({ ok: true, value: [v2] }), ...extra })

  it('asks the three questions by type, with the version, marks required ones, and the phone the card requires', async () => {
    withCard()
    renderWithProviders(<IntakeScreen applicationHref={(id) => `#/application/${id}`} />)
    await chooseService('Реєстрація місця проживання (версія 2)')
    const section = screen.getByRole('region', { name: 'Питання картки послуги (версія 2)' })
    const rooms = within(section).getByRole('textbox', { name: /Кількість кімнат/ }) as HTMLInputElement
    expect(rooms.required).toBe(true)
    expect(rooms.inputMode).toBe('decimal')
    expect(within(section).getByText('Від 1 до 10')).toBeTruthy()
    expect(document.getElementById('intake-answer-movedIn')).toBeTruthy()
    expect(within(section).getByLabelText(/Підстава проживання/, { selector: 'input' })).toBeTruthy()
    expect((field(/Телефон/) as HTMLInputElement).required).toBe(true)
    // The checklist is the card version's.
    expect(screen.getByRole('checkbox', { name: /Договір найму житла/ })).toBeTruthy()
  })

  it('refuses bad answers with Ukrainian messages tied to their inputs, and registers nothing', async () => {
    const fake = withCard()
    renderWithProviders(<IntakeScreen applicationHref={(id) => `#/application/${id}`} />)
    await fillValid('Реєстрація місця проживання (версія 2)')
    type(screen.getByRole('textbox', { name: /Кількість кімнат/ }), '11')
    const message = await screen.findByText('Не більше 10')
    const rooms = screen.getByRole('textbox', { name: /Кількість кімнат/ })
    expect(rooms.getAttribute('aria-invalid')).toBe('true')
    expect(rooms.getAttribute('aria-describedby') ?? '').toContain(message.id)
    fireEvent.click(screen.getByRole('button', { name: 'Зареєструвати' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Кількість кімнат: Не більше 10')
    expect(alert.textContent).toContain('Дата вселення: Обов’язкове поле')
    expect(fake.callsOf('walkIn.register')).toEqual([])
    expect(document.activeElement?.id).toBe('intake-answer-rooms')
  })

  it('registers with the answers to the card’s questions', async () => {
    const fake = withCard()
    renderWithProviders(<IntakeScreen applicationHref={(id) => `#/application/${id}`} />)
    await fillValid('Реєстрація місця проживання (версія 2)')
    type(screen.getByRole('textbox', { name: /Кількість кімнат/ }), '3')
    type(document.getElementById('intake-answer-movedIn') as HTMLInputElement, '2026-11-20')
    fireEvent.click(screen.getByRole('button', { name: 'Зареєструвати' }))
    expect(await screen.findByText('002-000017-4')).toBeTruthy()
    expect(fake.callsOf('walkIn.register')[0]).toMatchObject({
      serviceId: 'residence-registration',
      fields: { rooms: '3', movedIn: '2026-11-20' },
      applicant: { phone: '+380671234567' }
    })
  })
})
