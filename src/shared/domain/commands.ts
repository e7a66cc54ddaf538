import { z } from 'zod'
import {
  applicantSchema,
  attachmentRefSchema,
  checklistItemSchema,
  clerkRefSchema,
  DELIVERY,
  freeTextSchema,
  isoInstantSchema,
  newApplicationRecord,
  type ApplicationEvent,
  type ApplicationRecord,
  type ClerkRef,
  type Role
} from './application'
import { addCalendarDays, isIsoDate, kyivDate, type WorkCalendar } from './calendar'
import { computeDueAt, forwardDueAt, type Term } from './deadlines'
import { canTransition, isClosed, type Status } from './status'
import { errorCodeSchema, type ErrorCode } from '../result'
import { accessCodeHashSchema } from './access-code'

/*
 * Commands are intents, not row diffs (sync.md). The SAME `applyCommand` runs on the portal, where
 * it decides, and on the workstation, where it predicts (the optimistic view is the mirror with the
 * pending commands replayed through this function). A payload shape never changes in place: a new
 * shape is a new `v`, and the portal keeps accepting every version still in the field.
 */

const text = (max: number) => freeTextSchema(max)

export const claimPayloadV1 = z.strictObject({})
export const releasePayloadV1 = z.strictObject({
  /** A supervisor releasing another clerk's application must say why; the action is audited. */
  force: z.boolean().default(false),
  reason: text(500).default('')
})
export const notePayloadV1 = z.strictObject({ text: text(4000).pipe(z.string().trim().min(1, 'Нотатка порожня')) })
const correctionRequestV1Shape = z.strictObject({
  items: z
    .array(
      z.strictObject({
        field: z.string().min(1).max(100),
        remark: text(1000).pipe(z.string().trim().min(1, 'Зауваження до поля порожнє'))
      })
    )
    .max(50),
  general: text(2000).default('')
})
const asksSomething = (p: { items: readonly unknown[]; general: string }): boolean => p.items.length > 0 || p.general.trim().length > 0
const ASK_SOMETHING = 'Позначте хоча б одне поле або напишіть загальне зауваження'
export const requestCorrectionPayloadV1 = correctionRequestV1Shape.refine(asksSomething, ASK_SOMETHING)
/**
 * v2 (issue 16): with the date by which the applicant should answer (the centre's calendar). The
 * portal shows it on the status page, the notice prints it, the queue shows it; an answer after it
 * is still accepted, and flagged. v1 from workstations not yet upgraded still sets no date.
 */
export const requestCorrectionPayloadV2 = correctionRequestV1Shape
  .extend({ answerBy: z.string().refine(isIsoDate, 'Дата у форматі РРРР-ММ-ДД') })
  .refine(asksSomething, ASK_SOMETHING)
/** At most this far ahead: a date beyond it is a slip of the hand (a year typed wrong). */
export const MAX_ANSWER_DAYS = 366
/**
 * Calendar days an applicant is given to answer when the clerk does not choose otherwise. No
 * general law sets it (special laws do, per service): 30 mirrors the default term of Law 5203-VI
 * art. 10, and the clerk changes it per request.
 */
export const DEFAULT_ANSWER_DAYS = 30
export const forwardPayloadV1 = z.strictObject({ body: text(300).default('') })
export const decidePayloadV1 = z
  .strictObject({
    kind: z.enum(['approve', 'refuse', 'return']),
    ground: text(1000).nullable().default(null),
    text: text(4000).default(''),
    appeal: text(2000).nullable().default(null)
  })
  .refine((p) => p.kind !== 'refuse' || (p.ground !== null && p.ground.trim().length > 0), {
    message: 'Для відмови обов’язково оберіть підставу з інформаційної картки',
    path: ['ground']
  })
export const registerWalkInPayloadV1 = z.strictObject({
  orderNumber: z.string().min(10).max(20),
  serviceId: z.string().min(1).max(100),
  applicant: applicantSchema,
  fields: z.record(z.string().max(100), text(2000)),
  attachments: z.array(attachmentRefSchema).max(50),
  documents: z.array(checklistItemSchema).max(100),
  delivery: z.enum(DELIVERY)
})
/**
 * v2 (issue 16): the applicant's access code, made on the workstation (offline too) and printed on
 * the receipt; only its hash travels. It is kept apart from the record (the portal's access_codes
 * table): the record goes to every workstation of the centre, the code opens the application to
 * one person. v1 still comes from workstations not yet upgraded: such a walk-in has no code until a
 * clerk issues one (reissue_access_code), so the citizen pages stay closed to it meanwhile.
 */
