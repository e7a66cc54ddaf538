import type { ApplicationEvent, ApplicationRecord } from '../../../shared/domain/application'
import { applyCommand, type CommandEnvelope } from '../../../shared/domain/commands'
import { DEFAULT_CALENDAR } from '../../../shared/domain/calendar'
import {
  appliedResult,
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

  /** The same check as the portal's (src/portal/sync/pull.ts, historyEndsWith). */
  private historyEndsWith(cursor: number, held: CursorEvent): boolean {
    let top = 0
    let known = false
    for (const c of this.changes) {
      if (c.type !== 'event' || c.version > cursor) continue
      top = Math.max(top, c.version)
      if (c.event.id === held.id && c.version === held.version) known = true
    }
    return known && top === held.version
  }

  pull(workstationId: string, cursor: number, limit: number, held: CursorEvent | null = null): PullResponse {
    if (cursor > this.version || (held && cursor > 0 && !this.historyEndsWith(cursor, held))) {
      return { changes: [], nextCursor: 0, hasMore: this.version > 0, lastSeq: this.lastSeq.get(workstationId) ?? 0, reset: true }
    }
    const after = this.changes.filter((c) => c.version > cursor)
    const page: Change[] = []
    for (const c of after) {
      const last = page[page.length - 1]
      // Never split one version across pages.
      if (page.length >= limit && last && last.version !== c.version) break
      page.push(c)
    }
    const last = page[page.length - 1]
    return {
      changes: page,
      nextCursor: last ? last.version : cursor,
      hasMore: page.length < after.length,
      lastSeq: this.lastSeq.get(workstationId) ?? 0,
      reset: false
    }
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
