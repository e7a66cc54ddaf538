import type { Queryable } from './portal-db'
import { toIso } from './sql'

// Enrolled workstations: tokens (hashed), nodes for order numbers, the last command seq each sent.

export interface WorkstationRow {
  id: string
  centreId: string
  node: number
  label: string
  creationNonce: string
  lastSeq: number
  /** The results chain at last_seq (src/shared/results-chain.ts). */
  resultsChain: string
  revokedAt: string | null
}

const WS_COLUMNS = `id, centre_id AS "centreId", node, label, creation_nonce AS "creationNonce", last_seq AS "lastSeq", results_chain AS "resultsChain", revoked_at AS "revokedAt"`

function wsRow(r: WorkstationRow): WorkstationRow {
  return { ...r, lastSeq: Number(r.lastSeq), revokedAt: r.revokedAt === null ? null : toIso(r.revokedAt) }
}

/** A workstation as its token found it: with its last online sign-in, read in the same statement (sync/pull-access.ts). */
export type AuthenticatedWorkstationRow = WorkstationRow & { lastOnlineSignInAt: string | null }

export async function findWorkstationByTokenHash(q: Queryable, tokenHash: string): Promise<AuthenticatedWorkstationRow | null> {
  const rows = await q.query<WorkstationRow & { lastOnlineSignInAt: unknown }>(
    `SELECT ${WS_COLUMNS}, last_online_sign_in_at AS "lastOnlineSignInAt" FROM workstations WHERE token_hash = $1`,
    [tokenHash]
  )
  const row = rows[0]
  if (!row) return null
  const at = row.lastOnlineSignInAt
  return { ...wsRow(row), lastOnlineSignInAt: at === null || at === undefined ? null : toIso(at) }
}

/** By id alone where the centre is not known yet (enrolment, the admin's target), by centre and id where it is (`opts.centreId`). */
export async function getWorkstation(
  q: Queryable,
  id: string,
  opts: { lock?: boolean; centreId?: string } = {}
): Promise<WorkstationRow | null> {
  const lock = opts.lock ? ' FOR UPDATE' : ''
  const rows =
    opts.centreId === undefined
      ? await q.query<WorkstationRow>(`SELECT ${WS_COLUMNS} FROM workstations WHERE id = $1${lock}`, [id])
      : await q.query<WorkstationRow>(`SELECT ${WS_COLUMNS} FROM workstations WHERE centre_id = $1 AND id = $2${lock}`, [opts.centreId, id])
  return rows[0] ? wsRow(rows[0]) : null
}

export async function listWorkstations(q: Queryable, centreId: string): Promise<WorkstationRow[]> {
  const rows = await q.query<WorkstationRow>(`SELECT ${WS_COLUMNS} FROM workstations WHERE centre_id = $1 ORDER BY node`, [centreId])
  return rows.map(wsRow)
}

/** Serialises node allocation: two enrolments at once must not pick the same node. */
export async function lockNodeAllocation(q: Queryable): Promise<void> {
  await q.query('SELECT pg_advisory_xact_lock($1)', [7_400_002])
}

/** The lowest node 2..999 that no workstation holds and no imported data has used. */
export async function freeNode(q: Queryable): Promise<number | null> {
  const rows = await q.query<{ n: number }>(
    `SELECT n FROM generate_series(2, 999) AS n
      WHERE NOT EXISTS (SELECT 1 FROM workstations w WHERE w.node = n)
        AND NOT EXISTS (SELECT 1 FROM order_sequences s WHERE s.node = n)
      ORDER BY n LIMIT 1`
  )
  return rows[0]?.n ?? null
}

export async function insertWorkstation(
  q: Queryable,
  w: { id: string; centreId: string; node: number; label: string; tokenHash: string; creationNonce: string; now: Date }
): Promise<void> {
  await q.query(
    `INSERT INTO workstations (id, centre_id, node, label, token_hash, creation_nonce, enrolled_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [w.id, w.centreId, w.node, w.label, w.tokenHash, w.creationNonce, w.now]
  )
}

export async function rotateWorkstationToken(q: Queryable, id: string, tokenHash: string, label: string): Promise<void> {
  await q.query('UPDATE workstations SET token_hash = $2, label = $3 WHERE id = $1', [id, tokenHash, label])
}

/** The last seq and the results chain at it move together, in the transaction that stores the result. */
export async function setLastSeq(q: Queryable, ws: { id: string; centreId: string }, seq: number, resultsChain: string): Promise<void> {
  await q.query('UPDATE workstations SET last_seq = $3, results_chain = $4 WHERE centre_id = $1 AND id = $2', [
    ws.centreId,
    ws.id,
    seq,
    resultsChain
  ])
}

/** Revokes the workstation (the first time counts); its centre, or null when there is no such workstation. */
export async function revokeWorkstationRow(q: Queryable, id: string, now: Date): Promise<string | null> {
  const rows = await q.query<{ centreId: string }>(
    'UPDATE workstations SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1 RETURNING centre_id AS "centreId"',
    [id, now]
  )
  return rows[0]?.centreId ?? null
}

export async function lastSeqOf(q: Queryable, id: string): Promise<number> {
  return (await resultsStateOf(q, id)).lastSeq
}

/** The workstation's last seq and the results chain at it, read together (one snapshot). */
export async function resultsStateOf(q: Queryable, id: string): Promise<{ lastSeq: number; resultsChain: string }> {
  const rows = await q.query<{ lastSeq: number; resultsChain: string }>(
    'SELECT last_seq AS "lastSeq", results_chain AS "resultsChain" FROM workstations WHERE id = $1',
    [id]
  )
  return { lastSeq: Number(rows[0]?.lastSeq ?? 0), resultsChain: rows[0]?.resultsChain ?? '' }
}
