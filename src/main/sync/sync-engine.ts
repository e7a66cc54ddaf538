import type { Db } from '../db/connection'
import {
  deleteApplication,
  getApplication,
  getSyncState,
  insertEvents,
  setSyncState,
  upsertApplication,
  writeApplicationRows
} from '../db/applications-repository'
import { toApplicationRows } from '../db/application-rows'
import { getService } from '../db/catalogue-repository'
import { getSetting, setSetting } from '../db/settings-repository'
import { listUnuploadedAudit, markAuditUploaded } from '../db/audit-repository'
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
  listPendingOutbox,
  listUnreflectedForApplication,
  lowestPendingSeq,
  markPendingFrom,
  nextSeq,
  putShadow,
  recordResult,
  toEnvelope
} from '../db/sync-repository'
import type { ApplicationEvent, ApplicationRecord } from '../../shared/domain/application'
import { roleRefusal } from '../../shared/domain/roles'
import { applyCommand, type ApplyContext, type ApplyOutcome, type CommandEnvelope, type CommandInput } from '../../shared/domain/commands'
import type { WorkCalendar } from '../../shared/domain/calendar'
import type { ClerkSession, EventName, EventPayloads, SyncStatus } from '../../shared/contract'
import { AUDIT_UPLOAD_MAX, type AuditDetail } from '../../shared/audit'
import type { Change, PullResponse } from '../../shared/protocol'
import { DomainError } from '../../shared/result'
import { TransportError, type SyncTransport } from './transport'

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
  pushBatchSize?: number
  /** How long the outbox may stay non-empty while the portal answers before the clerk is warned. */
  stallAfterMs?: number
  /**
   * Writes the command's audit row. Called INSIDE the transaction that stores the command (sync.md:
   * "the command and its audit row are written in one transaction"), so one never exists without the other.
   */
  auditCommand?: (entry: CommandAuditEntry) => void
  /** Test-only switches that plant the classic sync bugs, so the simulation can prove it catches them. */
  faults?: Partial<Record<'retryRejected' | 'blockOnRejection', boolean>>
}

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
 * Changes asked for per pull request. Larger pages cost the portal less per change, but the page is
 * parsed and checked in one piece on the main thread; 2000 keeps that under ~50 ms (bench/sync.ts).
 */
export const DEFAULT_PULL_PAGE_SIZE = 2000
/**
 * Changes applied per local transaction. Each commit costs (and a write-ahead-log checkpoint every
 * few), so smaller units are slower; 1000 changes block the event loop for 50-100 ms (bench/sync.ts).
 */
const DEFAULT_APPLY_UNIT_SIZE = 1000

