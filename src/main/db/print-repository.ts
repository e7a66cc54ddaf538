import type { ApplicationRecord } from '../../shared/domain/application'
import type { CommandType, PRINT_DOCUMENTS } from '../../shared/domain/commands'
import { getApplication } from './applications-repository'
import { prepared, timed, type Db } from './sql'

/*
 * Reads the print pipeline needs beyond applications-repository: the registers of a day, who
 * registered a walk-in, whether a document was printed before (a reprint says «КОПІЯ»), and which
 * decision is still waiting for the portal (the paper says «ПОПЕРЕДНІЙ»). Read-only.
 */

type PrintDocument = (typeof PRINT_DOCUMENTS)[number]

const RECEIVED_BETWEEN = `SELECT id FROM applications
  WHERE is_open IN (0, 1) AND received_at_ms >= ? AND received_at_ms < ?
  ORDER BY received_at_ms, rowid`
const ISSUED_BETWEEN = `SELECT id FROM applications
  WHERE status = 'issued' AND received_at_ms < ? AND closed_at >= ? AND closed_at < ?
  ORDER BY received_at_ms, rowid`
const REGISTERED_BY = `SELECT actor AS name FROM application_events WHERE application_id = ? AND kind = 'registered_walk_in'
  UNION ALL
  SELECT clerk_name AS name FROM outbox WHERE application_id = ? AND type = 'register_walk_in' AND state <> 'rejected'
  LIMIT 1`
const WAS_PRINTED = `SELECT 1 FROM application_events
    WHERE application_id = ? AND kind = 'printed' AND json_extract(data_json, '$.document') = ?
  UNION ALL
  SELECT 1 FROM outbox
    WHERE application_id = ? AND type = 'record_print' AND state <> 'rejected' AND json_extract(payload_json, '$.document') = ?
  LIMIT 1`
const FORWARDED_BODY = `SELECT body FROM (
    SELECT json_extract(payload_json, '$.body') AS body, 1 AS pending, seq AS ord FROM outbox
      WHERE application_id = ? AND type = 'forward' AND state = 'pending'
    UNION ALL
    SELECT json_extract(data_json, '$.body') AS body, 0 AS pending, at_ms AS ord FROM application_events
      WHERE application_id = ? AND kind = 'forwarded'
  ) ORDER BY pending DESC, ord DESC LIMIT 1`

/** The statements above, for the plan test (EXPLAIN QUERY PLAN). */
export const ALL_PRINT_QUERIES_FOR_TESTS: Readonly<Record<string, string>> = {
  RECEIVED_BETWEEN,
  ISSUED_BETWEEN,
  REGISTERED_BY,
  WAS_PRINTED,
  FORWARDED_BODY
}

/** Whole records through the applications repository, so this file knows only the queue columns. */
const records = (db: Db, rows: { id: string }[]): ApplicationRecord[] =>
  rows.map((r) => getApplication(db, r.id)).filter((r): r is ApplicationRecord => r !== null)

/**
 * Applications received in [fromMs, toMs): the daily register. `is_open IN (0, 1)` covers every row
 * and lets SQLite range-scan applications_by_open_received (two seeks) instead of the whole table.
 */
export function listReceivedBetween(db: Db, fromMs: number, toMs: number): ApplicationRecord[] {
  return timed(db, 'print.listReceivedBetween', () => records(db, prepared<{ id: string }>(db, RECEIVED_BETWEEN).all(fromMs, toMs)))
}

/**
 * Applications whose result was issued in [fromMs, toMs): the issue register. The schema keeps
 * closed_at as ISO text with whatever offset the writer used, so SQL narrows by text with a day of
 * slack either side (an offset moves a date by at most one day) and the exact instant is checked
 * here. An issued application was received before it was issued: that bounds the index range.
 * (A closed_at_ms column with an index on (status, closed_at_ms) would make this exact in SQL; it
 * needs a migration, which is the db owner's call.)
 */
export function listIssuedBetween(db: Db, fromMs: number, toMs: number): ApplicationRecord[] {
  const day = 86_400_000
  const lo = new Date(fromMs - day).toISOString().slice(0, 10)
  const hi = new Date(toMs + day).toISOString().slice(0, 10)
  return timed(db, 'print.listIssuedBetween', () =>
    records(db, prepared<{ id: string }>(db, ISSUED_BETWEEN).all(toMs, lo, `${hi}\uffff`)).filter((r) => {
      const at = Date.parse(r.issuedTo?.at ?? r.closedAt ?? '')
      return at >= fromMs && at < toMs
    })
  )
}

/** Who registered a walk-in at the desk: the portal's event, or the local command not yet confirmed. */
export function registeredByOf(db: Db, applicationId: string): string | null {
  const row = prepared<{ name: string }>(db, REGISTERED_BY).get(applicationId, applicationId)
  return row?.name ?? null
}

/** True when the document was printed for the application before (confirmed event or a print still in the outbox). */
export function wasPrinted(db: Db, applicationId: string, document: PrintDocument): boolean {
  const row = prepared(db, WAS_PRINTED).get(applicationId, document, applicationId, document)
  return row !== undefined
}

/** The newest command of these types the portal has not answered yet, or null. */
export function latestPendingCommand(db: Db, applicationId: string, types: readonly CommandType[]): string | null {
  if (types.length === 0) return null
  const marks = types.map(() => '?').join(', ')
  const row = prepared<{ command_id: string }>(
    db,
    `SELECT command_id FROM outbox WHERE application_id = ? AND state = 'pending' AND type IN (${marks}) ORDER BY seq DESC LIMIT 1`
  ).get(applicationId, ...types)
  return row?.command_id ?? null
}

/** The deciding body named when the application was forwarded (the newest forward, confirmed or pending). */
export function forwardedBodyOf(db: Db, applicationId: string): string | null {
  const row = prepared<{ body: string | null }>(db, FORWARDED_BODY).get(applicationId, applicationId)
  const body = row?.body
  return typeof body === 'string' && body.trim() !== '' ? body.trim() : null
}
