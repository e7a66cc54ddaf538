import { prepared, upsertRow, type Db } from './sql'

/*
 * Access codes waiting for their receipt (migration 8): the only place this desk keeps a code in
 * plain text, and only until the first receipt with it is printed or exported, or for
 * SLIP_LIFETIME_MS at most.
 */

export const SLIP_LIFETIME_MS = 60 * 60 * 1000

/** Keeps the code for the receipt; a newer code for the same application replaces the older one. */
export function putAccessCodeSlip(db: Db, slip: { applicationId: string; code: string; issuedAt: string }): void {
  upsertRow(db, 'access_code_slips', 'application_id', { application_id: slip.applicationId, code: slip.code, issued_at: slip.issuedAt })
}

/** The code waiting for this application's receipt, if it is younger than SLIP_LIFETIME_MS at `now`. */
export function accessCodeSlipOf(db: Db, applicationId: string, now: Date): string | null {
  const row = prepared<{ code: string; issuedAt: string }>(
    db,
    'SELECT code, issued_at AS issuedAt FROM access_code_slips WHERE application_id = ?'
  ).get(applicationId)
  if (!row) return null
  return now.getTime() - Date.parse(row.issuedAt) < SLIP_LIFETIME_MS ? row.code : null
}

/** The receipt with the code came out: the code is on paper now, and nowhere on this desk. */
export function deleteAccessCodeSlip(db: Db, applicationId: string): void {
  prepared(db, 'DELETE FROM access_code_slips WHERE application_id = ?').run(applicationId)
}

/** Erases every code older than SLIP_LIFETIME_MS at `now`; returns how many. */
export function purgeAccessCodeSlips(db: Db, now: Date): number {
  const before = new Date(now.getTime() - SLIP_LIFETIME_MS).toISOString()
  return prepared(db, 'DELETE FROM access_code_slips WHERE issued_at < ?').run(before).changes
}
