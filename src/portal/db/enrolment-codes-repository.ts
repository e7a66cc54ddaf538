import type { Queryable } from './portal-db'
import { toIso } from './sql'

/*
 * One-time enrolment codes (issue 20, portal migration 5). Only the code's SHA-256 is stored: a code has
 * about 79 random bits and is refused after one use or when it expires, so a fast hash is enough for
 * a lookup (auth/secrets.ts says the same of workstation tokens). The rules are in sync/enrolment-codes.ts.
 */

export interface EnrolmentCodeRow {
  id: string
  centreId: string
  issuedBy: string
  issuedVia: 'screen' | 'cli'
  issuedAt: string
  expiresAt: string
  usedAt: string | null
  usedByWorkstation: string | null
}

const COLUMNS = `id, centre_id AS "centreId", issued_by AS "issuedBy", issued_via AS "issuedVia", issued_at AS "issuedAt",
  expires_at AS "expiresAt", used_at AS "usedAt", used_by_workstation AS "usedByWorkstation"`

function row(r: EnrolmentCodeRow): EnrolmentCodeRow {
  return {
    ...r,
    issuedAt: toIso(r.issuedAt),
    expiresAt: toIso(r.expiresAt),
    usedAt: r.usedAt === null ? null : toIso(r.usedAt)
  }
}

export async function insertEnrolmentCode(
  q: Queryable,
  c: { id: string; centreId: string; codeHash: string; issuedBy: string; issuedVia: 'screen' | 'cli'; issuedAt: Date; expiresAt: Date }
): Promise<void> {
  await q.query(
    `INSERT INTO enrolment_codes (id, centre_id, code_hash, issued_by, issued_via, issued_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [c.id, c.centreId, c.codeHash, c.issuedBy, c.issuedVia, c.issuedAt, c.expiresAt]
  )
}

/** The code with this hash, locked until the transaction ends (two enrolments with one code: the second waits, then finds it used). */
export async function lockEnrolmentCodeByHash(q: Queryable, codeHash: string): Promise<EnrolmentCodeRow | null> {
  const rows = await q.query<EnrolmentCodeRow>(`SELECT ${COLUMNS} FROM enrolment_codes WHERE code_hash = $1 FOR UPDATE`, [codeHash])
  return rows[0] ? row(rows[0]) : null
}

export async function markEnrolmentCodeUsed(
  q: Queryable,
  code: { id: string; centreId: string },
  workstationId: string,
  now: Date
): Promise<void> {
  await q.query('UPDATE enrolment_codes SET used_at = $3, used_by_workstation = $4 WHERE centre_id = $1 AND id = $2 AND used_at IS NULL', [
    code.centreId,
    code.id,
    now,
    workstationId
  ])
}

export async function listEnrolmentCodes(q: Queryable, centreId: string): Promise<EnrolmentCodeRow[]> {
  const rows = await q.query<EnrolmentCodeRow>(`SELECT ${COLUMNS} FROM enrolment_codes WHERE centre_id = $1 ORDER BY issued_at, id`, [
    centreId
  ])
  return rows.map(row)
}
