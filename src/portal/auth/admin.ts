import type { PortalDb } from '../db/portal-db'
import { disableClerk, getClerk, getWorkstation, type ClerkRow, type WorkstationRow } from '../db/repository'
import type { PortalDeps } from '../deps'
import { PortalError } from '../errors'
import { revokeWorkstation, verifyClerk } from '../sync/workstations'

/*
 * The admin endpoints. Two credentials, both required: the token of an enrolled, unrevoked
 * workstation (checked before the body is read, like every non-public route) and the login and
 * password of an ADMIN of that workstation's centre. An admin acts only on workstations and clerks
 * of their own centre; another centre's are answered "not found", as if they did not exist.
 */

export interface AdminCredentials {
  login: string
  password: string
}

export async function authoriseAdmin(db: PortalDb, via: WorkstationRow, creds: AdminCredentials): Promise<ClerkRow> {
  const clerk = await verifyClerk(db, creds.login, creds.password)
  if (clerk.role !== 'admin' || clerk.centreId !== via.centreId) {
    throw new PortalError(403, 'forbidden', 'Ця дія доступна лише адміністраторові ЦНАП, до якого підключено це робоче місце')
  }
  return clerk
}

/** Revokes a workstation of the admin's centre: its next request is refused and its event streams end now. */
export async function revokeWorkstationAsAdmin(db: PortalDb, deps: PortalDeps, via: WorkstationRow, creds: AdminCredentials, workstationId: string): Promise<void> {
  const admin = await authoriseAdmin(db, via, creds)
  const target = await getWorkstation(db, workstationId)
  if (!target || target.centreId !== admin.centreId) throw new PortalError(404, 'not_found', 'Робоче місце не знайдено')
  await revokeWorkstation(db, deps, workstationId)
  deps.log('warn', 'workstation revoked by an admin', { workstationId, adminId: admin.id, via: via.id })
}

/**
 * Disables a clerk of the admin's centre: their next sign-in is refused ('clerk_disabled') and every
 * command pushed on their behalf from then on is stored as rejected ('forbidden'). An admin cannot
 * disable their own account (the centre would be left without one by a slip of the hand).
 */
export async function disableClerkAsAdmin(db: PortalDb, deps: PortalDeps, via: WorkstationRow, creds: AdminCredentials, clerkId: string): Promise<void> {
  const admin = await authoriseAdmin(db, via, creds)
  const target = await getClerk(db, clerkId)
  if (!target || target.centreId !== admin.centreId) throw new PortalError(404, 'not_found', 'Працівника не знайдено')
  if (target.id === admin.id) throw new PortalError(403, 'forbidden', 'Власний обліковий запис вимкнути не можна; попросіть іншого адміністратора')
  await disableClerk(db, clerkId, deps.clock())
  deps.log('warn', 'clerk disabled by an admin', { clerkId, adminId: admin.id, via: via.id })
}
