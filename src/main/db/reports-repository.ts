import { z } from 'zod'
import { CHANNELS } from '../../shared/domain/application'
import { STATUSES, type Status } from '../../shared/domain/status'
import { instantMs, localTimeToMs, type WorkCalendar } from '../../shared/domain/calendar'
import { endOfDayMs, inSlice, outcomeOf, type ReportRow, type ReportSlice } from '../../shared/reports/definitions'
import { prepared, type Db } from './sql'

/*
 * The rows the report definitions (src/shared/reports) are computed from, read without personal
 * data: the applicant's columns are never selected. The decision and the pauses live only in the
 * record, so SQLite extracts those three fields from its JSON instead of JavaScript parsing 3.5 KB
 * a row.
 */

/**
 * The columns an application's report row has under the same name wherever it is read: the
 * applications' select below and report_facts (report-aggregates-repository.ts).
 */
export const reportRowColumns = {
  service_id: z.string(),
  channel: z.enum(CHANNELS),
  status: z.enum(STATUSES),
  holder_clerk_id: z.string().nullable(),
  holder_name: z.string().nullable(),
  received_at: z.string(),
  due_at: z.string(),
  decided_at: z.string().nullable()
}
type ReportRowColumns = z.infer<z.ZodObject<typeof reportRowColumns>>

/** Those columns as the report row's fields. */
export function reportRowFields(r: ReportRowColumns): Omit<ReportRow, 'id' | 'outcome' | 'pauses'> {
  return {
    serviceId: r.service_id,
    channel: r.channel,
    status: r.status,
    holderClerkId: r.holder_clerk_id,
    holderName: r.holder_name,
    receivedAt: r.received_at,
    dueAt: r.due_at,
    decidedAt: r.decided_at
  }
}

const pausesSchema = z.array(z.strictObject({ from: z.string(), to: z.string().nullable() }))
/** The paused spans (while the applicant corrects), stored as JSON; none when null. */
export const parsePauses = (json: string | null): ReportRow['pauses'] => (json === null ? [] : pausesSchema.parse(JSON.parse(json)))

const rawSchema = z.strictObject({
  id: z.string(),
  ...reportRowColumns,
  decision_kind: z.enum(['approve', 'refuse', 'return']).nullable(),
  pauses_json: z.string().nullable()
})

const SELECT_ROWS = `
  SELECT a.id, a.service_id, a.channel, a.status, a.holder_clerk_id, a.holder_name, a.received_at, a.due_at,
         json_extract(r.record_json, '$.decision.kind') AS decision_kind,
         json_extract(r.record_json, '$.decision.decidedAt') AS decided_at,
         json_extract(r.record_json, '$.pauses') AS pauses_json
  FROM applications a JOIN application_records r ON r.application_id = a.id
  WHERE a.received_at_ms < ? AND (a.closed_at IS NULL OR julianday(a.closed_at) >= ?) AND a.is_test = 0`

/** Epoch ms as SQLite's julianday, a second early (see iterateReportRows); 0 (no bound) for -Infinity. */
const julianSince = (openSinceMs: number): number => (Number.isFinite(openSinceMs) ? (openSinceMs - 1000) / 86_400_000 + 2_440_587.5 : 0)

/** One row of the applications' report select (the columns of SELECT_ROWS) as the definitions' row. */
export function toReportRow(raw: unknown): ReportRow {
  const r = rawSchema.parse(raw)
  return {
    id: r.id,
    ...reportRowFields(r),
    outcome: r.decision_kind === null ? null : outcomeOf(r.decision_kind),
    pauses: parsePauses(r.pauses_json)
  }
}

/**
 * Test applications (issue 17, migration 014) are in no report, export or open data: every read here leaves them out.
 *
 * Every application received before `beforeMs` (epoch ms; pass the end of a report's period) and
 * not closed before `openSinceMs` (pass the period's start), one at a time: constant memory
 * whatever the size of the database. An application closed before a period began was decided
 * before it too (decidedAt <= closedAt), so no figure of that period or after counts it: skipping
 * those (most of a centre's history) is what keeps a month's dashboard from reading years. The
 * bound is a second early, so a rounding of julianday can only let one more row in, never keep one out.
 */
