import { z } from 'zod'
import type { Service } from '../../shared/catalogue'
import type { ServiceCard } from '../../shared/catalogue/card'
import { answerProblems, type AnswerProblem } from '../../shared/catalogue/answers'
import { serviceFromCard } from '../../shared/catalogue/from-file'
import { applicationServiceVersion } from '../db/catalogue-repository'
import { intakeCentreId, liveServices, offeredService, testedService, versionCard } from '../catalogue/public'
import {
  applicantSchema,
  isApplicantField,
  attachmentRefSchema,
  type AttachmentRef,
  DELIVERY,
  freeTextSchema,
  isoDateSchema,
  newApplicationRecord,
  type ApplicationEvent,
  type ApplicationRecord
} from '../../shared/domain/application'
import { kyivDate } from '../../shared/domain/calendar'
import { applyApplicantAnswer } from '../../shared/domain/commands'
import { computeDueAt } from '../../shared/domain/deadlines'
import { formatOrderNumber, parseOrderNumber, PORTAL_NODE, ORDER_NUMBER_PROBLEM_UK } from '../../shared/domain/order-number'
import { validateRnokpp } from '../../shared/domain/rnokpp'
import { citizenBucket, STATUS_LABELS_UK, type CitizenBucket, type Status } from '../../shared/domain/status'
import { sha256Hex } from '../auth/secrets'
import { DbUnavailableError, type PortalDb, type Queryable } from '../db/portal-db'
import { getApplicationByOrderNumber, insertApplication, insertEvents, updateApplication } from '../db/applications-repository'
import { attachmentTypes, insertAttachment } from '../db/attachments-repository'
import { takeChangeVersions } from '../db/centres-repository'
import { takeOrderSeq } from '../db/order-sequences-repository'
import { putAccessCode } from '../db/access-codes-repository'
import { newAccessCode } from '../auth/access-codes'
import { nowIso, nowNotBefore, serviceRules, type PortalDeps } from '../deps'
import { parseInput, PortalError } from '../errors'

/*
 * The public intake API: what citizens' tools and the portal page call. Every input is parsed at
 * the edge; a rejected request stores nothing. Citizen-supplied text is data, never markup.
 */

const optionalNullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional()

export const intakeApplicantSchema = z.strictObject({
  surname: applicantSchema.shape.surname,
  givenName: applicantSchema.shape.givenName,
  patronymic: optionalNullable(applicantSchema.shape.surname),
  // The check digit is tested separately, to answer with its own code.
  rnokpp: optionalNullable(z.string().max(20)),
  birthDate: isoDateSchema,
  phone: optionalNullable(z.string().regex(/^\+380\d{9}$/, 'Телефон у форматі +380XXXXXXXXX')),
  email: optionalNullable(z.string().email('Некоректна адреса електронної пошти').max(254)),
  address: applicantSchema.shape.address
})

const FIELD_KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/

/**
 * A citizen's file name is shown and may become a file name on a workstation's disk: no path
 * separators or traversal, no percent-encoded bytes, nothing Windows refuses in a name, no
 * leading dot (free text already excludes control and bidi characters).
 */
