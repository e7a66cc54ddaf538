import { dbWorkerOf } from '../db/connection'
import { hasDeferredIndexes, restoreDeferredIndexes } from '../db/deferred-indexes'
import { deleteApplication, getSyncState, insertEventRows, writeApplicationRows } from '../db/applications-repository'
import type { ApplicationRows, EventRow } from '../db/application-rows'
import { catalogueRevision, getService, replaceCatalogueFromPortal } from '../db/catalogue-repository'
import { listApplicationsWithShadow, listOpenConflicts, putShadow } from '../db/sync-repository'
import { cursorEvent, markSynced, savePullPosition, setAckedSeq, withRelaxedDurability } from '../db/sync-state'
import type { CursorEvent, PullHint } from '../../shared/protocol'
import { pageUnits, type PageUnit } from './page-units'
import { reopenFrom } from './portal-loss'
import { newestPreparedEvent, preparePage, recordOf, type PreparedPage } from './prepared-page'
import { noteResultsState } from './results-check'
import { DEFAULT_APPLY_UNIT_SIZE, DEFAULT_PULL_PAGE_SIZE, guard, type EngineContext } from './sync-context'
import { TransportError } from './transport'
import { rebuild } from './view'

/* Pull (sync.md): pages fetched, then applied unit by unit, each unit and its cursor in ONE local transaction. */

/**
 * A page as rows (prepared-page.ts). A transport that prepares pages itself (HTTP: on the pull
 * decoder's worker thread) hands them over ready; otherwise the checked page is prepared here.
 */
export function fetchPage(
  ctx: EngineContext,
  cursor: number,
  after: CursorEvent | null,
  onHint?: (hint: PullHint) => void
): Promise<PreparedPage> {
  const { transport } = ctx.deps
  if (!transport) return Promise.reject(new TransportError('offline', 'Робочу станцію не підключено до порталу'))
  // THE CLASSIC BUG, planted for the simulation only (cursorWithoutHistory): the cursor alone.
  const held = cursor > 0 && ctx.deps.faults?.cursorWithoutHistory !== true ? after : null
  const limit = ctx.deps.pullPageSize ?? DEFAULT_PULL_PAGE_SIZE
  // The catalogue revision held now: a page asked for ahead names the one held when it was asked,
  // and the portal sends the catalogue only with a run's last page (protocol.ts pullResponseSchema).
  const catalogue = catalogueRevision(ctx.deps.db)
  return guard(ctx, async () =>
    transport.pullPrepared
      ? transport.pullPrepared(cursor, limit, held, onHint, catalogue)
      : preparePage(await transport.pull(cursor, limit, held, onHint, catalogue))
  )
}

/** Applies a pull page, unit after unit (see pageUnits); exposed for the simulation. */
export function applyPage(ctx: EngineContext, page: PreparedPage): void {
  for (const unit of pageUnits(page, ctx.deps.applyUnitSize ?? DEFAULT_APPLY_UNIT_SIZE)) applyUnit(ctx, page, unit)
}

/**
 * The same, giving the event loop back before every unit (the shells answer the clerk meanwhile),
 * the first one included: the page was just parsed and checked in the task that delivered it, and
 * applying a unit in that same task made one stall of both.
 */
export async function applyPageYielding(ctx: EngineContext, page: PreparedPage): Promise<void> {
  for (const unit of pageUnits(page, ctx.deps.applyUnitSize ?? DEFAULT_APPLY_UNIT_SIZE)) {
    await new Promise<void>((resolve) => setImmediate(resolve))
    applyUnit(ctx, page, unit)
  }
}

/**
 * One unit of a page and the cursor after it: ONE local transaction (sync.md, "Pull").
 *
 * Its commit does not wait for the disk (synchronous=NORMAL for this transaction only): a pulled
 * unit lost to a power cut costs nothing, since its cursor is lost with it and the page is pulled
 * again. The clerk's own commands keep synchronous=FULL, and a FULL commit flushes the write-ahead
 * log up to itself, these units included. Without this an initial sync pays one disk flush per
 * unit (about a third of its time on a VM disk, bench/sync.ts).
 */
function applyUnit(ctx: EngineContext, page: PreparedPage, unit: PageUnit): void {
  withRelaxedDurability(ctx.deps.db, () => applyUnitTransaction(ctx, page, unit))
}

