import { z } from 'zod'
import { auditSearchSchema, type AuditPage } from './audit'
import type { ClerkSession } from './session'

/*
 * The session and audit part of the workstation contract (issue 8). Merged into `contract` in
 * contract.ts, like the print part.
 *
 * While nobody is signed in, or the session is locked, the back end answers every method except
 * these and `app.info` / `settings.setLanguage` with `unauthenticated` (enforced in the dispatcher's
 * handler map, not only in the UI).
 */

export interface SessionState {
  clerk: ClerkSession | null
  locked: boolean
  /** Too many wrong passwords for the signed-in clerk: unlocking is refused until then (ISO). */
  lockedUntil: string | null
  /** Minutes without keyboard or mouse before the renderer locks the session. */
  idleLockMinutes: number
  /**
   * The local database is encrypted and its key is not in memory yet (issue 20 item 4): after a
   * restart, until a clerk who has a key slot here signs in. Nothing but sign-in works meanwhile.
   */
  sealed: boolean
  /**
   * Grows with every change of the session (sign-in, lock, unlock, sign-out). A `session.changed`
   * event can reach the renderer after the answer of a later call (the lock's, say), so the renderer
   * keeps the state with the highest revision. It starts from the back end's clock at start-up, so a
   * restarted back end's states are newer than any the renderer holds.
   */
  revision: number
}

export const IDLE_LOCK_DEFAULT_MINUTES = 10
export const IDLE_LOCK_MIN_MINUTES = 1
export const IDLE_LOCK_MAX_MINUTES = 60

const loginSchema = z.string().trim().min(1, 'Введіть логін').max(100, 'Не довше 100 символів')
// Not trimmed: a password is what was typed, spaces included.
const passwordSchema = z.string().min(1, 'Введіть пароль').max(200, 'Не довше 200 символів')

export const sessionContract = {
  /** Online: checked by the portal, then a verifier is cached here; offline: checked against that verifier. */
  'session.signIn': { input: z.strictObject({ login: loginSchema, password: passwordSchema }), output: {} as SessionState },
  'session.signOut': { input: z.strictObject({}), output: {} as SessionState },
  /** `idle`: the renderer saw no keyboard or mouse for idleLockMinutes; `manual`: the clerk pressed «Заблокувати». */
  'session.lock': { input: z.strictObject({ reason: z.enum(['manual', 'idle']).default('manual') }), output: {} as SessionState },
  'session.unlock': { input: z.strictObject({ password: passwordSchema }), output: {} as SessionState },
  'session.state': { input: z.strictObject({}), output: {} as SessionState },
  /** Supervisors and administrators only. */
  'session.setIdleLock': {
    input: z.strictObject({ minutes: z.number().int().min(IDLE_LOCK_MIN_MINUTES).max(IDLE_LOCK_MAX_MINUTES) }),
    output: {} as SessionState
  },
  /** Supervisors and administrators only. */
  'audit.search': { input: auditSearchSchema, output: {} as AuditPage }
} as const

export type SessionContract = typeof sessionContract
export type SessionMethodName = keyof SessionContract
export const SESSION_METHOD_NAMES = Object.keys(sessionContract) as SessionMethodName[]
