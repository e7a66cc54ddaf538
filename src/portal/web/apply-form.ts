import { z } from 'zod'
import { DELIVERY, freeTextSchema, personNameSchema, type Delivery } from '../../shared/domain/application'
import { answerProblem, answerProblems, ownFields } from '../../shared/catalogue/answers'
import { fieldIdSchema, type FormField, type ServiceCard } from '../../shared/catalogue/card'
import { COMMENT_MAX as STANDARD_COMMENT_MAX, standardForm } from '../../shared/catalogue/standard-form'
import type { AttachmentRef } from '../../shared/domain/application'
import { validateRnokpp } from '../../shared/domain/rnokpp'
import { birthDateProblem, intakeApplicantSchema, safeAttachmentName, type AttachmentMediaType, type IntakeRequest } from '../intake/intake'
import type { FieldError } from './layout'
import type { Lang, MessageKey, Messages } from './messages'
import { typedToIso } from './format'

/*
 * The application form, page by page. Its questions are the service card VERSION's (issue 17,
 * shared/catalogue/card.ts): the standard ones (the applicant, how to deliver the result, free-text
 * details; standard-form.ts) on fixed pages, and the card's own questions on pages of their own
 * between the contact page and the documents, in the card's order, at most QUESTIONS_PER_PAGE a
 * page (a few related questions a page, as the applicant's page has; and a form post carries at
 * most 30 fields, request-parts.ts). An own question of type `document_upload` is a file input on
 * the documents page, beside the card's documents. Each answer is checked with the very schema and
 * rules POST /api/v1/applications applies (answers.ts for the card's own questions), so a page
 * never accepts what the final submission would refuse.
 */

export const BASE_STEPS = ['applicant', 'contact', 'details', 'documents'] as const
type BaseStep = (typeof BASE_STEPS)[number]
/** A page of the form: a fixed one, or the n-th page of the card's own questions (`questions`, `questions-2`, …). */
export type Step = BaseStep | `questions${'' | `-${number}`}`

/** The card's own questions a page holds at most. */
export const QUESTIONS_PER_PAGE = 6

/** The card's own questions asked as text, choices or dates (not files), in pages of QUESTIONS_PER_PAGE. */
export function questionPages(card: ServiceCard): FormField[][] {
  const asked = ownFields(card.form.fields).filter((f) => f.type !== 'document_upload')
  const pages: FormField[][] = []
  for (let i = 0; i < asked.length; i += QUESTIONS_PER_PAGE) pages.push(asked.slice(i, i + QUESTIONS_PER_PAGE))
  return pages
}
const questionStep = (n: number): Step => (n === 0 ? 'questions' : `questions-${n + 1}`)

/** The card's own questions answered with a file (on the documents page). */
export const uploadFields = (card: ServiceCard): FormField[] => ownFields(card.form.fields).filter((f) => f.type === 'document_upload')

/** The form's pages for this card version, in order. */
export function stepsFor(card: ServiceCard): Step[] {
  return ['applicant', 'contact', ...questionPages(card).map((_p, n) => questionStep(n)), 'details', 'documents']
}
export const isStepOf = (card: ServiceCard, s: string): s is Step => (stepsFor(card) as string[]).includes(s)

/** The own questions of a `questions…` page; null for the fixed pages. */
export function questionsOf(card: ServiceCard, step: Step): FormField[] | null {
  const m = /^questions(?:-(\d{1,2}))?$/.exec(step)
  if (!m) return null
  return questionPages(card)[m[1] ? Number(m[1]) - 1 : 0] ?? []
}

export const FIELDS: Readonly<Record<BaseStep, readonly FieldName[]>> = {
  applicant: ['surname', 'givenName', 'patronymic', 'rnokpp', 'birthDate'],
  contact: ['address', 'phone', 'email', 'delivery'],
  details: ['comment'],
  // The service card's documents, one file each (uploads, below); no text fields.
  documents: []
}
const fixedFields = (step: Step): readonly FieldName[] => (step in FIELDS ? FIELDS[step as BaseStep] : [])

export type FieldName =
  'surname' | 'givenName' | 'patronymic' | 'rnokpp' | 'birthDate' | 'phone' | 'email' | 'address' | 'delivery' | 'comment'
export const FIELD_NAMES: readonly FieldName[] = BASE_STEPS.flatMap((s) => FIELDS[s])
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
/** The answers to the card's own questions, by field id, as typed (dates as дд.мм.рррр, a choice's value). */
export type OwnAnswers = Record<string, string>

