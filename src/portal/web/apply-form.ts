import { z } from 'zod'
import { DELIVERY, freeTextSchema, personNameSchema, type Delivery } from '../../shared/domain/application'
import type { Service } from '../../shared/catalogue'
import { COMMENT_MAX as STANDARD_COMMENT_MAX, standardForm } from '../../shared/catalogue/standard-form'
import type { AttachmentRef } from '../../shared/domain/application'
import { validateRnokpp } from '../../shared/domain/rnokpp'
import { birthDateProblem, intakeApplicantSchema, safeAttachmentName, type AttachmentMediaType, type IntakeRequest } from '../intake/intake'
import type { FieldError } from './layout'
import type { Lang, MessageKey, Messages } from './messages'
import { typedToIso } from './format'

/*
 * The application form, page by page. Its questions are the intake API's (intake/intake.ts): the
 * applicant, how to deliver the result, and free-text details; each answer is checked with the very
 * schema and rules POST /api/v1/applications applies, so a page never accepts what the final
 * submission would refuse. (The catalogue's cards carry documents but no per-service field
 * definitions yet; the documents have their own page of file inputs.)
 */

export const STEPS = ['applicant', 'contact', 'details', 'documents'] as const
export type Step = (typeof STEPS)[number]
export const isStep = (s: string): s is Step => (STEPS as readonly string[]).includes(s)

export const FIELDS: Readonly<Record<Step, readonly FieldName[]>> = {
  applicant: ['surname', 'givenName', 'patronymic', 'rnokpp', 'birthDate'],
  contact: ['address', 'phone', 'email', 'delivery'],
  details: ['comment'],
  // The service card's documents, one file each (uploads, below); no text fields.
  documents: []
}

export type FieldName =
  'surname' | 'givenName' | 'patronymic' | 'rnokpp' | 'birthDate' | 'phone' | 'email' | 'address' | 'delivery' | 'comment'
export const FIELD_NAMES: readonly FieldName[] = STEPS.flatMap((s) => FIELDS[s])
export const LABEL: Readonly<Record<FieldName, MessageKey>> = {
  surname: 'surname',
  givenName: 'givenName',
  patronymic: 'patronymic',
  rnokpp: 'rnokpp',
  birthDate: 'birthDate',
  phone: 'phone',
  email: 'email',
  address: 'address',
  delivery: 'delivery',
  comment: 'comment'
}

/** The comment's limit, from the standard form (shared/catalogue/standard-form.ts). */
export const COMMENT_MAX = STANDARD_COMMENT_MAX

/** What the person typed, as typed (dates as дд.мм.рррр); only answers that passed their page are kept. */
export type Answers = Partial<Record<FieldName, string>>

const DOC_KEY = /^doc-\d{1,2}$/
const STORED_DOC = /^[0-9a-f]{64}\.(pdf|jpg|png)$/

/** The draft sealed into a cookie (web/session.ts): one service's answers so far. */
export const draftSchema = z.strictObject({
  serviceId: z.string().max(100),
  answers: z.partialRecord(z.enum(FIELD_NAMES as [FieldName, ...FieldName[]]), z.string().max(2000)),
  docs: z.record(z.string().regex(DOC_KEY), z.string().regex(STORED_DOC)).default({})
})
export type Draft = z.infer<typeof draftSchema>

/*
 * Uploaded documents. The file input of the card's i-th document is `doc-i`; an accepted file is
 * stored at once (content addressed, like POST /api/v1/attachments) and the draft keeps only
 * `{sha256}.{ext}` — a cookie holds no bytes and stays small. The clerk sees it under the
 * document's name.
 */
export type Docs = Record<string, string>
export const docKey = (i: number): string => `doc-${i}`
export const isDocKey = (k: string): boolean => DOC_KEY.test(k)
const EXT: Readonly<Record<AttachmentMediaType, string>> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' }
const MEDIA: Readonly<Record<string, AttachmentMediaType>> = { pdf: 'application/pdf', jpg: 'image/jpeg', png: 'image/png' }
export const storedDoc = (sha256: string, mediaType: AttachmentMediaType): string => `${sha256}.${EXT[mediaType]}`

/** The draft's documents as the intake's attachments, each named after its document on the card. */
export function docsToAttachments(service: Service, docs: Docs): AttachmentRef[] {
  const out: AttachmentRef[] = []
  service.documents.forEach((d, i) => {
    const stored = docs[docKey(i)]
    if (!stored) return
    const [sha256 = '', ext = ''] = stored.split('.')
    const mediaType = MEDIA[ext]
    if (mediaType)
      out.push({ sha256, mediaType, name: safeAttachmentName(`${d.name_uk.slice(0, 190)}.${ext}`, `Документ ${i + 1}.${ext}`) })
  })
  return out
}

