import { z } from 'zod'
import { STATUSES } from './status'

/** Ukrainian names: letters of the Ukrainian alphabet (and Latin for foreigners), apostrophes, hyphens, spaces. No markup, no control characters. */
const NAME_RE = /^[\p{L}][\p{L}\p{M}ʼ'’\- ]*$/u
export const personNameSchema = z
  .string()
  .trim()
  .min(1, 'Поле не може бути порожнім')
  .max(80, 'Не довше 80 символів')
  .regex(NAME_RE, 'Лише літери, апостроф, дефіс і пробіл')

/** Free text a person typed: no control characters except newline and tab; length bounded. */
export const freeTextSchema = (max: number) =>
  z
    .string()
    .max(max, `Не довше ${max} символів`)
    .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/u.test(s), 'Недопустимі керівні символи')

export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Дата у форматі РРРР-ММ-ДД')
export const isoInstantSchema = z.string().datetime({ offset: true, message: 'Момент часу у форматі ISO 8601' })

export const DELIVERY = ['in_person', 'post', 'electronic'] as const
export type Delivery = (typeof DELIVERY)[number]
export const CHANNELS = ['portal', 'walk_in'] as const
export type Channel = (typeof CHANNELS)[number]

export const applicantSchema = z.strictObject({
  surname: personNameSchema,
  givenName: personNameSchema,
  patronymic: personNameSchema.nullable(),
  rnokpp: z
    .string()
    .regex(/^\d{10}$/, 'РНОКПП — 10 цифр')
    .nullable(),
  birthDate: isoDateSchema,
  phone: z
    .string()
    .regex(/^\+380\d{9}$/, 'Телефон у форматі +380XXXXXXXXX')
    .nullable(),
  email: z.string().email('Некоректна адреса електронної пошти').max(254).nullable(),
  address: freeTextSchema(300).pipe(z.string().trim().min(3, 'Вкажіть адресу'))
})
export type Applicant = z.infer<typeof applicantSchema>
/** The applicant's fields in the order forms and letters show them. */
export const APPLICANT_FIELDS = applicantSchema.keyof().options
export type ApplicantField = (typeof APPLICANT_FIELDS)[number]
export const isApplicantField = (key: string): key is ApplicantField => (APPLICANT_FIELDS as readonly string[]).includes(key)
/** «Прізвище Ім’я По батькові», without the parts that are missing. */
export const applicantFullName = (a: Pick<Applicant, 'surname' | 'givenName' | 'patronymic'>): string =>
  [a.surname, a.givenName, a.patronymic].filter(Boolean).join(' ')

export const attachmentRefSchema = z.strictObject({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256 — 64 шістнадцяткові цифри'),
  name: freeTextSchema(200).pipe(z.string().min(1)),
  mediaType: z.enum(['application/pdf', 'image/jpeg', 'image/png'])
})
export type AttachmentRef = z.infer<typeof attachmentRefSchema>

export const checklistItemSchema = z.strictObject({
  name: z.string(),
  required: z.boolean(),
  received: z.boolean()
})
export type ChecklistItem = z.infer<typeof checklistItemSchema>

export const clerkRefSchema = z.strictObject({ clerkId: z.string(), name: z.string() })

/** A clerk's role in the centre; what each may do is in roles.ts. */
export const ROLES = ['clerk', 'back_office', 'supervisor', 'admin'] as const
export type Role = (typeof ROLES)[number]
export type ClerkRef = z.infer<typeof clerkRefSchema>

export const correctionRequestSchema = z.strictObject({
  items: z.array(z.strictObject({ field: z.string(), remark: z.string() })),
  general: z.string(),
  requestedAt: z.string(),
  requestedBy: clerkRefSchema,
  answeredAt: z.string().nullable(),
  answer: z.string().nullable(),
  /**
   * The date (дата, YYYY-MM-DD, the centre's calendar) by which the applicant should answer
   * (request_correction v2, issue 16). Absent when a v1 command set none: such records stay exactly
   * what they were before, so a workstation that does not know this field still reads them.
   */
  answerBy: isoDateSchema.nullable().optional(),
  /** Set with the answer when there was a date to answer by: the answer came after it (accepted all the same). */
  answeredLate: z.boolean().optional()
})
export type CorrectionRequest = z.infer<typeof correctionRequestSchema>

export const DECISION_KINDS = ['approve', 'refuse', 'return'] as const
export type DecisionKind = (typeof DECISION_KINDS)[number]
export const decisionSchema = z.strictObject({
  kind: z.enum(DECISION_KINDS),
  /** For a refusal: one of the service card's refusal grounds, verbatim. */
  ground: z.string().nullable(),
  text: z.string(),
  appeal: z.string().nullable(),
  decidedAt: z.string(),
  decidedBy: clerkRefSchema
})
export type Decision = z.infer<typeof decisionSchema>