/** An own question's input on the page (its `name` and `id`; the error summary links to it). */
export const questionInput = (f: FormField): string => `q-${f.id}`

const DOC_KEY = /^doc-\d{1,2}$/
/** The file of an own question of type `document_upload`: `up-{fieldId}`. */
const UPLOAD_KEY = /^up-[A-Za-z][A-Za-z0-9_]{0,39}$/
const STORED_DOC = /^[0-9a-f]{64}\.(pdf|jpg|png)$/

/** The draft sealed into a cookie (web/session.ts): one service's answers so far, and the card version they answer. */
export const draftSchema = z.strictObject({
  serviceId: z.string().max(100),
  /** The card version the answers were checked against; absent in a draft from before cards had versions. */
  version: z.number().int().positive().optional(),
  answers: z.partialRecord(z.enum(FIELD_NAMES as [FieldName, ...FieldName[]]), z.string().max(2000)),
  fields: z.record(fieldIdSchema, z.string().max(2000)).default({}),
  docs: z.record(z.string().regex(new RegExp(`${DOC_KEY.source}|${UPLOAD_KEY.source}`)), z.string().regex(STORED_DOC)).default({}),
  /** Set when the card's form changed under the draft; the next page says so once. */
  notice: z.literal('form_changed').optional()
})
export type Draft = z.infer<typeof draftSchema>

/*
 * Uploaded documents. The file input of the card's i-th document is `doc-i`, of an own question of
 * type `document_upload` `up-{id}`; an accepted file is stored at once (content addressed, like
 * POST /api/v1/attachments) and the draft keeps only `{sha256}.{ext}` — a cookie holds no bytes and
 * stays small. The clerk sees it under the document's (the question's) name.
 */
export type Docs = Record<string, string>
export const docKey = (i: number): string => `doc-${i}`
export const uploadKey = (f: FormField): string => `up-${f.id}`
export const isDocKey = (k: string): boolean => DOC_KEY.test(k) || UPLOAD_KEY.test(k)
const EXT: Readonly<Record<AttachmentMediaType, string>> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' }
const MEDIA: Readonly<Record<string, AttachmentMediaType>> = { pdf: 'application/pdf', jpg: 'image/jpeg', png: 'image/png' }
export const storedDoc = (sha256: string, mediaType: AttachmentMediaType): string => `${sha256}.${EXT[mediaType]}`

/** The file inputs of the documents page: the card's documents, then its own upload questions. */
export interface DocSlot {
  key: string
  name: { uk: string; en: string }
  hint: { uk: string; en: string } | null
  required: boolean
  /** The own question it answers (its answer is the file's SHA-256); null for a card document. */
  fieldId: string | null
}
export function docSlots(card: ServiceCard): DocSlot[] {
  return [
    ...card.documents.map((d, i) => ({
      key: docKey(i),
      name: { uk: d.name_uk, en: d.name_en },
      hint: null,
      required: d.required,
      fieldId: null
    })),
    ...uploadFields(card).map((f) => ({ key: uploadKey(f), name: f.label, hint: f.hint, required: f.required, fieldId: f.id }))
  ]
}

/** The draft's documents as the intake's attachments, each named after its document (question) on the card. */
export function docsToAttachments(card: ServiceCard, docs: Docs): AttachmentRef[] {
  const out: AttachmentRef[] = []
  docSlots(card).forEach((d, i) => {
    const stored = docs[d.key]
    if (!stored) return
    const [sha256 = '', ext = ''] = stored.split('.')
    const mediaType = MEDIA[ext]
    if (mediaType)
      out.push({ sha256, mediaType, name: safeAttachmentName(`${d.name.uk.slice(0, 190)}.${ext}`, `Документ ${i + 1}.${ext}`) })
  })
  return out
}

/** The required documents (and upload questions) that have no file yet (their keys). */
export const missingDocs = (card: ServiceCard, docs: Docs): string[] =>
  docSlots(card).flatMap((d) => (d.required && !docs[d.key] ? [d.key] : []))

/** The answers the standard form lets be empty (shared/catalogue/standard-form.ts). */
const STANDARD_OPTIONAL: ReadonlySet<FieldName> = new Set(
  standardForm()
    .fields.filter((f) => !f.required)
    .map((f) => f.id)
    .filter((id): id is FieldName => (FIELD_NAMES as readonly string[]).includes(id))
)

/** A standard question this card makes required though the standard form does not (a phone, say): its card field. */
export function requiredByCard(card: ServiceCard, name: FieldName): FormField | null {
  if (!STANDARD_OPTIONAL.has(name)) return null
  return card.form.fields.find((f) => f.id === name && f.required) ?? null
}
export const isOptional = (card: ServiceCard, name: FieldName): boolean =>
  STANDARD_OPTIONAL.has(name) && requiredByCard(card, name) === null

