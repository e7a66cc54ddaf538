import { applicationRecordSchema, type ApplicationEvent } from '../../shared/domain/application'
import { parsePayload, type CommandEnvelope, type CommandPayload } from '../../shared/domain/commands'
import { parseOrderNumber, ORDER_NUMBER_PROBLEM_UK } from '../../shared/domain/order-number'
import type { CommandResult, PushRequest, PushResponse } from '../../shared/protocol'
import type { ErrorCode } from '../../shared/result'
import { DbUnavailableError, isRetryable, type PortalDb, type Queryable } from '../db/portal-db'
import {
  deleteCommandResult,
  getApplication,
  getClerk,
  getCommandResult,
  getWorkstation,
  insertApplication,
  insertCommandResult,
  insertEvents,
  lastSeqOf,
  orderNumberTaken,
  setLastSeq,
  takeChangeVersions,
  updateApplication,
  type WorkstationRow
} from '../db/repository'
import { nowNotBefore, serviceRules, type PortalDeps } from '../deps'
import { PortalError } from '../errors'
import { roleRefusal } from '../auth/roles'

/*
 * POST /sync/push, exactly as sync.md says. Each command runs in its own transaction:
 *   lock the workstation row → seq <= last_seq: return the STORED result (never re-execute)
 *                            → seq >  last_seq + 1: stop, "resend from last_seq + 1"
 *                            → otherwise lock the application row, decide with the shared
 *                              applyCommand and the portal's clock, apply or reject, append the
 *                              changes under a new centre version, store the result, advance last_seq.
 * A rejection is an outcome: stored, last_seq advances. So is a decision that throws: it is stored as
 * 'internal' and the queue moves on. Serialization failures and deadlocks are retried; a database
 * that is down answers 503 and the command is not counted (the workstation sends it again).
 */

export interface WorkstationIdentity {
  id: string
  centreId: string
}

type StepOutcome =
  | { kind: 'result'; result: CommandResult; centreVersion: number | null }
  | { kind: 'gap'; resendFrom: number }

const decidedAt = (deps: PortalDeps): string => deps.clock().toISOString()

async function lockWorkstation(tx: Queryable, ws: WorkstationIdentity): Promise<WorkstationRow> {
  const row = await getWorkstation(tx, ws.id, { lock: true })
  if (!row) throw new PortalError(401, 'invalid_token', 'Робоче місце не зареєстроване на порталі')
  if (row.revokedAt !== null) throw new PortalError(401, 'workstation_revoked', 'Доступ цього робочого місця до порталу відкликано')
  return row
}

/** The seq checks shared by the normal path and the "store a rejection" path. */
async function seqGate(tx: Queryable, row: WorkstationRow, cmd: CommandEnvelope): Promise<StepOutcome | null> {
  if (cmd.seq <= row.lastSeq) {
    const stored = await getCommandResult(tx, row.id, cmd.seq)
    if (stored) return { kind: 'result', result: stored, centreVersion: null }
    // Cannot happen while results are kept for good; answer without inventing an effect.
    return {
      kind: 'result',
      result: { seq: cmd.seq, commandId: cmd.commandId, outcome: 'rejected', code: 'internal', message: 'Результат цієї команди на порталі не знайдено', version: null, decidedAt: new Date(0).toISOString() },
      centreVersion: null
    }
  }
  if (cmd.seq > row.lastSeq + 1) return { kind: 'gap', resendFrom: row.lastSeq + 1 }
  return null
}

async function record(tx: Queryable, row: WorkstationRow, cmd: CommandEnvelope, result: CommandResult): Promise<void> {
  await insertCommandResult(tx, row.id, cmd, result)
  await setLastSeq(tx, row.id, cmd.seq)
}

interface Decision {
  result: CommandResult
  centreVersion: number | null
}

