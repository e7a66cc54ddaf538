import type { ApplicationEvent, ApplicationRecord } from '../../../shared/domain/application'
import { applyCommand, type CommandEnvelope } from '../../../shared/domain/commands'
import { DEFAULT_CALENDAR } from '../../../shared/domain/calendar'
import {
  appliedResult,
  behindPage,
  rejectedResult,
  settledRejectionResult,
  type Change,
  type CommandResult,
  type CursorEvent,
  type PullResponse,
  type PushRequest,
  type PushResponse
} from '../../../shared/protocol'
import type { SyncTransport } from '../transport'
import { TransportError } from '../transport'

/**
 * A protocol-faithful portal in memory, for the workstation engine's unit tests only: same
 * de-duplication by seq, gap answer, rejection-as-outcome and version-ordered pull as sync.md.
 * The real portal (src/portal) is exercised by its own tests, the e2e specs and the simulation.
 */
export class MemoryPortal {
  records = new Map<string, ApplicationRecord>()
  changes: Change[] = []
  version = 0
  lastSeq = new Map<string, number>()
  results = new Map<string, CommandResult>()
  executed: CommandEnvelope[] = []
  /** Uploaded scans by hash, and how many commands the portal had executed when each arrived. */
  blobs = new Map<string, { mediaType: string; bytes: Uint8Array; executedBefore: number }>()
  /** Set to make the portal refuse uploads (a 4xx), as for a file it does not accept. */
  refuseBlobs = false
  now = '2026-11-30T09:00:00.000Z'
  services = new Map<
    string,
    { term: { value: number | null; unit: 'same_day' | 'hours' | 'working_days' | 'calendar_days' | null }; refusalGrounds: string[] }
  >()

  put(record: ApplicationRecord): void {
    this.version++
    const stamped = { ...record }
    this.records.set(record.id, stamped)
    this.changes.push({ type: 'application', version: this.version, record: stamped })
  }

  /** The application deleted with its history (a service's test applications, issue 17): a `removed` change. */
  remove(id: string): void {
    this.version++
    this.records.delete(id)
    this.changes = this.changes.filter(
      (c) => (c.type === 'application' ? c.record.id : c.type === 'event' ? c.event.applicationId : null) !== id
    )
    this.changes.push({ type: 'removed', version: this.version, applicationId: id })
  }

  addEvent(event: ApplicationEvent): void {
    this.changes.push({ type: 'event', version: this.version, event })
  }

  push(req: PushRequest): PushResponse {
    const results: CommandResult[] = []
    for (const cmd of req.commands) {
      const last = this.lastSeq.get(req.workstationId) ?? 0
      if (cmd.seq <= last) {
        const stored = this.results.get(`${req.workstationId}:${cmd.seq}`)
        if (stored) results.push(stored)
        continue
      }
      if (cmd.seq > last + 1) return { results, resendFrom: last + 1, lastSeq: last }
      if (cmd.settled) {
        // A rejection this portal lost, sent again as recorded: stored, never executed (as src/portal/sync/push.ts).
        const stored = settledRejectionResult({ ...cmd, settled: cmd.settled })
        this.results.set(`${req.workstationId}:${cmd.seq}`, stored)
        this.lastSeq.set(req.workstationId, cmd.seq)
        results.push(stored)
        continue
      }
      const state = this.records.get(cmd.applicationId) ?? null
      const service = this.services.get(state?.serviceId ?? String((cmd.payload as { serviceId?: string }).serviceId ?? '')) ?? {
        term: { value: 30, unit: 'calendar_days' as const },
        refusalGrounds: []
      }
      const outcome = applyCommand(state, cmd, { now: this.now, calendar: DEFAULT_CALENDAR, service, role: 'clerk', centreId: 'c1' })
      this.executed.push(cmd)
      let result: CommandResult
      if (outcome.ok) {
        if (outcome.changed) this.put(outcome.record)
        outcome.events.forEach((e, i) => this.addEvent({ ...e, id: `${cmd.commandId}-${i}` }))
        result = appliedResult(cmd, outcome.record.version, this.now)
      } else {
        result = rejectedResult(cmd, outcome.code, outcome.message, state?.version ?? null, this.now)
      }
      this.results.set(`${req.workstationId}:${cmd.seq}`, result)
      this.lastSeq.set(req.workstationId, cmd.seq)
      results.push(result)
    }
    return { results, resendFrom: null, lastSeq: this.lastSeq.get(req.workstationId) ?? 0 }
  }

  /** Everything this portal holds, to be put back by restore(): a backup. */
  snapshot(): { records: Map<string, ApplicationRecord>; changes: Change[]; version: number } {
    return structuredClone({ records: this.records, changes: this.changes, version: this.version })
  }

