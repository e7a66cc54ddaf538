import { countOpenConflicts } from '../db/sync-repository'
import { guard, type EngineContext } from './sync-context'
import { adoptResults, chainRecordedResults, fetchDifferingResults, resultsDiffer } from './results-reconcile'
import { refreshBadge } from './view'

/* The results chain, checked after a caught-up pull and reconciled with the portal's (results-reconcile.ts). */

/**
 * A caught-up pull (or a reset) reported the portal's last seq and its results chain there: when
 * the results recorded here differ, syncNow reads the portal's before it ends. Call inside the
 * transaction that applied the page, after the results it reopened are unlinked.
 */
export function noteResultsState(ctx: EngineContext, page: { lastSeq: number; resultsChain?: string | undefined }): void {
  if (page.resultsChain === undefined || ctx.deps.faults?.ignoreResultsChain) return
  chainRecordedResults(ctx.deps.db)
  const state = { lastSeq: page.lastSeq, chain: page.resultsChain }
  if (resultsDiffer(ctx.deps.db, state)) ctx.run.resultsToCheck = state
}

/** See noteResultsState. A reply that no longer fits is left for the next caught-up pull to raise again. */
export async function reconcileResults(ctx: EngineContext): Promise<void> {
  const target = ctx.run.resultsToCheck
  ctx.run.resultsToCheck = null
  const { db, transport } = ctx.deps
  if (!target || !transport?.results) return
  const read = transport.results.bind(transport)
  const differing = await fetchDifferingResults(db, target, (to, limit) => guard(ctx, () => read(to, limit)))
  if (differing === null) {
    ctx.deps.log.warn('the portal no longer holds the results its pull reported; they are checked again at the next pull', { ...target })
    return
  }
  if (differing.length === 0) return
  const adopted = db
    .transaction(() => {
      const out = adoptResults({ db, newId: ctx.deps.newId, now: () => ctx.deps.clock().toISOString() }, differing)
      for (const id of out.applications) refreshBadge(ctx, id)
      return out
    })
    .immediate()
  ctx.deps.log.warn('the portal decided some commands again after a restore; its results replace the ones recorded here', {
    seqs: differing.map((r) => r.seq),
    nowRejected: adopted.nowRejected,
    overturned: adopted.overturned
  })
  if (adopted.applications.size > 0) ctx.deps.emit('applications.changed', { ids: [...adopted.applications], source: 'sync' })
  ctx.deps.emit('conflicts.changed', { open: countOpenConflicts(db) })
  ctx.emitStatus()
}
