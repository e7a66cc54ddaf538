import type { Role } from '../../shared/domain/application'
import type { Queryable } from './portal-db'

// Clerk accounts as sign-in and the role checks read them (administration writes: admin-repository.ts).

export interface ClerkRow {
  id: string
  centreId: string
  login: string
  name: string
  role: Role
  passwordHash: string
  disabledAt: string | null
}

const CLERK_COLUMNS = `id, centre_id AS "centreId", login, name, role, password_hash AS "passwordHash", disabled_at AS "disabledAt"`

export async function upsertClerk(
  q: Queryable,
  c: { id: string; centreId: string; login: string; name: string; role: Role; passwordHash: string }
): Promise<void> {
  await q.query(
    `INSERT INTO clerks (id, centre_id, login, name, role, password_hash) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (centre_id, id) DO UPDATE SET login = EXCLUDED.login, name = EXCLUDED.name,
       role = EXCLUDED.role, password_hash = EXCLUDED.password_hash`,
    [c.id, c.centreId, c.login, c.name, c.role, c.passwordHash]
  )
}

export async function findClerkByLogin(q: Queryable, login: string): Promise<ClerkRow | null> {
  const rows = await q.query<ClerkRow>(`SELECT ${CLERK_COLUMNS} FROM clerks WHERE login = $1`, [login])
  return rows[0] ?? null
}

export async function getClerk(q: Queryable, id: string): Promise<ClerkRow | null> {
  const rows = await q.query<ClerkRow>(`SELECT ${CLERK_COLUMNS} FROM clerks WHERE id = $1`, [id])
  return rows[0] ?? null
}

/** Disables a clerk (the first time counts; disabling again changes nothing). */
export async function disableClerk(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query('UPDATE clerks SET disabled_at = coalesce(disabled_at, $2) WHERE id = $1', [id, now])
}

/**
 * The centre's active clerks (none disabled), in id order (byte order: the same on every server's
 * collation; a workstation sorts by name itself): the roster workstations offer for a reassignment.
 */
export async function listActiveClerks(q: Queryable, centreId: string): Promise<{ clerkId: string; name: string; role: Role }[]> {
  return q.query<{ clerkId: string; name: string; role: Role }>(
    `SELECT id AS "clerkId", name, role FROM clerks WHERE centre_id = $1 AND disabled_at IS NULL ORDER BY id COLLATE "C"`,
    [centreId]
  )
}