export const pauseSchema = z.strictObject({ from: z.string(), to: z.string().nullable() })
export type Pause = z.infer<typeof pauseSchema>

/**
 * One application as the portal holds it and every workstation mirrors it. Pull ships whole
 * records (idempotent upserts); `version` increases by one on every state change on the portal.
 */
export const applicationRecordSchema = z.strictObject({
  id: z.string(),
  orderNumber: z.string(),
  centreId: z.string(),
  serviceId: z.string(),
  /**
   * The version of the service card it was submitted under (issue 17): reviewed and printed against
   * it. Absent in a record from a portal or a workstation of before issue 17: version 1, the only
   * one there was (the card in the file).
   */
  serviceVersion: z.number().int().positive().default(1),
  /**
   * Submitted through a service's test link while the service was in testing: shown with «ТЕСТ»,
   * left out of counters, reports and exports, and deleted in one step when testing ends. Absent
   * (an older record): false.
   */
  isTest: z.boolean().default(false),
  channel: z.enum(CHANNELS),
  delivery: z.enum(DELIVERY),
  applicant: applicantSchema,
  fields: z.record(z.string(), z.string()),
  attachments: z.array(attachmentRefSchema),
  documents: z.array(checklistItemSchema),
  status: z.enum(STATUSES),
  holder: z.strictObject({ clerkId: z.string(), name: z.string(), since: z.string() }).nullable(),
  /** When a clerk first took it into work: the citizen sees this (iGov did not show it). */
  takenIntoWorkAt: z.string().nullable(),
  receivedAt: z.string(),
  /** The legal deadline, recomputed when a pause ends; null while paused is not used: paused keeps the last value. */
  dueAt: z.string(),
  pauses: z.array(pauseSchema),
  correction: correctionRequestSchema.nullable(),
  forwardedAt: z.string().nullable(),
  forwardDueAt: z.string().nullable(),
  decision: decisionSchema.nullable(),
  issuedTo: z.strictObject({ name: z.string(), document: z.string(), at: z.string(), by: clerkRefSchema }).nullable(),
  closedAt: z.string().nullable(),
  version: z.number().int().nonnegative(),
  updatedAt: z.string()
})
export type ApplicationRecord = z.infer<typeof applicationRecordSchema>

/** What a new application is registered with; everything else starts empty. */
export type NewApplication = Pick<
  ApplicationRecord,
  | 'id'
  | 'orderNumber'
  | 'centreId'
  | 'serviceId'
  | 'channel'
  | 'delivery'
  | 'applicant'
  | 'fields'
  | 'attachments'
  | 'documents'
  | 'receivedAt'
  | 'dueAt'
  | 'updatedAt'
> &
  Partial<Pick<ApplicationRecord, 'serviceVersion' | 'isTest'>>

/**
 * A just-registered application (status 'registered', version 1): nobody holds it, nothing is paused,
 * forwarded, decided or issued. The one literal of a new record, for the walk-in command, the portal's
 * intake, the demo generator and the print samples alike.
 */
export function newApplicationRecord(init: NewApplication): ApplicationRecord {
  // In the schema's key order: a record built here serialises like one read back from storage.
  return {
    id: init.id,
    orderNumber: init.orderNumber,
    centreId: init.centreId,
    serviceId: init.serviceId,
    serviceVersion: init.serviceVersion ?? 1,
    isTest: init.isTest ?? false,
    channel: init.channel,
    delivery: init.delivery,
    applicant: init.applicant,
    fields: init.fields,
    attachments: init.attachments,
    documents: init.documents,
    status: 'registered',
    holder: null,
    takenIntoWorkAt: null,
    receivedAt: init.receivedAt,
    dueAt: init.dueAt,
    pauses: [],
    correction: null,
    forwardedAt: null,
    forwardDueAt: null,
    decision: null,
    issuedTo: null,
    closedAt: null,
    version: 1,
    updatedAt: init.updatedAt
  }
}

export const EVENT_KINDS = [
  'submitted',
  'registered_walk_in',
  'claimed',
  'released',
  'note',
  'correction_requested',
  'answered',
  'forwarded',
  'decided',
  'result_ready',
  'issued',
  'printed',
  'access_code_reissued'
] as const
export type EventKind = (typeof EVENT_KINDS)[number]

/** One line of an application's history timeline. */
export const applicationEventSchema = z.strictObject({
  id: z.string(),
  applicationId: z.string(),
  kind: z.enum(EVENT_KINDS),
  at: z.string(),
  actor: z.string(),
  commandId: z.string().nullable(),
  data: z.record(z.string(), z.unknown())
})
export type ApplicationEvent = z.infer<typeof applicationEventSchema>