  /** Back to a snapshot, as a portal restored from a backup (results and last seqs are kept: not what this double tests). */
  restore(backup: { records: Map<string, ApplicationRecord>; changes: Change[]; version: number }): void {
    const copy = structuredClone(backup)
    this.records = copy.records
    this.changes = copy.changes
    this.version = copy.version
  }

  /**
   * A read replica that lags (issue 19): while set, pulls read this copy (replicaNow() takes it).
   * Where it cannot serve (protocol.ts behindPage: the cursor above its version, its history not
   * ending with the held event, a lower last seq than the portal's) the pull reads the portal itself
   * when `retryOnPrimary`, else it is answered `behind`. Pushes always reach the portal itself.
   */
  replica: { changes: Change[]; version: number; lastSeq: Map<string, number>; retryOnPrimary: boolean } | null = null

  /** The replica as of now: later changes reach only the portal until the next replicaNow(). */
  replicaNow(retryOnPrimary = false): void {
    this.replica = { changes: structuredClone(this.changes), version: this.version, lastSeq: new Map(this.lastSeq), retryOnPrimary }
  }

  pull(workstationId: string, cursor: number, limit: number, held: CursorEvent | null = null): PullResponse {
    const primaryLastSeq = this.lastSeq.get(workstationId) ?? 0
    const replica = this.replica
    if (replica) {
      const lastSeq = replica.lastSeq.get(workstationId) ?? 0
      if (lastSeq >= primaryLastSeq && servable(replica.changes, replica.version, cursor, held))
        return pageOf(replica.changes, cursor, limit, lastSeq)
      if (!replica.retryOnPrimary) return behindPage(cursor, primaryLastSeq)
    }
    if (!servable(this.changes, this.version, cursor, held)) {
      return { changes: [], nextCursor: 0, hasMore: this.version > 0, lastSeq: primaryLastSeq, reset: true }
    }
    return pageOf(this.changes, cursor, limit, primaryLastSeq)
  }

  /** A transport to this portal for one workstation, with switches to drop requests or responses. */
  transport(workstationId: string): SyncTransport & { offline: boolean; dropResponses: boolean } {
    const pull = (cursor: number, limit: number, held: CursorEvent | null) => this.pull(workstationId, cursor, limit, held)
    const push = (req: PushRequest) => this.push(req)
    const acceptBlob = (sha256: string, mediaType: string, bytes: Uint8Array): void => {
      if (this.refuseBlobs) throw new TransportError('protocol', 'Приймаються лише PDF, JPEG і PNG', 'unsupported_media_type')
      this.blobs.set(sha256, { mediaType, bytes: new Uint8Array(bytes), executedBefore: this.executed.length })
    }
    const storedBlob = (sha256: string): Uint8Array | null => {
      const found = this.blobs.get(sha256)
      return found ? new Uint8Array(found.bytes) : null
    }
    return {
      offline: false,
      dropResponses: false,
      async pull(cursor, limit, held) {
        if (this.offline) throw new TransportError('offline', 'offline')
        const res = pull(cursor, limit, held ?? null)
        return structuredClone(res)
      },
      async push(req) {
        if (this.offline) throw new TransportError('offline', 'offline')
        const res = push(structuredClone(req))
        if (this.dropResponses) throw new TransportError('offline', 'response lost')
        return structuredClone(res)
      },
      async uploadBlob(sha256, mediaType, bytes) {
        if (this.offline) throw new TransportError('offline', 'offline')
        acceptBlob(sha256, mediaType, bytes)
      },
      async blob(sha256) {
        const found = storedBlob(sha256)
        if (!found) throw new TransportError('protocol', 'no such blob')
        return found
      }
    }
  }
}

/** The same checks as the portal's (src/portal/sync/pull.ts): the cursor not above the version, the held event's history (pull-repository.ts pullHead). */
function servable(changes: readonly Change[], version: number, cursor: number, held: CursorEvent | null): boolean {
  if (cursor > version) return false
  if (!held || cursor === 0) return true
  let top = 0
  let known = false
  for (const c of changes) {
    if (c.type !== 'event') continue
    if (c.event.id === held.id && c.version === held.version) known = true
    if (c.version <= cursor) top = Math.max(top, c.version)
  }
  // An event above the cursor (the latest of a record shipped ahead): holding it is enough.
  return known && (held.version > cursor || top === held.version)
}

/** The changes after the cursor, never splitting one version across pages. */
function pageOf(changes: readonly Change[], cursor: number, limit: number, lastSeq: number): PullResponse {
  const after = changes.filter((c) => c.version > cursor)
  const page: Change[] = []
  for (const c of after) {
    const last = page[page.length - 1]
    if (page.length >= limit && last && last.version !== c.version) break
    page.push(c)
  }
  const last = page[page.length - 1]
  return { changes: page, nextCursor: last ? last.version : cursor, hasMore: page.length < after.length, lastSeq, reset: false }
}
