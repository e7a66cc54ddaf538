import type { AuditEntryWire } from '../../shared/audit'
import type { Queryable } from './portal-db'

/*
 * The portal's copy of the workstations' audit trails. INSERT and SELECT only: the table's trigger
 * refuses UPDATE and DELETE (migration 2), and no code here tries.
 */

/**
 * Stores the entries that are new, by id: a workstation that resends after a lost answer changes
 * nothing. Returns how many were new.
 */
export async function insertAuditEntries(
  q: Queryable,
  ws: { id: string; centreId: string },
  entries: readonly AuditEntryWire[],
  receivedAt: Date
): Promise<number> {
  if (entries.length === 0) return 0
  const params: unknown[] = []
  const values = entries.map((e, i) => {
    const b = i * 11
    params.push(
      e.id,
      ws.id,
      ws.centreId,
      new Date(e.at),
      receivedAt,
      e.clerkId,
      e.clerkName,
      e.action,
      e.applicationId,
      e.orderNumber,
      JSON.stringify(e.detail)
    )
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}, $${b + 9}, $${b + 10}, $${b + 11}::jsonb)`
  })
  const rows = await q.query<{ id: string }>(
    `INSERT INTO audit_log (id, workstation_id, centre_id, at, received_at, clerk_id, clerk_name, action, application_id, order_number, detail)
     VALUES ${values.join(', ')}
     ON CONFLICT (centre_id, id) DO NOTHING
     RETURNING id`,
    params
  )
  return rows.length
}

/** Entries uploaded by workstations (the portal's own administration entries, e.g. an enrolment, are not counted). */
export async function countAuditEntries(q: Queryable, workstationId?: string): Promise<number> {
  const own = `NOT (action = 'admin' AND at = received_at AND detail ->> 'op' IN ('issue_enrolment_code', 'workstation_enrolled'))`
  const rows = workstationId
    ? await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE workstation_id = $1 AND ${own}`, [workstationId])
    : await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE ${own}`)
  return rows[0]?.n ?? 0
}

/**
 * One administration entry (who changed which account or workstation), written by the portal
 * itself in the transaction of the change. `detail` names the target and the change, never a password.
 */
export async function insertAdminAuditEntry(
  q: Queryable,
  e: {
    id: string
    /** null for an entry made on the portal's own command line (src/portal/admin-cli.ts). */
    workstationId: string | null
    centreId: string
    at: Date
    clerkId: string
    clerkName: string
    detail: Record<string, string | number | boolean | null>
  }
): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (id, workstation_id, centre_id, at, received_at, clerk_id, clerk_name, action, application_id, order_number, detail)
     VALUES ($1, $2, $3, $4, $4, $5, $6, 'admin', NULL, NULL, $7::jsonb)`,
    [e.id, e.workstationId, e.centreId, e.at, e.clerkId, e.clerkName, JSON.stringify(e.detail)]
  )
}

export async function adminAuditEntries(
  q: Queryable,
  centreId: string
): Promise<{ clerkId: string | null; workstationId: string | null; detail: Record<string, unknown> }[]> {
  return q.query<{ clerkId: string | null; workstationId: string | null; detail: Record<string, unknown> }>(
    `SELECT clerk_id AS "clerkId", workstation_id AS "workstationId", detail FROM audit_log WHERE centre_id = $1 AND action = 'admin' ORDER BY at, id`,
    [centreId]
  )
}
