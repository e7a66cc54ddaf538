import { contract, type MethodName } from '../shared/contract'
import { DomainError } from '../shared/result'
import { IDLE_LOCK_DEFAULT_MINUTES, type SessionState } from '../shared/session-contract'
import { DatabaseKeyError } from './db/connection'
import { createDispatcher, type Dispatch, type HandlerMap } from './services/dispatch'
import { tooManyMessage, DEFAULT_LOCKOUT, INVALID_CREDENTIALS } from './services/session-service'
import type { Composed, Composition, Workstation, WorkstationOptions } from './composition'

const SEALED_MESSAGE = 'Дані цієї робочої станції зашифровано: увійдіть до системи'
const NO_SLOT_MESSAGE =
  'Дані цієї робочої станції зашифровано, а ключа для вашого облікового запису тут ще немає. ' +
  'Спершу має увійти колега, який уже працював на цій станції; після цього увійдіть ви (з підключенням до порталу). ' +
  'Якщо такого колеги немає, зверніться до адміністратора.'
const WRONG_PASSWORD_SEALED =
  `${INVALID_CREDENTIALS}. Якщо пароль нещодавно змінено на порталі, ця станція ще знає попередній: ` +
  'увійдіть ним, а потім новим (або нехай спершу увійде колега).'
const SLOTS_DAMAGED =
  'Файл ключів цієї робочої станції пошкоджено або видалено, тож зашифровані дані відкрити не можна. ' +
  'Зверніться до адміністратора: робоче місце буде підключено до порталу заново.'
const KEY_MISMATCH = 'Ключ не відкриває базу даних цієї робочої станції (файл ключів від іншої бази?). Зверніться до адміністратора.'

/**
 * A restarted workstation whose database is encrypted: until a sign-in opens it, only sign-in,
 * session.state and app.info answer. A sign-in whose password opens the login's slot composes the
 * workstation with the key (kept in memory until the process ends), then signs in as usual.
 * Wrong passwords are limited here in memory with the lockout's back-off (the counters in the
 * database cannot be read yet); each attempt also costs a scrypt.
 */
export async function sealedWorkstation(
  opts: WorkstationOptions,
  base: Composition,
  compose: (opts: WorkstationOptions, c: Composition) => Promise<Composed>
): Promise<Workstation> {
  const { log, slots, events } = base
  let inner: Composed | null = null
  const failures = new Map<string, { failures: number; lockedUntil: number }>()
  const now = (): number => (opts.clock ?? (() => new Date()))().getTime()

  // Older than any state of the session service the sign-in composes (its revisions start from the clock then).
  const sealedRevision = now()
  const sealedState = (): SessionState => ({
    clerk: null,
    locked: false,
    lockedUntil: null,
    idleLockMinutes: IDLE_LOCK_DEFAULT_MINUTES,
    sealed: true,
    revision: sealedRevision
  })

  const unseal = async (rawLogin: string, password: string): Promise<SessionState> => {
    if (inner) return inner.signIn(rawLogin, password)
    const login = rawLogin.trim()
    const failureKey = login.toLocaleLowerCase('uk')
    const f = failures.get(failureKey)
    if (f && f.lockedUntil > now()) throw new DomainError('rate_limited', tooManyMessage(f.lockedUntil - now()))
    let hasSlot: boolean
    try {
      hasSlot = slots.has(login)
    } catch (error) {
      log.error('key slots unreadable', { error: String(error) })
      throw new DomainError('unavailable', SLOTS_DAMAGED)
    }
    const key = hasSlot ? await slots.open(login, password) : null
    if (!key) {
      if (!hasSlot) {
        log.warn('sealed sign-in refused: no key slot for this login')
        throw new DomainError('unauthenticated', NO_SLOT_MESSAGE, 'login')
      }
      const n = (f?.failures ?? 0) + 1
      const p = DEFAULT_LOCKOUT
      const lockMs = n >= p.threshold ? Math.min(p.maxMs, p.baseMs * 2 ** (n - p.threshold)) : 0
      failures.set(failureKey, { failures: n, lockedUntil: now() + lockMs })
      log.warn('sealed sign-in refused: the password does not open the slot', { failures: n })
      if (lockMs > 0) throw new DomainError('rate_limited', tooManyMessage(lockMs))
      throw new DomainError('unauthenticated', WRONG_PASSWORD_SEALED, 'password')
    }
    failures.delete(failureKey)
    try {
      inner = await compose(opts, { ...base, key })
    } catch (error) {
      key.fill(0)
      if (error instanceof DatabaseKeyError) {
        log.error('a key slot opened but its key does not open the database', { error: error.message })
        throw new DomainError('unavailable', KEY_MISMATCH)
      }
      throw error
    }
    log.info('the local database was unsealed by a sign-in')
    // Open now for the rest of the process; the sign-in itself is the usual one (the portal, or the verifier).
    return inner.signIn(login, password)
  }

  let queue: Promise<unknown> = Promise.resolve()
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn)
    queue = run.catch(() => undefined)
    return run
  }

  const sealedHandlers = {} as Record<MethodName, (input: unknown) => unknown>
  for (const method of Object.keys(contract) as MethodName[]) {
    sealedHandlers[method] = () => {
      throw new DomainError('unauthenticated', SEALED_MESSAGE)
    }
  }
  sealedHandlers['app.info'] = () => ({
    version: opts.appVersion,
    shell: opts.shell,
    workstationId: '',
    node: null,
    language: 'uk',
    clerk: null
  })
  sealedHandlers['settings.setLanguage'] = () => null
  sealedHandlers['session.state'] = () => sealedState()
  sealedHandlers['session.signOut'] = () => sealedState()
  sealedHandlers['session.lock'] = () => sealedState()
  sealedHandlers['session.signIn'] = (input) => {
    const { login, password } = input as { login: string; password: string }
    return exclusive(() => unseal(login, password))
  }
  const sealedDispatch = createDispatcher(sealedHandlers as HandlerMap, log)
  const dispatch: Dispatch = (method, input) => (inner ? inner.dispatch(method, input) : sealedDispatch(method, input))

  log.info('the local database is encrypted: sealed until a clerk with a key slot here signs in')
  if (opts.portal?.login && opts.portal.password) {
    await exclusive(() => unseal(opts.portal?.login ?? '', opts.portal?.password ?? '')).catch((e: unknown) => {
      log.warn('start-up sign-in failed', { error: e instanceof Error ? e.message : String(e) })
    })
  }

  const opened = (): Composed => {
    if (!inner) throw new Error('the local database is sealed: nobody has signed in since the start')
    return inner
  }
  return {
    dispatch,
    on: events.on,
    onAny: events.onAny,
    get db() {
      return opened().db
    },
    get engine() {
      return opened().engine
    },
    get workstationId() {
      return opened().workstationId
    },
    async close() {
      await inner?.close()
    }
  }
}
