import { getApplication, upsertApplication } from '../db/applications-repository'
import { getShadow, insertOutbox, nextSeq, putShadow } from '../db/sync-repository'
import type { ApplicationRecord } from '../../shared/domain/application'
import { roleRefusal } from '../../shared/domain/roles'
import { applyCommand, LATEST_PAYLOAD_VERSION, type CommandEnvelope, type CommandInput } from '../../shared/domain/commands'
import { DomainError } from '../../shared/result'
import type { ClerkSession } from '../../shared/session'
import type { CommandAudit, EngineContext } from './sync-context'
import { predictionContext } from './view'

/* A clerk's command written locally: the outbox row, its signature, its predicted effect and its audit row, one transaction. */

/**
 * Stores the command and its optimistic effect in ONE local transaction. A command the local
 * state already refuses (holder is someone else, illegal transition) is refused here, with
 * nothing written: the clerk gets the reason at once instead of a conflict later.
 */
export function submit(
  ctx: EngineContext,
  input: CommandInput,
  clerk: ClerkSession,
  issuedAt = ctx.deps.clock().toISOString(),
  audit?: CommandAudit
): CommandEnvelope {
  const { db } = ctx.deps
  const run = db.transaction((): CommandEnvelope => {
    const state = getApplication(db, input.applicationId)
    if (input.type !== 'register_walk_in' && !state) throw new DomainError('not_found', 'Заявку не знайдено')
    const unsigned: CommandEnvelope = {
      commandId: ctx.deps.newId(),
      seq: nextSeq(db),
      type: input.type,
      v: LATEST_PAYLOAD_VERSION[input.type],
      applicationId: input.applicationId,
      baseVersion: state ? state.version : null,
      clerk: { clerkId: clerk.clerkId, name: clerk.name },
      issuedAt,
      payload: input.payload
    }
    const signature = ctx.deps.sign?.(unsigned) ?? null
    const env: CommandEnvelope = signature ? { ...unsigned, signature } : unsigned
    // The portal's role matrix, predicted: a back-office specialist is told at once, not by a conflict.
    const refusal = roleRefusal(clerk.role, input.type, state)
    if (refusal) throw new DomainError('forbidden', refusal)
    const outcome = applyCommand(state, env, predictionContext(ctx, clerk.role, serviceIdOf(input, state), state))
    if (!outcome.ok) throw new DomainError(outcome.code, outcome.message)
    if (!getShadow(db, input.applicationId).exists) putShadow(db, input.applicationId, state)
    insertOutbox(db, env)
    upsertApplication(db, outcome.record, 'pending')
    ctx.deps.auditCommand?.({
      env,
      record: outcome.record,
      clerk,
      action: audit?.action ?? (input.type === 'record_print' ? 'print' : 'change'),
      ...(audit?.detail ? { detail: audit.detail } : {})
    })
    return env
  })
  const env = run.immediate()
  ctx.deps.emit('applications.changed', { ids: [env.applicationId], source: 'local' })
  ctx.emitStatus()
  return env
}

function serviceIdOf(input: CommandInput, state: ApplicationRecord | null): string | null {
  if (input.type === 'register_walk_in') return input.payload.serviceId
  return state?.serviceId ?? null
}
