import { deleteApplication, getApplication, setSyncState, upsertApplication } from '../db/applications-repository'
import { applicationCard, getLiveCard, getService } from '../db/catalogue-repository'
import { serviceFromCard } from '../../shared/catalogue/from-file'
import type { Service } from '../../shared/catalogue'
import { countOpenConflictsFor, deleteShadow, getShadow, listUnreflectedForApplication, toEnvelope } from '../db/sync-repository'
import { ackedSeq } from '../db/sync-state'
import type { ApplicationRecord } from '../../shared/domain/application'
import { applyCommand, type ApplyContext, type ApplyOutcome } from '../../shared/domain/commands'
import type { ClerkSession } from '../../shared/session'
import type { EngineContext } from './sync-context'

/*
 * The view (sync.md): where the mirror and the clerk's pending commands differ, the portal's copy
 * lives in `mirror_shadow` and the `applications` row is that copy with the commands replayed on top.
 */

/**
 * Recomputes the view of one application: the portal's copy (shadow) with every command the
 * mirror does not reflect yet replayed on top. When nothing is left to replay, the shadow goes.
 */
export function rebuild(ctx: EngineContext, applicationId: string): void {
  const { db } = ctx.deps
  const shadow = getShadow(db, applicationId)
  if (!shadow.exists) return
  const acked = ackedSeq(db)
  const commands = listUnreflectedForApplication(db, applicationId, acked)
  let state = shadow.record
  for (const row of commands) {
    let outcome: ApplyOutcome
    try {
      outcome = applyCommand(
        state,
        toEnvelope(row),
        predictionContext(ctx, null, state?.serviceId ?? serviceIdOfPayload(row.payload), state)
      )
    } catch (error) {
      // A replay that throws is treated as one that no longer applies: it must never fail the pull
      // page that called rebuild (the same page would then fail forever and sync would stall).
      ctx.deps.log.warn('replaying a pending command failed; left for the portal to judge', {
        seq: row.seq,
        type: row.type,
        error: String(error)
      })
      continue
    }
    // A command that no longer applies over the new mirror is left for the portal to judge.
    if (outcome.ok) state = outcome.record
  }
  const conflicts = countOpenConflictsFor(db, applicationId)
  if (commands.length === 0) deleteShadow(db, applicationId)
  if (state === null) {
    deleteApplication(db, applicationId)
    return
  }
  upsertApplication(db, state, commands.length > 0 ? 'pending' : conflicts > 0 ? 'rejected' : 'confirmed')
}

/** Marks an application's badge after its conflicts were resolved. */
export function refreshBadge(ctx: EngineContext, applicationId: string): void {
  const { db } = ctx.deps
  const shadow = getShadow(db, applicationId)
  if (shadow.exists) {
    rebuild(ctx, applicationId)
    return
  }
  if (getApplication(db, applicationId))
    setSyncState(db, applicationId, countOpenConflictsFor(db, applicationId) > 0 ? 'rejected' : 'confirmed')
}

/**
 * The service an application is judged against (issue 17, item 5): its card version (term, refusal
 * grounds); a new walk-in, the live version the desk registers it under. While the desk does not
 * hold that version, the current card, and the legacy row where the desk has no card at all.
 */
function predictionService(ctx: EngineContext, serviceId: string, state: ApplicationRecord | null): Service | null {
  const { db } = ctx.deps
  const card = state ? applicationCard(db, serviceId, state.serviceVersion)?.card : getLiveCard(db, serviceId)
  return card ? serviceFromCard(card.card) : getService(db, serviceId)
}

export function predictionContext(
  ctx: EngineContext,
  role: ClerkSession['role'] | null,
  serviceId: string | null,
  state: ApplicationRecord | null
): ApplyContext {
  const service = serviceId ? predictionService(ctx, serviceId, state) : null
  return {
    now: predictionNow(ctx.deps.clock(), state),
    calendar: ctx.deps.calendar,
    service: service ? { term: { value: service.term.value, unit: service.term.unit }, refusalGrounds: service.refusal_grounds_uk } : null,
    // Replays predict; the portal re-checks the role with its own clerk table.
    role: role ?? 'admin',
    centreId: ctx.deps.centreId
  }
}

/**
 * The instant a prediction is made at: the workstation's clock, but never earlier than the last
 * change the record shows. Clocks are shown, never trusted (sync.md): a clock days behind must not
 * predict a state the domain calls impossible, such as a wait for corrections that ends before it
 * began (computeDueAt throws a RangeError). Found by the simulation (src/sim), seed 23. The portal
 * decides with its own clock anyway; this only keeps the local preview consistent.
 */
function predictionNow(clock: Date, state: ApplicationRecord | null): string {
  const last = state ? Date.parse(state.updatedAt) : Number.NaN
  return Number.isFinite(last) && last > clock.getTime() ? new Date(last).toISOString() : clock.toISOString()
}

function serviceIdOfPayload(payload: unknown): string | null {
  if (payload && typeof payload === 'object' && 'serviceId' in payload && typeof payload.serviceId === 'string') return payload.serviceId
  return null
}
