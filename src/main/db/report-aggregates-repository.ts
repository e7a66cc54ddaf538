import { z } from 'zod'
import { CHANNELS } from '../../shared/domain/application'
import { instantMs } from '../../shared/domain/calendar'
import { STATUSES } from '../../shared/domain/status'
import { AGGREGATE_CALENDAR, AGGREGATE_KINDS, type AggregateReadout } from '../../shared/reports/aggregates'
import { dayOfMs, OUTCOMES, type ReportFilter, type ReportRow } from '../../shared/reports/definitions'
import { prepared, type Db } from './sql'

/*
 * The daily report aggregates (migration 010): report_facts, written beside every application, and
 * report_daily, the sums its triggers keep. Read by the supervisors' dashboard (reports-repository.ts).
 */

export const INSERT_REPORT_FACT = `
  INSERT INTO report_facts (application_id, service_id, channel, status, holder_clerk_id, holder_name, received_at, received_at_ms,
    due_at, outcome, decided_at, decided_at_ms, decided_day, processing_centi, pauses_json, steps_json)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

const FILTERS = `AND (? IS NULL OR service_id IN (SELECT value FROM json_each(?))) AND (? IS NULL OR channel IN (SELECT value FROM json_each(?)))`

const kindSchema = z.enum(AGGREGATE_KINDS)
const cellSchema = z.strictObject({
  kind: kindSchema,
  day: z.string(),
  service_id: z.string(),
  channel: z.enum(CHANNELS),
  n: z.number().int()
})
const levelSchema = z.strictObject({ kind: kindSchema, n: z.number().int() })
const serviceSumSchema = z.strictObject({ service_id: z.string(), n: z.number().int() })
const processingSchema = z.strictObject({ service_id: z.string(), processing_centi: z.number().int() })
const factSchema = z.strictObject({
  application_id: z.string(),
  service_id: z.string(),
  channel: z.enum(CHANNELS),
  status: z.enum(STATUSES),
  holder_clerk_id: z.string().nullable(),
  holder_name: z.string().nullable(),
  received_at: z.string(),
  due_at: z.string(),
  outcome: z.enum(OUTCOMES).nullable(),
  decided_at: z.string().nullable(),
  pauses_json: z.string()
})
const pausesSchema = z.array(z.strictObject({ from: z.string(), to: z.string().nullable() }))

function factRow(raw: unknown): ReportRow {
  const f = factSchema.parse(raw)
  return {
    id: f.application_id,
    serviceId: f.service_id,
    channel: f.channel,
    status: f.status,
    holderClerkId: f.holder_clerk_id,
    holderName: f.holder_name,
    receivedAt: f.received_at,
    dueAt: f.due_at,
    outcome: f.outcome,
    decidedAt: f.decided_at,
    pauses: pausesSchema.parse(JSON.parse(f.pauses_json))
  }
}

const FACT_COLUMNS = `application_id, service_id, channel, status, holder_clerk_id, holder_name, received_at, due_at, outcome, decided_at, pauses_json`

/** The dashboard's reads; each is a range of an index (report-aggregates.test.ts checks the plans). */
export const AGGREGATE_QUERIES = {
  cells: `SELECT kind, day, service_id, channel, n FROM report_daily WHERE kind IN (${AGGREGATE_KINDS.map((k) => `'${k}'`).join(', ')})
        AND day >= ? AND day <= ? AND n <> 0 ${FILTERS}`,
  opening: `SELECT kind, sum(n) AS n FROM report_daily WHERE kind IN ('backlog', 'overdue') AND day < ? ${FILTERS} GROUP BY kind`,
  overdueAtEnd: `SELECT service_id, sum(n) AS n FROM report_daily WHERE kind = 'overdue' AND day <= ? ${FILTERS} GROUP BY service_id`,
  processing: `SELECT service_id, processing_centi FROM report_facts
      WHERE decided_day >= ? AND decided_day <= ? AND processing_centi IS NOT NULL ${FILTERS}`,
  undecided: `SELECT ${FACT_COLUMNS} FROM report_facts WHERE decided_at_ms IS NULL AND received_at_ms < ?`,
  // Rows decided from yesterday on are few whatever the statistics say (a small file's ANALYZE prefers a scan).
  decidedAfterNow: `SELECT ${FACT_COLUMNS} FROM report_facts INDEXED BY report_facts_by_decided_day
      WHERE decided_day >= ? AND decided_at_ms >= ? AND received_at_ms < ?`
} as const

/** Whether readAggregates can answer `filter` (the aggregates are per service and channel, not per holder). */
export function aggregatesAnswer(filter: ReportFilter): boolean {
  return !filter.holderClerkIds || filter.holderClerkIds.length === 0
}

/**
 * What dashboardFromAggregates needs for `filter` at `nowIso`, read from report_daily and
 * report_facts: the period's cells, the levels before it, the overdue at its end per service, the
 * processing times of its decisions and the applications that may be pending now.
 */
export function readAggregates(db: Db, filter: ReportFilter, nowIso: string): AggregateReadout {
  if (!aggregatesAnswer(filter)) throw new Error('readAggregates: the aggregates are not kept per holder')
  const services = filter.serviceIds && filter.serviceIds.length > 0 ? JSON.stringify(filter.serviceIds) : null
  const channels = filter.channels && filter.channels.length > 0 ? JSON.stringify(filter.channels) : null
  const f = [services, services, channels, channels]
  const { from, to } = filter.period
  const cells = prepared(
    db,
    `SELECT kind, day, service_id, channel, n FROM report_daily WHERE kind IN (${AGGREGATE_KINDS.map((k) => `'${k}'`).join(', ')})
        AND day >= ? AND day <= ? AND n <> 0 ${FILTERS}`
  )
    .all(from, to, ...f)
    .map((raw) => cellSchema.parse(raw))
  const opening = { backlog: 0, overdue: 0 }
  for (const raw of prepared(db, AGGREGATE_QUERIES.opening).all(from, ...f)) {
    const l = levelSchema.parse(raw)
    if (l.kind === 'backlog' || l.kind === 'overdue') opening[l.kind] = l.n
  }
  const overdueAtEnd = prepared(db, AGGREGATE_QUERIES.overdueAtEnd)
    .all(to, ...f)
    .map((raw) => serviceSumSchema.parse(raw))
    .map((s) => ({ serviceId: s.service_id, n: s.n }))
  const processing = prepared(db, AGGREGATE_QUERIES.processing)
    .all(from, to, ...f)
    .map((raw) => processingSchema.parse(raw))
    .map((p) => ({ serviceId: p.service_id, centi: p.processing_centi }))
  // Pending now: undecided, or decided after now (a clock behind the portal's; decided today or later).
  const nowMs = instantMs(nowIso, 'now')
  const pendingCandidates = [
    ...prepared(db, AGGREGATE_QUERIES.undecided).all(nowMs + 1),
    ...prepared(db, AGGREGATE_QUERIES.decidedAfterNow).all(dayOfMs(nowMs - 86_400_000, AGGREGATE_CALENDAR), nowMs, nowMs + 1)
  ].map(factRow)
  return {
    days: cells.map((c) => ({ kind: c.kind, day: c.day, channel: c.channel, n: c.n })),
    services: cells.map((c) => ({ kind: c.kind, serviceId: c.service_id, n: c.n })),
    opening,
    overdueAtEnd,
    processing,
    pendingCandidates
  }
}
