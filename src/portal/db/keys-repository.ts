import type { Queryable } from './portal-db'
import { toIso } from './sql'

/*
 * Clerks' signing keys (issue 20, portal migration 6): one active Ed25519 public key per clerk per
 * workstation. The rules are in sync/clerk-keys.ts (registration) and sync/verify-signature.ts.
 */

export type KeyRevocation = 'replaced' | 'clerk_disabled' | 'password_reset' | 'workstation_revoked'

export interface ClerkKeyRow {
  keyId: string
  clerkId: string
  workstationId: string
  /** The 32 raw bytes, base64url. */
  publicKey: string
  registeredAt: string
  revokedAt: string | null
  revokedReason: KeyRevocation | null
}

const COLUMNS = `key_id AS "keyId", clerk_id AS "clerkId", workstation_id AS "workstationId", public_key AS "publicKey",
  registered_at AS "registeredAt", revoked_at AS "revokedAt", revoked_reason AS "revokedReason"`

function row(r: ClerkKeyRow): ClerkKeyRow {
  return { ...r, registeredAt: toIso(r.registeredAt), revokedAt: r.revokedAt === null ? null : toIso(r.revokedAt) }
}

export async function getClerkKey(q: Queryable, keyId: string): Promise<ClerkKeyRow | null> {
  const rows = await q.query<ClerkKeyRow>(`SELECT ${COLUMNS} FROM clerk_keys WHERE key_id = $1`, [keyId])
  return rows[0] ? row(rows[0]) : null
}

/** Every key of a clerk on a workstation, active or not, newest first; locked until the transaction ends. */
export async function lockClerkKeys(q: Queryable, centreId: string, clerkId: string, workstationId: string): Promise<ClerkKeyRow[]> {
  const rows = await q.query<ClerkKeyRow>(
    `SELECT ${COLUMNS} FROM clerk_keys WHERE centre_id = $1 AND clerk_id = $2 AND workstation_id = $3 ORDER BY registered_at DESC, key_id FOR UPDATE`,
    [centreId, clerkId, workstationId]
  )
  return rows.map(row)
}

export async function insertClerkKey(
  q: Queryable,
  k: { centreId: string; keyId: string; clerkId: string; workstationId: string; publicKey: string; now: Date }
): Promise<void> {
  await q.query(
    `INSERT INTO clerk_keys (centre_id, key_id, clerk_id, workstation_id, public_key, registered_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [k.centreId, k.keyId, k.clerkId, k.workstationId, k.publicKey, k.now]
  )
}

/** Revokes the active keys of a clerk (on every workstation of its centre), of a workstation (of every clerk), or of both. */
export async function revokeClerkKeys(
  q: Queryable,
  of: { centreId: string; clerkId?: string; workstationId?: string },
  reason: KeyRevocation,
  now: Date
): Promise<number> {
  if (of.clerkId === undefined && of.workstationId === undefined) throw new Error('revokeClerkKeys: whose keys?')
  const rows = await q.query<{ keyId: string }>(
    `UPDATE clerk_keys SET revoked_at = $3, revoked_reason = $4
      WHERE centre_id = $5 AND revoked_at IS NULL AND ($1::text IS NULL OR clerk_id = $1) AND ($2::text IS NULL OR workstation_id = $2)
      RETURNING key_id AS "keyId"`,
    [of.clerkId ?? null, of.workstationId ?? null, now, reason, of.centreId]
  )
  return rows.length
}

export async function revokeClerkKey(q: Queryable, centreId: string, keyId: string, reason: KeyRevocation, now: Date): Promise<void> {
  await q.query('UPDATE clerk_keys SET revoked_at = $3, revoked_reason = $4 WHERE centre_id = $1 AND key_id = $2 AND revoked_at IS NULL', [
    centreId,
    keyId,
    now,
    reason
  ])
}
