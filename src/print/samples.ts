import type { Service } from '../shared/catalogue'
import { newApplicationRecord, type ApplicationRecord, type ClerkRef } from '../shared/domain/application'
import { DEFAULT_CALENDAR } from '../shared/domain/calendar'
import { computeDueAt, forwardDueAt } from '../shared/domain/deadlines'
import { formatOrderNumber } from '../shared/domain/order-number'
import { DEMO_CENTRE, DEMO_CLERKS } from '../shared/demo/clerks'
import type { PrintPaper } from '../shared/print-contract'
import type { PrintFonts } from './fonts'
import type { CentreInfo, DocumentData, RenderedDocument } from './model'
import { renderDocument } from './render-html'

/*
 * Fixed sample records for print:samples, the print tests and the bench: every document, the
 * letters Ukrainian typography trips over (ґ, є, і, ї, both apostrophes ʼ and ’), and an applicant
 * whose name is an XSS payload, which must print literally and run nowhere.
 */

export const HOSTILE_NAME = '<img src=x onerror=alert(1)>'
export const SAMPLE_PORTAL = 'https://portal.vikno.example'
export const SAMPLE_NOW = '2026-03-02T16:40:00+02:00'
export const SAMPLE_DATE = '2026-03-02'

export const SAMPLE_CENTRE: CentreInfo = {
  name: DEMO_CENTRE.name,
  parent: 'Хмельницька міська рада',
  address: 'вул. Соборна, 16, м. Хмельницький, 29000',
  phone: '+380 382 76 50 00',
  email: 'cnap@khm.example'
}

const clerk = (i: number): ClerkRef => {
  const c = DEMO_CLERKS[i] ?? DEMO_CLERKS[0]
  return { clerkId: c?.clerkId ?? 'clerk', name: c?.name ?? 'Адміністратор' }
}
export const SAMPLE_CLERK = clerk(1) // Тарас Мар’янчук

export const statusUrl = (orderNumber: string): string => `${SAMPLE_PORTAL}/status/${encodeURIComponent(orderNumber)}`

function service(services: readonly Service[], id: string): Service | null {
  return services.find((s) => s.id === id) ?? null
}

function record(
  services: readonly Service[],
  seq: number,
  patch: Partial<ApplicationRecord> & Pick<ApplicationRecord, 'serviceId' | 'applicant' | 'receivedAt'>
): ApplicationRecord {
  const card = service(services, patch.serviceId)
  const documents =
    patch.documents ??
    (card?.documents ?? []).map((d, i) => ({ name: d.name_uk, required: d.required, received: d.required || i % 2 === 0 }))
  const registered = newApplicationRecord({
    id: `sample-${seq}`,
    orderNumber: formatOrderNumber(2, seq),
    centreId: DEMO_CENTRE.id,
    serviceId: patch.serviceId,
    channel: 'walk_in',
    delivery: 'in_person',
    applicant: patch.applicant,
    fields: {},
    attachments: [],
    documents,
    receivedAt: patch.receivedAt,
    dueAt: computeDueAt({ receivedAt: patch.receivedAt, term: card?.term ?? null, pauses: [], calendar: DEFAULT_CALENDAR }),
    updatedAt: patch.receivedAt
  })
  // A sample further along its way (corrections, decisions, issue) is the registered one with its patch on top.
  return { ...registered, ...patch, documents }
}

export interface SampleSet {
  receipt: ApplicationRecord
  hostile: ApplicationRecord
  correction: ApplicationRecord
  refusal: ApplicationRecord
  ready: ApplicationRecord
  forwarded: ApplicationRecord[]
  issued: ApplicationRecord[]
  all: ApplicationRecord[]
}

