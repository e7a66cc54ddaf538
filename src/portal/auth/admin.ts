import { notifyRevoked } from '../db/pg-listener'
import type { z } from 'zod'
import type { AdminDirectory, AdminClerk, AdminEnrolmentCode, adminCreateClerkRequestSchema } from '../../shared/admin'
import { adminRefusal, type AdminAction } from '../../shared/domain/roles'
import { insertAdminAuditEntry } from '../db/audit-repository'
import { revokeClerkKeys } from '../db/keys-repository'
import {
  enableClerk,
  insertClerk,
  listCentreClerks,
  listCentreWorkstations,
  noteWorkstationSeen,
  setClerkPasswordHash,
  setClerkRole
} from '../db/admin-repository'
import type { PortalDb, Queryable } from '../db/portal-db'
import type { Role } from '../../shared/domain/application'
import { disableClerk, getClerk, type ClerkRow } from '../db/clerks-repository'
import { getWorkstation, revokeWorkstationRow, type WorkstationRow } from '../db/workstations-repository'
import type { PortalDeps } from '../deps'
import { PortalError } from '../errors'
import { verifyClerk } from '../sync/workstations'
import { hashPassword } from './secrets'
import { issueEnrolmentCode } from './enrolment-codes'

/*
 * The admin endpoints. Two credentials, both required: the token of an enrolled, unrevoked
 * workstation (checked before the body is read, like every non-public route) and the login and
 * password of a SUPERVISOR or ADMIN of that workstation's centre, with every request (the portal
 * keeps no admin session). Who may do what is the shared `adminRefusal` (src/shared/domain/roles.ts),
 * so the workstation predicts the same answer. One acts only on workstations and clerks of one's own
 * centre; another centre's are answered "not found", as if they did not exist. Every change is
 * written to audit_log (action 'admin') in the transaction that makes it; a refused request writes
 * nothing.
 */

export interface AdminCredentials {
  login: string
  password: string
}

type CreateClerkInput = z.output<typeof adminCreateClerkRequestSchema>['clerk']

const NOT_ADMIN = 'Ця дія доступна лише адміністраторові ЦНАП, до якого підключено це робоче місце'

/** The acting clerk, when their password is right, they belong to this workstation's centre and the matrix lets them do `action` at all. */
export async function authoriseAdmin(
  db: PortalDb,
  via: WorkstationRow,
  creds: AdminCredentials,
  action: AdminAction = 'revoke_workstation'
): Promise<ClerkRow> {
  const clerk = await verifyClerk(db, creds.login, creds.password)
  if (clerk.centreId !== via.centreId) throw new PortalError(403, 'forbidden', NOT_ADMIN)
  const refusal = adminRefusal({ id: clerk.id, role: clerk.role }, action)
  if (refusal) throw new PortalError(403, 'forbidden', clerk.role === 'clerk' || clerk.role === 'back_office' ? NOT_ADMIN : refusal)
  return clerk
}

async function targetClerk(q: Queryable, actor: ClerkRow, clerkId: string, action: AdminAction): Promise<ClerkRow> {
  const target = await getClerk(q, clerkId)
  if (!target || target.centreId !== actor.centreId) throw new PortalError(404, 'not_found', 'Працівника не знайдено')
  const refusal = adminRefusal({ id: actor.id, role: actor.role }, action, { id: target.id, role: target.role })
  if (refusal) throw new PortalError(403, 'forbidden', refusal)
  return target
}

async function audit(
  q: Queryable,
  deps: PortalDeps,
  via: WorkstationRow,
  actor: ClerkRow,
  detail: Record<string, string | number | boolean | null>
): Promise<void> {
  await insertAdminAuditEntry(q, {
    id: deps.newId(),
    workstationId: via.id,
    centreId: via.centreId,
    at: deps.clock(),
    clerkId: actor.id,
    clerkName: actor.name,
    detail
  })
}