function applyUnitTransaction(ctx: EngineContext, page: PreparedPage, unit: PageUnit): void {
  const { db } = ctx.deps
  const changed = new Set<string>()
  const arrived: ApplicationRows[] = []
  const attachments: string[] = []
  let catalogue: number | null = null
  db.transaction(() => {
    // Read once per unit, not once per application: an initial sync applies thousands of them.
    const shadows = new Set(listApplicationsWithShadow(db))
    const conflicted = new Set(listOpenConflicts(db).map((c) => c.applicationId))
    const services = new Set<string>()
    // Applications before their events: the events table refers to applications.
    for (const change of unit.changes) {
      if (change.type !== 'application') continue
      const { id, rows } = change
      attachments.push(...change.attachments)
      if (shadows.has(id)) {
        putShadow(db, id, recordOf(change))
        rebuild(ctx, id)
      } else {
        const existed = getSyncState(db, id) !== null
        writeApplicationRows(db, rows, conflicted.has(id) ? 'rejected' : 'confirmed', { serviceKnown: services.has(rows.serviceId) })
        services.add(rows.serviceId)
        if (!existed && change.status === 'registered' && change.channel === 'portal') arrived.push(rows)
      }
      changed.add(id)
    }
    const events: EventRow[] = []
    for (const change of unit.changes) if (change.type === 'event') events.push(change.row)
    if (events.length > 0) insertEventRows(db, events)
    // Gone from the portal with its history (a service's test applications deleted when its testing
    // ended). With commands still pending here, the portal's copy becomes "none" and the replay over
    // it decides (a claim over nothing does not apply: the application goes; the commands reach the
    // portal, are rejected and land in the conflict inbox).
    for (const change of unit.changes) {
      if (change.type !== 'removed') continue
      if (shadows.has(change.id)) {
        putShadow(db, change.id, null)
        rebuild(ctx, change.id)
      } else deleteApplication(db, change.id)
      changed.add(change.id)
    }
    // The centre's catalogue, whole, with the page's last unit: in the same transaction as the cursor
    // it was read with (issue 17, item 5). The portal's revision is the truth, lower or not (a
    // restored portal); a replica never sends an older one (protocol.ts).
    if (unit.last && page.catalogue !== undefined && !keepsHeldCatalogue(ctx, page.catalogue)) {
      replaceCatalogueFromPortal(db, page.catalogue)
      catalogue = page.catalogue.revision
    }
    savePullPosition(db, unit.cursor, newestPreparedEvent(unit.changes, cursorEvent(ctx.deps.db)))
    if (unit.last && !page.hasMore) {
      // Results recorded here beyond the portal's last seq: the portal lost them (restored from a
      // backup). Without this a workstation with nothing pending never pushes, never meets the
      // gap, and its commands are lost (sim: 'applied' locally, no result on the portal).
      const lost = ctx.deps.faults?.keepLostResults ? { count: 0, shadowed: [] } : reopenFrom(ctx, page.lastSeq + 1)
      if (lost.count > 0)
        ctx.deps.log.warn('the portal holds fewer results than this workstation recorded; resending', {
          from: page.lastSeq + 1,
          reopened: lost.count
        })
      // Caught up: the mirror now shows every command up to lastSeq, so stop replaying them, and
      // none after it: a portal restored from a backup has a lower lastSeq than before, and the
      // commands it lost (reopened above) are replayed until it reflects them again.
      setAckedSeq(db, page.lastSeq)
      for (const id of listApplicationsWithShadow(db)) {
        rebuild(ctx, id)
        changed.add(id)
      }
      noteResultsState(ctx, page)
      markSynced(db, ctx.deps.clock().toISOString())
    }
  }).immediate()
  if (changed.size > 0) ctx.deps.emit('applications.changed', { ids: [...changed], source: 'sync' })
  if (catalogue !== null) ctx.deps.emit('catalogue.changed', { revision: catalogue })
  if (attachments.length > 0) ctx.deps.onPulledAttachments?.(attachments)
  for (const rows of arrived.slice(0, 5)) {
    const service = getService(db, rows.serviceId)
    ctx.deps.emit('application.arrived', {
      id: rows.id,
      orderNumber: rows.orderNumber,
      serviceNameUk: service?.name_uk ?? rows.serviceId,
      serviceNameEn: service?.name_en ?? rows.serviceId
    })
  }
}

/**
 * THE BUG, planted for the simulation only (faults.catalogueByNumber): the catalogue is taken only
 * when its revision NUMBER is above the held one, so a portal restored from a backup that counts to
 * the same number (or below) with other cards leaves this desk with a catalogue it no longer has.
 */
export function keepsHeldCatalogue(ctx: EngineContext, sent: { revision: number }): boolean {
  if (ctx.deps.faults?.catalogueByNumber !== true) return false
  const held = catalogueRevision(ctx.deps.db)
  return held !== null && sent.revision <= held.revision
}

/**
 * Rebuilds the deferred indexes: on the database worker's connection when there is one (the
 * clerk's screen stays live meanwhile), else here. A failure is logged and left to openDatabase,
 * which rebuilds whatever a marker names at the next start.
 */
export async function restoreIndexes(ctx: EngineContext): Promise<void> {
  const { db } = ctx.deps
  const started = performance.now()
  try {
    const worker = dbWorkerOf(db)
    if (worker) await worker.restoreDeferred()
    else restoreDeferredIndexes(db)
    ctx.deps.log.info('indexes deferred by the initial sync rebuilt', {
      ms: Math.round(performance.now() - started),
      thread: worker ? 'worker' : 'main'
    })
  } catch (error) {
    ctx.deps.log.warn('rebuilding the indexes deferred by the initial sync failed', { error: String(error) })
    if (db.open && hasDeferredIndexes(db)) restoreDeferredIndexes(db)
  }
}
