import type { Queryable } from './portal-db'
import { NOTIFY_CENTRE_SQL } from './pg-listener'

// Centres: the counter of change versions each centre's pull cursor runs on.

export interface CentreRow {
  id: string
  name: string
  version: number
}

export async function upsertCentre(q: Queryable, c: { id: string; name: string; enrolmentCodeHash: string; now: Date }): Promise<void> {
  await q.query(
    `INSERT INTO centres (id, name, enrolment_code_hash, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, enrolment_code_hash = EXCLUDED.enrolment_code_hash`,
    [c.id, c.name, c.enrolmentCodeHash, c.now]
  )
}

export async function findCentreByCodeHash(q: Queryable, codeHash: string): Promise<CentreRow | null> {
  const rows = await q.query<CentreRow>('SELECT id, name, version FROM centres WHERE enrolment_code_hash = $1', [codeHash])
  return rows[0] ?? null
}

export async function getCentre(q: Queryable, id: string): Promise<CentreRow | null> {
  const rows = await q.query<CentreRow>('SELECT id, name, version FROM centres WHERE id = $1', [id])
  return rows[0] ?? null
}

export async function firstCentre(q: Queryable): Promise<CentreRow | null> {
  const rows = await q.query<CentreRow>('SELECT id, name, version FROM centres ORDER BY created_at, id LIMIT 1')
  return rows[0] ?? null
}

/**
 * Takes `count` consecutive change versions of a centre and returns the first. The UPDATE holds the
 * centre row's lock until the transaction ends, so a second writer of the same centre waits here and
 * then reads the committed counter: versions of one centre commit in increasing order, and a reader's
 * snapshot that contains version V contains every version below V. That is what lets the pull cursor
 * be a plain number that never skips a late commit (sync.md, "Pull").
 */
export async function takeChangeVersions(q: Queryable, centreId: string, count = 1, notify = false): Promise<number> {
  // With `notify` (PostgreSQL, several portal processes: nudges.ts) the same statement queues the
  // centre's nudge, which PostgreSQL delivers at COMMIT and drops on ROLLBACK: never before the change is readable.
  const rows = await q.query<{ version: number }>(
    notify
      ? `WITH bumped AS (UPDATE centres SET version = version + $2 WHERE id = $1 RETURNING id, version)
         SELECT version, ${NOTIFY_CENTRE_SQL} IS NULL AS notified FROM bumped`
      : 'UPDATE centres SET version = version + $2 WHERE id = $1 RETURNING version',
    [centreId, count]
  )
  const row = rows[0]
  if (!row) throw new Error(`takeChangeVersions: no centre ${centreId}`)
  return row.version - count + 1
}

/**
 * The centre's current version, and — with `notify` (PostgreSQL) — its nudge queued in the caller's
 * transaction, delivered at COMMIT and dropped on ROLLBACK, as takeChangeVersions does: for a change a
 * desk sees that is not in the change log (a new catalogue revision, catalogue/revision.ts).
 */
export async function nudgeCentre(q: Queryable, centreId: string, notify: boolean): Promise<number> {
  const rows = await q.query<{ version: number | string }>(
    notify
      ? `SELECT version, ${NOTIFY_CENTRE_SQL} IS NULL AS notified FROM centres WHERE id = $1`
      : 'SELECT version FROM centres WHERE id = $1',
    [centreId]
  )
  const row = rows[0]
  if (!row) throw new Error(`nudgeCentre: no centre ${centreId}`)
  return Number(row.version)
}

/** The current versions of some centres (a nudge listener that reconnected nudges its streams with them). */
export async function centreVersions(q: Queryable, ids: readonly string[]): Promise<CentreRow[]> {
  if (ids.length === 0) return []
  return q.query<CentreRow>('SELECT id, name, version FROM centres WHERE id = ANY($1::text[])', [ids])
}
