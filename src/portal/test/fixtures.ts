import { v7 as uuidv7 } from 'uuid'
import { DEMO_CLERKS } from '../../shared/demo/clerks'
import type { CommandEnvelope, CommandType } from '../../shared/domain/commands'
import { makeRnokpp } from '../../shared/domain/rnokpp'
import type { EnrolResponse } from '../../shared/protocol'
import type { Portal } from '../portal'
import { submitApplication, type IntakeRequest } from '../intake/intake'
import { seedDemoCentre } from '../seed'
import { handleEnrol } from '../sync/workstations'
import { issueEnrolmentCode } from '../auth/enrolment-codes'
import { getClerk } from '../db/clerks-repository'
import { getWorkstation } from '../db/workstations-repository'
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { commandSigningBytes } from '../../shared/command-signature'
import { registerClerkKey } from '../sync/clerk-keys'
import { noteOnlineSignIn } from '../db/workstation-access-repository'
import { handlePush } from '../sync/push'
import type { WorkstationIdentity } from '../sync/push'

export const OLENA = DEMO_CLERKS[0]!
export const TARAS = DEMO_CLERKS[1]!
export const PETRO = DEMO_CLERKS[3]!
export const NADIIA = DEMO_CLERKS[4]!

export function validApplication(overrides: Partial<IntakeRequest> = {}): IntakeRequest {
  return {
    serviceId: 'residence-registration',
    applicant: {
      surname: 'Шевченко',
      givenName: 'Марʼяна',
      patronymic: 'Іванівна',
      rnokpp: makeRnokpp('1982-05-14', 123, 'female'),
      birthDate: '1982-05-14',
      phone: '+380671234567',
      email: 'maryana@example.com',
      address: 'м. Хмельницький, вул. Проскурівська, 1, кв. 5'
    },
    fields: {},
    attachments: [],
    delivery: 'in_person',
    ...overrides
  }
}

/**
 * A one-time enrolment code, as the portal's command line issues it: by the demo centre's
 * administrator (Надія) unless `adminId` names another centre's administrator.
 */
export async function issueCode(portal: Portal, opts: { adminId?: string; validHours?: number } = {}): Promise<string> {
  const admin = await getClerk(portal.db, opts.adminId ?? NADIIA.clerkId)
  if (!admin) throw new Error('seed the demo centre first')
  const issued = await portal.db.transaction((tx) =>
    issueEnrolmentCode(tx, portal.deps, admin, { via: null, ...(opts.validHours !== undefined ? { validHours: opts.validHours } : {}) })
  )
  return issued.code
}

/** The signing keys the tests hold: workstation id → clerk id → key (as a workstation keeps them, unwrapped). */
const testKeys = new Map<string, Map<string, { keyId: string; privateKey: KeyObject; publicKey: string }>>()

/** A fresh Ed25519 key for `clerkId` on the workstation `ws`, registered as an online sign-in registers it. */
export async function registerKey(
  portal: Portal,
  ws: { id: string },
  clerkId: string
): Promise<{ keyId: string; privateKey: KeyObject; publicKey: string }> {
  const pair = generateKeyPairSync('ed25519')
  const publicKey = pair.publicKey.export({ format: 'jwk' }).x as string
  const clerk = await getClerk(portal.db, clerkId)
  const row = await getWorkstation(portal.db, ws.id)
  if (!clerk || !row) throw new Error(`registerKey: no clerk ${clerkId} or workstation ${ws.id}`)
  const { keyId } = await registerClerkKey(portal.db, portal.deps, clerk, row, publicKey)
  const key = { keyId, privateKey: pair.privateKey, publicKey }
  const forWs = testKeys.get(ws.id) ?? new Map()
  forWs.set(clerkId, key)
  testKeys.set(ws.id, forWs)
  return key
}

/** The command signed by its clerk's key on `ws` (unchanged when the tests hold no such key). */
export function signFor<C extends CommandEnvelope>(ws: { id: string }, cmd: C, as: { id: string } = ws): C {
  const key = testKeys.get(as.id)?.get(cmd.clerk.clerkId)
  if (!key) return cmd
  const value = sign(null, commandSigningBytes(ws.id, cmd), key.privateKey).toString('base64url')
  return { ...cmd, signature: { keyId: key.keyId, value } }
}

/** A push of commands each signed by its clerk's key on `ws` (handlePush, as a workstation sends it). */
export function pushSigned(portal: Portal, ws: WorkstationIdentity, commands: readonly CommandEnvelope[]): ReturnType<typeof handlePush> {
  return handlePush(portal.db, portal.deps, ws, { workstationId: ws.id, commands: commands.map((c) => signFor(ws, c)) })
}

/**
 * Enrols a workstation with a one-time code, and registers a signing key for each of the demo
 * centre's clerks on it (as if each had signed in there online once, so it may also pull): tests
 * sign with signFor. `keys: false`: a bare enrolled workstation on which nobody signed in.
 */
export async function enrol(
  portal: Portal,
  label = 'Вікно 1',
  opts: { keys?: boolean } = {}
): Promise<EnrolResponse & WorkstationIdentity> {
  const res = await handleEnrol(portal.db, portal.deps, {
    enrolmentCode: await issueCode(portal),
    workstationId: uuidv7(),
    creationNonce: `nonce-${uuidv7()}`,
    label
  })
  const ws = { ...res, id: res.workstationId }
  if (opts.keys !== false) {
    for (const clerk of DEMO_CLERKS) await registerKey(portal, ws, clerk.clerkId)
    // As the online sign-in that registers a key notes it: this workstation may read (sync/pull-access.ts).
    await noteOnlineSignIn(portal.db, ws, portal.deps.clock())
  }
  return ws
}

/** The demo centre and clerks, one enrolled workstation. */
export async function setup(portal: Portal): Promise<{ ws: EnrolResponse & WorkstationIdentity }> {
  await seedDemoCentre(portal.db, portal.deps)
  return { ws: await enrol(portal) }
}

export async function submit(
  portal: Portal,
  overrides: Partial<IntakeRequest> = {}
): Promise<{ orderNumber: string; id: string; accessCode: string }> {
  const res = await submitApplication(portal.db, portal.deps, validApplication(overrides))
  const rows = await portal.db.query<{ id: string }>('SELECT id FROM applications WHERE order_number = $1', [res.orderNumber])
  return { orderNumber: res.orderNumber, id: rows[0]!.id, accessCode: res.accessCode }
}

export function command(
  seq: number,
  type: CommandType,
  applicationId: string,
  payload: unknown,
  opts: { clerk?: { clerkId: string; name: string }; baseVersion?: number | null; v?: number } = {}
): CommandEnvelope {
  const clerk = opts.clerk ?? OLENA
  return {
    commandId: uuidv7(),
    seq,
    type,
    v: opts.v ?? 1,
    applicationId,
    baseVersion: opts.baseVersion ?? null,
    clerk: { clerkId: clerk.clerkId, name: clerk.name },
    issuedAt: '2026-11-27T09:00:00+02:00',
    payload
  }
}