export function* iterateReportRows(db: Db, beforeMs: number, openSinceMs = -Infinity): Generator<ReportRow> {
  for (const raw of prepared(db, SELECT_ROWS).iterate(beforeMs, julianSince(openSinceMs))) yield toReportRow(raw)
}

/** How many rows iterateReportRows(db, beforeMs, openSinceMs) reads: the total of an export's progress. */
export function countReportRows(db: Db, beforeMs: number, openSinceMs = -Infinity): number {
  return (
    prepared<{ n: number }>(
      db,
      'SELECT count(*) AS n FROM applications a WHERE a.received_at_ms < ? AND (a.closed_at IS NULL OR julianday(a.closed_at) >= ?) AND a.is_test = 0'
    ).get(beforeMs, julianSince(openSinceMs))?.n ?? 0
  )
}

/** The ids of the applications a dashboard figure counted (the queue's drill-down), oldest first. */
export function reportSliceIds(db: Db, slice: ReportSlice, cal: WorkCalendar, nowIso: string): string[] {
  const until = Math.max(endOfDayMs(slice.period.to, cal), instantMs(nowIso, 'now') + 1)
  const ids: string[] = []
  const since = localTimeToMs(slice.period.from, 0, 0, 0, cal.timeZone)
  for (const row of iterateReportRows(db, until, since)) if (inSlice(row, slice, cal, nowIso)) ids.push(row.id)
  return ids
}

/** One line of a clerk's list export: the queue's columns, with the applicant's name. */
export interface ListRow {
  orderNumber: string
  receivedAt: string
  serviceId: string
  serviceName: string
  applicant: string
  status: Status
  dueAt: string
  holderName: string | null
}

const listRowSchema = z.strictObject({
  order_number: z.string(),
  received_at: z.string(),
  service_id: z.string(),
  service_name: z.string(),
  surname: z.string(),
  given_name: z.string(),
  patronymic: z.string().nullable(),
  status: z.enum(STATUSES),
  due_at: z.string(),
  holder_name: z.string().nullable()
})

/**
 * Applications received in [fromMs, toMs), oldest first, one at a time (constant memory), with the
 * service and channel filters of the queue. The only report read that selects personal data: the
 * clerk's own list export, which is audited by its caller.
 */
export function* iterateListRows(
  db: Db,
  q: { fromMs: number; toMs: number; serviceIds?: readonly string[] | undefined; channels?: readonly string[] | undefined }
): Generator<ListRow> {
  const services = q.serviceIds && q.serviceIds.length > 0 ? JSON.stringify(q.serviceIds) : null
  const channels = q.channels && q.channels.length > 0 ? JSON.stringify(q.channels) : null
  const stmt = prepared(
    db,
    `SELECT a.order_number, a.received_at, a.service_id, s.name_uk AS service_name, p.surname, p.given_name, p.patronymic,
            a.status, a.due_at, a.holder_name
       FROM applications a CROSS JOIN applicants p ON p.id = a.applicant_id CROSS JOIN services s ON s.id = a.service_id
      WHERE a.received_at_ms >= ? AND a.received_at_ms < ? AND a.is_test = 0
        AND (? IS NULL OR a.service_id IN (SELECT value FROM json_each(?)))
        AND (? IS NULL OR a.channel IN (SELECT value FROM json_each(?)))
      ORDER BY a.received_at_ms, a.rowid`
  )
  for (const raw of stmt.iterate(q.fromMs, q.toMs, services, services, channels, channels)) {
    const r = listRowSchema.parse(raw)
    yield {
      orderNumber: r.order_number,
      receivedAt: r.received_at,
      serviceId: r.service_id,
      serviceName: r.service_name,
      applicant: [r.surname, r.given_name, r.patronymic].filter((x): x is string => x !== null && x !== '').join(' '),
      status: r.status,
      dueAt: r.due_at,
      holderName: r.holder_name
    }
  }
}
