import { z } from 'zod'
import { CHANNELS, ROLES, type Role } from '../../shared/domain/application'
import { instantMs } from '../../shared/domain/calendar'
import { AGGREGATE_KINDS, type AggregateReadout } from '../../shared/reports/aggregates'
import { OUTCOMES, type ReportFilter, type ReportRow } from '../../shared/reports/definitions'
import { readClerkRoster } from './clerk-roster-repository'
import { parsePauses, reportRowColumns, reportRowFields } from './reports-repository'
import { prepared, type Db } from './sql'

/*
 * The daily report aggregates (migration 010): report_facts, written beside every application, and
 * report_daily, the sums its triggers keep. Read by the supervisors' dashboard (reports-repository.ts).
 */

export const INSERT_REPORT_FACT = `
  INSERT INTO report_facts (application_id, service_id, channel, status, holder_clerk_id, holder_name, received_at, received_at_ms,
    due_at, due_at_ms, outcome, decided_at, decided_at_ms, decided_day, processing_centi, pauses_json, steps_json)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

const FILTERS = `AND (? IS NULL OR service_id IN (SELECT value FROM json_each(?))) AND (? IS NULL OR channel IN (SELECT value FROM json_each(?)))`

const kindSchema = z.enum(AGGREGATE_KINDS)
const levelSchema = z.strictObject({ kind: kindSchema, n: z.number().int() })
const serviceSumSchema = z.strictObject({ service_id: z.string(), n: z.number().int() })
const factSchema = z.strictObject({
  application_id: z.string(),
  ...reportRowColumns,
  outcome: z.enum(OUTCOMES).nullable(),
  pauses_json: z.string()
})

function factRow(raw: unknown): ReportRow {
  const f = factSchema.parse(raw)
  return { id: f.application_id, ...reportRowFields(f), outcome: f.outcome, pauses: parsePauses(f.pauses_json) }
}

const FACT_COLUMNS = `application_id, service_id, channel, status, holder_clerk_id, holder_name, received_at, due_at, outcome, decided_at, pauses_json`
const KINDS = AGGREGATE_KINDS.map((k) => `'${k}'`).join(', ')

/** The dashboard's reads; each is a range of an index (report-aggregates.test.ts checks the plans). */
export const AGGREGATE_QUERIES = {
  days: `SELECT kind, day, channel, sum(n) AS n FROM report_daily WHERE kind IN (${KINDS}) AND day >= ? AND day <= ? ${FILTERS}
      GROUP BY kind, day, channel`,
  services: `SELECT kind, service_id, sum(n) AS n FROM report_daily WHERE kind IN (${KINDS}) AND day >= ? AND day <= ? ${FILTERS}
      GROUP BY kind, service_id`,
  opening: `SELECT kind, sum(n) AS n FROM report_daily WHERE kind IN ('backlog', 'overdue') AND day < ? ${FILTERS} GROUP BY kind`,
  overdueAtEnd: `SELECT service_id, sum(n) AS n FROM report_daily WHERE kind = 'overdue' AND day <= ? ${FILTERS} GROUP BY service_id`,
  processingDays: `SELECT service_id, whole_days, sum(n) AS n FROM report_processing_days WHERE day >= ? AND day <= ? ${FILTERS}
      GROUP BY service_id, whole_days ORDER BY service_id, whole_days`,
  // The n times from the r-th (0-based) shortest on, of one whole-day bucket of one service in the period:
  // walked in the index's order of time, no sort (migration 011).
  processingNth: `SELECT processing_centi FROM report_facts INDEXED BY report_facts_median_in_order
      WHERE service_id = ? AND processing_centi / 100 = ? AND decided_day >= ? AND decided_day <= ? AND processing_centi IS NOT NULL
        AND (? IS NULL OR channel IN (SELECT value FROM json_each(?)))
      ORDER BY processing_centi LIMIT ? OFFSET ?`,
  undecidedByHolder: `SELECT holder_clerk_id, holder_name, count(*) AS n FROM report_facts INDEXED BY report_facts_undecided
      WHERE decided_at_ms IS NULL AND received_at_ms < ? ${FILTERS} GROUP BY holder_clerk_id, holder_name`,
  undecidedPastDue: `SELECT ${FACT_COLUMNS} FROM report_facts INDEXED BY report_facts_undecided_due
      WHERE decided_at_ms IS NULL AND due_at_ms < ? AND received_at_ms < ? ${FILTERS}`,
  // Rows decided at or after now are few (usually none) whatever the statistics say (a small file's ANALYZE prefers a scan).
  decidedAfterNow: `SELECT ${FACT_COLUMNS} FROM report_facts INDEXED BY report_facts_decided_at
      WHERE decided_at_ms >= ? AND received_at_ms < ? ${FILTERS}`
} as const

const dayCellSchema = z.strictObject({ kind: kindSchema, day: z.string(), channel: z.enum(CHANNELS), n: z.number().int() })
const serviceCellSchema = z.strictObject({ kind: kindSchema, service_id: z.string(), n: z.number().int() })
const bucketSchema = z.strictObject({ service_id: z.string(), whole_days: z.number().int(), n: z.number().int() })
const holderCountSchema = z.strictObject({
  holder_clerk_id: z.string().nullable(),
  holder_name: z.string().nullable(),
  n: z.number().int()
})
const centiSchema = z.strictObject({ processing_centi: z.number().int() })

/** Whether readAggregates can answer `filter` (the aggregates are per service and channel, not per holder). */
export function aggregatesAnswer(filter: ReportFilter): boolean {
  return !filter.holderClerkIds || filter.holderClerkIds.length === 0
}

/**
 * The middle one or two processing times of each service decided in the period (the median needs no
 * more): the whole-day buckets say where the middle lies, then that bucket's times are read in order.
 */
function medianTimes(
  db: Db,
  from: string,
  to: string,
  f: readonly (string | null)[],
  channels: string | null
): AggregateReadout['processing'] {
  const buckets = new Map<string, { wholeDays: number; n: number }[]>()
  for (const raw of prepared(db, AGGREGATE_QUERIES.processingDays).all(from, to, ...f)) {
    const b = bucketSchema.parse(raw)
    if (b.n <= 0) continue
    const list = buckets.get(b.service_id) ?? []
    list.push({ wholeDays: b.whole_days, n: b.n })
    buckets.set(b.service_id, list)
  }
  const out: AggregateReadout['processing'] = []
  for (const [serviceId, list] of buckets) {
    const total = list.reduce((sum, b) => sum + b.n, 0)
    const first = Math.floor((total - 1) / 2)
    const count = total % 2 === 1 ? 1 : 2
    // The bucket holding the first middle time; the second (if any) is the next time, in it or in the next non-empty bucket.
    let before = 0
    for (const [i, b] of list.entries()) {
      if (first >= before + b.n) {
        before += b.n
        continue
      }
      const offset = first - before
      const times = prepared(db, AGGREGATE_QUERIES.processingNth)
        .all(serviceId, b.wholeDays, from, to, channels, channels, Math.min(count, b.n - offset), offset)
        .map((raw) => centiSchema.parse(raw).processing_centi)
      const next = list[i + 1]
      if (times.length < count && next) {
        const more = prepared(db, AGGREGATE_QUERIES.processingNth).get(serviceId, next.wholeDays, from, to, channels, channels, 1, 0)
        times.push(centiSchema.parse(more).processing_centi)
      }
      for (const centi of times) out.push({ serviceId, centi })
      break
    }
  }
  return out
}

/**
 * What dashboardFromAggregates needs for `filter` at `nowIso`, read from report_daily,
 * report_processing_days and report_facts: the period's sums per day and per service, the levels
 * before it, the overdue at its end per service, the middle processing times, and "now".
 */
export function readAggregates(db: Db, filter: ReportFilter, nowIso: string): AggregateReadout {
  if (!aggregatesAnswer(filter)) throw new Error('readAggregates: the aggregates are not kept per holder')
  const services = filter.serviceIds && filter.serviceIds.length > 0 ? JSON.stringify(filter.serviceIds) : null
  const channels = filter.channels && filter.channels.length > 0 ? JSON.stringify(filter.channels) : null
  const f = [services, services, channels, channels]
  const { from, to } = filter.period
  const days = prepared(db, AGGREGATE_QUERIES.days)
    .all(from, to, ...f)
    .map((raw) => dayCellSchema.parse(raw))
  const serviceCells = prepared(db, AGGREGATE_QUERIES.services)
    .all(from, to, ...f)
    .map((raw) => serviceCellSchema.parse(raw))
    .map((c) => ({ kind: c.kind, serviceId: c.service_id, n: c.n }))
  const opening = { backlog: 0, overdue: 0 }
  for (const raw of prepared(db, AGGREGATE_QUERIES.opening).all(from, ...f)) {
    const l = levelSchema.parse(raw)
    if (l.kind === 'backlog' || l.kind === 'overdue') opening[l.kind] = l.n
  }
  const overdueAtEnd = prepared(db, AGGREGATE_QUERIES.overdueAtEnd)
    .all(to, ...f)
    .map((raw) => serviceSumSchema.parse(raw))
    .map((s) => ({ serviceId: s.service_id, n: s.n }))
  const nowMs = instantMs(nowIso, 'now')
  const undecidedByHolder = prepared(db, AGGREGATE_QUERIES.undecidedByHolder)
    .all(nowMs, ...f)
    .map((raw) => holderCountSchema.parse(raw))
    .map((h) => ({ holderClerkId: h.holder_clerk_id, holderName: h.holder_name, n: h.n }))
  const candidates = [
    ...prepared(db, AGGREGATE_QUERIES.undecidedPastDue).all(nowMs, nowMs, ...f),
    // Decided at or after now (a clock behind the portal's).
    ...prepared(db, AGGREGATE_QUERIES.decidedAfterNow).all(nowMs, nowMs, ...f)
  ].map(factRow)
  return {
    days,
    services: serviceCells,
    opening,
    overdueAtEnd,
    processing: medianTimes(db, from, to, f, channels),
    undecidedByHolder,
    candidates
  }
}

const knownHolderSchema = z.strictObject({ clerk_id: z.string(), name: z.string().nullable() })
const verifierSchema = z.strictObject({ clerk_id: z.string(), clerk_json: z.string() })
const verifierClerkSchema = z.object({ name: z.string(), role: z.enum(ROLES) })

/**
 * The clerks a supervisor may hand an application to, by name, for the reassign dialog. When this
 * workstation holds the centre's roster (the portal's list of its active clerks, migration 013),
 * it is the list: every active clerk with their role, whether or not they signed in here or hold
 * anything; a clerk not on it (disabled, or gone) is not offered even when they still hold
 * applications. Without a roster (never fetched: a standalone demo, a portal not yet reached): those
 * who signed in here (with their role) and those holding undecided applications in the mirror (role
 * unknown here).
 */
export function knownClerks(db: Db): { clerkId: string; name: string; role: Role | null }[] {
  const out = new Map<string, { clerkId: string; name: string; role: Role | null }>()
  const roster = readClerkRoster(db)
  if (roster) {
    for (const c of roster.clerks) out.set(c.clerkId, { clerkId: c.clerkId, name: c.name, role: c.role })
  } else {
    for (const raw of prepared(
      db,
      `SELECT holder_clerk_id AS clerk_id, max(holder_name) AS name FROM report_facts INDEXED BY report_facts_undecided
        WHERE decided_at_ms IS NULL AND holder_clerk_id IS NOT NULL GROUP BY holder_clerk_id`
    ).all()) {
      const h = knownHolderSchema.parse(raw)
      out.set(h.clerk_id, { clerkId: h.clerk_id, name: h.name ?? h.clerk_id, role: null })
    }
    for (const raw of prepared(db, 'SELECT clerk_id, clerk_json FROM clerk_verifiers').all()) {
      const v = verifierSchema.parse(raw)
      const clerk = verifierClerkSchema.safeParse(JSON.parse(v.clerk_json))
      if (clerk.success) out.set(v.clerk_id, { clerkId: v.clerk_id, name: clerk.data.name, role: clerk.data.role })
    }
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name, 'uk') || (a.clerkId < b.clerkId ? -1 : 1))
}
