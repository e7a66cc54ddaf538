import { randomInt } from 'node:crypto'
import { ENROLMENT_CODE_HOURS } from '../../shared/admin'
import { insertAdminAuditEntry } from '../db/audit-repository'
import { insertEnrolmentCode } from '../db/enrolment-codes-repository'
import type { Queryable } from '../db/portal-db'
import type { ClerkRow } from '../db/clerks-repository'
import type { PortalDeps } from '../deps'
import { PortalError } from '../errors'
import { enrolmentCodeHash } from './secrets'

/*
 * One-time enrolment codes (issue 20). An administrator of a centre issues one — on the
 * administration screen, or for the very first workstation on the portal's command line
 * (src/portal/admin-cli.ts) — and gives it to whoever sets the workstation up. The code is shown
 * once; the portal keeps its hash, when it expires (a day by default) and, once used, which
 * workstation used it. Issuing and using are both written to audit_log.
 */

/** Read aloud and typed by people: no 0/O, 1/I/L. 31 symbols × 16 ≈ 79 bits. */
export const ENROLMENT_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const ENROLMENT_CODE_DEFAULT_HOURS = ENROLMENT_CODE_HOURS.default
export const ENROLMENT_CODE_MAX_HOURS = ENROLMENT_CODE_HOURS.max

export function newEnrolmentCode(): string {
  const groups: string[] = []
  for (let g = 0; g < 4; g++) {
    let group = ''
    for (let i = 0; i < 4; i++) group += ENROLMENT_CODE_ALPHABET[randomInt(ENROLMENT_CODE_ALPHABET.length)]
    groups.push(group)
  }
  return groups.join('-')
}

export interface IssuedEnrolmentCode {
  id: string
  code: string
  expiresAt: string
}

/**
 * Issues a code for the issuer's centre, in the caller's transaction. `via` is the workstation the
 * administrator used (null on the command line). Only an enabled administrator issues codes.
 */
export async function issueEnrolmentCode(
  tx: Queryable,
  deps: PortalDeps,
  issuer: ClerkRow,
  opts: { via: { id: string } | null; validHours?: number }
): Promise<IssuedEnrolmentCode> {
  if (issuer.role !== 'admin') throw new PortalError(403, 'forbidden', 'Коди підключення робочих місць видає лише адміністратор ЦНАП')
  if (issuer.disabledAt !== null) throw new PortalError(403, 'clerk_disabled', 'Обліковий запис вимкнено; зверніться до адміністратора')
  const hours = opts.validHours ?? ENROLMENT_CODE_DEFAULT_HOURS
  if (!Number.isInteger(hours) || hours < 1 || hours > ENROLMENT_CODE_MAX_HOURS)
    throw new PortalError(400, 'invalid_input', `Строк дії коду — від 1 до ${ENROLMENT_CODE_MAX_HOURS} годин`, 'validHours')
  const now = deps.clock()
  const expiresAt = new Date(now.getTime() + hours * 3_600_000)
  const code = newEnrolmentCode()
  const id = `enrol-${deps.newId()}`
  await insertEnrolmentCode(tx, {
    id,
    centreId: issuer.centreId,
    codeHash: enrolmentCodeHash(code),
    issuedBy: issuer.id,
    issuedVia: opts.via ? 'screen' : 'cli',
    issuedAt: now,
    expiresAt
  })
  await insertAdminAuditEntry(tx, {
    id: deps.newId(),
    workstationId: opts.via?.id ?? null,
    centreId: issuer.centreId,
    at: now,
    clerkId: issuer.id,
    clerkName: issuer.name,
    detail: { op: 'issue_enrolment_code', codeId: id, via: opts.via ? 'screen' : 'cli', expiresAt: expiresAt.toISOString() }
  })
  deps.log('info', 'enrolment code issued', { codeId: id, centreId: issuer.centreId, by: issuer.id, via: opts.via?.id ?? 'cli' })
  return { id, code, expiresAt: expiresAt.toISOString() }
}
