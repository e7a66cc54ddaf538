import type { ClerkSession } from '../../shared/session'
import { prepared, upsertRow, type Db } from './sql'

/*
 * What local sign-in keeps: a verifier per login (scrypt, never the password) with the clerk as the
 * portal last described them, and the failure counters behind the lockout back-off.
 */

export interface StoredVerifier {
  login: string
  clerk: ClerkSession
  verifier: string
  verifiedAt: string
}

interface VerifierRow {
  login: string
  clerk_json: string
  verifier: string
  verified_at: string
}

const toVerifier = (r: VerifierRow): StoredVerifier => ({
  login: r.login,
  clerk: JSON.parse(r.clerk_json) as ClerkSession,
  verifier: r.verifier,
  verifiedAt: r.verified_at
})

export function getVerifierByLogin(db: Db, login: string): StoredVerifier | null {
  const row = prepared<VerifierRow>(db, 'SELECT login, clerk_json, verifier, verified_at FROM clerk_verifiers WHERE login = ?').get(login)
  return row ? toVerifier(row) : null
}

/** The most recently confirmed login of a clerk (unlock knows the clerk, not the login typed). */
export function getVerifierByClerk(db: Db, clerkId: string): StoredVerifier | null {
  const row = prepared<VerifierRow>(
    db,
    'SELECT login, clerk_json, verifier, verified_at FROM clerk_verifiers WHERE clerk_id = ? ORDER BY verified_at DESC LIMIT 1'
  ).get(clerkId)
  return row ? toVerifier(row) : null
}

export function putVerifier(db: Db, v: StoredVerifier): void {
  upsertRow(db, 'clerk_verifiers', 'login', {
    login: v.login,
    clerk_id: v.clerk.clerkId,
    clerk_json: JSON.stringify(v.clerk),
    verifier: v.verifier,
    verified_at: v.verifiedAt
  })
}

/** The portal said the password is wrong or the account is disabled: offline sign-in must stop working too. */
export function forgetVerifier(db: Db, login: string): void {
  prepared(db, 'DELETE FROM clerk_verifiers WHERE login = ?').run(login)
}

export interface FailureState {
  failures: number
  lockedUntil: string | null
}

export function getFailures(db: Db, key: string): FailureState {
  const row = prepared<{ failures: number; locked_until: string | null }>(
    db,
    'SELECT failures, locked_until FROM sign_in_failures WHERE key = ?'
  ).get(key)
  return row ? { failures: row.failures, lockedUntil: row.locked_until } : { failures: 0, lockedUntil: null }
}

export function putFailures(db: Db, key: string, state: FailureState): void {
  upsertRow(db, 'sign_in_failures', 'key', { key, failures: state.failures, locked_until: state.lockedUntil })
}

export function clearFailures(db: Db, key: string): void {
  prepared(db, 'DELETE FROM sign_in_failures WHERE key = ?').run(key)
}