const SETTING_CURSOR = 'sync.cursor'
const SETTING_ACKED = 'sync.acked_seq'
const SETTING_LAST_SYNC = 'sync.last_sync_at'
const SETTING_LAST_PUSH_OK = 'sync.last_push_ok_at'

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
      const env: CommandEnvelope = {
        commandId: this.deps.newId(),
        seq: nextSeq(db),
        type: input.type,
        v: 1,
        applicationId: input.applicationId,
        baseVersion: state ? state.version : null,
        clerk: { clerkId: clerk.clerkId, name: clerk.name },
        issuedAt,
        payload: input.payload
      }
      // The portal's role matrix, predicted: a back-office specialist is told at once, not by a conflict.
      const refusal = roleRefusal(clerk.role, input.type, state)
      if (refusal) throw new DomainError('forbidden', refusal)
      const outcome = applyCommand(state, env, this.context(clerk.role, serviceIdOf(input, state), state))
      if (!outcome.ok) throw new DomainError(outcome.code, outcome.message)
      if (!getShadow(db, input.applicationId).exists) putShadow(db, input.applicationId, state)
      insertOutbox(db, env)
      upsertApplication(db, outcome.record, 'pending')
      this.deps.auditCommand?.({ env, record: outcome.record, clerk, action: audit?.action ?? (input.type === 'record_print' ? 'print' : 'change'), ...(audit?.detail ? { detail: audit.detail } : {}) })
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
    const batch = listPendingOutbox(db, this.deps.pushBatchSize ?? 200)
    if (batch.length === 0) return 0
    const response = await this.guard(() => transport.push({ workstationId: this.deps.workstationId, commands: batch.map(toEnvelope) }))
    const touched = new Set<string>()
    let recorded = 0
    db.transaction(() => {
      for (const result of response.results) {
        const row = getOutboxBySeq(db, result.seq)
        // A stale or duplicated response: results are final, the first one recorded stands.
        if (!row || row.state !== 'pending' || row.commandId !== result.commandId) continue
        // Planted bugs for the simulation: a rejection treated as retryable, or as a wall.
        if (result.outcome === 'rejected' && this.deps.faults?.retryRejected) continue
        if (result.outcome === 'rejected' && this.deps.faults?.blockOnRejection) break
        recordResult(db, result.seq, result)
        recorded++
        touched.add(row.applicationId)
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
          const reopened = markPendingFrom(db, response.resendFrom)
          this.deps.log.warn('portal asked to resend acknowledged commands', { from: response.resendFrom, reopened })
        }
      }
      for (const id of touched) this.rebuild(id)
      setSetting(db, SETTING_LAST_PUSH_OK, this.deps.clock().toISOString())
    }).immediate()
    if (touched.size > 0) this.deps.emit('applications.changed', { ids: [...touched], source: 'sync' })
    if (response.results.some((r) => r.outcome === 'rejected')) this.deps.emit('conflicts.changed', { open: countOpenConflicts(db) })
    this.emitStatus()
    return recorded
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
  async pullOnce(): Promise<PullResponse> {
    const { db } = this.deps
    const page = await this.fetchPage(Number(getSetting(db, SETTING_CURSOR) ?? '0'))
    if (page.reset) {
      await this.resetMirror()
      return page
    }
    this.applyPage(page)
    return page
  }

  private fetchPage(cursor: number): Promise<PullResponse> {
    const { transport } = this.deps
    if (!transport) return Promise.reject(new TransportError('offline', 'Робочу станцію не підключено до порталу'))
    return this.guard(() => transport.pull(cursor, this.deps.pullPageSize ?? DEFAULT_PULL_PAGE_SIZE))
  }

  /** Applies a pull page, unit after unit (see pageUnits); exposed for the simulation. */
  applyPage(page: PullResponse): void {
    for (const unit of pageUnits(page, this.deps.applyUnitSize ?? DEFAULT_APPLY_UNIT_SIZE)) this.applyUnit(page, unit)
  }

  /** The same, giving the event loop back between units (the shells answer the clerk meanwhile). */
  private async applyPageYielding(page: PullResponse): Promise<void> {
    const units = pageUnits(page, this.deps.applyUnitSize ?? DEFAULT_APPLY_UNIT_SIZE)
    for (const [i, unit] of units.entries()) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve))
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
  private applyUnit(page: PullResponse, unit: PageUnit): void {
    const { db } = this.deps
    const restore = db.inTransaction ? null : Number(db.pragma('synchronous', { simple: true }))
    if (restore !== null) db.pragma('synchronous = NORMAL')
    try {
      this.applyUnitTransaction(page, unit)
    } finally {
      if (restore !== null) db.pragma(`synchronous = ${restore}`)
    }
  }

  private applyUnitTransaction(page: PullResponse, unit: PageUnit): void {
    const { db } = this.deps
    const changed = new Set<string>()
    const arrived: ApplicationRecord[] = []
    db.transaction(() => {
      // Read once per unit, not once per application: an initial sync applies thousands of them.
      const shadows = new Set(listApplicationsWithShadow(db))
      const conflicted = new Set(listOpenConflicts(db).map((c) => c.applicationId))
      const services = new Set<string>()
      // Applications before their events: the events table refers to applications.
      for (const change of unit.changes) {
        if (change.type !== 'application') continue
        const { record } = change
        if (shadows.has(record.id)) {
          putShadow(db, record.id, record)
          this.rebuild(record.id)
        } else {
          const existed = getSyncState(db, record.id) !== null
          writeApplicationRows(db, toApplicationRows(record), conflicted.has(record.id) ? 'rejected' : 'confirmed', {
            isNew: !existed,
            serviceKnown: services.has(record.serviceId)
          })
          services.add(record.serviceId)
          if (!existed && record.status === 'registered' && record.channel === 'portal') arrived.push(record)
        }
        changed.add(record.id)
      }
      const events: ApplicationEvent[] = []
      for (const change of unit.changes) if (change.type === 'event') events.push(change.event)
      if (events.length > 0) insertEvents(db, events)
      setSetting(db, SETTING_CURSOR, String(unit.cursor))
      if (unit.last && !page.hasMore) {
        // Caught up: the mirror now shows every command up to lastSeq, so stop replaying them.
        const acked = Math.max(Number(getSetting(db, SETTING_ACKED) ?? '0'), page.lastSeq)
        setSetting(db, SETTING_ACKED, String(acked))
        for (const id of listApplicationsWithShadow(db)) {
          this.rebuild(id)
          changed.add(id)
        }
        setSetting(db, SETTING_LAST_SYNC, this.deps.clock().toISOString())
      }
    }).immediate()
    if (changed.size > 0) this.deps.emit('applications.changed', { ids: [...changed], source: 'sync' })
    for (const record of arrived.slice(0, 5)) {
      const service = getService(db, record.serviceId)
      this.deps.emit('application.arrived', {
        id: record.id,
        orderNumber: record.orderNumber,
        serviceNameUk: service?.name_uk ?? record.serviceId,
        serviceNameEn: service?.name_en ?? record.serviceId
      })
    }
  }

  /**
   * The portal cannot serve our cursor: rebuild the mirror from scratch. The outbox is never
   * touched; commands still pending are replayed over the new mirror.
   */
  private async resetMirror(): Promise<void> {
    const { db } = this.deps
    this.deps.log.warn('portal asked for a mirror reset')
    db.transaction(() => {
      setSetting(db, SETTING_CURSOR, '0')
    }).immediate()
    let page: PullResponse
    do {
      page = await this.pullOnce()
    } while (page.hasMore && !page.reset)
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
        const initial = Number(getSetting(this.deps.db, SETTING_CURSOR) ?? '0') === 0
        let pages = 0
        let next: Promise<PullResponse> | null = null
        for (;;) {
          const page: PullResponse = await (next ?? this.fetchPage(this.cursor()))
          next = null
          pages++
          if (page.reset) {
            await this.resetMirror()
            break
          }
          if (page.hasMore) {
            // Ask for the next page now: the portal reads it while this one is applied.
            next = this.fetchPage(page.nextCursor)
            next.catch(() => undefined) // if applying fails, the prefetched page is simply dropped
          }
          await this.applyPageYielding(page)
          if (initial && page.hasMore) this.initialSyncProgress = Math.min(0.99, pages / (pages + 5))
          if (!page.hasMore) break
          // Let the shells answer the clerk between pages: sync never blocks the UI.
          await new Promise<void>((resolve) => setImmediate(resolve))
        }
        this.initialSyncProgress = null
      } finally {
        this.busy = null
        this.emitStatus()
      }
    })()
    return this.busy
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
    const acked = Number(getSetting(db, SETTING_ACKED) ?? '0')
    const commands = listUnreflectedForApplication(db, applicationId, acked)
    let state = shadow.record
    for (const row of commands) {
      let outcome: ApplyOutcome
      try {
        outcome = applyCommand(state, toEnvelope(row), this.context(null, state?.serviceId ?? serviceIdOfPayload(row.payload), state))
      } catch (error) {
        // A replay that throws is treated as one that no longer applies: it must never fail the pull
        // page that called rebuild (the same page would then fail forever and sync would stall).
        this.deps.log.warn('replaying a pending command failed; left for the portal to judge', { seq: row.seq, type: row.type, error: String(error) })
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
  refreshBadge(applicationId: string): void {
    const { db } = this.deps
    const shadow = getShadow(db, applicationId)
    if (shadow.exists) {
      this.rebuild(applicationId)
      return
    }
    if (getApplication(db, applicationId)) setSyncState(db, applicationId, countOpenConflictsFor(db, applicationId) > 0 ? 'rejected' : 'confirmed')
  }

  // ————— status —————

  status(): SyncStatus {
    const { db } = this.deps
    const pending = countPending(db)
    const lastPushOk = getSetting(db, SETTING_LAST_PUSH_OK)
    const stallAfter = this.deps.stallAfterMs ?? 3 * 60_000
    const oldestPending = pending > 0 ? getOutboxBySeq(db, lowestPendingSeq(db) ?? 0) : null
    const since = Math.max(lastPushOk ? Date.parse(lastPushOk) : 0, oldestPending ? Date.parse(oldestPending.issuedAt) : 0)
    const stalled = pending > 0 && this.online && this.deps.clock().getTime() - since > stallAfter
    return {
      online: this.online,
      enrolled: this.deps.transport !== null,
      portalUrl: null,
      lastSyncAt: getSetting(db, SETTING_LAST_SYNC),
      pendingCommands: pending,
      openConflicts: countOpenConflicts(db),
      initialSyncProgress: this.initialSyncProgress,
      stalled,
      lastError: this.lastError
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
    return Number(getSetting(this.deps.db, SETTING_CURSOR) ?? '0')
  }

  private emitStatus(): void {
    const status = this.status()
    if (status.stalled) this.deps.log.warn('sync stalled: outbox not empty while the portal answers', { pending: status.pendingCommands })
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
      service: service ? { term: { value: service.term.value, unit: service.term.unit }, refusalGrounds: service.refusal_grounds_uk } : null,
      // Replays predict; the portal re-checks the role with its own clerk table.
      role: role ?? 'admin',
      centreId: this.deps.centreId
    }
  }
}

export interface PageUnit {
  changes: readonly Change[]
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
export function pageUnits(page: PullResponse, max: number): PageUnit[] {
  const ahead = page.changes.filter((c) => c.version > page.nextCursor)
  const inOrder = page.changes.filter((c) => c.version <= page.nextCursor)
  const sorted = inOrder.every((c, i) => i === 0 || (inOrder[i - 1] as Change).version <= c.version)
  if (page.changes.length <= max || !sorted || inOrder.length === 0) return [{ changes: page.changes, cursor: page.nextCursor, last: true }]
  const rowAt = new Map<string, number>()
  inOrder.forEach((c, i) => {
    if (c.type === 'application') rowAt.set(c.record.id, i)
  })
  const moved = new Set<number>()
  const units: PageUnit[] = []
  let start = 0
  while (start < inOrder.length) {
    let end = Math.min(start + max, inOrder.length)
    while (end < inOrder.length && (inOrder[end] as Change).version === (inOrder[end - 1] as Change).version) end++
    const last = end >= inOrder.length
    const changes: Change[] = []
    const early: Change[] = []
    for (let i = start; i < end; i++) {
      const c = inOrder[i] as Change
      if (moved.has(i)) continue
      changes.push(c)
      const row = c.type === 'event' ? rowAt.get(c.event.applicationId) : undefined
      if (row !== undefined && row >= end && !moved.has(row)) {
        moved.add(row)
        early.push(inOrder[row] as Change)
      }
    }
    const cursor = last ? page.nextCursor : (inOrder[end - 1] as Change).version
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

function serviceIdOf(input: CommandInput, state: ApplicationRecord | null): string | null {
  if (input.type === 'register_walk_in') return input.payload.serviceId
  return state?.serviceId ?? null
}

function serviceIdOfPayload(payload: unknown): string | null {
  if (payload && typeof payload === 'object' && 'serviceId' in payload && typeof payload.serviceId === 'string') return payload.serviceId
  return null
}

