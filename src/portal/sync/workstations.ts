import { notifyRevoked } from '../db/pg-listener'
import type { EnrolResponse, signInRequestSchema, enrolRequestSchema } from '../../shared/protocol'
import type { ClerkSession } from '../../shared/session'
import type { z } from 'zod'
import { dummyPasswordHash, enrolmentCodeHash, newWorkstationToken, sha256Hex, verifyPassword } from '../auth/secrets'
import type { PortalDb } from '../db/portal-db'
import { noteClerkSignIn } from '../db/admin-repository'
import { insertAdminAuditEntry } from '../db/audit-repository'
import { lockEnrolmentCodeByHash, markEnrolmentCodeUsed } from '../db/enrolment-codes-repository'
import { findCentreByCodeHash, getCentre, type CentreRow } from '../db/centres-repository'
import { findClerkByLogin, getClerk, type ClerkRow } from '../db/clerks-repository'
import {
  findWorkstationByTokenHash,
  type AuthenticatedWorkstationRow,
  freeNode,
  getWorkstation,
  insertWorkstation,
  lockNodeAllocation,
  revokeWorkstationRow,
  rotateWorkstationToken,
  type WorkstationRow
} from '../db/workstations-repository'
import type { PortalDeps } from '../deps'
import { registerClerkKey } from './clerk-keys'
import { revokeClerkKeys } from '../db/keys-repository'
import { noteOnlineSignIn } from '../db/workstation-access-repository'
import { PortalError } from '../errors'

type EnrolInput = z.output<typeof enrolRequestSchema>
type SignInInput = z.output<typeof signInRequestSchema>

/**
 * Enrols a workstation with a one-time code an administrator issued (auth/enrolment-codes.ts): an
 * unknown, expired or used code enrols nothing. Only a portal started in demo mode
 * (deps.demoEnrolment) also takes a centre's static demo code. The code is used up in the same
 * transaction that enrols, and the enrolment is written to audit_log in the name of the
 * administrator who issued the code. The token is returned once; the portal keeps only its hash.
 * Enrolling again with the same id and creation nonce (a reinstall that kept its database) rotates
 * the token and keeps the node and last_seq (it takes a new code too); the same id with ANOTHER
 * nonce is a copied or restored database file: refused with 'workstation_copied', so the client
 * makes a new id (two files sharing one id would share one seq space and lose commands).
 */
export async function handleEnrol(db: PortalDb, deps: PortalDeps, req: EnrolInput): Promise<EnrolResponse> {
  const token = newWorkstationToken()
  return db.transaction(async (tx) => {
    const codeHash = enrolmentCodeHash(req.enrolmentCode)
    const now = deps.clock()
    const code = await lockEnrolmentCodeByHash(tx, codeHash)
    let centre: CentreRow | null = null
    if (code) {
      if (code.usedAt !== null)
        throw new PortalError(401, 'enrolment_code_used', 'Цей код підключення вже використано; попросіть в адміністратора новий')
      if (Date.parse(code.expiresAt) <= now.getTime())
        throw new PortalError(401, 'enrolment_code_expired', 'Строк дії цього коду підключення минув; попросіть в адміністратора новий')
      centre = await getCentre(tx, code.centreId)
    } else if (deps.demoEnrolment) {
      centre = await findCentreByCodeHash(tx, codeHash)
    }
    if (!centre) throw new PortalError(401, 'invalid_enrolment_code', 'Неправильний код підключення ЦНАП; перевірте його в адміністратора')
    const issuer = code ? await getClerk(tx, code.issuedBy) : null
    const used = async (workstationId: string, node: number, rotated: boolean): Promise<void> => {
      if (!code) return
      await markEnrolmentCodeUsed(tx, code, workstationId, now)
      await insertAdminAuditEntry(tx, {
        id: deps.newId(),
        workstationId,
        centreId: code.centreId,
        at: now,
        clerkId: code.issuedBy,
        clerkName: issuer?.name ?? code.issuedBy,
        detail: { op: 'workstation_enrolled', codeId: code.id, workstationId, label: req.label, node, rotated }
      })
    }
    await lockNodeAllocation(tx)
    const existing = await getWorkstation(tx, req.workstationId, { lock: true })
    if (existing) {
      if (existing.centreId !== centre.id || existing.creationNonce !== req.creationNonce) {
        throw new PortalError(
          409,
          'workstation_copied',
          'Це робоче місце вже підключене з іншої копії бази даних; для цієї копії буде створено новий ідентифікатор'
        )
      }
      if (existing.revokedAt !== null)
        throw new PortalError(401, 'workstation_revoked', 'Доступ цього робочого місця до порталу відкликано')
      await rotateWorkstationToken(tx, existing.id, sha256Hex(token), req.label)
      await used(existing.id, existing.node, true)
      return {
        workstationId: existing.id,
        node: existing.node,
        centreId: centre.id,
        centreName: centre.name,
        token,
        lastSeq: existing.lastSeq
      }
    }
    const node = await freeNode(tx)
    if (node === null)
      throw new PortalError(503, 'no_free_node', 'Вичерпано номери вузлів (2–999) для робочих місць; зверніться до адміністратора порталу')
    await insertWorkstation(tx, {
      id: req.workstationId,
      centreId: centre.id,
      node,
      label: req.label,
      tokenHash: sha256Hex(token),
      creationNonce: req.creationNonce,
      now
    })
    await used(req.workstationId, node, false)
    deps.log('info', 'workstation enrolled', { workstationId: req.workstationId, node, centreId: centre.id, code: code?.id ?? 'demo' })
    return { workstationId: req.workstationId, node, centreId: centre.id, centreName: centre.name, token, lastSeq: 0 }
  })
}