export const registerWalkInPayloadV2 = registerWalkInPayloadV1.extend({ accessCodeHash: accessCodeHashSchema })
/** A new access code for an applicant who lost theirs: the old one stops working (issue 16). */
export const reissueAccessCodePayloadV1 = z.strictObject({ accessCodeHash: accessCodeHashSchema })
export const PRINT_DOCUMENTS = [
  'receipt',
  'correction_notice',
  'refusal_letter',
  'result_ready_notice',
  'routing_slip',
  'daily_register',
  'issue_register'
] as const
export const recordPrintPayloadV1 = z.strictObject({
  document: z.enum(PRINT_DOCUMENTS),
  copy: z.boolean(),
  /** Printed from a decision the portal has not confirmed yet: the paper says so, with the command id. */
  provisionalCommandId: z.string().nullable().default(null)
})
export const issueResultPayloadV1 = z.strictObject({
  outcome: z.enum(['issued', 'not_collected']),
  recipientName: text(200).default(''),
  recipientDocument: text(200).default('')
})

export const COMMAND_PAYLOADS = {
  claim: { 1: claimPayloadV1 },
  release: { 1: releasePayloadV1 },
  note: { 1: notePayloadV1 },
  request_correction: { 1: requestCorrectionPayloadV1, 2: requestCorrectionPayloadV2 },
  forward: { 1: forwardPayloadV1 },
  decide: { 1: decidePayloadV1 },
  register_walk_in: { 1: registerWalkInPayloadV1, 2: registerWalkInPayloadV2 },
  record_print: { 1: recordPrintPayloadV1 },
  issue_result: { 1: issueResultPayloadV1 },
  reissue_access_code: { 1: reissueAccessCodePayloadV1 }
} as const
export type CommandType = keyof typeof COMMAND_PAYLOADS
export const COMMAND_TYPES = Object.keys(COMMAND_PAYLOADS) as CommandType[]

/** The version a workstation writes today: the newest of each type (commandInputSchema's shapes). */
export const LATEST_PAYLOAD_VERSION: Readonly<Record<CommandType, number>> = Object.fromEntries(
  COMMAND_TYPES.map((type) => [type, Math.max(...Object.keys(COMMAND_PAYLOADS[type]).map(Number))])
) as Record<CommandType, number>

/** The payload every version of a type shares (version 1's shape; later versions only add to it). */
export type CommandPayload<T extends CommandType> = z.output<(typeof COMMAND_PAYLOADS)[T][1]>

/** What a clerk asks for, before the workstation numbers it. Discriminated by type, always the newest payload version. */
export const commandInputSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('claim'), applicationId: z.string(), payload: claimPayloadV1 }),
  z.strictObject({ type: z.literal('release'), applicationId: z.string(), payload: releasePayloadV1 }),
  z.strictObject({ type: z.literal('note'), applicationId: z.string(), payload: notePayloadV1 }),
  z.strictObject({ type: z.literal('request_correction'), applicationId: z.string(), payload: requestCorrectionPayloadV2 }),
  z.strictObject({ type: z.literal('forward'), applicationId: z.string(), payload: forwardPayloadV1 }),
  z.strictObject({ type: z.literal('decide'), applicationId: z.string(), payload: decidePayloadV1 }),
  z.strictObject({ type: z.literal('register_walk_in'), applicationId: z.string(), payload: registerWalkInPayloadV2 }),
  z.strictObject({ type: z.literal('record_print'), applicationId: z.string(), payload: recordPrintPayloadV1 }),
  z.strictObject({ type: z.literal('issue_result'), applicationId: z.string(), payload: issueResultPayloadV1 }),
  z.strictObject({ type: z.literal('reissue_access_code'), applicationId: z.string(), payload: reissueAccessCodePayloadV1 })
])
export type CommandInput = z.infer<typeof commandInputSchema>