export function sampleRecords(services: readonly Service[]): SampleSet {
  const receipt = record(services, 457, {
    serviceId: 'residence-registration',
    receivedAt: '2026-03-02T10:15:00+02:00',
    applicant: {
      surname: 'Ґудзь-Пʼятничук',
      givenName: 'Євгенія',
      patronymic: 'Олексіївна',
      rnokpp: '3012345678',
      birthDate: '1991-08-24',
      phone: '+380671234567',
      email: null,
      address: 'вул. Обʼєднання, 7, кв. 12, м. Хмельницький'
    }
  })
  const hostile = record(services, 458, {
    serviceId: 'land-cadastre-extract',
    receivedAt: '2026-03-02T10:40:00+02:00',
    delivery: 'post',
    applicant: {
      surname: HOSTILE_NAME,
      givenName: '"><script>alert(2)</script>',
      patronymic: null,
      rnokpp: null,
      birthDate: '1980-01-01',
      phone: null,
      email: null,
      address: '<b onmouseover=alert(3)>вул. Подільська</b>, 1'
    },
    documents: [
      { name: 'Заява <script>alert(4)</script>', required: true, received: true },
      { name: 'Паспорт громадянина України', required: true, received: true },
      { name: 'Довіреність (для представника)', required: false, received: false }
    ]
  })
  const correctionAt = '2026-03-02T12:05:00+02:00'
  const correction = record(services, 459, {
    serviceId: 'childbirth-benefit',
    channel: 'portal',
    delivery: 'electronic',
    status: 'needs_correction',
    receivedAt: '2026-02-27T21:10:00+02:00',
    applicant: {
      surname: 'Мар’янчук',
      givenName: 'Ївга',
      patronymic: 'Ґеоргіївна',
      rnokpp: '3198765432',
      birthDate: '1995-04-11',
      phone: '+380931112233',
      email: 'yivha@example.com',
      address: 'просп. Миру, 54/1, кв. 3, м. Хмельницький'
    },
    fields: { childName: 'Марʼяна', birthCertificate: 'І-БК № 123456', bankAccount: 'UA21 3223 1300 0002 6007 2335 6600 1' },
    holder: { clerkId: clerk(0).clerkId, name: clerk(0).name, since: '2026-03-02T11:50:00+02:00' },
    takenIntoWorkAt: '2026-03-02T11:50:00+02:00',
    pauses: [{ from: correctionAt, to: null }],
    correction: {
      items: [
        { field: 'applicant.patronymic', remark: 'По батькові не збігається зі свідоцтвом про народження: Георгіївна чи Ґеоргіївна?' },
        { field: 'birthCertificate', remark: 'Додайте скан-копію обох сторін свідоцтва; на наданому фото не видно серії.' },
        { field: 'bankAccount', remark: 'IBAN має містити 29 символів; перевірте рахунок у своєму банку.' }
      ],
      general: 'Після виправлення подайте заяву ще раз через портал — повторно приходити до центру не потрібно.',
      requestedAt: correctionAt,
      requestedBy: clerk(0),
      answeredAt: null,
      answer: null
    }
  })
  const refusalAt = '2026-03-02T14:20:00+02:00'
  const refusal = record(services, 460, {
    serviceId: 'low-income-family-aid',
    status: 'refused',
    receivedAt: '2026-02-20T09:30:00+02:00',
    delivery: 'post',
    applicant: {
      surname: 'Їжакевич',
      givenName: 'Іван',
      patronymic: 'Євгенович',
      rnokpp: null,
      birthDate: '1970-12-01',
      phone: null,
      email: null,
      address: 'вул. Кам’янецька, 100, м. Хмельницький'
    },
    decision: {
      kind: 'refuse',
      ground: 'Дані надано не в повному обсязі',
      text: 'До заяви не додано декларацію про доходи та майно всіх членів сім’ї за останні 6 місяців; відомості про доходи сина (Їжакевич Ґ. І.) відсутні.',
      appeal: null,
      decidedAt: refusalAt,
      decidedBy: clerk(2)
    },
    closedAt: refusalAt
  })
  const readyAt = '2026-03-02T15:00:00+02:00'
  const ready = record(services, 461, {
    serviceId: 'fop-registration',
    status: 'result_ready',
    receivedAt: '2026-03-01T09:05:00+02:00',
    applicant: {
      surname: 'Вʼюн',
      givenName: 'Соломія',
      patronymic: 'Ігорівна',
      rnokpp: '3333333333',
      birthDate: '1999-09-09',
      phone: '+380501234567',
      email: null,
      address: 'вул. Зарічанська, 3, м. Хмельницький'
    },
    decision: { kind: 'approve', ground: null, text: '', appeal: null, decidedAt: readyAt, decidedBy: clerk(2) }
  })
  const forwarded = [0, 1, 2, 3, 4, 5].map((i) =>
    record(services, 470 + i, {
      serviceId:
        [
          'land-cadastre-extract',
          'property-rights-registration',
          'urban-planning-conditions',
          'replanning-permit',
          'housing-subsidy',
          'address-assignment'
        ][i] ?? 'council-appeal',
      status: 'forwarded',
      receivedAt: `2026-03-02T09:${10 + i * 7}:00+02:00`,
      forwardedAt: SAMPLE_NOW,
      forwardDueAt: forwardDueAt(`2026-03-02T09:${10 + i * 7}:00+02:00`, DEFAULT_CALENDAR),
      applicant: {
        surname: ['Ґалаґан', 'Пʼятниця', 'Єременко', 'Іваницька', 'Їжак', 'Соловʼяненко'][i] ?? 'Коваль',
        givenName: ['Остап', 'Марія', 'Єлизавета', 'Ірина', 'Юрій', 'Дмитро'][i] ?? 'Олег',
        patronymic: ['Ярославович', 'Ігорівна', 'Олегівна', 'Вʼячеславівна', 'Ґеннадійович', 'Андрійович'][i] ?? null,
        rnokpp: null,
        birthDate: '1985-05-05',
        phone: null,
        email: null,
        address: 'м. Хмельницький'
      }
    })
  )
  const issued = [0, 1, 2].map((i) => {
    const at = `2026-03-02T1${1 + i}:3${i}:00+02:00`
    const who = i === 0 ? hostile : null
    return record(services, 480 + i, {
      serviceId: ['id-card', 'registered-persons-statement', 'land-cadastre-extract'][i] ?? 'id-card',
      status: 'issued',
      receivedAt: `2026-02-1${i + 1}T10:00:00+02:00`,
      applicant: {
        surname: who ? HOSTILE_NAME : (['Шевчук', 'Дорошенко', 'Мельничук'][i] ?? 'Коваль'),
        givenName: ['Ярина', 'Богдан', 'Зіновій'][i] ?? 'Олег',
        patronymic: ['Тарасівна', 'Іванович', 'Пʼятрович'][i] ?? null,
        rnokpp: null,
        birthDate: '1990-01-01',
        phone: null,
        email: null,
        address: 'м. Хмельницький'
      },
      decision: { kind: 'approve', ground: null, text: '', appeal: null, decidedAt: `2026-02-2${i}T10:00:00+02:00`, decidedBy: clerk(2) },
      issuedTo: {
        name: i === 1 ? 'Дорошенко Ганна Ївгенівна (за довіреністю)' : (['Шевчук Ярина Тарасівна', '', HOSTILE_NAME][i] ?? ''),
        document: ['паспорт (ID-картка) № 001234567', 'довіреність ННЕ 123456 від 01.02.2026', 'паспорт НК 123456'][i] ?? '',
        at,
        by: clerk(i % 2)
      },
      closedAt: at
    })
  })
  return {
    receipt,
    hostile,
    correction,
    refusal,
    ready,
    forwarded,
    issued,
    all: [receipt, hostile, correction, refusal, ready, ...forwarded, ...issued]
  }
}