/** Finds the workstation a bearer token belongs to; refuses unknown and revoked ones. */
export async function authenticateWorkstation(db: PortalDb, token: string | null): Promise<AuthenticatedWorkstationRow> {
  if (!token) throw new PortalError(401, 'unauthenticated', 'Потрібен токен робочого місця (заголовок Authorization: Bearer …)')
  const row = await findWorkstationByTokenHash(db, sha256Hex(token))
  if (!row) throw new PortalError(401, 'invalid_token', 'Токен робочого місця недійсний; підключіть робоче місце повторно')
  if (row.revokedAt !== null) throw new PortalError(401, 'workstation_revoked', 'Доступ цього робочого місця до порталу відкликано')
  return row
}

/** Checks a clerk's login and password; the same answer for an unknown login and a wrong password. */
export async function verifyClerk(db: PortalDb, login: string, password: string): Promise<ClerkRow> {
  const clerk = await findClerkByLogin(db, login)
  const ok = await verifyPassword(password, clerk?.passwordHash ?? (await dummyPasswordHash()))
  if (!clerk || !ok) throw new PortalError(401, 'invalid_credentials', 'Неправильний логін або пароль')
  if (clerk.disabledAt !== null) throw new PortalError(403, 'clerk_disabled', 'Обліковий запис вимкнено; зверніться до адміністратора')
  return clerk
}

export async function handleSignIn(
  db: PortalDb,
  deps: PortalDeps,
  ws: WorkstationRow,
  req: SignInInput
): Promise<{ clerk: ClerkSession; key: { keyId: string } | null }> {
  const clerk = await verifyClerk(db, req.login, req.password)
  if (clerk.centreId !== ws.centreId) throw new PortalError(401, 'invalid_credentials', 'Неправильний логін або пароль')
  // The clerk's signing key on this workstation (issue 20), registered now that the password is checked.
  const key = req.publicKey ? await registerClerkKey(db, deps, clerk, ws, req.publicKey) : null
  // Shown on the administration screen ("last sign-in"); offline sign-ins reach the portal only in the audit trail.
  await noteClerkSignIn(db, clerk.id, deps.clock())
  // What lets this workstation read personal data (sync/pull-access.ts).
  await noteOnlineSignIn(db, ws, deps.clock())
  return { clerk: { clerkId: clerk.id, name: clerk.name, role: clerk.role, centreId: clerk.centreId }, key }
}

/** Revokes a workstation: its next request is refused and its event streams end now. */
export async function revokeWorkstation(db: PortalDb, deps: PortalDeps, workstationId: string): Promise<void> {
  const found = await db.transaction(async (tx) => {
    const centreId = await revokeWorkstationRow(tx, workstationId, deps.clock())
    if (centreId !== null) await revokeClerkKeys(tx, { centreId, workstationId }, 'workstation_revoked', deps.clock())
    // Its streams held by other portal processes end when this commits (db/pg-listener.ts).
    if (centreId !== null && deps.nudges.notifiesInTransaction) await notifyRevoked(tx, workstationId)
    return centreId !== null
  })
  if (!found) throw new PortalError(404, 'not_found', 'Робоче місце не знайдено')
  deps.nudges.disconnect(workstationId)
  deps.log('warn', 'workstation revoked', { workstationId })
}