/** The centre's clerks and workstations (supervisors and admins). Reading is not audited: it shows no applicant's data. */
export async function adminDirectory(db: PortalDb, via: WorkstationRow, creds: AdminCredentials): Promise<AdminDirectory> {
  const actor = await authoriseAdmin(db, via, creds, 'list')
  const [clerks, workstations] = await Promise.all([listCentreClerks(db, actor.centreId), listCentreWorkstations(db, actor.centreId)])
  return { clerks, workstations }
}

/** Revokes a workstation of the admin's centre: its next request is refused and its event streams end now. */
export async function revokeWorkstationAsAdmin(
  db: PortalDb,
  deps: PortalDeps,
  via: WorkstationRow,
  creds: AdminCredentials,
  workstationId: string
): Promise<void> {
  const admin = await authoriseAdmin(db, via, creds, 'revoke_workstation')
  const target = await getWorkstation(db, workstationId)
  if (!target || target.centreId !== admin.centreId) throw new PortalError(404, 'not_found', 'Робоче місце не знайдено')
  await db.transaction(async (tx) => {
    await revokeWorkstationRow(tx, workstationId, deps.clock())
    await revokeClerkKeys(tx, { centreId: target.centreId, workstationId }, 'workstation_revoked', deps.clock())
    // Its streams held by other portal processes end when this commits (db/pg-listener.ts).
    if (deps.nudges.notifiesInTransaction) await notifyRevoked(tx, workstationId)
    await audit(tx, deps, via, admin, {
      op: 'revoke_workstation',
      workstationId: target.id,
      label: target.label,
      node: target.node,
      wasRevoked: target.revokedAt !== null
    })
  })
  // After the commit: its event streams end now, its next request is refused.
  deps.nudges.disconnect(workstationId)
  deps.log('warn', 'workstation revoked by an admin', { workstationId, adminId: admin.id, via: via.id })
}

/**
 * Disables a clerk of the centre, or enables them again. Disabled, their next sign-in is refused
 * ('clerk_disabled') and every command pushed on their behalf from then on is stored as rejected
 * ('forbidden'). Nobody disables their own account (the centre would be left without one by a slip
 * of the hand); a supervisor disables and enables only front-desk and back-office staff.
 */
export async function setClerkDisabledAsAdmin(
  db: PortalDb,
  deps: PortalDeps,
  via: WorkstationRow,
  creds: AdminCredentials,
  clerkId: string,
  disabled: boolean
): Promise<void> {
  const op = disabled ? 'disable_clerk' : 'enable_clerk'
  const actor = await authoriseAdmin(db, via, creds, op)
  await db.transaction(async (tx) => {
    const target = await targetClerk(tx, actor, clerkId, op)
    if (disabled) {
      await disableClerk(tx, clerkId, deps.clock())
      // Commands signed on any workstation with this clerk's keys stop counting now (issue 20).
      await revokeClerkKeys(tx, { centreId: target.centreId, clerkId }, 'clerk_disabled', deps.clock())
    } else await enableClerk(tx, clerkId)
    await audit(tx, deps, via, actor, { op, clerkId: target.id, login: target.login, wasDisabled: target.disabledAt !== null })
  })
  // A disabled account is a security event (a leak, someone leaving): logged as a warning.
  deps.log(disabled ? 'warn' : 'info', disabled ? 'clerk disabled by an admin' : 'clerk enabled by an admin', {
    clerkId,
    adminId: actor.id,
    via: via.id
  })
}

export async function setClerkRoleAsAdmin(
  db: PortalDb,
  deps: PortalDeps,
  via: WorkstationRow,
  creds: AdminCredentials,
  clerkId: string,
  role: Role
): Promise<void> {
  const actor = await authoriseAdmin(db, via, creds, 'set_role')
  await db.transaction(async (tx) => {
    const target = await targetClerk(tx, actor, clerkId, 'set_role')
    await setClerkRole(tx, clerkId, role)
    await audit(tx, deps, via, actor, { op: 'set_role', clerkId: target.id, login: target.login, from: target.role, to: role })
  })
  deps.log('info', 'clerk role changed by an admin', { clerkId, role, adminId: actor.id, via: via.id })
}

