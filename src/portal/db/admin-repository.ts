import type { AdminClerk, AdminWorkstation } from '../../shared/admin'
import type { Queryable } from './portal-db'
import type { Role } from '../../shared/domain/application'
import { toIso } from './sql'

/*
 * The administration screen's queries (issue 8): a centre's clerks and workstations as an
 * administrator sees them, and the account changes. Password hashes never leave this file in a
 * listing. The checks (who may do what) are in auth/admin.ts.
 */

interface ClerkListRow {
  id: string
  login: string
  name: string
  role: Role
  disabledAt: unknown
  lastSignInAt: unknown
}

const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : toIso(v))

export async function listCentreClerks(q: Queryable, centreId: string): Promise<AdminClerk[]> {
  const rows = await q.query<ClerkListRow>(
    `SELECT id, login, name, role, disabled_at AS "disabledAt", last_sign_in_at AS "lastSignInAt"
       FROM clerks WHERE centre_id = $1 ORDER BY name, login`,
    [centreId]
  )
  return rows.map((r) => ({
    id: r.id,
    login: r.login,
    name: r.name,
    role: r.role,
    disabled: r.disabledAt !== null,
    disabledAt: isoOrNull(r.disabledAt),
    lastSignInAt: isoOrNull(r.lastSignInAt)
  }))
}

interface WorkstationListRow {
  id: string
  label: string
  node: number
  enrolledAt: unknown
  lastSeenAt: unknown
  revokedAt: unknown
}

export async function listCentreWorkstations(q: Queryable, centreId: string): Promise<AdminWorkstation[]> {
  const rows = await q.query<WorkstationListRow>(
    `SELECT id, label, node, enrolled_at AS "enrolledAt", last_seen_at AS "lastSeenAt", revoked_at AS "revokedAt"
       FROM workstations WHERE centre_id = $1 ORDER BY node`,
    [centreId]
  )
  return rows.map((r) => ({
    id: r.id,
    label: r.label,
    node: Number(r.node),
    enrolledAt: toIso(r.enrolledAt),
    lastSeenAt: isoOrNull(r.lastSeenAt),
    revokedAt: isoOrNull(r.revokedAt)
  }))
}

/** A new clerk; false when the login is taken (by anyone, in any centre: logins are unique on the portal). */
export async function insertClerk(
  q: Queryable,
  c: { id: string; centreId: string; login: string; name: string; role: Role; passwordHash: string }
): Promise<boolean> {
  const rows = await q.query<{ id: string }>(
    `INSERT INTO clerks (id, centre_id, login, name, role, password_hash) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (login) DO NOTHING RETURNING id`,
    [c.id, c.centreId, c.login, c.name, c.role, c.passwordHash]
  )
  return rows.length > 0
}

export async function setClerkRole(q: Queryable, id: string, role: Role): Promise<void> {
  await q.query('UPDATE clerks SET role = $2 WHERE id = $1', [id, role])
}

export async function enableClerk(q: Queryable, id: string): Promise<void> {
  await q.query('UPDATE clerks SET disabled_at = NULL WHERE id = $1', [id])
}

export async function setClerkPasswordHash(q: Queryable, id: string, passwordHash: string): Promise<void> {
  await q.query('UPDATE clerks SET password_hash = $2 WHERE id = $1', [id, passwordHash])
}

export async function noteClerkSignIn(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query('UPDATE clerks SET last_sign_in_at = $2 WHERE id = $1', [id, now])
}

/**
 * "Last seen", unless it was written less than `everyMs` ago (by this process or another: several
 * processes share the throttle through the row itself, and a skipped UPDATE writes nothing).
 */
export async function noteWorkstationSeen(q: Queryable, ws: { id: string; centreId: string }, now: Date, everyMs = 0): Promise<void> {
  await q.query(
    'UPDATE workstations SET last_seen_at = $3 WHERE centre_id = $1 AND id = $2 AND (last_seen_at IS NULL OR last_seen_at <= $4)',
    [ws.centreId, ws.id, now, new Date(now.getTime() - everyMs)]
  )
}
