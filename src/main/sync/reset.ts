import type { Db } from '../db/connection'
import { getApplication, insertEventRows, writeApplicationRows } from '../db/applications-repository'
import type { EventRow } from '../db/application-rows'
import {
  applicationsWithUnreflectedCommands,
  closeStagedMirror,
  discardStagedMirror,
  emptyStagedMirror,
  openStagedMirror,
  stagingPathFor,
  swapInStagedMirror
} from '../db/mirror-reset'
import { listOpenConflicts, markPendingFrom, putShadow } from '../db/sync-repository'
import { markSynced, savePullPosition, setAckedSeq } from '../db/sync-state'
import type { CursorEvent } from '../../shared/protocol'
import type { DeskCatalogue } from '../../shared/catalogue/desk-catalogue'
import { replaceCatalogueFromPortal } from '../db/catalogue-repository'
import { pageUnits } from './page-units'
import { portalLostData, resendRejectedAfterLoss } from './portal-loss'
import { newestPreparedEvent, type PreparedChange } from './prepared-page'
import { fetchPage, keepsHeldCatalogue } from './pull-apply'
import { noteResultsState } from './results-check'
import { DEFAULT_APPLY_UNIT_SIZE, type EngineContext } from './sync-context'
import { TransportError } from './transport'
import { rebuild, refreshBadge } from './view'

/**
 * The portal cannot serve our cursor (restored from a backup, or holding a different history at
 * it): rebuild the mirror from cursor 0 in a separate file and swap it in with one transaction
 * (db/mirror-reset.ts, sync.md "Pull"). Until the swap the clerk keeps the old mirror. The outbox
 * is never touched: commands the new mirror does not reflect are replayed over it at the swap.
 */
export async function resetMirror(ctx: EngineContext): Promise<void> {
  const { db } = ctx.deps
  ctx.deps.log.warn('portal asked for a mirror reset; rebuilding the mirror in a separate file')
  const path = stagingPathFor(db)
  const staged = openStagedMirror(path)
  let swapped = false
  try {
    let cursor = 0
    let held: CursorEvent | null = null
    let lastSeq = 0
    let resultsChain: string | undefined
    // The centre's catalogue, when the run's last page carries it (protocol.ts): taken at the swap.
    let catalogue: DeskCatalogue | undefined
    const attachments = new Set<string>()
    for (let restarts = 0; ;) {
      const page = await fetchPage(ctx, cursor, held)
      if (page.behind) {
        // A read replica behind the pages already staged: the reset stops here, the old mirror and
        // cursor stay (the staged file is thrown away below), and the next run starts it again.
        throw new TransportError('server', 'Портал ще не має усіх даних для перезавантаження; спробуємо трохи згодом')
      }
      if (page.reset) {
        // Restored again while we pulled: start over. Bounded: a portal that keeps answering
        // reset is broken, and the old mirror is better than a loop.
        if (++restarts > 3) throw new TransportError('protocol', 'Портал знову й знову вимагає перезавантажити дані; спробуйте пізніше')
        emptyStagedMirror(staged)
        attachments.clear()
        cursor = 0
        held = null
        continue
      }
      const units = pageUnits(page, ctx.deps.applyUnitSize ?? DEFAULT_APPLY_UNIT_SIZE)
      for (const [i, unit] of units.entries()) {
        if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve))
        applyToStagedMirror(staged, unit.changes)
        for (const change of unit.changes)
          if (change.type === 'application') for (const sha256 of change.attachments) attachments.add(sha256)
      }
      cursor = page.nextCursor
      held = newestPreparedEvent(page.changes, held)
      lastSeq = page.lastSeq
      resultsChain = page.resultsChain
      catalogue = page.hasMore ? undefined : page.catalogue
      if (!page.hasMore) break
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
    closeStagedMirror(staged)
    const takeCatalogue = catalogue !== undefined && !keepsHeldCatalogue(ctx, catalogue)
    swapInStagedMirror(db, path, () => {
      savePullPosition(db, cursor, held)
      // The catalogue sent with the run's last page, in the swap's transaction, as a normal pull takes
      // it with its page's last unit: a reset is how a desk meets a restored portal, whose catalogue may
      // be another (found by the simulation, seeds 171, 276, 409: the desk kept the lost revision).
      if (takeCatalogue && catalogue !== undefined) replaceCatalogueFromPortal(db, catalogue)
      // As at a caught-up pull (applyUnitTransaction): results the portal lost are sent again. Only
      // reopened here: the loop below gives their applications a shadow of the new mirror.
      const keep = ctx.deps.faults?.keepLostResults === true
      if (!keep) resendRejectedAfterLoss(ctx, lastSeq + 1)
      const lost = keep ? 0 : markPendingFrom(db, lastSeq + 1)
      // A reset means the portal was restored (or is another one): whatever it lost goes again.
      portalLostData(ctx)
      if (lost > 0)
        ctx.deps.log.warn('the portal holds fewer results than this workstation recorded; resending', {
          from: lastSeq + 1,
          reopened: lost
        })
      // The new mirror shows exactly the commands up to the portal's lastSeq (see applyUnitTransaction).
      const acked = lastSeq
      setAckedSeq(db, acked)
      // The view of an application with commands not yet reflected: new mirror + replay.
      const replay = ctx.deps.faults?.noReplayAfterReset === true ? [] : applicationsWithUnreflectedCommands(db, acked)
      for (const id of replay) {
        putShadow(db, id, getApplication(db, id))
        rebuild(ctx, id)
      }
      for (const conflict of listOpenConflicts(db)) refreshBadge(ctx, conflict.applicationId)
      noteResultsState(ctx, { lastSeq, resultsChain })
      markSynced(db, ctx.deps.clock().toISOString())
    })
    swapped = true
    ctx.deps.log.warn('mirror reset done', { cursor })
    // No ids: everything may have changed (the shells re-read whatever they show).
    ctx.deps.emit('applications.changed', { ids: [], source: 'sync' })
    if (takeCatalogue && catalogue !== undefined) ctx.deps.emit('catalogue.changed', { revision: catalogue.revision })
    if (attachments.size > 0) ctx.deps.onPulledAttachments?.([...attachments])
  } finally {
    if (!swapped) closeStagedMirror(staged)
    discardStagedMirror(path)
  }
}

/** One unit of a reset's pages into the staged mirror: plain upserts, no shadows or conflicts there. */
function applyToStagedMirror(staged: Db, changes: readonly PreparedChange[]): void {
  staged.transaction(() => {
    for (const change of changes) {
      if (change.type !== 'application') continue
      writeApplicationRows(staged, change.rows, 'confirmed')
    }
    const events: EventRow[] = []
    for (const change of changes) if (change.type === 'event') events.push(change.row)
    if (events.length > 0) insertEventRows(staged, events)
  })()
}