/** The card's required documents that have no file yet (their keys). */
export const missingDocs = (service: Service, docs: Docs): string[] =>
  service.documents.flatMap((d, i) => (d.required && !docs[docKey(i)] ? [docKey(i)] : []))

/** The answers that may be left empty: the standard form's fields that are not required (shared/catalogue/standard-form.ts). */
const OPTIONAL: ReadonlySet<FieldName> = new Set(
  standardForm()
    .fields.filter((f) => !f.required)
    .map((f) => f.id)
    .filter((id): id is FieldName => (FIELD_NAMES as readonly string[]).includes(id))
)

function firstIssue(result: z.ZodSafeParseResult<unknown>): string | null {
  return result.success ? null : (result.error.issues[0]?.message ?? 'Некоректне значення')
}

/** The Ukrainian rule's message for one answer, or null when it is fine. `today`: the centre's date. */
function problem(name: FieldName, value: string, today: string): string | null {
  const shape = intakeApplicantSchema.shape
  switch (name) {
    case 'surname':
    case 'givenName':
    case 'patronymic':
      return firstIssue(personNameSchema.safeParse(value))
    case 'rnokpp': {
      const check = validateRnokpp(value.replace(/\s/g, ''))
      return check.ok ? null : check.message
    }
    case 'birthDate': {
      const iso = typedToIso(value)
      return iso === null ? 'Дата у форматі дд.мм.рррр' : birthDateProblem(iso, today)
    }
    case 'phone':
      return firstIssue(shape.phone.safeParse(value.replace(/[\s()-]/g, '')))
    case 'email':
      return firstIssue(shape.email.safeParse(value))
    case 'address':
      return firstIssue(shape.address.safeParse(value))
    case 'delivery':
      return (DELIVERY as readonly string[]).includes(value) ? null : 'Оберіть спосіб отримання'
    case 'comment':
      return firstIssue(freeTextSchema(COMMENT_MAX).safeParse(value))
  }
}

/**
 * Checks one page's answers. Returns the cleaned answers and the errors in the page's order; in
 * English the message says which field and that it needs checking (the rules' own texts are Ukrainian).
 */
export function checkStep(
  step: Step,
  posted: Readonly<Record<string, string>>,
  today: string,
  lang: Lang,
  t: Messages
): { answers: Answers; errors: FieldError[] } {
  const answers: Answers = {}
  const errors: FieldError[] = []
  for (const name of FIELDS[step]) {
    const value = (posted[name] ?? '').trim()
    answers[name] = value
    if (value === '') {
      if (!OPTIONAL.has(name)) errors.push({ field: name, message: `${t[LABEL[name]]}: ${name === 'delivery' ? t.chooseOne : t.required}` })
      continue
    }
    const p = problem(name, value, today)
    if (p !== null) errors.push({ field: name, message: lang === 'uk' ? `${t[LABEL[name]]}: ${p}` : `${t[LABEL[name]]}: ${t.checkField}` })
  }
  return { answers, errors }
}

/** The first page whose required answers (or required documents) are missing, or null when the form is complete. */
export function firstIncomplete(service: Service, answers: Answers, docs: Docs): Step | null {
  for (const step of STEPS) if (FIELDS[step].some((f) => !OPTIONAL.has(f) && !answers[f])) return step
  return missingDocs(service, docs).length > 0 ? 'documents' : null
}

/** The intake API's request made of a complete draft (the same body a citizen's tool would post). */
export function toIntakeRequest(service: Service, a: Answers, docs: Docs): IntakeRequest {
  const opt = (v: string | undefined): string | null => (v ? v : null)
  return {
    serviceId: service.id,
    attachments: docsToAttachments(service, docs),
    applicant: {
      surname: a.surname ?? '',
      givenName: a.givenName ?? '',
      patronymic: opt(a.patronymic),
      rnokpp: opt(a.rnokpp?.replace(/\s/g, '')),
      birthDate: typedToIso(a.birthDate ?? '') ?? '',
      phone: opt(a.phone?.replace(/[\s()-]/g, '')),
      email: opt(a.email),
      address: a.address ?? ''
    },
    fields: a.comment ? { comment: a.comment } : {},
    delivery: (a.delivery ?? 'in_person') as Delivery
  }
}

/** A submission error's field (`applicant.birthDate`) → the form's field and page; null when no page has it. */
export function fieldOfIntakeError(field: string | undefined): { name: FieldName; step: Step } | null {
  const name = (field ?? '').replace(/^applicant\./, '').replace(/^fields\.comment$/, 'comment')
  for (const step of STEPS) for (const f of FIELDS[step]) if (f === name) return { name: f, step }
  return null
}