export interface SampleDocument {
  /** File stem for the sample folder. */
  name: string
  paper: PrintPaper
  data: DocumentData
  copy: boolean
  provisionalCommandId: string | null
}

/** The access code printed on the sample receipts (the first print after registration carries one). */
export const SAMPLE_ACCESS_CODE = 'K7QM-4XPR-9TAW'

/** Every template, on every paper it supports, with the marks switched on somewhere. */
export function sampleDocuments(services: readonly Service[]): SampleDocument[] {
  const s = sampleRecords(services)
  const svc = (r: ApplicationRecord): Service | null => service(services, r.serviceId)
  const receiptData = (r: ApplicationRecord, accessCode: string | null = null): DocumentData => ({
    document: 'receipt',
    application: r,
    service: svc(r),
    statusUrl: statusUrl(r.orderNumber),
    accessCode
  })
  return [
    { name: 'receipt-a4', paper: 'A4', data: receiptData(s.receipt, SAMPLE_ACCESS_CODE), copy: false, provisionalCommandId: null },
    { name: 'receipt-80mm', paper: '80mm', data: receiptData(s.receipt, SAMPLE_ACCESS_CODE), copy: false, provisionalCommandId: null },
    { name: 'receipt-a4-hostile', paper: 'A4', data: receiptData(s.hostile), copy: false, provisionalCommandId: null },
    { name: 'receipt-80mm-hostile-copy', paper: '80mm', data: receiptData(s.hostile), copy: true, provisionalCommandId: null },
    {
      name: 'correction-notice-provisional',
      paper: 'A4',
      data: {
        document: 'correction_notice',
        application: s.correction,
        service: svc(s.correction),
        answerBy: '2026-04-01',
        statusUrl: statusUrl(s.correction.orderNumber)
      },
      copy: false,
      provisionalCommandId: '0195f3a2-7c41-7b2e-9d3a-5e1f0c2b8a61'
    },
    {
      name: 'refusal-letter',
      paper: 'A4',
      data: { document: 'refusal_letter', application: s.refusal, service: svc(s.refusal) },
      copy: false,
      provisionalCommandId: null
    },
    {
      name: 'refusal-letter-copy-provisional',
      paper: 'A4',
      data: { document: 'refusal_letter', application: s.refusal, service: svc(s.refusal) },
      copy: true,
      provisionalCommandId: '0195f3a2-8d10-7aa0-b111-3c4d5e6f7081'
    },
    {
      name: 'result-ready-notice',
      paper: 'A4',
      data: { document: 'result_ready_notice', application: s.ready, service: svc(s.ready), statusUrl: statusUrl(s.ready.orderNumber) },
      copy: false,
      provisionalCommandId: null
    },
    {
      name: 'routing-slip',
      paper: 'A4',
      data: {
        document: 'routing_slip',
        items: s.forwarded.map((r) => ({ record: r, service: svc(r) })),
        body: 'Управління земельних ресурсів Хмельницької міської ради'
      },
      copy: false,
      provisionalCommandId: null
    },
    {
      name: 'daily-register',
      paper: 'A4',
      data: {
        document: 'daily_register',
        date: SAMPLE_DATE,
        items: dailyRows(s, services)
      },
      copy: false,
      provisionalCommandId: null
    },
    {
      name: 'daily-register-long-copy',
      paper: 'A4',
      data: { document: 'daily_register', date: SAMPLE_DATE, items: longRegister(s, services, 60) },
      copy: true,
      provisionalCommandId: null
    },
    {
      name: 'issue-register',
      paper: 'A4',
      data: { document: 'issue_register', date: SAMPLE_DATE, items: s.issued.map((r) => ({ record: r, service: svc(r) })) },
      copy: false,
      provisionalCommandId: null
    }
  ]
}