/** A numbered command as it travels in a push and lives in the outbox. */
export const commandEnvelopeSchema = z.strictObject({
  commandId: z.string().min(1).max(64),
  seq: z.number().int().positive(),
  type: z.enum(COMMAND_TYPES as [CommandType, ...CommandType[]]),
  v: z.number().int().positive(),
  applicationId: z.string().min(1).max(64),
  /** The application version the clerk saw; null for commands that do not depend on it. */
  baseVersion: z.number().int().nonnegative().nullable(),
  clerk: clerkRefSchema,
  /** Workstation clock: shown, never trusted (sync.md, "Identity"). */
  issuedAt: z.string(),
  payload: z.unknown(),
  /**
   * The acting clerk's Ed25519 signature over commandSigningText (src/shared/command-signature.ts),
   * by the clerk's key on the sending workstation. Absent only on a command stored before
   * signatures existed or by a clerk whose key is not unlocked yet: the workstation holds such a
   * command until its clerk signs in (it is never pushed unsigned), and the portal refuses one.
   */
  signature: z
    .strictObject({ keyId: z.string().min(1).max(64), value: z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'підпис — 86 символів base64url') })
    .optional(),
  /**
   * Only when the portal asked for this command again after losing its result (restored from a
   * backup) and the result this workstation holds is a rejection: the clerk has already been shown
   * it, and "a rejected command is never retried automatically" (sync.md). The portal stores this
   * rejection as the command's result and does not execute the command. It cannot make anything
   * happen: at most it turns the sender's own command into a rejection.
   */
  settled: z
    .strictObject({
      outcome: z.literal('rejected'),
      code: errorCodeSchema,
      message: z.string().min(1).max(2000),
      /** The application version the rejection found, as the portal reported it. */
      version: z.number().int().nonnegative().nullable(),
      decidedAt: isoInstantSchema
    })
    .optional()
})
export type CommandEnvelope = z.infer<typeof commandEnvelopeSchema>

/** Parses an envelope's payload against the schema of its (type, v). Unknown versions are refused, not guessed. */
export function parsePayload(
  env: Pick<CommandEnvelope, 'type' | 'v' | 'payload'>
): { ok: true; payload: unknown } | { ok: false; message: string } {
  const versions: Record<number, z.ZodType> = COMMAND_PAYLOADS[env.type]
  const schema = versions[env.v]
  if (!schema) return { ok: false, message: `Невідома версія команди ${env.type} v${env.v}` }
  const parsed = schema.safeParse(env.payload)
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? 'Некоректна команда' }
  return { ok: true, payload: parsed.data }
}

/** Commands whose outcome depends on what the clerk saw: they carry and check base_version. */
export const VERSION_CHECKED: readonly CommandType[] = ['request_correction', 'forward', 'decide', 'issue_result']
/** Commands that need the claim when they are applied. */
export const HOLDER_ONLY: readonly CommandType[] = ['request_correction', 'forward', 'decide']

export interface ServiceRules {
  term: Term | null
  refusalGrounds: readonly string[]
}

export interface ApplyContext {
  /** The applying node's clock: the portal's when it decides, the workstation's when it predicts. */
  now: string
  calendar: WorkCalendar
  /** null when the service is unknown to the applying node (then register_walk_in is refused). */
  service: ServiceRules | null
  /** Role of the acting clerk (supervisors may force-release). */
  role: Role
  centreId: string
}

export type EventDraft = Omit<ApplicationEvent, 'id'>

export type ApplyOutcome =
  { ok: true; record: ApplicationRecord; events: EventDraft[]; changed: boolean } | { ok: false; code: ErrorCode; message: string }

const reject = (code: ErrorCode, message: string): ApplyOutcome => ({ ok: false, code, message })

function kyivTime(iso: string): string {
  // Only used inside messages; the UI formats dates itself.
  return iso.replace('T', ' ').slice(0, 16)
}

/**
 * Applies one command to an application's current state. Pure and deterministic: the same inputs
 * give the same record and events on every node.
 */
