import type { Queryable } from './portal-db'

/*
 * All portal SQL lives in db/, one repository file per area (named as the workstation's are in
 * src/main/db). Every function takes the connection or transaction first, so the same function
 * serves a plain query and a step inside a larger transaction.
 */

/** A timestamp column as ISO 8601: node-postgres answers a Date, PGlite sometimes a string. */
export function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'string') return new Date(value).toISOString()
  throw new TypeError(`Expected a timestamp, got ${typeof value}`)
}

/** A value sent as one JSON text parameter (a record, or a batch unpacked by jsonb_to_recordset). */
export const jsonParam = (value: unknown): string => JSON.stringify(value)

/**
 * Many rows in one statement: `sql` is an INSERT … SELECT over jsonb_array_elements($2::jsonb) with
 * `owner` (the centre, or the workstation) as $1. No rows, no statement.
 */
export async function insertBatch(q: Queryable, sql: string, owner: string, rows: readonly unknown[]): Promise<void> {
  if (rows.length === 0) return
  await q.query(sql, [owner, jsonParam(rows)])
}
