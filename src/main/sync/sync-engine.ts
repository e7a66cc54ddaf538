import { dbWorkerOf, type Db } from '../db/connection'
import { deferMirrorIndexes, hasDeferredIndexes, restoreDeferredIndexes } from '../db/deferred-indexes'
import {
  deleteApplication,
  getApplication,
  getSyncState,
  insertEventRows,
  setSyncState,
  upsertApplication,
  writeApplicationRows
} from '../db/applications-repository'
import type { ApplicationRows, EventRow } from '../db/application-rows'
import { getService } from '../db/catalogue-repository'
import {
  ackedSeq,
  cursorEvent,
  lastSyncAt,
  markSynced,
  pullCursor,
  resendRejectedFrom,
  savePullPosition,
  setAckedSeq,
  setResendRejectedFrom,
  withRelaxedDurability
} from '../db/sync-state'
import { listUnuploadedAudit, markAuditUploaded, rewindAuditUpload } from '../db/audit-repository'
import {
  countOpenConflicts,
  countOpenConflictsFor,
  countPending,
  deleteShadow,
  getOutboxBySeq,
  getShadow,
  insertConflict,
  insertOutbox,
  listApplicationsWithShadow,
  listOpenConflicts,
  highestRejectedFrom,
  listPushBatch,
  listUnreflectedForApplication,
  lowestPendingSeq,
  markPendingFrom,
  nextSeq,
  putShadow,
  recordResult,
  toEnvelope,
  toPushEnvelope,
  type OutboxRow
} from '../db/sync-repository'
import { z } from 'zod'
import { attachmentRefSchema, type ApplicationRecord, type AttachmentRef } from '../../shared/domain/application'
import { roleRefusal } from '../../shared/domain/roles'
import {
  applyCommand,
  LATEST_PAYLOAD_VERSION,
  type ApplyContext,
  type ApplyOutcome,
  type CommandEnvelope,
  type CommandInput
} from '../../shared/domain/commands'
import type { WorkCalendar } from '../../shared/domain/calendar'
import type { ClerkSession, EventName, EventPayloads, SyncStatus } from '../../shared/contract'
import { AUDIT_UPLOAD_MAX, type AuditDetail } from '../../shared/audit'
import { type CursorEvent, type PullHint, type PushResponse } from '../../shared/protocol'
import { DomainError } from '../../shared/result'
import type { CommandSignature } from '../../shared/command-signature'
import { countPendingUnsigned } from '../db/keys-repository'
import {
  applicationsWithUnreflectedCommands,
  closeStagedMirror,
  discardStagedMirror,
  emptyStagedMirror,
  openStagedMirror,
  stagingPathFor,
  swapInStagedMirror
} from '../db/mirror-reset'
import { TransportError, type SyncTransport } from './transport'
import { newestPreparedEvent, preparePage, recordOf, type PreparedChange, type PreparedPage } from './prepared-page'
import { PagePipeline } from './page-pipeline'
import { adoptResults, chainRecordedResults, fetchDifferingResults, resultsDiffer, type PortalResultsState } from './results-reconcile'

export interface SyncLog {
  info(message: string, data?: Record<string, unknown>): void
  warn(message: string, data?: Record<string, unknown>): void
}

export interface SyncEngineDeps {
  db: Db
  /** Injected so tests and the simulation control time. */
  clock: () => Date
  /** Command ids (UUID v7 in production), injected for deterministic runs. */
  newId: () => string
  /** null while the workstation is not enrolled with a portal: commands wait in the outbox. */
  transport: SyncTransport | null
  calendar: WorkCalendar
  centreId: string
  workstationId: string
  log: SyncLog
  emit: <E extends EventName>(event: E, payload: EventPayloads[E]) => void
  /** Pages applied per local transaction: bounded so one transaction never holds the database for long. */
  pullPageSize?: number
  /**
   * Changes applied per local transaction (default 1000). A page larger than this is applied as
   * several units, each with its own cursor, split only between versions, with the event loop free
   * between units: the clerk's screen never waits for a whole page.
   */
  applyUnitSize?: number
  /** Pages asked for ahead of the one being applied (default 2; page-pipeline.ts). */
  pullAhead?: number
  /**
   * The attachment hashes of the records a pull stored, after each commit (the workstation caches
   * those files for review offline: services/attachment-prefetch.ts).
   */
  onPulledAttachments?: (sha256: readonly string[]) => void
  pushBatchSize?: number
  /** How long the outbox may stay non-empty while the portal answers before the clerk is warned. */
  stallAfterMs?: number
  /**
   * Writes the command's audit row. Called INSIDE the transaction that stores the command (sync.md:
   * "the command and its audit row are written in one transaction"), so one never exists without the other.
   */
  auditCommand?: (entry: CommandAuditEntry) => void
  /**
   * The scans kept on this workstation (its attachment store): a walk-in's documents are uploaded
   * from here before the command that refers to them. Absent in tests that have no files.
   */
  scans?: { read(sha256: string): Promise<Uint8Array | null> }
  /**
   * An initial sync into an empty mirror builds its secondary and search indexes once at the end
   * instead of row by row (db/deferred-indexes.ts); false turns that off. Default on.
   */
  deferIndexes?: boolean
  /**
   * Who did it (issue 20, command-signing.ts): the signature of the command's clerk, made as the
   * command is stored; null when that clerk's key is not unlocked here. With `holdUnsigned`, a push
   * stops before the first pending command without a signature: it waits for its clerk to sign in
   * (services/clerk-keyring.ts signs it then), and is never sent unsigned.
   */
  sign?: (env: CommandEnvelope) => CommandSignature | null
  holdUnsigned?: boolean
  /** Test-only switches that plant the classic sync bugs, so the simulation can prove it catches them. */
  faults?: Partial<Record<EngineFault, boolean>>
}

