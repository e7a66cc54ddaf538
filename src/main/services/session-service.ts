import type { Db } from '../db/connection'
import { readSetting, writeSetting } from '../db/settings'
import {
  clearFailures,
  forgetVerifier,
  getFailures,
  getVerifierByClerk,
  getVerifierByLogin,
  putFailures,
  putVerifier
} from '../db/session-repository'
import { TransportError } from '../sync/transport'
import type { ClerkSession } from '../../shared/session'
import { IDLE_LOCK_DEFAULT_MINUTES, IDLE_LOCK_MAX_MINUTES, IDLE_LOCK_MIN_MINUTES, type SessionState } from '../../shared/session-contract'
import { OFFLINE_SIGN_IN_DEFAULT_DAYS, OFFLINE_SIGN_IN_MAX_DAYS, OFFLINE_SIGN_IN_MIN_DAYS } from '../../shared/admin-contract'
import { DomainError } from '../../shared/result'
import type { AuditTrail } from './audit-trail'
import { checkVerifier, dummyVerifier, makeVerifier, VERIFIER_KDF } from './password-verifier'
import type { ClerkKeyring, PreparedClerkKey } from './clerk-keyring'

/**
 * The local database's key slots (services/local-vault.ts): told of every successful sign-in (her
 * slot is added, or re-wrapped after an online one — a password changed on the portal), and of the
 * portal's word that an account is disabled or this workstation revoked (slots removed).
 */
export interface SessionVault {
  signedIn(login: string, clerk: ClerkSession, password: string, mode: 'online' | 'offline' | 'local'): Promise<void>
  forgetLogin(login: string): void
  forgetAll(): void
}

/** What the portal answers a sign-in: the clerk, and the id under which it registered the presented key. */
export interface PortalSignIn {
  clerk: ClerkSession
  keyId: string | null
}

/*
 * Who sits at this workstation (issue 8). Online, the portal checks the password (/sync/sign-in);
 * on success a verifier is cached here so the same clerk can sign in when the network is down.
 * Offline, only that verifier is checked. Repeated failures lock the login out with a doubling
 * back-off, persisted so a restart does not reset it. The session and its lock are persisted too:
 * restarting the program (or reloading the web shell's tab) never unlocks a locked desk.
 */

