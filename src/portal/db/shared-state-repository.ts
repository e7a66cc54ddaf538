import type { Queryable } from './portal-db'

/*
 * What several portal processes on one database must share instead of keeping in memory (issue 19,
 * migration 9; src/portal/README.md, "Several processes"): the public routes' rate-limit counters
 * and the secrets every process must hold alike.
 */

/**
 * Counts a hit of `key` in a fixed window of `windowMs` and returns the hits in the current window
 * and when it ends. One statement: two processes counting the same key at once serialise on its row.
 */
export async function countHit(q: Queryable, key: string, now: Date, windowMs: number): Promise<{ hits: number; windowEndsAt: Date }> {
  const rows = await q.query<{ hits: number; window_started_at: Date | string }>(
    `INSERT INTO rate_limits (key, window_started_at, hits) VALUES ($1, $2, 1)
     ON CONFLICT (key) DO UPDATE SET
       hits = CASE WHEN rate_limits.window_started_at <= $3 THEN 1 ELSE rate_limits.hits + 1 END,
       window_started_at = CASE WHEN rate_limits.window_started_at <= $3 THEN EXCLUDED.window_started_at ELSE rate_limits.window_started_at END
     RETURNING hits, window_started_at`,
    [key, now, new Date(now.getTime() - windowMs)]
  )
  const row = rows[0]
  if (!row) throw new Error('countHit: no row')
  return { hits: Number(row.hits), windowEndsAt: new Date(new Date(row.window_started_at).getTime() + windowMs) }
}

/** Removes counters whose window started before `before` (they would start afresh anyway). */
export async function purgeRateLimits(q: Queryable, before: Date): Promise<number> {
  const rows = await q.query<{ n: number }>(
    'WITH gone AS (DELETE FROM rate_limits WHERE window_started_at < $1 RETURNING 1) SELECT count(*)::int AS n FROM gone',
    [before]
  )
  return Number(rows[0]?.n ?? 0)
}

/**
 * The secret called `name`: the one stored, or `candidate` if none is (the first process to ask
 * stores its own; every later one, in any process, gets that one).
 */
export async function sharedSecret(q: Queryable, name: string, candidate: Buffer, now: Date): Promise<Buffer> {
  await q.query('INSERT INTO portal_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING', [
    name,
    candidate,
    now
  ])
  const rows = await q.query<{ value: Uint8Array }>('SELECT value FROM portal_secrets WHERE name = $1', [name])
  const value = rows[0]?.value
  if (!value) throw new Error(`sharedSecret: no ${name}`)
  return Buffer.from(value)
}