export function applyCommand(state: ApplicationRecord | null, cmd: CommandEnvelope, ctx: ApplyContext): ApplyOutcome {
  const parsed = parsePayload(cmd)
  if (!parsed.ok) return reject('invalid_input', parsed.message)
  const clerk: ClerkRef = cmd.clerk
  const event = (kind: EventDraft['kind'], data: Record<string, unknown> = {}): EventDraft => ({
    applicationId: cmd.applicationId,
    kind,
    at: ctx.now,
    actor: clerk.name,
    commandId: cmd.commandId,
    data: { clerkId: clerk.clerkId, ...data }
  })

  if (cmd.type === 'register_walk_in') {
    const p = parsed.payload as CommandPayload<'register_walk_in'>
    if (state) return reject('conflict', `Заявка ${state.orderNumber} вже існує`)
    if (!ctx.service) return reject('not_found', `Послугу «${p.serviceId}» не знайдено в каталозі`)
    const record = newApplicationRecord({
      id: cmd.applicationId,
      orderNumber: p.orderNumber,
      centreId: ctx.centreId,
      serviceId: p.serviceId,
      channel: 'walk_in',
      delivery: p.delivery,
      applicant: p.applicant,
      fields: p.fields,
      attachments: p.attachments,
      documents: p.documents,
      // The legal term starts when the applicant handed the documents in at the desk, which is
      // when the clerk registered it, even if the portal learns of it hours later.
      receivedAt: cmd.issuedAt,
      dueAt: computeDueAt({ receivedAt: cmd.issuedAt, term: ctx.service.term, pauses: [], calendar: ctx.calendar }),
      updatedAt: ctx.now
    })
    return { ok: true, record, events: [event('registered_walk_in', { orderNumber: p.orderNumber })], changed: true }
  }

  if (!state) return reject('not_found', 'Заявку не знайдено')

  const holderIsClerk = state.holder?.clerkId === clerk.clerkId
  if (HOLDER_ONLY.includes(cmd.type) && !holderIsClerk) {
    return reject(
      'not_holder',
      state.holder
        ? `Заявку тримає ${state.holder.name} (з ${kyivTime(state.holder.since)}); дія можлива лише для того, хто взяв її в роботу`
        : 'Спершу візьміть заявку в роботу'
    )
  }
  if (VERSION_CHECKED.includes(cmd.type) && cmd.baseVersion !== null && cmd.baseVersion !== state.version) {
    return reject(
      'stale_version',
      `Заявка змінилася після того, як ви її переглянули (версія ${cmd.baseVersion} → ${state.version}); перегляньте поточний стан і повторіть дію`
    )
  }

  const bump = (patch: Partial<ApplicationRecord>): ApplicationRecord => ({
    ...state,
    ...patch,
    version: state.version + 1,
    updatedAt: ctx.now
  })
  const move = (to: Status): ApplyOutcome | null =>
    canTransition(state.status, to) ? null : reject('illegal_transition', `Дія неможлива у статусі «${state.status}» → «${to}»`)

  switch (cmd.type) {
    case 'claim': {
      if (isClosed(state.status)) return reject('illegal_transition', 'Заявку закрито; взяти її в роботу не можна')
      if (state.holder && !holderIsClerk) {
        return reject('conflict', `Заявку вже взяв(ла) в роботу ${state.holder.name} о ${kyivTime(state.holder.since)}`)
      }
      if (holderIsClerk) return { ok: true, record: state, events: [], changed: false }
      const status: Status = state.status === 'registered' ? 'in_review' : state.status
      const record = bump({
        holder: { clerkId: clerk.clerkId, name: clerk.name, since: ctx.now },
        status,
        takenIntoWorkAt: state.takenIntoWorkAt ?? ctx.now
      })
      return { ok: true, record, events: [event('claimed')], changed: true }
    }
    case 'release': {
      const p = parsed.payload as CommandPayload<'release'>
      if (!state.holder) return { ok: true, record: state, events: [], changed: false }
      if (!holderIsClerk) {
        if (!p.force) return { ok: true, record: state, events: [], changed: false }
        if (ctx.role !== 'supervisor' && ctx.role !== 'admin') return reject('forbidden', 'Звільнити чужу заявку може лише керівник')
        if (p.reason.trim().length === 0) return reject('invalid_input', 'Вкажіть причину, чому звільняєте чужу заявку')
      }
      const status: Status = state.status === 'in_review' ? 'registered' : state.status
      const record = bump({ holder: null, status })
      return {
        ok: true,
        record,
        events: [event('released', { previousHolder: state.holder.name, forced: !holderIsClerk, reason: p.reason })],
        changed: true
      }
    }
    case 'note': {
      const p = parsed.payload as CommandPayload<'note'>
      return { ok: true, record: state, events: [event('note', { text: p.text })], changed: false }
    }
    case 'record_print': {
      const p = parsed.payload as CommandPayload<'record_print'>
      return { ok: true, record: state, events: [event('printed', { ...p })], changed: false }
    }
    case 'reissue_access_code': {
      // The record does not change: the hash lives apart from it (see registerWalkInPayloadV2). The
      // event tells every desk that a new code was issued, and by whom; never the code or its hash.
      return { ok: true, record: state, events: [event('access_code_reissued')], changed: false }
    }
    case 'request_correction': {
      const p = parsed.payload as CommandPayload<'request_correction'> & { answerBy?: string }
      const illegal = move('needs_correction')
      if (illegal) return illegal
      const answerBy = p.answerBy ?? null
      if (answerBy !== null) {
        // Judged against the day the clerk asked (the command's own date), so that the portal and the
        // workstation that predicts decide alike, and a request that reaches the portal days later
        // (offline) is not refused for the days it waited.
        let asked: string
        try {
          asked = kyivDate(cmd.issuedAt, ctx.calendar)
        } catch {
          return reject('invalid_input', 'Команда без коректного часу видачі')
        }
        if (answerBy < asked) return reject('invalid_input', 'Дата, до якої заявник має відповісти, не може бути раніше дня запиту')
        if (answerBy > addCalendarDays(asked, MAX_ANSWER_DAYS))
          return reject('invalid_input', `Дата, до якої заявник має відповісти, — не далі ніж за ${MAX_ANSWER_DAYS} днів`)
      }
      const record = bump({
        status: 'needs_correction',
        pauses: [...state.pauses, { from: ctx.now, to: null }],
        correction: {
          items: p.items,
          general: p.general,
          requestedAt: ctx.now,
          requestedBy: clerk,
          answeredAt: null,
          answer: null,
          // v1 sets no date, and its record stays exactly as before (see correctionRequestSchema).
          ...(answerBy !== null ? { answerBy } : {})
        }
      })
      const data = answerBy !== null ? { items: p.items, general: p.general, answerBy } : { items: p.items, general: p.general }
      return { ok: true, record, events: [event('correction_requested', data)], changed: true }
    }
    case 'forward': {
      const p = parsed.payload as CommandPayload<'forward'>
      const illegal = move('forwarded')
      if (illegal) return illegal
      const record = bump({ status: 'forwarded', forwardedAt: ctx.now, forwardDueAt: forwardDueAt(state.receivedAt, ctx.calendar) })
      return { ok: true, record, events: [event('forwarded', { body: p.body })], changed: true }
    }
    case 'decide': {
      const p = parsed.payload as CommandPayload<'decide'>
      const to: Status = p.kind === 'approve' ? 'result_ready' : p.kind === 'refuse' ? 'refused' : 'returned'
      const illegal = move(to)
      if (illegal) return illegal
      if (
        p.kind === 'refuse' &&
        ctx.service &&
        ctx.service.refusalGrounds.length > 0 &&
        !ctx.service.refusalGrounds.includes(p.ground ?? '')
      ) {
        return reject('invalid_input', 'Підстава для відмови має бути з переліку інформаційної картки послуги')
      }
      const closed = to !== 'result_ready'
      // Returning an application that waits for the applicant ends that wait as well.
      const pauses = state.pauses.map((p) => (p.to === null ? { ...p, to: ctx.now } : p))
      const pauseEnded = state.pauses.some((p) => p.to === null)
      const record = bump({
        status: to,
        pauses,
        ...(pauseEnded && ctx.service
          ? { dueAt: computeDueAt({ receivedAt: state.receivedAt, term: ctx.service.term, pauses, calendar: ctx.calendar }) }
          : {}),
        decision: { kind: p.kind, ground: p.ground, text: p.text, appeal: p.appeal, decidedAt: ctx.now, decidedBy: clerk },
        holder: closed ? null : state.holder,
        closedAt: closed ? ctx.now : null
      })
      const events = [event('decided', { kind: p.kind, ground: p.ground, text: p.text })]
      if (to === 'result_ready') events.push(event('result_ready'))
      return { ok: true, record, events, changed: true }
    }
    case 'issue_result': {
      const p = parsed.payload as CommandPayload<'issue_result'>
      const illegal = move(p.outcome)
      if (illegal) return illegal
      if (p.outcome === 'issued' && (p.recipientName.trim() === '' || p.recipientDocument.trim() === '')) {
        return reject('invalid_input', 'Вкажіть, хто отримав результат і за яким документом')
      }
      const record = bump({
        status: p.outcome,
        holder: null,
        closedAt: ctx.now,
        issuedTo: p.outcome === 'issued' ? { name: p.recipientName, document: p.recipientDocument, at: ctx.now, by: clerk } : null
      })
      return { ok: true, record, events: [event('issued', { ...p })], changed: true }
    }
  }
}