/**
 * Sets a new password. The clerk's cached offline verifiers on workstations keep the old one until
 * the portal refuses it there (session-service.ts) or they expire: disable the account as well when
 * the old password must stop working offline at once.
 */
export async function resetClerkPasswordAsAdmin(
  db: PortalDb,
  deps: PortalDeps,
  via: WorkstationRow,
  creds: AdminCredentials,
  clerkId: string,
  newPassword: string
): Promise<void> {
  const actor = await authoriseAdmin(db, via, creds, 'reset_password')
  const hash = await hashPassword(newPassword)
  await db.transaction(async (tx) => {
    const target = await targetClerk(tx, actor, clerkId, 'reset_password')
    await setClerkPasswordHash(tx, clerkId, hash)
    // Whoever knows the old password could still unlock the old keys on a workstation offline.
    await revokeClerkKeys(tx, { centreId: target.centreId, clerkId }, 'password_reset', deps.clock())
    await audit(tx, deps, via, actor, { op: 'reset_password', clerkId: target.id, login: target.login })
  })
  deps.log('info', 'clerk password reset by an admin', { clerkId, adminId: actor.id, via: via.id })
}

export async function createClerkAsAdmin(
  db: PortalDb,
  deps: PortalDeps,
  via: WorkstationRow,
  creds: AdminCredentials,
  input: CreateClerkInput
): Promise<AdminClerk> {
  const actor = await authoriseAdmin(db, via, creds, 'create_clerk')
  const hash = await hashPassword(input.password)
  const id = `clerk-${deps.newId()}`
  await db.transaction(async (tx) => {
    const created = await insertClerk(tx, {
      id,
      centreId: actor.centreId,
      login: input.login,
      name: input.name,
      role: input.role,
      passwordHash: hash
    })
    if (!created) throw new PortalError(409, 'login_taken', `Логін «${input.login}» уже зайнятий; оберіть інший`, 'clerk.login')
    await audit(tx, deps, via, actor, { op: 'create_clerk', clerkId: id, login: input.login, role: input.role })
  })
  deps.log('info', 'clerk created by an admin', { clerkId: id, role: input.role, adminId: actor.id, via: via.id })
  return { id, login: input.login, name: input.name, role: input.role, disabled: false, disabledAt: null, lastSignInAt: null }
}

/**
 * A one-time code that enrols one more workstation with the admin's centre (auth/enrolment-codes.ts):
 * shown once, valid `validHours` (a day by default), audited. Administrators only.
 */
export async function issueEnrolmentCodeAsAdmin(
  db: PortalDb,
  deps: PortalDeps,
  via: WorkstationRow,
  creds: AdminCredentials,
  validHours: number
): Promise<AdminEnrolmentCode> {
  const admin = await authoriseAdmin(db, via, creds, 'issue_enrolment_code')
  return db.transaction((tx) => issueEnrolmentCode(tx, deps, admin, { via, validHours }))
}

/**
 * Remembers when each workstation was last seen, for the administration screen, writing at most once
 * a minute per workstation: a pull every few seconds must not become a write every few seconds. This
 * process asks the database at most once a minute per workstation, and the UPDATE itself skips a row
 * written less than a minute ago (by any process), so N processes still write once a minute; the
 * value may lag up to two minutes behind a workstation's last request.
 */
export function createSeenTracker(db: PortalDb, deps: PortalDeps, everyMs = 60_000): (ws: WorkstationRow) => Promise<void> {
  const written = new Map<string, number>()
  return async (ws) => {
    const now = deps.clock()
    const last = written.get(ws.id)
    if (last !== undefined && now.getTime() - last < everyMs) return
    written.set(ws.id, now.getTime())
    try {
      await noteWorkstationSeen(db, ws, now, everyMs)
    } catch (error) {
      // Bookkeeping only: the request itself goes on.
      written.delete(ws.id)
      deps.log('warn', 'could not record when a workstation was seen', { workstationId: ws.id, error: String(error) })
    }
  }
}
