import type { Queryable } from './portal-db'
import { toIso } from './sql'

/* When a clerk last signed in on a workstation through the portal (issue 20, portal migration 7; sync/pull-access.ts). */

export async function noteOnlineSignIn(q: Queryable, ws: { id: string; centreId: string }, now: Date): Promise<void> {
  await q.query('UPDATE workstations SET last_online_sign_in_at = $3 WHERE centre_id = $1 AND id = $2', [ws.centreId, ws.id, now])
}

export async function lastOnlineSignIn(q: Queryable, ws: { id: string; centreId: string }): Promise<string | null> {
  const rows = await q.query<{ at: unknown }>('SELECT last_online_sign_in_at AS at FROM workstations WHERE centre_id = $1 AND id = $2', [
    ws.centreId,
    ws.id
  ])
  const at = rows[0]?.at
  return at === null || at === undefined ? null : toIso(at)
}
