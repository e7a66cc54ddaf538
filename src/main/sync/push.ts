import {
  countOpenConflicts,
  getOutboxBySeq,
  highestRejectedFrom,
  insertConflict,
  listPushBatch,
  lowestPendingSeq,
  recordResult,
  toEnvelope,
  toPushEnvelope,
  type OutboxRow
} from '../db/sync-repository'
import { ackedSeq, resendRejectedFrom, setResendRejectedFrom } from '../db/sync-state'
import type { PushResponse } from '../../shared/protocol'
import { reopenFrom } from './portal-loss'
import { chainRecordedResults } from './results-reconcile'
import { uploadScans } from './scan-upload'
import { guard, type EngineContext } from './sync-context'
import { TransportError } from './transport'
import { rebuild } from './view'

/* Push (sync.md): the outbox in seq order, the portal's results recorded, and its "resend from N" obeyed. */

/** Sends one batch of pending commands. Returns the number of results recorded. */
export async function pushOnce(ctx: EngineContext): Promise<number> {
  const { db, transport } = ctx.deps
  if (!transport) return 0
  // 500, the most a push may carry (protocol.ts): the portal decides a batch in one transaction, so a
  // bigger batch costs it little more, and the catch-up after a day offline pays fewer round trips and
  // local commits (bench:sync: workstation CPU 5.8 s with 200, 4.7 s with 500).
  const batch = signedPrefix(
    listPushBatch(db, ctx.deps.pushBatchSize ?? 500, resendRejectedFrom(ctx.deps.db)),
    ctx.deps.holdUnsigned === true
  )
  if (batch.length === 0) return 0
  let response: PushResponse
  try {
    await uploadScans(ctx, batch)
    const toWire = ctx.deps.faults?.resendRejectedUnsettled ? toEnvelope : toPushEnvelope
    response = await guard(ctx, () => transport.push({ workstationId: ctx.deps.workstationId, commands: batch.map(toWire) }))
  } catch (error) {
    // The portal answered, but not with results (it failed, or refused the request): the clerk's
    // actions do not get through although the connection works. A lost connection is not that.
    if (error instanceof TransportError && error.kind !== 'offline') ctx.run.pushRefusedSince ??= ctx.deps.clock().getTime()
    throw error
  }
  ctx.run.pushRefusedSince = null
  const touched = new Set<string>()
  // Only some results change a view now: a rejection, or a command a caught-up pull already
  // reflects (its response was lost and the resend brought it; seq <= acked). Any other applied
  // command is still replayed over the shadow until a caught-up pull reflects it, so rebuilding
  // for it would write the same row again — about a third of a catch-up's push time on the
  // workstation (bench/sync.ts).
  const acked = ackedSeq(db)
  const rebuildFor = new Set<string>()
  let recorded = 0
  db.transaction(() => {
    for (const result of response.results) {
      const row = getOutboxBySeq(db, result.seq)
      // A rejection sent again with its result (the portal had lost it): stored there now; the
      // result recorded here, and the conflict the clerk was shown, stand.
      if (row?.state === 'rejected' && row.commandId === result.commandId) {
        recorded++
        continue
      }
      // A stale or duplicated response: results are final, the first one recorded stands.
      if (!row || row.state !== 'pending' || row.commandId !== result.commandId) continue
      // Planted bugs for the simulation: a rejection treated as retryable, or as a wall.
      if (result.outcome === 'rejected' && ctx.deps.faults?.retryRejected) continue
      if (result.outcome === 'rejected' && ctx.deps.faults?.blockOnRejection) break
      recordResult(db, result.seq, result)
      recorded++
      touched.add(row.applicationId)
      if (result.outcome === 'rejected' || row.seq <= acked) rebuildFor.add(row.applicationId)
      if (result.outcome === 'rejected') {
        insertConflict(db, {
          id: ctx.deps.newId(),
          seq: row.seq,
          applicationId: row.applicationId,
          rejectedAt: result.decidedAt,
          code: result.code ?? 'conflict',
          reason: result.message ?? 'Портал відхилив дію'
        })
      }
    }
    if (response.resendFrom !== null) {
      const lowest = lowestPendingSeq(db)
      // The portal has less than we thought it acknowledged (restored from a backup): resend.
      if (lowest === null || response.resendFrom < lowest) {
        const reopened = reopenFrom(ctx, response.resendFrom)
        ctx.deps.log.warn('portal asked to resend acknowledged commands', { from: response.resendFrom, reopened: reopened.count })
        for (const id of reopened.shadowed) rebuildFor.add(id)
      }
    }
    // The portal now holds everything up to its last seq: the rejections still to send again start after it.
    const resendFrom = resendRejectedFrom(ctx.deps.db)
    if (resendFrom !== null && response.resendFrom === null && response.lastSeq >= resendFrom) {
      const next = response.lastSeq + 1
      setResendRejectedFrom(db, highestRejectedFrom(db, next) === null ? null : next)
    }
    for (const id of rebuildFor) rebuild(ctx, id)
    chainRecordedResults(db)
  }).immediate()
  if (touched.size > 0) ctx.deps.emit('applications.changed', { ids: [...touched], source: 'sync' })
  if (response.results.some((r) => r.outcome === 'rejected')) ctx.deps.emit('conflicts.changed', { open: countOpenConflicts(db) })
  ctx.emitStatus()
  return recorded
}

/**
 * The part of a push batch that may go: everything up to the first pending command still without
 * its clerk's signature (issue 20). Seqs go in order, so what follows it waits too. A rejected
 * command resent after a portal restore goes with its recorded rejection (toPushEnvelope) and is
 * stored, never executed: it needs no signature.
 */
function signedPrefix(batch: OutboxRow[], holdUnsigned: boolean): OutboxRow[] {
  if (!holdUnsigned) return batch
  const first = batch.findIndex((row) => row.state === 'pending' && row.signature === null)
  return first < 0 ? batch : batch.slice(0, first)
}