/** Decides one command whose seq is next. Writes the application change (if any); not the result. */
async function decide(tx: Queryable, deps: PortalDeps, row: WorkstationRow, cmd: CommandEnvelope): Promise<Decision> {
  const at = decidedAt(deps)
  const rejected = (code: ErrorCode, message: string, version: number | null = null): Decision => ({
    result: { seq: cmd.seq, commandId: cmd.commandId, outcome: 'rejected', code, message, version, decidedAt: at },
    centreVersion: null
  })

  // The acting clerk and their role come from the portal's own table, never from the request.
  const clerk = await getClerk(tx, cmd.clerk.clerkId)
  if (!clerk || clerk.centreId !== row.centreId) return rejected('forbidden', 'Працівника, від імені якого надіслано команду, не зареєстровано в цьому ЦНАП')
  if (clerk.disabledAt !== null) return rejected('forbidden', `Обліковий запис працівника ${clerk.name} вимкнено; команду не виконано`)
  let env: CommandEnvelope = { ...cmd, clerk: { clerkId: clerk.id, name: clerk.name } }

  const stored = await getApplication(tx, cmd.applicationId, { lock: true })
  if (stored && stored.centreId !== row.centreId) return rejected('not_found', 'Заявку не знайдено в цьому ЦНАП')
  const state = stored?.record ?? null
  const refusal = roleRefusal(clerk.role, cmd.type, state)
  if (refusal) return rejected('forbidden', refusal, state?.version ?? null)

  let service = state ? deps.services.get(state.serviceId) : undefined
  if (cmd.type === 'register_walk_in' && !state) {
    const parsed = parsePayload(env)
    if (parsed.ok) {
      const p = parsed.payload as CommandPayload<'register_walk_in'>
      const number = parseOrderNumber(p.orderNumber)
      if (!number.ok) {
        const hint = number.suggestion ? ` (можливо, ${number.suggestion})` : ''
        return rejected('invalid_input', `Номер заяви ${p.orderNumber} неправильний: ${ORDER_NUMBER_PROBLEM_UK[number.reason]}${hint}`)
      }
      if (number.node !== row.node) {
        return rejected('invalid_input', `Номер заяви ${number.canonical} видано вузлом ${number.node}, а це робоче місце має вузол ${row.node}`)
      }
      if (await orderNumberTaken(tx, number.canonical)) return rejected('conflict', `Номер заяви ${number.canonical} уже використано для іншої заявки`)
      env = { ...env, payload: { ...p, orderNumber: number.canonical } }
      service = deps.services.get(p.serviceId)
    }
  }

  let outcome: ReturnType<PortalDeps['decide']>
  try {
    outcome = deps.decide(state, env, {
      now: nowNotBefore(deps, state?.updatedAt),
      calendar: deps.calendar,
      service: serviceRules(service),
      role: clerk.role,
      centreId: row.centreId
    })
  } catch (error) {
    deps.log('error', 'command handler threw', { workstationId: row.id, seq: cmd.seq, type: cmd.type, error: String(error) })
    return rejected('internal', 'Внутрішня помилка порталу під час виконання команди; команду не виконано, зверніться до адміністратора', state?.version ?? null)
  }
  if (!outcome.ok) return rejected(outcome.code, outcome.message, state?.version ?? null)

  if (outcome.changed) {
    // What goes into the change log must be a valid record: every workstation parses it.
    const checked = applicationRecordSchema.safeParse(outcome.record)
    if (!checked.success) {
      deps.log('error', 'command produced an invalid record', { seq: cmd.seq, type: cmd.type, issue: checked.error.issues[0]?.message })
      return rejected('internal', 'Команда дала б некоректний стан заявки; команду не виконано', state?.version ?? null)
    }
  }

  let centreVersion: number | null = null
  if (outcome.changed || outcome.events.length > 0) {
    centreVersion = await takeChangeVersions(tx, row.centreId)
    await deps.hooks.afterChangeVersion?.({ centreId: row.centreId, version: centreVersion, source: 'push' })
    if (outcome.changed) {
      if (state) await updateApplication(tx, outcome.record, centreVersion)
      else await insertApplication(tx, outcome.record, centreVersion)
    }
    const events: ApplicationEvent[] = outcome.events.map((e) => ({ id: deps.newId(), ...e }))
    await insertEvents(tx, row.centreId, centreVersion, events)
  }
  return {
    result: { seq: cmd.seq, commandId: cmd.commandId, outcome: 'applied', code: null, message: null, version: outcome.record.version, decidedAt: at },
    centreVersion
  }
}