/** A standard question's label: the site's, or the card's own when the card makes an optional one required. */
export function labelOf(card: ServiceCard, name: FieldName, lang: Lang, t: Messages): string {
  const own = requiredByCard(card, name)
  return own ? own.label[lang] : t[LABEL[name]]
}

/** The ways of delivery the card offers (all when it names none, as the intake then refuses nothing it offers). */
export const deliveriesOf = (card: ServiceCard): Delivery[] => (card.delivery.length > 0 ? [...card.delivery] : [...DELIVERY])

function firstIssue(result: z.ZodSafeParseResult<unknown>): string | null {
  return result.success ? null : (result.error.issues[0]?.message ?? 'Некоректне значення')
}

/** The Ukrainian rule's message for one answer, or null when it is fine. `today`: the centre's date. */
function problem(card: ServiceCard, name: FieldName, value: string, today: string): string | null {
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
      return (deliveriesOf(card) as string[]).includes(value) ? null : 'Оберіть спосіб отримання'
    case 'comment':
      return firstIssue(freeTextSchema(COMMENT_MAX).safeParse(value))
  }
}

/** An own answer as the intake takes it: a date typed дд.мм.рррр becomes YYYY-MM-DD (null when it is no date). */
export function ownAnswerForIntake(f: FormField, typed: string): string | null {
  const value = typed.trim()
  if (f.type !== 'date' || value === '') return value
  return typedToIso(value)
}

/** The longest answer the intake takes to any question (intake.ts, `fields`). */
export const OWN_ANSWER_MAX = 2000

/** Dates in a rule's message as people here write them (дд.мм.рррр). */
const forPeople = (message: string): string =>
  message
    .replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, '$3.$2.$1')
    .replace('РРРР-ММ-ДД', 'дд.мм.рррр')
    .replace('YYYY-MM-DD', 'dd.mm.yyyy')

/** The problem with the answers to some own questions (answers.ts, in the page's language), each on its input. */
export function ownProblems(fields: readonly FormField[], typed: Readonly<OwnAnswers>, today: string, lang: Lang): FieldError[] {
  const errors: FieldError[] = []
  for (const f of fields) {
    const raw = (typed[f.id] ?? '').trim()
    const label = lang === 'uk' ? `«${f.label.uk}»` : `"${f.label.en}"`
    if (raw === '') {
      const p = answerProblems([f], {}, today)[0]
      if (p) errors.push({ field: questionInput(f), message: lang === 'uk' ? p.uk : p.en })
      continue
    }
    const value = ownAnswerForIntake(f, raw)
    // The intake's limit on any answer's text (length, no control characters) comes first.
    const free = firstIssue(freeTextSchema(OWN_ANSWER_MAX).safeParse(raw))
    const p =
      free !== null
        ? { uk: free, en: `at most ${OWN_ANSWER_MAX} characters, no control characters` }
        : value === null
          ? { uk: 'Дата у форматі дд.мм.рррр, яка існує', en: 'A date (dd.mm.yyyy) that exists' }
          : answerProblem(f, value, today)
    if (p) errors.push({ field: questionInput(f), message: `${label}: ${forPeople(lang === 'uk' ? p.uk : p.en)}` })
  }
  return errors
}

/**
 * Checks one page's answers. Returns the cleaned answers (standard and own) and the errors in the
 * page's order; in English a standard answer's message says which field and that it needs checking
 * (the applicant rules' own texts are Ukrainian), an own answer's is answers.ts's English one.
 */
export function checkStep(
  card: ServiceCard,
  step: Step,
  posted: Readonly<Record<string, string>>,
  today: string,
  lang: Lang,
  t: Messages
): { answers: Answers; fields: OwnAnswers; errors: FieldError[] } {
  const answers: Answers = {}
  const errors: FieldError[] = []
  for (const name of fixedFields(step)) {
    const value = (posted[name] ?? '').trim()
    answers[name] = value
    const label = labelOf(card, name, lang, t)
    if (value === '') {
      if (!isOptional(card, name)) errors.push({ field: name, message: `${label}: ${name === 'delivery' ? t.chooseOne : t.required}` })
      continue
    }
    const p = problem(card, name, value, today)
    if (p !== null) errors.push({ field: name, message: lang === 'uk' ? `${label}: ${p}` : `${label}: ${t.checkField}` })
  }
  const own = questionsOf(card, step) ?? []
  const fields: OwnAnswers = {}
  for (const f of own) fields[f.id] = (posted[questionInput(f)] ?? '').trim()
  errors.push(...ownProblems(own, fields, today, lang))
  return { answers, fields, errors }
}

