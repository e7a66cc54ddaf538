import type { Db } from '../db/connection'
import { deferMirrorIndexes } from '../db/deferred-indexes'
import { countOpenConflicts, countPending } from '../db/sync-repository'
import { countPendingUnsigned } from '../db/keys-repository'
import { cursorEvent, lastSyncAt, pullCursor } from '../db/sync-state'
import type { CommandEnvelope, CommandInput } from '../../shared/domain/commands'
import type { SyncStatus } from '../../shared/contract'
import type { CursorEvent } from '../../shared/protocol'
import type { ClerkSession } from '../../shared/session'
import { pushAudit, pushAuditOnce } from './audit-upload'
import { PagePipeline } from './page-pipeline'
import type { PreparedPage } from './prepared-page'
import { applyPage, applyPageYielding, fetchPage, restoreIndexes } from './pull-apply'
import { pushOnce } from './push'
import { resetMirror } from './reset'
import { reconcileResults } from './results-check'
import { submit } from './submit'
import {
  DEFAULT_PULL_AHEAD,
  guard as viaGuard,
  newRunState,
  type CommandAudit,
  type EngineContext,
  type SyncEngineDeps
} from './sync-context'
import { rebuild, refreshBadge } from './view'

export type { CommandAudit, CommandAuditEntry, EngineFault, SyncEngineDeps, SyncLog } from './sync-context'
export { DEFAULT_PULL_PAGE_SIZE } from './sync-context'

/**
 * The workstation half of sync (sync.md): an outbox of numbered commands, a mirror of the portal's
 * records, and a view = mirror + pending commands replayed with the shared `applyCommand`.
 *
 * Where the mirror and the view differ (an application with commands the portal has not reflected
 * yet), the portal's copy lives in `mirror_shadow` and the `applications` table holds the
 * prediction; everywhere else the `applications` table IS the mirror, so the queue reads one table.
 *
 * This class keeps the syncNow loop, the status and the connectivity; each step of the protocol is
 * a module of free functions over the engine's context (sync-context.ts): submit.ts, push.ts (with
 * scan-upload.ts and portal-loss.ts), audit-upload.ts, pull-apply.ts (with page-units.ts), reset.ts,
 * results-check.ts and view.ts.
 */
export class SyncEngine {
  private busy: Promise<void> | null = null
  private readonly ctx: EngineContext

  constructor(private readonly deps: SyncEngineDeps) {
    this.ctx = { deps, run: newRunState(), emitStatus: () => this.emitStatus() }
  }

  get db(): Db {
    return this.deps.db
  }

  /**
   * Stores the command and its optimistic effect in ONE local transaction. A command the local
   * state already refuses (holder is someone else, illegal transition) is refused here, with
   * nothing written: the clerk gets the reason at once instead of a conflict later.
   */
  submit(input: CommandInput, clerk: ClerkSession, issuedAt = this.deps.clock().toISOString(), audit?: CommandAudit): CommandEnvelope {
    return submit(this.ctx, input, clerk, issuedAt, audit)
  }

  /** Sends one batch of pending commands. Returns the number of results recorded. */
  pushOnce(): Promise<number> {
    return pushOnce(this.ctx)
  }

  /** Uploads one batch of the local audit trail (audit-upload.ts). Returns the number of entries sent. */
  pushAuditOnce(): Promise<number> {
    return pushAuditOnce(this.ctx)
  }

  /**
   * One attachment's bytes from the portal, by its content hash; null when this workstation has no
   * portal. Goes through the same guard as pull and push, so a failure shows in the sync status.
   */
  async fetchBlob(sha256: string): Promise<Uint8Array | null> {
    const { transport } = this.deps
    if (!transport) return null
    return viaGuard(this.ctx, () => transport.blob(sha256))
  }

  /**
   * Pulls and applies one page. Each unit of the page and its cursor are ONE local transaction. A
   * page that is `behind` changes nothing here (protocol.ts behindPage).
   */
  async pullOnce(): Promise<PreparedPage> {
    const page = await fetchPage(this.ctx, pullCursor(this.deps.db), this.cursorEvent())
    this.ctx.run.portalBehind = page.behind
    if (page.behind) return page
    if (page.reset) {
      await resetMirror(this.ctx)
      return page
    }
    applyPage(this.ctx, page)
    return page
  }

  /** The newest event held at the cursor; null before the first one (or from a version that did not store it). */
  cursorEvent(): CursorEvent | null {
    return cursorEvent(this.deps.db)
  }

  /** Applies a pull page, unit after unit (page-units.ts); exposed for the simulation. */
  applyPage(page: PreparedPage): void {
    applyPage(this.ctx, page)
  }