export interface LockoutPolicy {
  /** Failures in a row before the first lockout. */
  threshold: number
  /** The first lockout; each further failure doubles it. */
  baseMs: number
  maxMs: number
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { threshold: 5, baseMs: 30_000, maxMs: 30 * 60_000 }

export interface SessionServiceDeps {
  db: Db
  clock: () => Date
  audit: AuditTrail
  /**
   * Asks the portal (POST /sync/sign-in), presenting the clerk's signing key on this workstation
   * (issue 20) for the portal to register; null on a workstation without a portal (the standalone demo).
   */
  portalSignIn: ((login: string, password: string, publicKey: string | null) => Promise<PortalSignIn>) | null
  /** The clerks' signing keys (services/clerk-keyring.ts); absent where commands are not signed (tests). */
  keyring?: ClerkKeyring | null
  /** The database's key slots; absent where the database is not encrypted (tests of this service). */
  vault?: SessionVault | null
  /** Told after every change of who is signed in or whether the session is locked. */
  onChange: (state: SessionState) => void
  log: { info(m: string, d?: Record<string, unknown>): void; warn(m: string, d?: Record<string, unknown>): void }
  lockout?: LockoutPolicy
  /** Tests may lower the cost; production uses VERIFIER_KDF. */
  kdf?: { N: number; r: number; p: number }
}

export interface SessionService {
  current(): ClerkSession | null
  isLocked(): boolean
  state(): SessionState
  signIn(login: string, password: string): Promise<SessionState>
  signOut(): SessionState
  lock(reason: 'manual' | 'idle'): SessionState
  unlock(password: string): Promise<SessionState>
  setIdleLock(minutes: number): SessionState
  /** Days a cached verifier lets its clerk sign in offline after the portal last confirmed the password. */
  offlineSignInDays(): number
  setOfflineSignInDays(days: number): number
  /** The login the signed-in clerk last signed in with here (the portal's admin API needs it); null when unknown. */
  currentLogin(): string | null
  /** The standalone demo: a clerk who may sign in without a portal. */
  seedVerifier(login: string, clerk: ClerkSession, password: string): Promise<void>
  hasVerifier(login: string): boolean
}

type SignInMode = 'online' | 'offline' | 'local'

const DAY_MS = 24 * 60 * 60 * 1000

export const INVALID_CREDENTIALS = 'Невірний логін або пароль'
const OFFLINE_HINT = 'Без зв’язку з порталом увійти можуть лише ті, хто вже входив на цій робочій станції.'

/** "Забагато спроб. Спробуйте через 30 с" — seconds up to two minutes, then minutes. */
export function tooManyMessage(remainingMs: number): string {
  const seconds = Math.max(1, Math.ceil(remainingMs / 1000))
  return seconds < 120 ? `Забагато спроб. Спробуйте через ${seconds} с` : `Забагато спроб. Спробуйте через ${Math.ceil(seconds / 60)} хв`
}

/** The lockout key of a login: case and surrounding spaces do not buy an attacker new attempts. */
const failureKey = (login: string): string => `login:${login.trim().toLocaleLowerCase('uk')}`

export function createSessionService(deps: SessionServiceDeps): SessionService {
  const { db } = deps
  const policy = deps.lockout ?? DEFAULT_LOCKOUT
  const kdf = deps.kdf ?? VERIFIER_KDF

  let clerk: ClerkSession | null = readSetting(db, 'session.clerk')
  let locked = clerk !== null && readSetting(db, 'session.locked')
  // A restart (a reboot, the program killed and started again) is someone walking up to the desk:
  // the session survives, unlocked only by its clerk's password. Without a verifier to check it
  // against (a database from before verifiers existed) the session is left as it was.
  if (clerk && !locked && getVerifierByClerk(db, clerk.clerkId)) {
    const who = clerk
    locked = true
    db.transaction(() => {
      deps.audit.record({ action: 'lock', clerk: who, detail: { reason: 'restart' } })
      writeSetting(db, 'session.locked', true)
    })()
  }

  // One attempt at a time: a burst of parallel guesses would otherwise all be checked before the
  // first failure is counted.
  let queue: Promise<unknown> = Promise.resolve()
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn)
    queue = run.catch(() => undefined)
    return run
  }

  const idleMinutes = (): number => {
    const n = readSetting(db, 'session.idle_lock_minutes')
    return Number.isInteger(n) && n >= IDLE_LOCK_MIN_MINUTES && n <= IDLE_LOCK_MAX_MINUTES ? n : IDLE_LOCK_DEFAULT_MINUTES
  }

  const offlineDays = (): number => {
    const n = readSetting(db, 'session.offline_sign_in_days')
    return Number.isInteger(n) && n >= OFFLINE_SIGN_IN_MIN_DAYS && n <= OFFLINE_SIGN_IN_MAX_DAYS ? n : OFFLINE_SIGN_IN_DEFAULT_DAYS
  }

  const lockedUntilOf = (key: string): string | null => {
    const { lockedUntil } = getFailures(db, key)
    return lockedUntil !== null && Date.parse(lockedUntil) > deps.clock().getTime() ? lockedUntil : null
  }

  const unlockKey = (): string | null => {
    if (!clerk) return null
    const v = getVerifierByClerk(db, clerk.clerkId)
    return v ? failureKey(v.login) : null
  }

  // See SessionState.revision: the clock at start-up, one more for every change.
  let revision = deps.clock().getTime()
  const state = (): SessionState => {
    const key = locked ? unlockKey() : null
    return { clerk, locked, lockedUntil: key ? lockedUntilOf(key) : null, idleLockMinutes: idleMinutes(), sealed: false, revision }
  }

  const persist = (): void => {
    db.transaction(() => {
      writeSetting(db, 'session.clerk', clerk)
      writeSetting(db, 'session.locked', locked)
    })()
  }

  const changed = (): SessionState => {
    revision++
    const s = state()
    deps.onChange(s)
    return s
  }

  /** Refuses at once while the key is locked out. */
  const refuseIfLockedOut = (
    key: string,
    attempt: { login: string | null; clerk: ClerkSession | null; during: 'sign_in' | 'unlock' }
  ): void => {
    const until = lockedUntilOf(key)
    if (!until) return
    deps.audit.record({
      action: 'sign_in_failed',
      clerk: attempt.clerk,
      detail: { during: attempt.during, reason: 'locked_out', ...(attempt.login !== null ? { login: attempt.login.slice(0, 100) } : {}) }
    })
    throw new DomainError('rate_limited', tooManyMessage(Date.parse(until) - deps.clock().getTime()))
  }

  /** Counts a failure, records it, and throws what the clerk is told. */
  const fail = (
    key: string,
    attempt: { login: string | null; clerk: ClerkSession | null; during: 'sign_in' | 'unlock'; mode: SignInMode },
    message: string
  ): never => {
    const now = deps.clock().getTime()
    const before = getFailures(db, key)
    const failures = before.failures + 1
    const lockMs = failures >= policy.threshold ? Math.min(policy.maxMs, policy.baseMs * 2 ** (failures - policy.threshold)) : 0
    const lockedUntil = lockMs > 0 ? new Date(now + lockMs).toISOString() : null
    db.transaction(() => {
      putFailures(db, key, { failures, lockedUntil })
      deps.audit.record({
        action: 'sign_in_failed',
        clerk: attempt.clerk,
        detail: {
          during: attempt.during,
          mode: attempt.mode,
          reason: 'wrong_password',
          failures,
          ...(attempt.login !== null ? { login: attempt.login.slice(0, 100) } : {})
        }
      })
    })()
    deps.log.warn('sign-in failed', { during: attempt.during, mode: attempt.mode, failures })
    if (lockedUntil) throw new DomainError('rate_limited', tooManyMessage(lockMs))
    throw new DomainError('unauthenticated', message, 'password')
  }

  const establish = (next: ClerkSession, login: string, mode: SignInMode, key: string): SessionState => {
    db.transaction(() => {
      if (clerk && clerk.clerkId !== next.clerkId) {
        deps.keyring?.forget(clerk.clerkId)
        deps.audit.record({ action: 'sign_out', clerk, detail: { reason: 'another_clerk_signed_in' } })
      }
      clearFailures(db, key)
      deps.audit.record({ action: 'sign_in', clerk: next, detail: { mode, login: login.slice(0, 100) } })
      clerk = next
      locked = false
      persist()
    })()
    deps.log.info('clerk signed in', { clerkId: next.clerkId, mode })
    return changed()
  }

  /** `offline`: a portal exists but cannot be reached; `local`: this workstation has no portal (the standalone demo). */
  const signInOffline = async (login: string, password: string, key: string, portalUnreachable: boolean): Promise<SessionState> => {
    const mode = portalUnreachable ? 'offline' : 'local'
    const v = getVerifierByLogin(db, login)
    const ok = await checkVerifier(password, v?.verifier ?? (await dummyVerifier()))
    // A verifier is the portal's word from the day it was made: a clerk disabled on the portal since
    // must not go on signing in offline for ever. Told only to whoever knows the password.
    if (v && ok && portalUnreachable && deps.clock().getTime() - Date.parse(v.verifiedAt) > offlineDays() * DAY_MS) {
      deps.audit.record({
        action: 'sign_in_failed',
        clerk: v.clerk,
        detail: { during: 'sign_in', mode, reason: 'verifier_expired', login: login.slice(0, 100) }
      })
      deps.log.warn('offline sign-in refused: verifier expired', { clerkId: v.clerk.clerkId, verifiedAt: v.verifiedAt })
      throw new DomainError(
        'unauthenticated',
        `Вхід без зв’язку з порталом можливий протягом ${offlineDays()} дн. після останнього входу з підключенням. Увійдіть, коли портал буде доступний.`,
        'password'
      )
    }
    if (v && ok) {
      const state = establish(v.clerk, login, mode, key)
      await unlockSigningKey(v.clerk.clerkId, password)
      await keepSlot(login, v.clerk, password, mode)
      return state
    }
    return fail(
      key,
      { login, clerk: v?.clerk ?? null, during: 'sign_in', mode },
      portalUnreachable ? `${INVALID_CREDENTIALS}. ${OFFLINE_HINT}` : INVALID_CREDENTIALS
    )
  }

  const signInOnce = async (rawLogin: string, password: string): Promise<SessionState> => {
    const login = rawLogin.trim()
    const key = failureKey(login)
    refuseIfLockedOut(key, { login, clerk: null, during: 'sign_in' })
    if (!deps.portalSignIn) return signInOffline(login, password, key, false)
    let fromPortal: ClerkSession
    let signingKey: PreparedClerkKey | null = deps.keyring ? await deps.keyring.prepare(login, password) : null
    let keyId: string | null = null
    try {
      let answer: PortalSignIn
      try {
        answer = await deps.portalSignIn(login, password, signingKey?.pair.publicKey ?? null)
      } catch (e) {
        // The portal revoked the key kept here (the account was disabled, the password reset): a new pair.
        if (!(e instanceof TransportError && e.code === 'key_revoked' && deps.keyring)) throw e
        signingKey = deps.keyring.fresh()
        answer = await deps.portalSignIn(login, password, signingKey.pair.publicKey)
      }
      fromPortal = answer.clerk
      keyId = answer.keyId
    } catch (e) {
      if (!(e instanceof TransportError)) throw e
      if (e.kind === 'offline' || e.kind === 'server') return signInOffline(login, password, key, true)
      if (e.code === 'invalid_credentials') {
        // The portal is the authority: when it refuses the very password the cached verifier
        // accepts, the password was changed there, and the old one must stop working offline too.
        // (A mere wrong guess leaves the verifier alone: one typo must not cost a clerk offline sign-in.)
        const cached = getVerifierByLogin(db, login)
        if (cached && (await checkVerifier(password, cached.verifier))) forgetVerifier(db, login)
        return fail(key, { login, clerk: null, during: 'sign_in', mode: 'online' }, INVALID_CREDENTIALS)
      }
      if (e.code === 'clerk_disabled') {
        forgetVerifier(db, login)
        forgetSlots(() => deps.vault?.forgetLogin(login))
      }
      // A revoked workstation keeps no key for anyone: after the process ends the file opens for nobody.
      if (e.code === 'workstation_revoked') forgetSlots(() => deps.vault?.forgetAll())
      deps.audit.record({
        action: 'sign_in_failed',
        clerk: null,
        detail: { during: 'sign_in', mode: 'online', reason: e.code ?? e.kind, login: login.slice(0, 100) }
      })
      throw new DomainError(e.code === 'rate_limited' ? 'rate_limited' : e.kind === 'unauthorized' ? 'forbidden' : 'unavailable', e.message)
    }
    const verifier = await makeVerifier(password, kdf)
    putVerifier(db, { login, clerk: fromPortal, verifier, verifiedAt: deps.clock().toISOString() })
    const state = establish(fromPortal, login, 'online', key)
    if (deps.keyring && signingKey && keyId) {
      try {
        await deps.keyring.registered(fromPortal, signingKey, keyId, password)
      } catch (error) {
        deps.log.warn('the signing key registered by the portal could not be kept here', { error: String(error) })
      }
    }
    await keepSlot(login, fromPortal, password, 'online')
    return state
  }

  /** Her key slot for the local database; a failure is logged, never the sign-in's failure. */
  const keepSlot = async (login: string, who: ClerkSession, password: string, mode: SignInMode): Promise<void> => {
    if (!deps.vault) return
    try {
      await deps.vault.signedIn(login, who, password, mode)
    } catch (error) {
      deps.log.warn('the key slot of the local database could not be written', { clerkId: who.clerkId, error: String(error) })
    }
  }

  const forgetSlots = (forget: () => void): void => {
    try {
      forget()
    } catch (error) {
      deps.log.warn('key slots could not be removed', { error: String(error) })
    }
  }

  /** After an offline sign-in or an unlock: the clerk's signing key, unwrapped with the password typed. */
  const unlockSigningKey = async (clerkId: string, password: string): Promise<void> => {
    if (!deps.keyring) return
    try {
      if (!(await deps.keyring.unlock(clerkId, password)))
        deps.log.info('no signing key here for this clerk yet: commands wait for an online sign-in', { clerkId })
    } catch (error) {
      deps.log.warn('unlocking the signing key failed', { clerkId, error: String(error) })
    }
  }

  return {
    current: () => clerk,
    isLocked: () => locked,
    state,
    signIn: (login, password) => exclusive(() => signInOnce(login, password)),
    signOut() {
      if (!clerk) return state()
      const leaving = clerk
      deps.keyring?.forget(leaving.clerkId)
      db.transaction(() => {
        deps.audit.record({ action: 'sign_out', clerk: leaving, detail: { locked } })
        clerk = null
        locked = false
        persist()
      })()
      return changed()
    },
    lock(reason) {
      if (!clerk || locked) return state()
      const who = clerk
      db.transaction(() => {
        deps.audit.record({ action: 'lock', clerk: who, detail: { reason } })
        locked = true
        persist()
      })()
      return changed()
    },
    unlock: (password) =>
      exclusive(async () => {
        const who = clerk
        if (!who) throw new DomainError('unauthenticated', 'Ніхто не увійшов: увійдіть до системи')
        if (!locked) return state()
        const v = getVerifierByClerk(db, who.clerkId)
        if (!v) {
          throw new DomainError(
            'unauthenticated',
            'Розблокувати не вдасться: на цій робочій станції немає даних для перевірки пароля. Вийдіть і увійдіть знову.'
          )
        }
        const key = failureKey(v.login)
        refuseIfLockedOut(key, { login: null, clerk: who, during: 'unlock' })
        if (!(await checkVerifier(password, v.verifier))) {
          return fail(key, { login: null, clerk: who, during: 'unlock', mode: 'local' }, 'Невірний пароль')
        }
        db.transaction(() => {
          clearFailures(db, key)
          deps.audit.record({ action: 'unlock', clerk: who })
          locked = false
          persist()
        })()
        await unlockSigningKey(who.clerkId, password)
        return changed()
      }),
    setIdleLock(minutes) {
      if (!clerk || (clerk.role !== 'supervisor' && clerk.role !== 'admin')) {
        throw new DomainError('forbidden', 'Час автоматичного блокування змінює лише керівник або адміністратор')
      }
      writeSetting(db, 'session.idle_lock_minutes', minutes)
      return changed()
    },
    offlineSignInDays: offlineDays,
    setOfflineSignInDays(days) {
      if (!clerk || (clerk.role !== 'supervisor' && clerk.role !== 'admin')) {
        throw new DomainError('forbidden', 'Термін входу без зв’язку змінює лише керівник або адміністратор')
      }
      if (!Number.isInteger(days) || days < OFFLINE_SIGN_IN_MIN_DAYS || days > OFFLINE_SIGN_IN_MAX_DAYS) {
        throw new DomainError('invalid_input', `Від ${OFFLINE_SIGN_IN_MIN_DAYS} до ${OFFLINE_SIGN_IN_MAX_DAYS} днів`, 'days')
      }
      writeSetting(db, 'session.offline_sign_in_days', days)
      return offlineDays()
    },
    currentLogin: () => (clerk ? (getVerifierByClerk(db, clerk.clerkId)?.login ?? null) : null),
    async seedVerifier(login, who, password) {
      const verifier = await makeVerifier(password, kdf)
      putVerifier(db, { login, clerk: who, verifier, verifiedAt: deps.clock().toISOString() })
    },
    hasVerifier: (login) => getVerifierByLogin(db, login) !== null
  }
}
