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

export async function enrol(portal: Portal, label = 'Вікно 1'): Promise<EnrolResponse & WorkstationIdentity> {
  const res = await handleEnrol(portal.db, portal.deps, {
    enrolmentCode: await issueCode(portal),
    workstationId: uuidv7(),
    creationNonce: `nonce-${uuidv7()}`,
    label
  })
  return { ...res, id: res.workstationId }
}

/** The demo centre and clerks, one enrolled workstation. */
export async function setup(portal: Portal): Promise<{ ws: EnrolResponse & WorkstationIdentity }> {
  await seedDemoCentre(portal.db, portal.deps)
  return { ws: await enrol(portal) }
}

export async function submit(portal: Portal, overrides: Partial<IntakeRequest> = {}): Promise<{ orderNumber: string; id: string }> {
  const res = await submitApplication(portal.db, portal.deps, validApplication(overrides))
  const rows = await portal.db.query<{ id: string }>('SELECT id FROM applications WHERE order_number = $1', [res.orderNumber])
  return { orderNumber: res.orderNumber, id: rows[0]!.id }
}

export function command(
  seq: number,
  type: CommandType,
  applicationId: string,
  payload: unknown,
  opts: { clerk?: { clerkId: string; name: string }; baseVersion?: number | null } = {}
): CommandEnvelope {
  const clerk = opts.clerk ?? OLENA
  return {
    commandId: uuidv7(),
    seq,
    type,
    v: 1,
    applicationId,
    baseVersion: opts.baseVersion ?? null,
    clerk: { clerkId: clerk.clerkId, name: clerk.name },
    issuedAt: '2026-11-27T09:00:00+02:00',
    payload
  }
}