/**
 * The sync bugs the simulation must catch, each planted behind a test-only switch (src/sim/planted-bugs.test.ts):
 * - retryRejected: a rejection is treated as retryable (stays pending);
 * - blockOnRejection: a rejection stops the queue;
 * - cursorWithoutHistory: pulls send the cursor alone (a restored portal goes unseen);
 * - ignoreResultsChain: the portal's results chain is not compared (a result decided again after a restore stays unseen);
 * - resendRejectedUnsettled: a rejection the portal lost is sent again to be decided, not to be stored as shown;
 * - keepLostResults: a pull (caught up, or a reset) that shows the portal holds fewer results keeps them recorded here;
 * - noReplayAfterReset: a mirror reset does not replay the commands the new mirror does not reflect.
 */
export type EngineFault =
  | 'retryRejected'
  | 'blockOnRejection'
  | 'cursorWithoutHistory'
  | 'ignoreResultsChain'
  | 'resendRejectedUnsettled'
  | 'keepLostResults'
  | 'noReplayAfterReset'

/** What the audit row of a command says: a change, or a print / PDF export recorded as a record_print command. */
export interface CommandAudit {
  action: 'change' | 'print' | 'export'
  detail?: AuditDetail
}

export interface CommandAuditEntry extends CommandAudit {
  env: CommandEnvelope
  record: ApplicationRecord
  clerk: ClerkSession
}

/**
 * Changes asked for per pull request. Larger pages cost the portal less per change, but each page is
 * held whole (bytes, then rows) while it waits to be applied; 4000 was no faster than 2000 once pages
 * were decoded off the main thread and asked for ahead (bench/diagnostics/initial-sync.ts).
 */
export const DEFAULT_PULL_PAGE_SIZE = 2000
/** Pages asked for ahead of the one being applied (page-pipeline.ts): enough to keep the portal busy. */
const DEFAULT_PULL_AHEAD = 2
/**
 * Changes applied per local transaction. Each commit costs (and a write-ahead-log checkpoint every
 * few), so smaller units are slower; 1000 changes block the event loop for 50-100 ms (bench/sync.ts).
 */
const DEFAULT_APPLY_UNIT_SIZE = 1000

/** What a walk-in's payload says about its scans (any payload version that carries them). */
const walkInScansSchema = z.object({ attachments: z.array(attachmentRefSchema) })

/**
 * The workstation half of sync (sync.md): an outbox of numbered commands, a mirror of the portal's
 * records, and a view = mirror + pending commands replayed with the shared `applyCommand`.
 *
 * Where the mirror and the view differ (an application with commands the portal has not reflected
 * yet), the portal's copy lives in `mirror_shadow` and the `applications` table holds the
 * prediction; everywhere else the `applications` table IS the mirror, so the queue reads one table.
 */
export class SyncEngine {
  private online = false
  private lastError: string | null = null
  private initialSyncProgress: number | null = null
  private busy: Promise<void> | null = null
  /** Set when a pull finds the portal lost results (portalLostData): syncNow pushes again before it ends. */
  private resendAfterPull = false
  /** Set when a caught-up pull's results chain differs from ours (noteResultsState): syncNow reads the portal's results. */
  private resultsToCheck: PortalResultsState | null = null
  /** Since when pushes fail although the portal answers (see status()); null after a push that got results. */
  private pushRefusedSince: number | null = null
  /** The stall was logged once; it is logged again only after it ended. */
  private reportedStall = false

  constructor(private readonly deps: SyncEngineDeps) {}

  get db(): Db {
    return this.deps.db
  }

  // ————— local commands —————