  /** Push everything, then pull until caught up. One run at a time. */
  async syncNow(): Promise<void> {
    if (this.busy) return this.busy
    this.busy = (async () => {
      try {
        let guard = 0
        while ((await pushOnce(this.ctx)) > 0 && guard++ < 1000) {
          /* keep pushing while the portal accepts batches */
        }
        await pushAudit(this.ctx)
        const initial = pullCursor(this.deps.db) === 0
        let pages = 0
        let deferred = false
        // Pages are asked for ahead (page-pipeline.ts): the portal reads the next ones while this
        // one is decoded and applied. If applying fails, the pages asked for ahead are dropped.
        const pipeline = new PagePipeline(
          (cursor, after, onHint) => fetchPage(this.ctx, cursor, after, onHint),
          this.deps.pullAhead ?? DEFAULT_PULL_AHEAD
        )
        pipeline.start(this.cursor(), this.cursorEvent())
        try {
          for (;;) {
            const page = await pipeline.next()
            pages++
            this.ctx.run.portalBehind = page.behind
            if (page.behind) {
              // The portal read a snapshot older than what this workstation holds (a read replica
              // that lags): nothing new YET. Not a reset, not a loss: the mirror, the cursor and the
              // recorded results stay, and the scheduler pulls again soon (portalBehind).
              pipeline.stop()
              this.deps.log.info('the portal is behind this workstation (a read replica that lags); pulling again soon', {
                cursor: this.cursor()
              })
              break
            }
            if (page.reset) {
              pipeline.stop()
              await resetMirror(this.ctx)
              break
            }
            // An initial sync into an empty mirror that takes more than one page: the secondary
            // and search indexes are built once at the end (db/deferred-indexes.ts).
            if (initial && pages === 1 && page.hasMore && this.deps.deferIndexes !== false) deferred = deferMirrorIndexes(this.deps.db)
            await applyPageYielding(this.ctx, page)
            if (initial && page.hasMore) this.ctx.run.initialSyncProgress = Math.min(0.99, pages / (pages + 5))
            if (!page.hasMore) break
            // Let the shells answer the clerk between pages: sync never blocks the UI.
            await new Promise<void>((resolve) => setImmediate(resolve))
          }
        } finally {
          pipeline.stop()
          // Also when the pull failed half-way: a clerk working offline needs the indexes (and
          // search) now; the rest of the initial sync goes the ordinary way.
          if (deferred) await restoreIndexes(this.ctx)
        }
        this.ctx.run.initialSyncProgress = null
        // The pull found results the portal has lost (restored from a backup): send those commands
        // now. A workstation with nothing else to push would otherwise leave the portal without
        // them until the clerk's next command.
        if (this.ctx.run.resendAfterPull) {
          this.ctx.run.resendAfterPull = false
          guard = 0
          while ((await pushOnce(this.ctx)) > 0 && guard++ < 1000) {
            /* as above */
          }
          await pushAudit(this.ctx)
        }
        // The portal holds other results than the ones recorded here (it decided some command again
        // after a restore): its results replace ours, and the clerk is told (results-reconcile.ts).
        await reconcileResults(this.ctx)
      } finally {
        this.busy = null
        this.emitStatus()
      }
    })()
    return this.busy
  }

  /** Recomputes the view of one application (view.ts). */
  rebuild(applicationId: string): void {
    rebuild(this.ctx, applicationId)
  }

  /** Marks an application's badge after its conflicts were resolved. */
  refreshBadge(applicationId: string): void {
    refreshBadge(this.ctx, applicationId)
  }

  status(): SyncStatus {
    const { db } = this.deps
    const { run } = this.ctx
    const pending = countPending(db)
    // Stalled: the clerk's actions wait although the portal answers, because every push for a while
    // has failed or been refused (lastError says why). Not a lost connection (that is 'offline'),
    // and not merely "no push happened lately" (a workstation that was not asked to sync is not stuck).
    const stallAfter = this.deps.stallAfterMs ?? 3 * 60_000
    const stalled = pending > 0 && run.pushRefusedSince !== null && this.deps.clock().getTime() - run.pushRefusedSince > stallAfter
    return {
      online: run.online,
      enrolled: this.deps.transport !== null,
      portalUrl: null,
      lastSyncAt: lastSyncAt(db),
      pendingCommands: pending,
      openConflicts: countOpenConflicts(db),
      initialSyncProgress: run.initialSyncProgress,
      stalled,
      lastError: run.lastError,
      awaitingSignature: this.deps.holdUnsigned ? countPendingUnsigned(db).map(({ clerkName, count }) => ({ clerkName, count })) : []
    }
  }

  /**
   * The nudge stream tells us about the network before any request fails: a dropped stream shows
   * the clerk "offline" at once instead of at the next poll.
   */
  noteConnection(connected: boolean): void {
    const { run } = this.ctx
    if (!connected && run.online) {
      run.online = false
      run.lastError = 'Немає зв’язку з порталом'
      this.emitStatus()
    }
  }

  cursor(): number {
    return pullCursor(this.deps.db)
  }

  /** The last pull ended on a `behind` page: the portal has nothing new for us YET (sync-scheduler.ts retries soon). */
  get portalBehind(): boolean {
    return this.ctx.run.portalBehind
  }

  private emitStatus(): void {
    const status = this.status()
    if (status.stalled && !this.ctx.run.reportedStall)
      this.deps.log.warn('sync stalled: the portal answers but has not taken a push for a while', {
        pending: status.pendingCommands,
        lastError: status.lastError
      })
    this.ctx.run.reportedStall = status.stalled
    this.deps.emit('sync.status', status)
  }
}