const UNSAFE_FILE_NAME = /[/\\:*?"<>|]|%[0-9A-Fa-f]{2}|^[.\s]|[.\s]$/
export const intakeAttachmentSchema = attachmentRefSchema.extend({
  name: attachmentRefSchema.shape.name.refine(
    (n) => !UNSAFE_FILE_NAME.test(n),
    'Назва файлу без «/», «\\», «..», «:», «*», «?», «"», «<», «>», «|» і не з крапки'
  )
})
export const intakeRequestSchema = z.strictObject({
  serviceId: z.string().min(1).max(100),
  applicant: intakeApplicantSchema,
  fields: z
    .record(z.string().regex(FIELD_KEY, 'Назва поля — латинські літери, цифри, «_», «-», «.»'), freeTextSchema(2000))
    .refine((f) => Object.keys(f).length <= 50, 'Не більше 50 полів')
    .default({}),
  attachments: z.array(intakeAttachmentSchema).max(20, 'Не більше 20 вкладень').default([]),
  delivery: z.enum(DELIVERY)
})
export type IntakeRequest = z.input<typeof intakeRequestSchema>

export const answerRequestSchema = z.strictObject({
  answer: freeTextSchema(4000).pipe(z.string().trim().min(1, 'Відповідь порожня')),
  /** Replacement documents, uploaded first (POST /api/v1/attachments) as for a submission. */
  attachments: z.array(intakeAttachmentSchema).max(20, 'Не більше 20 вкладень').default([])
})

/** Every attachment must have been uploaded first, with the type it was stored as; `at`: the field of the list. */
async function requireUploaded(tx: Queryable, attachments: readonly AttachmentRef[], at: string): Promise<void> {
  const known = await attachmentTypes(
    tx,
    attachments.map((a) => a.sha256)
  )
  attachments.forEach((a, i) => {
    const type = known.get(a.sha256)
    if (type === undefined)
      throw new PortalError(
        422,
        'unknown_attachment',
        'Вкладення не завантажено: спершу надішліть файл на POST /api/v1/attachments',
        `${at}.${i}.sha256`
      )
    if (type !== a.mediaType)
      throw new PortalError(422, 'unknown_attachment', `Тип файлу не збігається із завантаженим (${type})`, `${at}.${i}.mediaType`)
  })
}

function isRealDate(date: string): boolean {
  const ms = Date.parse(`${date}T00:00:00Z`)
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === date
}

/** What is wrong with a birth date (YYYY-MM-DD) given `today` (the centre's date), in Ukrainian; null when nothing. The web form asks the same. */
export function birthDateProblem(birthDate: string, today: string): string | null {
  if (!isRealDate(birthDate)) return 'Такої дати не існує'
  if (birthDate > today) return 'Дата народження не може бути в майбутньому'
  if (birthDate < '1900-01-01') return 'Перевірте рік народження'
  return null
}

/**
 * What the card's form asks beyond the fixed applicant: a standard particular the card makes
 * required (a phone, say), a way of delivery the card offers, and the card's own questions with
 * their rules (shared/catalogue/answers.ts). The first problem, with its field path; null when none.
 */
export function cardFormProblem(card: ServiceCard, req: z.output<typeof intakeRequestSchema>, today: string): AnswerProblem | null {
  for (const f of card.form.fields) {
    if (!f.required || !isApplicantField(f.id)) continue
    const value = req.applicant[f.id]
    if (value === null || value === undefined || value.trim() === '')
      return { field: `applicant.${f.id}`, uk: `«${f.label.uk}»: обов’язкове поле`, en: `"${f.label.en}" is required` }
  }
  if (!card.delivery.includes(req.delivery))
    return {
      field: 'delivery',
      uk: 'Цей спосіб отримання результату для послуги не передбачено',
      en: 'This service does not offer that delivery'
    }
  return answerProblems(card.form.fields, req.fields, today)[0] ?? null
}

/** The citizen's status page of an application (it asks for the access code). */
export function statusUrl(deps: PortalDeps, orderNumber: string): string {
  return `${deps.publicBaseUrl}/status/${orderNumber}`
}

export interface Submitted {
  orderNumber: string
  /** Shown to the applicant once; the portal keeps only its hash (intake/citizen-access.ts). */
  accessCode: string
  statusUrl: string
}

/**
 * POST /api/v1/applications → the portal numbers it (node 1) and every workstation of the centre
 * pulls it; the applicant gets the access code that opens it.
 */
export async function submitApplication(
  db: PortalDb,
  deps: PortalDeps,
  body: unknown,
  /**
   * The test link's token (a service in testing; the application is then flagged a test), and the
   * card version the answers were given to (the citizens' pages' draft): another version offered
   * now is refused (409 form_changed) rather than the answers checked against questions never asked.
   */
  opts: { testToken?: string | null; expectVersion?: number } = {}
): Promise<Submitted> {
  const req = parseInput(intakeRequestSchema, body)
  // The live version, or the one in testing the link opens (catalogue/public.ts); drafts never.
  const offer = await offeredService(db, deps, req.serviceId, opts.testToken)
  if (!offer)
    throw new PortalError(422, 'unknown_service', `Послуги «${req.serviceId}» немає в каталозі; перелік: GET /api/v1/services`, 'serviceId')
  if (opts.expectVersion !== undefined && opts.expectVersion !== offer.version)
    throw new PortalError(409, 'form_changed', `Форму послуги змінено (версія ${offer.version}): перевірте відповіді`, 'serviceId')
  const service = offer.service
  const now = nowIso(deps)
  const formProblem = cardFormProblem(offer.card, req, kyivDate(now, deps.calendar))
  if (formProblem) throw new PortalError(400, 'invalid_input', formProblem.uk, formProblem.field)

  const rnokpp = req.applicant.rnokpp ? req.applicant.rnokpp.replace(/\s/g, '') : null
  if (rnokpp !== null) {
    const check = validateRnokpp(rnokpp)
    if (!check.ok) throw new PortalError(422, 'invalid_rnokpp', check.message, 'applicant.rnokpp')
  }
  const birthDate = req.applicant.birthDate
  const birthProblem = birthDateProblem(birthDate, kyivDate(now, deps.calendar))
  if (birthProblem !== null) throw new PortalError(400, 'invalid_input', birthProblem, 'applicant.birthDate')

  const centreId = await intakeCentreId(db, deps)
  const id = deps.newId()
  // Hashed before the transaction: scrypt's tens of milliseconds hold no lock.
  const access = await newAccessCode()
  const result = await db.transaction(async (tx) => {
    await requireUploaded(tx, req.attachments, 'attachments')
    const seq = await takeOrderSeq(tx, PORTAL_NODE)
    const orderNumber = formatOrderNumber(PORTAL_NODE, seq)
    const rules = serviceRules(service)
    const record = newApplicationRecord({
      id,
      orderNumber,
      centreId,
      serviceId: service.id,
      // The card version it was submitted under, and whether through a test link (stored in the row's columns too).
      serviceVersion: offer.version,
      isTest: offer.isTest,
      channel: 'portal',
      delivery: req.delivery,
      applicant: {
        surname: req.applicant.surname,
        givenName: req.applicant.givenName,
        patronymic: req.applicant.patronymic ?? null,
        rnokpp,
        birthDate,
        phone: req.applicant.phone ?? null,
        email: req.applicant.email ?? null,
        address: req.applicant.address
      },
      fields: req.fields,
      attachments: req.attachments,
      // The clerk ticks what was actually received when reviewing the scans.
      documents: service.documents.map((d) => ({ name: d.name_uk, required: d.required, received: false })),
      receivedAt: now,
      dueAt: computeDueAt({ receivedAt: now, term: rules?.term ?? null, pauses: [], calendar: deps.calendar }),
      updatedAt: now
    })
    const version = await takeChangeVersions(tx, centreId, 1, deps.nudges.notifiesInTransaction)
    await deps.hooks.afterChangeVersion?.({ centreId, version, source: 'intake' })
    await insertApplication(tx, record, version)
    await putAccessCode(tx, { centreId, applicationId: id, orderNumber, codeHash: access.hash, issuedAt: deps.clock(), issuedBy: 'portal' })
    const event: ApplicationEvent = {
      id: deps.newId(),
      applicationId: id,
      kind: 'submitted',
      at: now,
      actor: 'Заявник',
      commandId: null,
      data: { orderNumber, channel: 'portal' }
    }
    await insertEvents(tx, centreId, version, [event])
    return { orderNumber, version }
  })
  deps.nudges.published(centreId, result.version)
  return { orderNumber: result.orderNumber, accessCode: access.code, statusUrl: statusUrl(deps, result.orderNumber) }
}

/** An order number from a path or a form, canonical; a malformed one is 400 with a hint (the check digit is public). */
export function parseNumberParam(input: string): string {
  const parsed = parseOrderNumber(input)
  if (parsed.ok) return parsed.canonical
  const hint = parsed.reason === 'check_digit' && parsed.suggestion ? ` Можливо, ви мали на увазі ${parsed.suggestion}?` : ''
  throw new PortalError(400, 'invalid_order_number', `${ORDER_NUMBER_PROBLEM_UK[parsed.reason]}.${hint}`, 'orderNumber')
}

/**
 * The one answer for "no such application for you" (intake/citizen-access.ts): identical whether
 * the number does not exist, the code is missing or wrong, or it is another application's.
 */
export function applicationNotFound(canonical: string): PortalError {
  return new PortalError(404, 'not_found', `Заяву ${canonical} не знайдено або код доступу неправильний`, 'orderNumber')
}

export interface CitizenStatus {
  orderNumber: string
  serviceId: string
  serviceName: string
  bucket: CitizenBucket
  status: Status
  statusLabel: string
  receivedAt: string
  dueAt: string
  paused: boolean
  takenIntoWorkAt: string | null
  forwardedAt: string | null
  closedAt: string | null
  /**
   * The clerk's remarks waiting for the applicant's answer; null when there are none. `answerBy`:
   * the date (YYYY-MM-DD) by which to answer, null when the clerk's workstation set none (v1); an
   * answer after it is still accepted.
   */
  remarks: {
    items: { field: string; remark: string }[]
    general: string
    requestedAt: string
    answerBy: string | null
    answerUrl: string
  } | null
  /** When the clerk last asked for corrections, answered or not (the timeline keeps it after the answer). */
  remarksRequestedAt: string | null
  /** The applicant's last answer to remarks, and whether it came after the date to answer by. */
  lastAnswer: { answeredAt: string; late: boolean } | null
  /** Only the kind and the ground (from the service card); the letter itself is handed over in person. */
  decision: { kind: 'approve' | 'refuse' | 'return'; ground: string | null; decidedAt: string } | null
}

/** The citizen's view: no personal data, no clerk names. */
export function citizenView(deps: PortalDeps, r: ApplicationRecord, card: ServiceCard | null = null): CitizenStatus {
  const service = card ? serviceFromCard(card) : deps.services.get(r.serviceId)
  const open = r.correction !== null && r.correction.answeredAt === null && r.status === 'needs_correction'
  return {
    orderNumber: r.orderNumber,
    serviceId: r.serviceId,
    serviceName: service?.name_uk ?? r.serviceId,
    bucket: citizenBucket(r.status),
    status: r.status,
    statusLabel: STATUS_LABELS_UK[r.status],
    receivedAt: r.receivedAt,
    dueAt: r.dueAt,
    paused: r.pauses.some((p) => p.to === null),
    takenIntoWorkAt: r.takenIntoWorkAt,
    forwardedAt: r.forwardedAt,
    closedAt: r.closedAt,
    remarks:
      open && r.correction
        ? {
            items: r.correction.items.map((i) => ({ field: i.field, remark: i.remark })),
            general: r.correction.general,
            requestedAt: r.correction.requestedAt,
            answerBy: r.correction.answerBy ?? null,
            answerUrl: `${deps.publicBaseUrl}/api/v1/applications/${r.orderNumber}/answers`
          }
        : null,
    remarksRequestedAt: r.correction?.requestedAt ?? null,
    lastAnswer:
      r.correction && r.correction.answeredAt !== null
        ? { answeredAt: r.correction.answeredAt, late: r.correction.answeredLate === true }
        : null,
    decision: r.decision ? { kind: r.decision.kind, ground: r.decision.ground, decidedAt: r.decision.decidedAt } : null
  }
}

/**
 * The citizen's view of one application. Callers on the HTTP side open it with the access code
 * first (openWithAccessCode); the deterministic simulation calls this directly, as the citizen.
 */
export async function citizenStatus(db: PortalDb, deps: PortalDeps, orderNumberInput: string): Promise<CitizenStatus> {
  const canonical = parseNumberParam(orderNumberInput)
  // A read: on the read replica when there is one (issue 19). An application submitted a moment ago
  // may not be there yet, and a replica may be down: then the primary answers, never a false 404.
  const stored =
    (await fromReplica(deps, (replica) => getApplicationByOrderNumber(replica, canonical))) ??
    (await getApplicationByOrderNumber(db, canonical))
  if (!stored) throw applicationNotFound(canonical)
  return citizenView(deps, stored.record, await submittedCard(db, canonical))
}

/** The card version the application was submitted under (migration 11), or null. */
export async function submittedCard(q: Queryable, orderNumber: string): Promise<ServiceCard | null> {
  const sv = await applicationServiceVersion(q, orderNumber)
  return sv ? versionCard(q, { centreId: sv.centreId, serviceId: sv.serviceId, version: sv.serviceVersion }) : null
}

/** `read` on the read replica; null without one, when it finds nothing, or when it cannot be reached. */
async function fromReplica<T>(deps: PortalDeps, read: (replica: PortalDb) => Promise<T | null>): Promise<T | null> {
  const replica = deps.readReplica
  if (!replica) return null
  try {
    return await read(replica.db)
  } catch (error) {
    if (error instanceof DbUnavailableError) return null
    throw error
  }
}

/**
 * POST /api/v1/applications/:orderNumber/answers — the applicant answers the remarks; the clock
 * resumes. Opened with the access code first on the HTTP side, as citizenStatus.
 */
export async function submitAnswer(
  db: PortalDb,
  deps: PortalDeps,
  orderNumberInput: string,
  body: unknown,
  /**
   * Files that came with the answer itself (the status page's form), already checked with
   * checkUpload: stored in the answer's transaction, so a refused answer leaves no file behind.
   */
  uploads: readonly Upload[] = []
): Promise<CitizenStatus> {
  const canonical = parseNumberParam(orderNumberInput)
  const { answer, attachments } = parseInput(answerRequestSchema, body)
  const out = await db.transaction(async (tx) => {
    const stored = await getApplicationByOrderNumber(tx, canonical, { lock: true })
    if (!stored) throw applicationNotFound(canonical)
    // The deadline resumes on the term of the version it was submitted under.
    const card = await submittedCard(tx, canonical)
    const service = card ? serviceFromCard(card) : deps.services.get(stored.record.serviceId)
    for (const u of uploads) await insertAttachment(tx, { sha256: u.sha256, mediaType: u.mediaType, bytes: u.bytes, now: deps.clock() })
    const refs = [...attachments, ...uploads.map((u) => ({ sha256: u.sha256, name: u.name, mediaType: u.mediaType }))]
    await requireUploaded(tx, refs, 'attachments')
    const result = applyApplicantAnswer(
      stored.record,
      answer,
      {
        now: nowNotBefore(deps, stored.record.updatedAt),
        calendar: deps.calendar,
        term: serviceRules(service)?.term ?? null
      },
      refs
    )
    if (!result.ok) throw new PortalError(409, 'illegal_transition', result.message)
    const version = await takeChangeVersions(tx, stored.centreId, 1, deps.nudges.notifiesInTransaction)
    await deps.hooks.afterChangeVersion?.({ centreId: stored.centreId, version, source: 'answer' })
    await updateApplication(tx, result.record, version)
    await insertEvents(
      tx,
      stored.centreId,
      version,
      result.events.map((e) => ({ id: deps.newId(), ...e }))
    )
    return { record: result.record, centreId: stored.centreId, version, card }
  })
  deps.nudges.published(out.centreId, out.version)
  return citizenView(deps, out.record, out.card)
}

// ── attachments ─────────────────────────────────────────────────────────

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
export type AttachmentMediaType = 'application/pdf' | 'image/jpeg' | 'image/png'

/** What the bytes are, by their magic numbers (never by the declared type or the file name). */
export function sniffMediaType(bytes: Uint8Array): AttachmentMediaType | null {
  const starts = (sig: readonly number[]): boolean => sig.every((b, i) => bytes[i] === b)
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf' // %PDF-
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  return null
}

export interface CheckedFile {
  sha256: string
  mediaType: AttachmentMediaType
  size: number
}
/** A checked file with the name the clerk will see, not stored yet. */
export interface Upload extends CheckedFile {
  name: string
  bytes: Uint8Array
}

/** The rules every uploaded file passes (the API's and the citizens' pages'): not empty, at most 20 МБ, a PDF, JPEG or PNG by its bytes. */
export function checkUpload(bytes: Uint8Array): CheckedFile {
  if (bytes.byteLength === 0) throw new PortalError(400, 'invalid_input', 'Файл порожній')
  if (bytes.byteLength > MAX_ATTACHMENT_BYTES) throw new PortalError(413, 'payload_too_large', 'Файл більший за 20 МБ')
  const mediaType = sniffMediaType(bytes)
  if (!mediaType) throw new PortalError(415, 'unsupported_media_type', 'Приймаються лише PDF, JPEG і PNG')
  return { sha256: sha256Hex(bytes), mediaType, size: bytes.byteLength }
}

export async function storeAttachment(db: Queryable, deps: PortalDeps, bytes: Uint8Array): Promise<CheckedFile> {
  const checked = checkUpload(bytes)
  await insertAttachment(db, { sha256: checked.sha256, mediaType: checked.mediaType, bytes, now: deps.clock() })
  return checked
}

/** A name the intake's attachment rules accept, made of a citizen's file name (or `fallback`), keeping its extension. */
export function safeAttachmentName(original: string, fallback: string): string {
  const cleaned = original
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[/\\:*?"<>|%]/g, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .trim()
  const name = cleaned === '' ? fallback : cleaned
  if (name.length <= 200) return name
  const ext = /\.[A-Za-z0-9]{1,5}$/.exec(name)?.[0] ?? ''
  return name.slice(0, 200 - ext.length).trimEnd() + ext
}

/** A service as GET /api/v1/services lists it: the catalogue's fields, the card version, its form, and whether it is a test. */
export type ListedService = Service & { version: number; form: ServiceCard['form']; delivery: ServiceCard['delivery']; test: boolean }

/**
 * GET /api/v1/services — the live version of each service of the centre; with a test link's token
 * (`?test=`), the version in testing it opens too (replacing that service's live version, if any).
 */
export async function listServices(
  db: PortalDb,
  deps: PortalDeps,
  testToken: string | null = null
): Promise<{ services: ListedService[] }> {
  const live = await liveServices(db, deps)
  const tested = await testedService(db, deps, testToken)
  const all = tested ? [...live.filter((o) => o.card.id !== tested.card.id), tested] : live
  return {
    services: all.map((o) => ({ ...o.service, version: o.version, form: o.card.form, delivery: o.card.delivery, test: o.isTest }))
  }
}
