import {
  newApplicationRecord,
  type ApplicationEvent,
  type ApplicationRecord,
  type AttachmentRef,
  type ClerkRef,
  type Role
} from './application'
import { addCalendarDays, kyivDate, type WorkCalendar } from './calendar'
import { computeDueAt, forwardDueAt, type Term } from './deadlines'
import { canTransition, isClosed, type Status } from './status'
import type { ErrorCode } from '../result'
import { MAX_ANSWER_DAYS, parsePayload, type CommandEnvelope, type CommandPayload, type CommandType } from './command-schemas'

export * from './command-schemas'

/*
 * The SAME `applyCommand` runs on the portal, where it decides, and on the workstation, where it
 * predicts (the optimistic view is the mirror with the pending commands replayed through this
 * function). The payloads and the envelope are in command-schemas.ts.
 */

/** Commands whose outcome depends on what the clerk saw: they carry and check base_version. */
export const VERSION_CHECKED: readonly CommandType[] = ['request_correction', 'forward', 'decide', 'issue_result', 'reassign']
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

/** The card version a walk-in was registered under: v3 names it; v1 and v2 came from the catalogue file's forms (version 1). */
export function walkInServiceVersion(p: CommandPayload<'register_walk_in'>): number {
  const v: unknown = 'serviceVersion' in p ? p.serviceVersion : undefined
  return typeof v === 'number' ? v : 1
}

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
      serviceVersion: walkInServiceVersion(p),
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
    case 'reassign': {
      // Who the new holder is (enabled, allowed at this stage) the portal checks against its clerks
      // table (decide.ts); here: the supervisor's right, an open application, the state they saw.
      const p = parsed.payload as CommandPayload<'reassign'>
      if (ctx.role !== 'supervisor' && ctx.role !== 'admin')
        return reject('forbidden', 'Передати заявку іншому працівникові може лише керівник')
      if (isClosed(state.status)) return reject('illegal_transition', 'Заявку закрито; передати її не можна')
      if (state.holder?.clerkId === p.toClerkId) return { ok: true, record: state, events: [], changed: false }
      const status: Status = state.status === 'registered' ? 'in_review' : state.status
      const record = bump({
        holder: { clerkId: p.toClerkId, name: p.toName, since: ctx.now },
        status,
        takenIntoWorkAt: state.takenIntoWorkAt ?? ctx.now
      })
      const assigned = { assignedBy: clerk.name, reason: p.reason, reassigned: true }
      const events: EventDraft[] = []
      if (state.holder) {
        events.push(event('released', { previousHolder: state.holder.name, forced: true, reason: p.reason, reassignedTo: p.toName }))
      }
      // The new holder's claim, made by the supervisor: actor is who acted, holderClerkId who holds it now.
      events.push(event('claimed', { ...assigned, holderClerkId: p.toClerkId, holderName: p.toName }))
      return { ok: true, record, events, changed: true }
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
  ctx: { now: string; calendar: WorkCalendar; term: Term | null },
  /** Replacement documents sent with the answer: they join the application's attachments (a scan already there is not repeated). */
  attachments: readonly AttachmentRef[] = []
): ApplyOutcome {
  if (state.status !== 'needs_correction' || !state.correction) {
    return reject('illegal_transition', 'Заявка не очікує відповіді заявника')
  }
  const pauses = state.pauses.map((p) => (p.to === null ? { ...p, to: ctx.now } : p))
  const status: Status = state.holder ? 'in_review' : 'registered'
  // After the date to answer by (the centre's calendar day of the answer): accepted, and flagged.
  const answerBy = state.correction.answerBy ?? null
  const late = answerBy !== null ? kyivDate(ctx.now, ctx.calendar) > answerBy : null
  const added = attachments.filter((a) => !state.attachments.some((b) => b.sha256 === a.sha256 && b.name === a.name))
  const record: ApplicationRecord = {
    ...state,
    status,
    pauses,
    attachments: added.length > 0 ? [...state.attachments, ...added] : state.attachments,
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
        data: {
          answer,
          ...(late !== null ? { late, answerBy } : {}),
          ...(added.length > 0 ? { attachments: added.map((a) => ({ sha256: a.sha256, name: a.name })) } : {})
        }
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

/** Why a supervisor may not hand `state` to the clerk `to` (their role and account); null when they may. */
export function reassignRefusal(
  state: ApplicationRecord,
  to: { name: string; role: Role; disabled: boolean }
): { code: Extract<ErrorCode, 'assignee_disabled' | 'assignee_not_permitted'>; message: string } | null {
  if (to.disabled)
    return { code: 'assignee_disabled', message: `Обліковий запис працівника ${to.name} вимкнено; передайте заявку іншому працівникові` }
  if (to.role === 'back_office' && state.status === 'registered') {
    return {
      code: 'assignee_not_permitted',
      message: `${to.name} працює в бек-офісі й не бере заяви з черги фронт-офісу; передайте заявку працівникові фронт-офісу або спершу передайте її до бек-офісу`
    }
  }
  return null
}