/** Whether a fixed page has every answer it needs and all its answers still pass (a card version may ask more). */
function stepComplete(card: ServiceCard, step: Step, d: Pick<Draft, 'answers' | 'fields'>, today: string): boolean {
  const own = questionsOf(card, step)
  if (own) return ownProblems(own, d.fields, today, 'uk').length === 0
  return fixedFields(step).every((f) => (d.answers[f] ? problem(card, f, d.answers[f], today) === null : isOptional(card, f)))
}

/** The first page whose required answers (or required documents) are missing or no longer pass, or null when the form is complete. */
export function firstIncomplete(card: ServiceCard, d: Pick<Draft, 'answers' | 'fields' | 'docs'>, today: string): Step | null {
  for (const step of stepsFor(card)) if (step !== 'documents' && !stepComplete(card, step, d, today)) return step
  return missingDocs(card, d.docs).length > 0 ? 'documents' : null
}

/**
 * A draft begun under another version of the card, made this version's: the standard answers and
 * the own answers this version still asks (same id and type) that pass its rules are kept, and the
 * files of documents the two versions name alike; the rest is asked again. `before`: the version
 * the draft answered (null when it is gone).
 */
export function carryDraft(before: ServiceCard | null, card: ServiceCard, version: number, d: Draft, today: string): Draft {
  const answers: Answers = {}
  for (const name of FIELD_NAMES) {
    const v = d.answers[name]
    if (v !== undefined && (v === '' || problem(card, name, v, today) === null)) answers[name] = v
  }
  const fields: OwnAnswers = {}
  for (const f of ownFields(card.form.fields)) {
    const v = d.fields[f.id]
    const was = before?.form.fields.find((x) => x.id === f.id)
    if (v === undefined || !was || was.type !== f.type || f.type === 'document_upload') continue
    if (ownProblems([f], { [f.id]: v }, today, 'uk').length === 0) fields[f.id] = v
  }
  const docs: Docs = {}
  const old = before ? docSlots(before) : []
  for (const slot of docSlots(card)) {
    const same = old.find((o) => o.key === slot.key && o.name.uk === slot.name.uk)
    const stored = d.docs[slot.key]
    if (same && stored) docs[slot.key] = stored
  }
  return { serviceId: d.serviceId, version, answers, fields, docs, notice: 'form_changed' }
}

/** The intake API's request made of a complete draft (the same body a citizen's tool would post). */
export function toIntakeRequest(card: ServiceCard, d: Pick<Draft, 'answers' | 'fields' | 'docs'>): IntakeRequest {
  const a = d.answers
  const opt = (v: string | undefined): string | null => (v ? v : null)
  const fields: Record<string, string> = {}
  if (a.comment) fields.comment = a.comment
  for (const f of ownFields(card.form.fields)) {
    if (f.type === 'document_upload') {
      const stored = d.docs[uploadKey(f)]
      if (stored) fields[f.id] = stored.split('.')[0] ?? ''
      continue
    }
    const typed = d.fields[f.id]
    const value = typed === undefined ? null : ownAnswerForIntake(f, typed)
    if (value) fields[f.id] = value
  }
  return {
    serviceId: card.id,
    attachments: docsToAttachments(card, d.docs),
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
    fields,
    delivery: (a.delivery ?? 'in_person') as Delivery
  }
}

/** A submission error's field (`applicant.birthDate`, `fields.trees`) → the page and the input that has it; null when no page has it. */
export function fieldOfIntakeError(card: ServiceCard, field: string | undefined): { input: string; step: Step } | null {
  const path = field ?? ''
  const own = /^fields\.([A-Za-z][A-Za-z0-9_]*)$/.exec(path)?.[1]
  const f = own === undefined ? undefined : ownFields(card.form.fields).find((x) => x.id === own)
  if (f) {
    if (f.type === 'document_upload') return { input: uploadKey(f), step: 'documents' }
    const n = questionPages(card).findIndex((p) => p.includes(f))
    return n < 0 ? null : { input: questionInput(f), step: questionStep(n) }
  }
  const name = path.replace(/^applicant\./, '').replace(/^fields\.comment$/, 'comment')
  for (const step of BASE_STEPS) for (const x of FIELDS[step]) if (x === name) return { input: x, step }
  return null
}