async function step(tx: Queryable, deps: PortalDeps, ws: WorkstationIdentity, cmd: CommandEnvelope, attempt: number): Promise<StepOutcome> {
  const row = await lockWorkstation(tx, ws)
  // THE CLASSIC BUG, planted for the simulation only (src/sim/planted-bugs.test.ts): a duplicate is
  // decided again and its stored result overwritten, instead of the stored result being returned.
  const replay = deps.faults?.reexecuteDuplicates === true && cmd.seq <= row.lastSeq
  const gate = replay ? null : await seqGate(tx, row, cmd)
  if (gate) return gate
  const decision = await decide(tx, deps, row, cmd)
  if (replay) {
    await deleteCommandResult(tx, row.id, cmd.seq)
    await insertCommandResult(tx, row.id, cmd, decision.result)
  } else await record(tx, row, cmd, decision.result)
  await deps.hooks.beforeCommit?.(cmd, attempt)
  return { kind: 'result', result: decision.result, centreVersion: decision.centreVersion }
}

/** After an unexpected failure of the normal path: store an 'internal' rejection so the queue moves on. */
async function storeFailure(tx: Queryable, deps: PortalDeps, ws: WorkstationIdentity, cmd: CommandEnvelope): Promise<StepOutcome> {
  const row = await lockWorkstation(tx, ws)
  const gate = await seqGate(tx, row, cmd)
  if (gate) return gate
  const state = await getApplication(tx, cmd.applicationId)
  const result: CommandResult = {
    seq: cmd.seq,
    commandId: cmd.commandId,
    outcome: 'rejected',
    code: 'internal',
    message: 'Внутрішня помилка порталу під час виконання команди; команду не виконано, зверніться до адміністратора',
    version: state?.record.version ?? null,
    decidedAt: decidedAt(deps)
  }
  await record(tx, row, cmd, result)
  return { kind: 'result', result, centreVersion: null }
}

/** Runs one command to its final outcome (or throws PortalError / DbUnavailableError). */
export async function pushOne(db: PortalDb, deps: PortalDeps, ws: WorkstationIdentity, cmd: CommandEnvelope): Promise<StepOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      const out = await db.transaction((tx) => step(tx, deps, ws, cmd, attempt), { isolation: 'read committed' })
      if (out.kind === 'result' && out.centreVersion !== null) deps.nudges.publish(ws.centreId, out.centreVersion)
      return out
    } catch (error) {
      if (error instanceof PortalError || error instanceof DbUnavailableError) throw error
      if (isRetryable(error)) {
        if (attempt < deps.maxAttempts) {
          deps.log('warn', 'push: retrying after a serialization failure', { seq: cmd.seq, attempt })
          // Fixed, growing back-off: no randomness, so a seeded simulation replays exactly.
          await deps.sleep(Math.min(200, 5 * 2 ** attempt))
          continue
        }
        throw new PortalError(503, 'unavailable', 'Портал зараз перевантажений; команду буде надіслано ще раз автоматично')
      }
      deps.log('error', 'push: command failed unexpectedly; storing it as rejected', { seq: cmd.seq, type: cmd.type, error: String(error) })
      return db.transaction((tx) => storeFailure(tx, deps, ws, cmd), { isolation: 'read committed' })
    }
  }
}

/**
 * Handles one push. Callable without HTTP (the simulation does): `ws` is the workstation the token
 * belongs to, already authenticated.
 */
export async function handlePush(db: PortalDb, deps: PortalDeps, ws: WorkstationIdentity, request: PushRequest): Promise<PushResponse> {
  if (request.workstationId !== ws.id) throw new PortalError(403, 'forbidden', 'Пакет команд надіслано від імені іншого робочого місця')
  const results: CommandResult[] = []
  let resendFrom: number | null = null
  for (const cmd of request.commands) {
    const out = await pushOne(db, deps, ws, cmd)
    if (out.kind === 'gap') {
      resendFrom = out.resendFrom
      break
    }
    results.push(out.result)
  }
  const lastSeq = await lastSeqOf(db, ws.id)
  return { results, resendFrom, lastSeq }
}
