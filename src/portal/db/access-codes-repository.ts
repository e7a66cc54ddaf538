import type { Queryable } from './portal-db'

/*
 * Access codes (issue 16): the one current code hash of each application, and the counters of
 * tries at codes that the rate limit reads. Kept apart from the applications table on purpose: a
 * record is pulled by every workstation of the centre, a code hash never leaves the portal.
 */

/** Stores the application's current code hash; a second call replaces it (the old code stops working). */
export async function putAccessCode(
  q: Queryable,
  c: { centreId: string; applicationId: string; orderNumber: string; codeHash: string; issuedAt: Date; issuedBy: string }
): Promise<void> {
  await q.query(
    `INSERT INTO access_codes (centre_id, application_id, order_number, code_hash, issued_at, issued_by) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (centre_id, application_id) DO UPDATE SET code_hash = EXCLUDED.code_hash, issued_at = EXCLUDED.issued_at, issued_by = EXCLUDED.issued_by`,
    [c.centreId, c.applicationId, c.orderNumber, c.codeHash, c.issuedAt, c.issuedBy]
  )
}

/** Many at once, in the given order (a later one for the same application replaces an earlier one). */
export async function putAccessCodes(
  q: Queryable,
  items: readonly { centreId: string; applicationId: string; orderNumber: string; codeHash: string; issuedAt: Date; issuedBy: string }[]
): Promise<void> {
  for (const item of items) await putAccessCode(q, item)
}

/** The current code hash of the application with this (canonical) number; null when it has none or does not exist. */
export async function accessCodeHashOf(q: Queryable, orderNumber: string): Promise<string | null> {
  const rows = await q.query<{ codeHash: string }>('SELECT code_hash AS "codeHash" FROM access_codes WHERE order_number = $1', [
    orderNumber
  ])
  return rows[0]?.codeHash ?? null
}

export type AttemptScope = 'application' | 'address'

export interface AttemptKey {
  scope: AttemptScope
  key: string
}

/**
 * Counts one try at a code against each key, in one statement, and returns each key's count in its
 * current window. A window starts at a key's first try and lasts `windowMs`; a try after it starts a
 * new one. Counting BEFORE the code is checked (and giving the try back when the code was right,
 * refundAttempts) means a burst of parallel guesses cannot all pass a check made before any of them
 * was counted.
 */
export async function countAttempts(
  q: Queryable,
  keys: readonly AttemptKey[],
  now: Date,
  windowMs: number
): Promise<Map<AttemptScope, number>> {
  if (keys.length === 0) return new Map()
  const windowStart = new Date(now.getTime() - windowMs)
  const rows = await q.query<{ scope: AttemptScope; attempts: number }>(
    `INSERT INTO access_attempts (scope, key, window_started_at, attempts)
     SELECT x ->> 's', x ->> 'k', $2, 1 FROM jsonb_array_elements($1::jsonb) AS x
     ON CONFLICT (scope, key) DO UPDATE SET
       attempts = CASE WHEN access_attempts.window_started_at <= $3 THEN 1 ELSE access_attempts.attempts + 1 END,
       window_started_at = CASE WHEN access_attempts.window_started_at <= $3 THEN EXCLUDED.window_started_at ELSE access_attempts.window_started_at END
     RETURNING scope, attempts`,
    [JSON.stringify(keys.map((k) => ({ s: k.scope, k: k.key }))), now, windowStart]
  )
  return new Map(rows.map((r) => [r.scope, Number(r.attempts)]))
}

/** Gives back the try counted for a right code; a counter back at zero is removed (a right code leaves nothing behind). */
export async function refundAttempts(q: Queryable, keys: readonly AttemptKey[]): Promise<void> {
  if (keys.length === 0) return
  const json = JSON.stringify(keys.map((k) => ({ s: k.scope, k: k.key })))
  // Two disjoint sets of rows (attempts <= 1 / > 1): each row is touched by one of the two statements.
  await q.query(
    `WITH keys AS (SELECT x ->> 's' AS scope, x ->> 'k' AS key FROM jsonb_array_elements($1::jsonb) AS x),
          gone AS (DELETE FROM access_attempts a USING keys WHERE a.scope = keys.scope AND a.key = keys.key AND a.attempts <= 1 RETURNING a.scope)
     UPDATE access_attempts a SET attempts = a.attempts - 1 FROM keys WHERE a.scope = keys.scope AND a.key = keys.key AND a.attempts > 1`,
    [json]
  )
}

/** Removes counters whose window ended before `before` (they would start afresh anyway). */
export async function purgeAttempts(q: Queryable, before: Date): Promise<number> {
  const rows = await q.query<{ n: number }>(
    'WITH gone AS (DELETE FROM access_attempts WHERE window_started_at < $1 RETURNING 1) SELECT count(*)::int AS n FROM gone',
    [before]
  )
  return Number(rows[0]?.n ?? 0)
}