function dailyRows(s: SampleSet, services: readonly Service[]) {
  return [s.receipt, s.hostile, ...s.forwarded].map((r) => ({
    record: r,
    service: service(services, r.serviceId),
    registeredBy: r.channel === 'walk_in' ? SAMPLE_CLERK.name : null
  }))
}

/** Enough rows for several landscape pages: the header row must repeat and no row may split. */
function longRegister(s: SampleSet, services: readonly Service[], n: number) {
  const base = dailyRows(s, services)
  return Array.from({ length: n }, (_, i) => {
    const row = base[i % base.length]
    if (!row) throw new Error('no sample rows')
    const rec: ApplicationRecord = {
      ...row.record,
      id: `${row.record.id}-${i}`,
      orderNumber: formatOrderNumber(2, 1000 + i),
      channel: i % 3 === 0 ? 'portal' : 'walk_in'
    }
    return { ...row, record: rec, registeredBy: rec.channel === 'walk_in' ? SAMPLE_CLERK.name : null }
  })
}

/** Every sample rendered to HTML, as print:samples, the tests and the bench use them. */
export function renderSamples(services: readonly Service[], fonts: PrintFonts): (SampleDocument & RenderedDocument)[] {
  return sampleDocuments(services).map((d) => ({
    ...d,
    ...renderDocument({
      data: d.data,
      paper: d.paper,
      centre: SAMPLE_CENTRE,
      printedBy: SAMPLE_CLERK,
      printedAt: SAMPLE_NOW,
      timeZone: DEFAULT_CALENDAR.timeZone,
      copy: d.copy,
      provisionalCommandId: d.provisionalCommandId,
      fonts
    })
  }))
}