  /**
   * Stores the command and its optimistic effect in ONE local transaction. A command the local
   * state already refuses (holder is someone else, illegal transition) is refused here, with
   * nothing written: the clerk gets the reason at once instead of a conflict later.
   */
  submit(input: CommandInput, clerk: ClerkSession, issuedAt = this.deps.clock().toISOString(), audit?: CommandAudit): CommandEnvelope {
    const { db } = this.deps
    const run = db.transaction((): CommandEnvelope => {
      const state = getApplication(db, input.applicationId)
      if (input.type !== 'register_walk_in' && !state) throw new DomainError('not_found', 'Заявку не знайдено')
      const unsigned: CommandEnvelope = {
        commandId: this.deps.newId(),
        seq: nextSeq(db),
        type: input.type,
        v: LATEST_PAYLOAD_VERSION[input.type],
        applicationId: input.applicationId,
        baseVersion: state ? state.version : null,
        clerk: { clerkId: clerk.clerkId, name: clerk.name },
        issuedAt,
        payload: input.payload
      }
      const signature = this.deps.sign?.(unsigned) ?? null
      const env: CommandEnvelope = signature ? { ...unsigned, signature } : unsigned
      // The portal's role matrix, predicted: a back-office specialist is told at once, not by a conflict.
      const refusal = roleRefusal(clerk.role, input.type, state)
      if (refusal) throw new DomainError('forbidden', refusal)
      const outcome = applyCommand(state, env, this.context(clerk.role, serviceIdOf(input, state), state))
      if (!outcome.ok) throw new DomainError(outcome.code, outcome.message)
      if (!getShadow(db, input.applicationId).exists) putShadow(db, input.applicationId, state)
      insertOutbox(db, env)
      upsertApplication(db, outcome.record, 'pending')
      this.deps.auditCommand?.({
        env,
        record: outcome.record,
        clerk,
        action: audit?.action ?? (input.type === 'record_print' ? 'print' : 'change'),
        ...(audit?.detail ? { detail: audit.detail } : {})
      })
      return env
    })
    const env = run.immediate()
    this.deps.emit('applications.changed', { ids: [env.applicationId], source: 'local' })
    this.emitStatus()
    return env
  }

  // ————— push —————