/** The applicant answers the clerk's remarks through the portal: the clock resumes, the application returns to review. */
export function applyApplicantAnswer(
  state: ApplicationRecord,
  answer: string,
  ctx: { now: string; calendar: WorkCalendar; term: Term | null }
): ApplyOutcome {
  if (state.status !== 'needs_correction' || !state.correction) {
    return reject('illegal_transition', 'Заявка не очікує відповіді заявника')
  }
  const pauses = state.pauses.map((p) => (p.to === null ? { ...p, to: ctx.now } : p))
  const status: Status = state.holder ? 'in_review' : 'registered'
  // After the date to answer by (the centre's calendar day of the answer): accepted, and flagged.
  const answerBy = state.correction.answerBy ?? null
  const late = answerBy !== null ? kyivDate(ctx.now, ctx.calendar) > answerBy : null
  const record: ApplicationRecord = {
    ...state,
    status,
    pauses,
    correction: { ...state.correction, answeredAt: ctx.now, answer, ...(late !== null ? { answeredLate: late } : {}) },
    dueAt: computeDueAt({ receivedAt: state.receivedAt, term: ctx.term, pauses, calendar: ctx.calendar }),
    version: state.version + 1,
    updatedAt: ctx.now
  }
  return {
    ok: true,
    record,
    events: [
      {
        applicationId: state.id,
        kind: 'answered',
        at: ctx.now,
        actor: 'Заявник',
        commandId: null,
        data: late !== null ? { answer, late, answerBy } : { answer }
      }
    ],
    changed: true
  }
}

