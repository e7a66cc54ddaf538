import type { ApplicationEvent, ApplicationRecord } from '../../../shared/domain/application'
import { applyCommand, type CommandEnvelope } from '../../../shared/domain/commands'
import { DEFAULT_CALENDAR } from '../../../shared/domain/calendar'
import type { Change, CommandResult, PullResponse, PushRequest, PushResponse } from '../../../shared/protocol'
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
  now = '2026-11-30T09:00:00.000Z'
  services = new Map<string, { term: { value: number | null; unit: 'same_day' | 'hours' | 'working_days' | 'calendar_days' | null }; refusalGrounds: string[] }>()

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
        result = { seq: cmd.seq, commandId: cmd.commandId, outcome: 'applied', code: null, message: null, version: outcome.record.version, decidedAt: this.now }
      } else {
        result = { seq: cmd.seq, commandId: cmd.commandId, outcome: 'rejected', code: outcome.code, message: outcome.message, version: state?.version ?? null, decidedAt: this.now }
      }
      this.results.set(`${req.workstationId}:${cmd.seq}`, result)
      this.lastSeq.set(req.workstationId, cmd.seq)
      results.push(result)
    }
    return { results, resendFrom: null, lastSeq: this.lastSeq.get(req.workstationId) ?? 0 }
  }

  pull(workstationId: string, cursor: number, limit: number): PullResponse {
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
      reset: cursor > this.version
    }
  }

  /** A transport to this portal for one workstation, with switches to drop requests or responses. */
  transport(workstationId: string): SyncTransport & { offline: boolean; dropResponses: boolean } {
    const pull = (cursor: number, limit: number) => this.pull(workstationId, cursor, limit)
    const push = (req: PushRequest) => this.push(req)
    return {
      offline: false,
      dropResponses: false,
      async pull(cursor, limit) {
        if (this.offline) throw new TransportError('offline', 'offline')
        const res = pull(cursor, limit)
        return structuredClone(res)
      },
      async push(req) {
        if (this.offline) throw new TransportError('offline', 'offline')
        const res = push(structuredClone(req))
        if (this.dropResponses) throw new TransportError('offline', 'response lost')
        return structuredClone(res)
      },
      async blob() {
        throw new TransportError('protocol', 'no blobs here')
      }
    }
  }
}