  /** Sends one batch of pending commands. Returns the number of results recorded. */
  async pushOnce(): Promise<number> {
    const { db, transport } = this.deps
    if (!transport) return 0
    // 500, the most a push may carry (protocol.ts): the portal decides a batch in one transaction, so a
    // bigger batch costs it little more, and the catch-up after a day offline pays fewer round trips and
    // local commits (bench:sync: workstation CPU 5.8 s with 200, 4.7 s with 500).
    const batch = signedPrefix(
      listPushBatch(db, this.deps.pushBatchSize ?? 500, this.resendRejectedFrom()),
      this.deps.holdUnsigned === true
    )
    if (batch.length === 0) return 0
    let response: PushResponse
    try {
      await this.uploadScans(batch)
      const toWire = this.deps.faults?.resendRejectedUnsettled ? toEnvelope : toPushEnvelope
      response = await this.guard(() => transport.push({ workstationId: this.deps.workstationId, commands: batch.map(toWire) }))
    } catch (error) {
      // The portal answered, but not with results (it failed, or refused the request): the clerk's
      // actions do not get through although the connection works. A lost connection is not that.
      if (error instanceof TransportError && error.kind !== 'offline') this.pushRefusedSince ??= this.deps.clock().getTime()
      throw error
    }
    this.pushRefusedSince = null
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
        if (result.outcome === 'rejected' && this.deps.faults?.retryRejected) continue
        if (result.outcome === 'rejected' && this.deps.faults?.blockOnRejection) break
        recordResult(db, result.seq, result)
        recorded++
        touched.add(row.applicationId)
        if (result.outcome === 'rejected' || row.seq <= acked) rebuildFor.add(row.applicationId)
        if (result.outcome === 'rejected') {
          insertConflict(db, {
            id: this.deps.newId(),
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
          const reopened = this.reopenFrom(response.resendFrom)
          this.deps.log.warn('portal asked to resend acknowledged commands', { from: response.resendFrom, reopened: reopened.count })
          for (const id of reopened.shadowed) rebuildFor.add(id)
        }
      }
      // The portal now holds everything up to its last seq: the rejections still to send again start after it.
      const resendFrom = this.resendRejectedFrom()
      if (resendFrom !== null && response.resendFrom === null && response.lastSeq >= resendFrom) {
        const next = response.lastSeq + 1
        setResendRejectedFrom(db, highestRejectedFrom(db, next) === null ? null : next)
      }
      for (const id of rebuildFor) this.rebuild(id)
      chainRecordedResults(db)
    }).immediate()
    if (touched.size > 0) this.deps.emit('applications.changed', { ids: [...touched], source: 'sync' })
    if (response.results.some((r) => r.outcome === 'rejected')) this.deps.emit('conflicts.changed', { open: countOpenConflicts(db) })
    this.emitStatus()
    return recorded
  }

  /**
   * The portal holds no result from seq `from` on, though this workstation recorded some (it was
   * restored from a backup): the applied commands from there are pending again, to be sent again
   * and decided anew. Like every pending command, each is replayed over a shadow of its
   * application (sim: an application left without one kept the badge 'confirmed' when its reopened
   * command came back rejected). With no shadow the row IS the mirror's copy, so that is the
   * shadow. Call inside a transaction; returns the applications given a shadow, to be rebuilt.
   */
  private reopenFrom(from: number): { count: number; shadowed: string[] } {
    const { db } = this.deps
    this.resendRejectedAfterLoss(from)
    const count = markPendingFrom(db, from)
    if (count === 0) return { count, shadowed: [] }
    this.portalLostData()
    const shadowed: string[] = []
    for (const id of applicationsWithUnreflectedCommands(db, Number.MAX_SAFE_INTEGER)) {
      if (getShadow(db, id).exists) continue
      putShadow(db, id, getApplication(db, id))
      shadowed.push(id)
    }
    return { count, shadowed }
  }

  /**
   * The rejected commands from seq `from` on go to the portal again with their recorded rejection
   * (it lost them; sync.md: a rejected command is never retried automatically, so it is not decided
   * again). Without this the portal's gap never closes: every later push is answered "resend from"
   * the first of them. Call inside a transaction.
   */
  private resendRejectedAfterLoss(from: number): void {
    const { db } = this.deps
    if (highestRejectedFrom(db, from) === null) return
    this.portalLostData()
    const current = this.resendRejectedFrom()
    if (current === null || from < current) setResendRejectedFrom(db, from)
  }

  /**
   * The portal holds less than this workstation gave it (restored from a backup): its audit trail
   * goes again (the portal keeps each entry once), and syncNow pushes before it ends. Call inside
   * a transaction.
   */
  private portalLostData(): void {
    rewindAuditUpload(this.deps.db)
    this.resendAfterPull = true
  }

  private resendRejectedFrom(): number | null {
    return resendRejectedFrom(this.deps.db)
  }

  /**
   * The scans a batch's walk-ins refer to go to the portal first, so that every workstation of the
   * centre can open them (GET /sync/blobs) once the command is applied. Uploads are idempotent
   * (content-addressed), so a batch sent again uploads again, harmlessly. A network failure stops
   * the push like any other (retried later); a scan the portal refuses, or one missing here, is
   * logged and the command still goes: a lost scan must not stall the queue (sync.md, liveness).
   */
  private async uploadScans(batch: readonly OutboxRow[]): Promise<void> {
    const { transport, scans } = this.deps
    if (!transport?.uploadBlob || !scans) return
    const upload = transport.uploadBlob.bind(transport)
    const refs = new Map<string, AttachmentRef>()
    for (const row of batch) {
      if (row.type !== 'register_walk_in') continue
      const parsed = walkInScansSchema.safeParse(row.payload)
      if (parsed.success) for (const ref of parsed.data.attachments) refs.set(ref.sha256, ref)
    }
    for (const ref of refs.values()) {
      const bytes = await scans.read(ref.sha256)
      if (!bytes) {
        this.deps.log.warn('a walk-in scan is missing on this workstation; the command goes without it', { sha256: ref.sha256 })
        continue
      }
      try {
        await this.guard(() => upload(ref.sha256, ref.mediaType, bytes))
      } catch (error) {
        if (error instanceof TransportError && error.kind === 'protocol') {
          this.deps.log.warn('the portal refused a walk-in scan; the command goes without it', { sha256: ref.sha256, error: error.message })
          continue
        }
        throw error
      }
    }
  }

  // ————— audit —————

  /**
   * Uploads one batch of the local audit trail. The portal stores entries by id (a resend is
   * harmless); the watermark moves only after its answer. Returns the number of entries sent.
   */
  async pushAuditOnce(): Promise<number> {
    const { db, transport } = this.deps
    if (!transport?.uploadAudit) return 0
    const batch = listUnuploadedAudit(db, AUDIT_UPLOAD_MAX)
    const last = batch[batch.length - 1]
    if (!last) return 0
    const upload = transport.uploadAudit.bind(transport)
    await this.guard(() =>
      upload({
        entries: batch.map(({ entry }) => ({
          id: entry.id,
          at: entry.at,
          clerkId: entry.clerkId,
          clerkName: entry.clerkName,
          action: entry.action,
          applicationId: entry.applicationId,
          orderNumber: entry.orderNumber,
          detail: entry.detail
        }))
      })
    )
    db.transaction(() => markAuditUploaded(db, last.seq, this.deps.clock().toISOString())).immediate()
    return batch.length
  }

  // ————— attachments —————

  /**
   * One attachment's bytes from the portal, by its content hash; null when this workstation has no
   * portal. Goes through the same guard as pull and push, so a failure shows in the sync status.
   */
  async fetchBlob(sha256: string): Promise<Uint8Array | null> {
    const { transport } = this.deps
    if (!transport) return null
    return this.guard(() => transport.blob(sha256))
  }

  // ————— pull —————

  /** Pulls and applies one page. Each unit of the page and its cursor are ONE local transaction. */
  async pullOnce(): Promise<PreparedPage> {
    const { db } = this.deps
    const page = await this.fetchPage(pullCursor(db), this.cursorEvent())
    if (page.reset) {
      await this.resetMirror()
      return page
    }
    this.applyPage(page)
    return page
  }

  /**
   * A page as rows (prepared-page.ts). A transport that prepares pages itself (HTTP: on the pull
   * decoder's worker thread) hands them over ready; otherwise the checked page is prepared here.
   */
  private fetchPage(cursor: number, after: CursorEvent | null, onHint?: (hint: PullHint) => void): Promise<PreparedPage> {
    const { transport } = this.deps
    if (!transport) return Promise.reject(new TransportError('offline', 'Робочу станцію не підключено до порталу'))
    // THE CLASSIC BUG, planted for the simulation only (cursorWithoutHistory): the cursor alone.
    const held = cursor > 0 && this.deps.faults?.cursorWithoutHistory !== true ? after : null
    const limit = this.deps.pullPageSize ?? DEFAULT_PULL_PAGE_SIZE
    return this.guard(async () =>
      transport.pullPrepared
        ? transport.pullPrepared(cursor, limit, held, onHint)
        : preparePage(await transport.pull(cursor, limit, held, onHint))
    )
  }

  /** The newest event held at the cursor; null before the first one (or from a version that did not store it). */
  cursorEvent(): CursorEvent | null {
    return cursorEvent(this.deps.db)
  }

  /** Applies a pull page, unit after unit (see pageUnits); exposed for the simulation. */
  applyPage(page: PreparedPage): void {
    for (const unit of pageUnits(page, this.deps.applyUnitSize ?? DEFAULT_APPLY_UNIT_SIZE)) this.applyUnit(page, unit)
  }

  /**
   * The same, giving the event loop back before every unit (the shells answer the clerk meanwhile),
   * the first one included: the page was just parsed and checked in the task that delivered it, and
   * applying a unit in that same task made one stall of both.
   */
  private async applyPageYielding(page: PreparedPage): Promise<void> {
    for (const unit of pageUnits(page, this.deps.applyUnitSize ?? DEFAULT_APPLY_UNIT_SIZE)) {
      await new Promise<void>((resolve) => setImmediate(resolve))
      this.applyUnit(page, unit)
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
  private applyUnit(page: PreparedPage, unit: PageUnit): void {
    withRelaxedDurability(this.deps.db, () => this.applyUnitTransaction(page, unit))
  }

  private applyUnitTransaction(page: PreparedPage, unit: PageUnit): void {
    const { db } = this.deps
    const changed = new Set<string>()
    const arrived: ApplicationRows[] = []
    const attachments: string[] = []
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
          this.rebuild(id)
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
      savePullPosition(db, unit.cursor, newestPreparedEvent(unit.changes, this.cursorEvent()))
      if (unit.last && !page.hasMore) {
        // Results recorded here beyond the portal's last seq: the portal lost them (restored from a
        // backup). Without this a workstation with nothing pending never pushes, never meets the
        // gap, and its commands are lost (sim: 'applied' locally, no result on the portal).
        const lost = this.deps.faults?.keepLostResults ? { count: 0, shadowed: [] } : this.reopenFrom(page.lastSeq + 1)
        if (lost.count > 0)
          this.deps.log.warn('the portal holds fewer results than this workstation recorded; resending', {
            from: page.lastSeq + 1,
            reopened: lost.count
          })
        // Caught up: the mirror now shows every command up to lastSeq, so stop replaying them, and
        // none after it: a portal restored from a backup has a lower lastSeq than before, and the
        // commands it lost (reopened above) are replayed until it reflects them again.
        setAckedSeq(db, page.lastSeq)
        for (const id of listApplicationsWithShadow(db)) {
          this.rebuild(id)
          changed.add(id)
        }
        this.noteResultsState(page)
        markSynced(db, this.deps.clock().toISOString())
      }
    }).immediate()
    if (changed.size > 0) this.deps.emit('applications.changed', { ids: [...changed], source: 'sync' })
    if (attachments.length > 0) this.deps.onPulledAttachments?.(attachments)
    for (const rows of arrived.slice(0, 5)) {
      const service = getService(db, rows.serviceId)
      this.deps.emit('application.arrived', {
        id: rows.id,
        orderNumber: rows.orderNumber,
        serviceNameUk: service?.name_uk ?? rows.serviceId,
        serviceNameEn: service?.name_en ?? rows.serviceId
      })
    }
  }

  /**
   * The portal cannot serve our cursor (restored from a backup, or holding a different history at
   * it): rebuild the mirror from cursor 0 in a separate file and swap it in with one transaction
   * (db/mirror-reset.ts, sync.md "Pull"). Until the swap the clerk keeps the old mirror. The outbox
   * is never touched: commands the new mirror does not reflect are replayed over it at the swap.
   */
  private async resetMirror(): Promise<void> {
    const { db } = this.deps
    this.deps.log.warn('portal asked for a mirror reset; rebuilding the mirror in a separate file')
    const path = stagingPathFor(db)
    const staged = openStagedMirror(path)
    let swapped = false
    try {
      let cursor = 0
      let held: CursorEvent | null = null
      let lastSeq = 0
      let resultsChain: string | undefined
      const attachments = new Set<string>()
      for (let restarts = 0; ;) {
        const page = await this.fetchPage(cursor, held)
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
        const units = pageUnits(page, this.deps.applyUnitSize ?? DEFAULT_APPLY_UNIT_SIZE)
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
        if (!page.hasMore) break
        await new Promise<void>((resolve) => setImmediate(resolve))
      }
      closeStagedMirror(staged)
      swapInStagedMirror(db, path, () => {
        savePullPosition(db, cursor, held)
        // As at a caught-up pull (applyUnitTransaction): results the portal lost are sent again. Only
        // reopened here: the loop below gives their applications a shadow of the new mirror.
        const keep = this.deps.faults?.keepLostResults === true
        if (!keep) this.resendRejectedAfterLoss(lastSeq + 1)
        const lost = keep ? 0 : markPendingFrom(db, lastSeq + 1)
        // A reset means the portal was restored (or is another one): whatever it lost goes again.
        this.portalLostData()
        if (lost > 0)
          this.deps.log.warn('the portal holds fewer results than this workstation recorded; resending', {
            from: lastSeq + 1,
            reopened: lost
          })
        // The new mirror shows exactly the commands up to the portal's lastSeq (see applyUnitTransaction).
        const acked = lastSeq
        setAckedSeq(db, acked)
        // The view of an application with commands not yet reflected: new mirror + replay.
        const replay = this.deps.faults?.noReplayAfterReset === true ? [] : applicationsWithUnreflectedCommands(db, acked)
        for (const id of replay) {
          putShadow(db, id, getApplication(db, id))
          this.rebuild(id)
        }
        for (const conflict of listOpenConflicts(db)) this.refreshBadge(conflict.applicationId)
        this.noteResultsState({ lastSeq, resultsChain })
        markSynced(db, this.deps.clock().toISOString())
      })
      swapped = true
      this.deps.log.warn('mirror reset done', { cursor })
      // No ids: everything may have changed (the shells re-read whatever they show).
      this.deps.emit('applications.changed', { ids: [], source: 'sync' })
      if (attachments.size > 0) this.deps.onPulledAttachments?.([...attachments])
    } finally {
      if (!swapped) closeStagedMirror(staged)
      discardStagedMirror(path)
    }
  }

  /** Push everything, then pull until caught up. One run at a time. */
  async syncNow(): Promise<void> {
    if (this.busy) return this.busy
    this.busy = (async () => {
      try {
        let guard = 0
        while ((await this.pushOnce()) > 0 && guard++ < 1000) {
          /* keep pushing while the portal accepts batches */
        }
        await this.pushAudit()
        const initial = pullCursor(this.deps.db) === 0
        let pages = 0
        let deferred = false
        // Pages are asked for ahead (page-pipeline.ts): the portal reads the next ones while this
        // one is decoded and applied. If applying fails, the pages asked for ahead are dropped.
        const pipeline = new PagePipeline(
          (cursor, after, onHint) => this.fetchPage(cursor, after, onHint),
          this.deps.pullAhead ?? DEFAULT_PULL_AHEAD
        )
        pipeline.start(this.cursor(), this.cursorEvent())
        try {
          for (;;) {
            const page = await pipeline.next()
            pages++
            if (page.reset) {
              pipeline.stop()
              await this.resetMirror()
              break
            }
            // An initial sync into an empty mirror that takes more than one page: the secondary
            // and search indexes are built once at the end (db/deferred-indexes.ts).
            if (initial && pages === 1 && page.hasMore && this.deps.deferIndexes !== false) deferred = deferMirrorIndexes(this.deps.db)
            await this.applyPageYielding(page)
            if (initial && page.hasMore) this.initialSyncProgress = Math.min(0.99, pages / (pages + 5))
            if (!page.hasMore) break
            // Let the shells answer the clerk between pages: sync never blocks the UI.
            await new Promise<void>((resolve) => setImmediate(resolve))
          }
        } finally {
          pipeline.stop()
          // Also when the pull failed half-way: a clerk working offline needs the indexes (and
          // search) now; the rest of the initial sync goes the ordinary way.
          if (deferred) await this.restoreIndexes()
        }
        this.initialSyncProgress = null
        // The pull found results the portal has lost (restored from a backup): send those commands
        // now. A workstation with nothing else to push would otherwise leave the portal without
        // them until the clerk's next command.
        if (this.resendAfterPull) {
          this.resendAfterPull = false
          guard = 0
          while ((await this.pushOnce()) > 0 && guard++ < 1000) {
            /* as above */
          }
          await this.pushAudit()
        }
        // The portal holds other results than the ones recorded here (it decided some command again
        // after a restore): its results replace ours, and the clerk is told (results-reconcile.ts).
        await this.reconcileResults()
      } finally {
        this.busy = null
        this.emitStatus()
      }
    })()
    return this.busy
  }

  /**
   * Rebuilds the deferred indexes: on the database worker's connection when there is one (the
   * clerk's screen stays live meanwhile), else here. A failure is logged and left to openDatabase,
   * which rebuilds whatever a marker names at the next start.
   */
  private async restoreIndexes(): Promise<void> {
    const { db } = this.deps
    const started = performance.now()
    try {
      const worker = dbWorkerOf(db)
      if (worker) await worker.restoreDeferred()
      else restoreDeferredIndexes(db)
      this.deps.log.info('indexes deferred by the initial sync rebuilt', {
        ms: Math.round(performance.now() - started),
        thread: worker ? 'worker' : 'main'
      })
    } catch (error) {
      this.deps.log.warn('rebuilding the indexes deferred by the initial sync failed', { error: String(error) })
      if (db.open && hasDeferredIndexes(db)) restoreDeferredIndexes(db)
    }
  }

  /**
   * The audit trail after the commands. A portal that refuses the upload as malformed (an older
   * portal without the endpoint, an entry it will not take) must not stop sync: the entries stay
   * here, are logged, and go with a later run. A network failure propagates like any other.
   */
  private async pushAudit(): Promise<void> {
    try {
      let guard = 0
      while ((await this.pushAuditOnce()) >= AUDIT_UPLOAD_MAX && guard++ < 1000) {
        /* a full batch: there may be more */
      }
    } catch (e) {
      if (e instanceof TransportError && e.kind === 'protocol') {
        this.deps.log.warn('audit upload refused by the portal', { error: e.message })
        return
      }
      throw e
    }
  }

  // ————— the view —————

  /**
   * Recomputes the view of one application: the portal's copy (shadow) with every command the
   * mirror does not reflect yet replayed on top. When nothing is left to replay, the shadow goes.
   */
  rebuild(applicationId: string): void {
    const { db } = this.deps
    const shadow = getShadow(db, applicationId)
    if (!shadow.exists) return
    const acked = ackedSeq(db)
    const commands = listUnreflectedForApplication(db, applicationId, acked)
    let state = shadow.record
    for (const row of commands) {
      let outcome: ApplyOutcome
      try {
        outcome = applyCommand(state, toEnvelope(row), this.context(null, state?.serviceId ?? serviceIdOfPayload(row.payload), state))
      } catch (error) {
        // A replay that throws is treated as one that no longer applies: it must never fail the pull
        // page that called rebuild (the same page would then fail forever and sync would stall).
        this.deps.log.warn('replaying a pending command failed; left for the portal to judge', {
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

  /**
   * A caught-up pull (or a reset) reported the portal's last seq and its results chain there: when
   * the results recorded here differ, syncNow reads the portal's before it ends. Call inside the
   * transaction that applied the page, after the results it reopened are unlinked.
   */
  private noteResultsState(page: { lastSeq: number; resultsChain?: string | undefined }): void {
    if (page.resultsChain === undefined || this.deps.faults?.ignoreResultsChain) return
    chainRecordedResults(this.deps.db)
    const state = { lastSeq: page.lastSeq, chain: page.resultsChain }
    if (resultsDiffer(this.deps.db, state)) this.resultsToCheck = state
  }

  /** See noteResultsState. A reply that no longer fits is left for the next caught-up pull to raise again. */
  private async reconcileResults(): Promise<void> {
    const target = this.resultsToCheck
    this.resultsToCheck = null
    const { db, transport } = this.deps
    if (!target || !transport?.results) return
    const read = transport.results.bind(transport)
    const differing = await fetchDifferingResults(db, target, (to, limit) => this.guard(() => read(to, limit)))
    if (differing === null) {
      this.deps.log.warn('the portal no longer holds the results its pull reported; they are checked again at the next pull', { ...target })
      return
    }
    if (differing.length === 0) return
    const adopted = db
      .transaction(() => {
        const out = adoptResults({ db, newId: this.deps.newId, now: () => this.deps.clock().toISOString() }, differing)
        for (const id of out.applications) this.refreshBadge(id)
        return out
      })
      .immediate()
    this.deps.log.warn('the portal decided some commands again after a restore; its results replace the ones recorded here', {
      seqs: differing.map((r) => r.seq),
      nowRejected: adopted.nowRejected,
      overturned: adopted.overturned
    })
    if (adopted.applications.size > 0) this.deps.emit('applications.changed', { ids: [...adopted.applications], source: 'sync' })
    this.deps.emit('conflicts.changed', { open: countOpenConflicts(db) })
    this.emitStatus()
  }

  /** Marks an application's badge after its conflicts were resolved. */
  refreshBadge(applicationId: string): void {
    const { db } = this.deps
    const shadow = getShadow(db, applicationId)
    if (shadow.exists) {
      this.rebuild(applicationId)
      return
    }
    if (getApplication(db, applicationId))
      setSyncState(db, applicationId, countOpenConflictsFor(db, applicationId) > 0 ? 'rejected' : 'confirmed')
  }

  // ————— status —————

  status(): SyncStatus {
    const { db } = this.deps
    const pending = countPending(db)
    // Stalled: the clerk's actions wait although the portal answers, because every push for a while
    // has failed or been refused (lastError says why). Not a lost connection (that is 'offline'),
    // and not merely "no push happened lately" (a workstation that was not asked to sync is not stuck).
    const stallAfter = this.deps.stallAfterMs ?? 3 * 60_000
    const stalled = pending > 0 && this.pushRefusedSince !== null && this.deps.clock().getTime() - this.pushRefusedSince > stallAfter
    return {
      online: this.online,
      enrolled: this.deps.transport !== null,
      portalUrl: null,
      lastSyncAt: lastSyncAt(db),
      pendingCommands: pending,
      openConflicts: countOpenConflicts(db),
      initialSyncProgress: this.initialSyncProgress,
      stalled,
      lastError: this.lastError,
      awaitingSignature: this.deps.holdUnsigned ? countPendingUnsigned(db).map(({ clerkName, count }) => ({ clerkName, count })) : []
    }
  }

  /**
   * The nudge stream tells us about the network before any request fails: a dropped stream shows
   * the clerk "offline" at once instead of at the next poll.
   */
  noteConnection(connected: boolean): void {
    if (!connected && this.online) {
      this.online = false
      this.lastError = 'Немає зв’язку з порталом'
      this.emitStatus()
    }
  }

  cursor(): number {
    return pullCursor(this.deps.db)
  }

  private emitStatus(): void {
    const status = this.status()
    if (status.stalled && !this.reportedStall)
      this.deps.log.warn('sync stalled: the portal answers but has not taken a push for a while', {
        pending: status.pendingCommands,
        lastError: status.lastError
      })
    this.reportedStall = status.stalled
    this.deps.emit('sync.status', status)
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      const value = await fn()
      this.online = true
      this.lastError = null
      return value
    } catch (e) {
      const te = e instanceof TransportError ? e : new TransportError('offline', e instanceof Error ? e.message : String(e))
      this.online = te.kind !== 'offline'
      this.lastError = te.message
      this.emitStatus()
      throw te
    }
  }

  private context(role: ClerkSession['role'] | null, serviceId: string | null, state: ApplicationRecord | null): ApplyContext {
    const service = serviceId ? getService(this.deps.db, serviceId) : null
    return {
      now: predictionNow(this.deps.clock(), state),
      calendar: this.deps.calendar,
      service: service
        ? { term: { value: service.term.value, unit: service.term.unit }, refusalGrounds: service.refusal_grounds_uk }
        : null,
      // Replays predict; the portal re-checks the role with its own clerk table.
      role: role ?? 'admin',
      centreId: this.deps.centreId
    }
  }
}

export interface PageUnit {
  changes: readonly PreparedChange[]
  /** The cursor stored with this unit: every change of the page up to it is in this unit or an earlier one. */
  cursor: number
  last: boolean
}

/**
 * Splits a page into units of about `max` changes. A unit ends only where the version changes, and
 * its cursor is its last version: every change at or below it is applied by then, because a page is
 * in version order and holds every change of its versions. Records the portal ships ahead of the
 * page (an event's application whose row moved on, version > nextCursor) go with the first unit.
 * An application's row can come later in the page than its older events (the row carries the
 * version of its latest change): such a record moves forward into the first unit that has one of
 * its events, because the events table refers to applications (the simulation found this, seed 3).
 * A page out of version order is applied whole, as one unit.
 */
export function pageUnits(page: Pick<PreparedPage, 'changes' | 'nextCursor'>, max: number): PageUnit[] {
  const ahead = page.changes.filter((c) => c.version > page.nextCursor)
  const inOrder = page.changes.filter((c) => c.version <= page.nextCursor)
  const sorted = inOrder.every((c, i) => i === 0 || (inOrder[i - 1] as PreparedChange).version <= c.version)
  if (page.changes.length <= max || !sorted || inOrder.length === 0) return [{ changes: page.changes, cursor: page.nextCursor, last: true }]
  const rowAt = new Map<string, number>()
  inOrder.forEach((c, i) => {
    if (c.type === 'application') rowAt.set(c.id, i)
  })
  const moved = new Set<number>()
  const units: PageUnit[] = []
  let start = 0
  while (start < inOrder.length) {
    let end = Math.min(start + max, inOrder.length)
    while (end < inOrder.length && (inOrder[end] as PreparedChange).version === (inOrder[end - 1] as PreparedChange).version) end++
    const last = end >= inOrder.length
    const changes: PreparedChange[] = []
    const early: PreparedChange[] = []
    for (let i = start; i < end; i++) {
      const c = inOrder[i] as PreparedChange
      if (moved.has(i)) continue
      changes.push(c)
      const row = c.type === 'event' ? rowAt.get(c.applicationId) : undefined
      if (row !== undefined && row >= end && !moved.has(row)) {
        moved.add(row)
        early.push(inOrder[row] as PreparedChange)
      }
    }
    const cursor = last ? page.nextCursor : (inOrder[end - 1] as PreparedChange).version
    units.push({ changes: [...(units.length === 0 ? ahead : []), ...early, ...changes], cursor, last })
    start = end
  }
  return units
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

function serviceIdOf(input: CommandInput, state: ApplicationRecord | null): string | null {
  if (input.type === 'register_walk_in') return input.payload.serviceId
  return state?.serviceId ?? null
}

function serviceIdOfPayload(payload: unknown): string | null {
  if (payload && typeof payload === 'object' && 'serviceId' in payload && typeof payload.serviceId === 'string') return payload.serviceId
  return null
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