/** Why an action is not available right now, for disabled buttons; null when it is allowed. */
export function whyNot(state: ApplicationRecord, type: CommandType, clerk: ClerkRef): string | null {
  // A closed application says so first: "take it into work" would be a misleading reason.
  // A closed application still has an applicant who may want to read its decision on the portal.
  if (isClosed(state.status) && type !== 'note' && type !== 'record_print' && type !== 'reissue_access_code') return 'Заявку закрито'
  if (HOLDER_ONLY.includes(type) && state.holder?.clerkId !== clerk.clerkId) {
    return state.holder ? `Заявку тримає ${state.holder.name}` : 'Спершу візьміть заявку в роботу'
  }
  const target: Partial<Record<CommandType, Status[]>> = {
    request_correction: ['needs_correction'],
    forward: ['forwarded'],
    decide: ['result_ready', 'refused', 'returned'],
    issue_result: ['issued', 'not_collected']
  }
  const targets = target[type]
  if (targets && !targets.some((t) => canTransition(state.status, t))) return 'Недоступно в поточному статусі заявки'
  if (type === 'claim') {
    if (isClosed(state.status)) return 'Заявку закрито'
    if (state.holder && state.holder.clerkId !== clerk.clerkId) return `Заявку тримає ${state.holder.name}`
    if (state.holder) return 'Заявка вже у вас у роботі'
  }
  if (type === 'release' && state.holder?.clerkId !== clerk.clerkId) return 'Ви не тримаєте цю заявку'
  return null
}
