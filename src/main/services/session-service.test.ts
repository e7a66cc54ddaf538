import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { closeDatabase, openDatabase, type Db } from '../db/connection'
import { searchAudit } from '../db/audit-repository'
import { TransportError } from '../sync/transport'
import type { ClerkSession } from '../../shared/session'
import type { SessionState } from '../../shared/session-contract'
import { DomainError } from '../../shared/result'
import { createAuditTrail } from './audit-trail'
import { createSessionService, type SessionService } from './session-service'
import { VERIFIER_KDF } from './password-verifier'

const OLENA: ClerkSession = { clerkId: 'clerk-olena', name: 'Олена Коваль', role: 'clerk', centreId: 'khm-cnap' }
const PASSWORD = 'Сонячний-Ранок-2026'
/** Cheap for the tests that do not look at the verifier's strength; one test uses the real parameters. */
const FAST_KDF = { N: 2 ** 10, r: 8, p: 1 }

let dir: string
let file: string
let db: Db
let now: number
let portal: { mode: 'online' | 'offline' | 'wrong' | 'disabled' | 'revoked'; calls: number }
/** What the local database's key slots were told (services/local-vault.ts). */
let vaultCalls: string[]

function open(kdf: { N: number; r: number; p: number } = FAST_KDF): { sessions: SessionService; events: SessionState[] } {
  db = openDatabase(file)
  const events: SessionState[] = []
  const sessions = createSessionService({
    db,
    clock: () => new Date(now),
    audit: createAuditTrail({ db, clock: () => new Date(now), workstationId: 'ws-1' }),
    portalSignIn: async (login, password) => {
      portal.calls++
      if (portal.mode === 'offline') throw new TransportError('offline', 'Портал недоступний: ECONNREFUSED')
      if (portal.mode === 'disabled')
        throw new TransportError('unauthorized', 'Обліковий запис вимкнено; зверніться до адміністратора', 'clerk_disabled')
      if (portal.mode === 'revoked')
        throw new TransportError('unauthorized', 'Доступ цього робочого місця до порталу відкликано', 'workstation_revoked')
      if (portal.mode === 'wrong' || login !== 'olena' || password !== PASSWORD) {
        throw new TransportError('unauthorized', 'Неправильний логін або пароль', 'invalid_credentials')
      }
      return { clerk: OLENA, keyId: null }
    },
    vault: {
      signedIn: async (login, clerk, password, mode) => {
        vaultCalls.push(`signedIn ${login} ${clerk.clerkId} ${mode} ${password === PASSWORD ? 'the password typed' : 'another password'}`)
      },
      forgetLogin: (login) => vaultCalls.push(`forgetLogin ${login}`),
      forgetAll: () => vaultCalls.push('forgetAll')
    },
    onChange: (s) => events.push(s),
    log: { info: () => undefined, warn: () => undefined },
    kdf
  })
  return { sessions, events }
}

function reopen(kdf?: { N: number; r: number; p: number }): { sessions: SessionService; events: SessionState[] } {
  closeDatabase(db)
  return open(kdf)
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p
  } catch (e) {
    if (e instanceof DomainError) return e
    throw e
  }
  throw new Error('expected a refusal')
}

const actions = (): string[] =>
  searchAudit(db, { offset: 0, limit: 200 })
    .rows.reverse()
    .map((r) => r.action)

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vikno-session-'))
  file = join(dir, 'workstation.sqlite')
  now = Date.parse('2026-11-30T10:00:00.000Z')
  portal = { mode: 'online', calls: 0 }
  vaultCalls = []
})
afterEach(() => {
  closeDatabase(db)
  rmSync(dir, { recursive: true, force: true })
})

describe('sign-in', () => {
  it('online: the portal checks the password; only an scrypt verifier (N=2^15, r=8, p=1) is kept, never the password', async () => {
    const { sessions, events } = open(VERIFIER_KDF)
    const state = await sessions.signIn('olena', PASSWORD)
    expect(state).toMatchObject({ clerk: OLENA, locked: false, lockedUntil: null, idleLockMinutes: 10 })
    expect(events.at(-1)?.clerk?.clerkId).toBe('clerk-olena')
    const verifier = (db.prepare('SELECT verifier FROM clerk_verifiers WHERE login = ?').get('olena') as { verifier: string }).verifier
    expect(verifier).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/)
    closeDatabase(db)
    // Every byte on disk (database, WAL, anything else in the folder), in the encodings a leak could take.
    const needles = [PASSWORD, Buffer.from(PASSWORD).toString('base64'), Buffer.from(PASSWORD).toString('hex')].map((s) => Buffer.from(s))
    const files = readdirSync(dir)
    expect(files).toContain('workstation.sqlite')
    for (const name of files) {
      const bytes = readFileSync(join(dir, name))
      for (const needle of needles) expect(bytes.includes(needle), `${name} holds the password`).toBe(false)
    }
    open()
  })

  it('offline: the same clerk signs in with the cached verifier; a wrong password or an unknown login fails', async () => {
    const { sessions } = open()
    await sessions.signIn('olena', PASSWORD)
    sessions.signOut()
    portal.mode = 'offline'
    const wrong = await refusal(sessions.signIn('olena', 'не той пароль'))
    expect(wrong.code).toBe('unauthenticated')
    expect(wrong.message).toMatch(/^Невірний логін або пароль\. Без зв’язку з порталом/)
    const stranger = await refusal(sessions.signIn('taras', PASSWORD))
    expect(stranger.message).toMatch(/^Невірний логін або пароль/)
    const state = await sessions.signIn('olena', PASSWORD)
    expect(state.clerk).toEqual(OLENA)
    const last = searchAudit(db, { action: 'sign_in', offset: 0, limit: 5 }).rows[0]
    expect(last?.detail).toMatchObject({ mode: 'offline', login: 'olena' })
  })

  it('without a portal (standalone), only a seeded verifier lets a clerk in', async () => {
    db = openDatabase(file)
    const sessions = createSessionService({
      db,
      clock: () => new Date(now),
      audit: createAuditTrail({ db, clock: () => new Date(now), workstationId: 'ws-1' }),
      portalSignIn: null,
      onChange: () => undefined,
      log: { info: () => undefined, warn: () => undefined },
      kdf: FAST_KDF
    })
    expect((await refusal(sessions.signIn('olena', PASSWORD))).message).toBe('Невірний логін або пароль')
    await sessions.seedVerifier('olena', OLENA, PASSWORD)
    expect((await sessions.signIn(' olena ', PASSWORD)).clerk).toEqual(OLENA)
  })

  it('a password the portal now refuses (changed there) stops the cached verifier working offline too', async () => {
    const { sessions } = open()
    await sessions.signIn('olena', PASSWORD)
    sessions.signOut()
    portal.mode = 'wrong'
    await refusal(sessions.signIn('olena', PASSWORD))
    portal.mode = 'offline'
    expect((await refusal(sessions.signIn('olena', PASSWORD))).code).toBe('unauthenticated')
  })

  it('an account the portal says is disabled loses its cached verifier: no offline sign-in after that', async () => {
    const { sessions } = open()
    await sessions.signIn('olena', PASSWORD)
    sessions.signOut()
    expect(sessions.hasVerifier('olena')).toBe(true)
    portal.mode = 'disabled'
    const refused = await refusal(sessions.signIn('olena', PASSWORD))
    expect(refused.code).toBe('forbidden')
    expect(refused.message).toContain('вимкнено')
    expect(sessions.hasVerifier('olena')).toBe(false)
    portal.mode = 'offline'
    expect((await refusal(sessions.signIn('olena', PASSWORD))).code).toBe('unauthenticated')
    expect(searchAudit(db, { action: 'sign_in_failed', offset: 0, limit: 5 }).rows.map((r) => r.detail['reason'])).toContain(
      'clerk_disabled'
    )
  })

  it('offline sign-in verifiers expire after the configured number of days (30 by default); an online sign-in renews them', async () => {
    const { sessions } = open()
    await sessions.signIn('olena', PASSWORD)
    sessions.signOut()
    expect(sessions.offlineSignInDays()).toBe(30)
    portal.mode = 'offline'
    now += 30 * 24 * 3600_000 - 60_000
    expect((await sessions.signIn('olena', PASSWORD)).clerk).toEqual(OLENA)
    sessions.signOut()
    now += 120_000
    const expired = await refusal(sessions.signIn('olena', PASSWORD))
    expect(expired.code).toBe('unauthenticated')
    expect(expired.message).toContain('протягом 30 дн.')
    expect(searchAudit(db, { action: 'sign_in_failed', offset: 0, limit: 1 }).rows[0]?.detail).toMatchObject({
      reason: 'verifier_expired',
      mode: 'offline'
    })
    // A wrong password is told apart from nothing: it is an ordinary failure.
    expect((await refusal(sessions.signIn('olena', 'не той'))).message).toMatch(/^Невірний логін або пароль/)
    // Back online: the portal confirms the password, the verifier is fresh again.
    portal.mode = 'online'
    await sessions.signIn('olena', PASSWORD)
    sessions.signOut()
    portal.mode = 'offline'
    now += 10 * 24 * 3600_000
    expect((await sessions.signIn('olena', PASSWORD)).clerk).toEqual(OLENA)
  })

  it('the offline sign-in term is a supervisor’s or administrator’s setting, 1 to 365 days', async () => {
    const { sessions } = open()
    await sessions.signIn('olena', PASSWORD)
    expect(() => sessions.setOfflineSignInDays(7)).toThrow(/лише керівник або адміністратор/)
    sessions.signOut()
    db.prepare("UPDATE clerk_verifiers SET clerk_json = json_set(clerk_json, '$.role', 'admin')").run()
    portal.mode = 'offline'
    await sessions.signIn('olena', PASSWORD)
    expect(sessions.setOfflineSignInDays(7)).toBe(7)
    expect(() => sessions.setOfflineSignInDays(0)).toThrow(/Від 1 до 365 днів/)
    sessions.signOut()
    now += 8 * 24 * 3600_000
    expect((await refusal(sessions.signIn('olena', PASSWORD))).message).toContain('протягом 7 дн.')
  })

  it('a mere wrong guess online leaves the cached verifier alone', async () => {
    const { sessions } = open()
    await sessions.signIn('olena', PASSWORD)
    sessions.signOut()
    expect((await refusal(sessions.signIn('olena', 'typo'))).code).toBe('unauthenticated')
    portal.mode = 'offline'
    expect((await sessions.signIn('olena', PASSWORD)).clerk).toEqual(OLENA)
  })

  it('locks a login out after 5 failures for 30 s, doubling; the back-off survives a restart', async () => {
    let { sessions } = open()
    await sessions.signIn('olena', PASSWORD)
    sessions.signOut()
    portal.mode = 'offline'
    for (let i = 1; i <= 4; i++) expect((await refusal(sessions.signIn('olena', `wrong-${i}`))).code).toBe('unauthenticated')
    const fifth = await refusal(sessions.signIn('olena', 'wrong-5'))
    expect(fifth.code).toBe('rate_limited')
    expect(fifth.message).toBe('Забагато спроб. Спробуйте через 30 с')

    // A restart does not reset it, and even the right password waits; a different case is the same login.
    ;({ sessions } = reopen())
    now += 10_000
    const waiting = await refusal(sessions.signIn('OLENA', PASSWORD))
    expect(waiting.code).toBe('rate_limited')
    expect(waiting.message).toBe('Забагато спроб. Спробуйте через 20 с')

    now += 21_000
    const sixth = await refusal(sessions.signIn('olena', 'wrong-6'))
    expect(sixth.message).toBe('Забагато спроб. Спробуйте через 60 с')
    now += 61_000
    expect((await sessions.signIn('olena', PASSWORD)).clerk).toEqual(OLENA)
    // Success clears the counter: the next mistake is an ordinary one.
    sessions.signOut()
    expect((await refusal(sessions.signIn('olena', 'wrong-again'))).code).toBe('unauthenticated')
    expect(actions().filter((a) => a === 'sign_in_failed').length).toBe(8)
  })

  it('checks parallel guesses one at a time, so a burst cannot outrun the lockout', async () => {
    const { sessions } = open()
    await sessions.signIn('olena', PASSWORD)
    sessions.signOut()
    portal.mode = 'offline'
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => sessions.signIn('olena', `guess-${i}`)))
    const codes = results.map((r) => (r.status === 'rejected' && r.reason instanceof DomainError ? r.reason.code : 'ok'))
    expect(codes.filter((c) => c === 'unauthenticated')).toHaveLength(4)
    expect(codes.filter((c) => c === 'rate_limited')).toHaveLength(8)
  })
})

describe('lock and unlock', () => {
  it('locks; unlocks only with the password; stays locked across a restart', async () => {
    let { sessions, events } = open()
    await sessions.signIn('olena', PASSWORD)
    expect(sessions.lock('idle')).toMatchObject({ locked: true, clerk: OLENA })
    expect(events.at(-1)?.locked).toBe(true)
    const wrong = await refusal(sessions.unlock('неправильний'))
    expect(wrong).toMatchObject({ code: 'unauthenticated', message: 'Невірний пароль' })

    ;({ sessions, events } = reopen())
    expect(sessions.state()).toMatchObject({ clerk: OLENA, locked: true })
    expect((await sessions.unlock(PASSWORD)).locked).toBe(false)
    expect(actions()).toEqual(['sign_in', 'lock', 'sign_in_failed', 'unlock'])
    const lock = searchAudit(db, { action: 'lock', offset: 0, limit: 1 }).rows[0]
    expect(lock).toMatchObject({ clerkId: 'clerk-olena', clerkName: 'Олена Коваль', workstationId: 'ws-1', detail: { reason: 'idle' } })
  })

  it('counts wrong unlock passwords towards the same lockout, shown in the state', async () => {
    const { sessions } = open()
    await sessions.signIn('olena', PASSWORD)
    sessions.lock('manual')
    for (let i = 0; i < 4; i++) await refusal(sessions.unlock(`wrong-${i}`))
    expect((await refusal(sessions.unlock('wrong-5'))).code).toBe('rate_limited')
    expect(sessions.state().lockedUntil).toBe(new Date(now + 30_000).toISOString())
    expect((await refusal(sessions.unlock(PASSWORD))).code).toBe('rate_limited')
    now += 30_001
    expect(sessions.state().lockedUntil).toBeNull()
    expect((await sessions.unlock(PASSWORD)).locked).toBe(false)
  })

  it('a restart locks a signed-in session: only its clerk’s password opens it again', async () => {
    let { sessions } = open()
    await sessions.signIn('olena', PASSWORD)
    ;({ sessions } = reopen())
    expect(sessions.state()).toMatchObject({ clerk: OLENA, locked: true })
    expect(searchAudit(db, { action: 'lock', offset: 0, limit: 1 }).rows[0]?.detail).toEqual({ reason: 'restart' })
    expect((await sessions.unlock(PASSWORD)).locked).toBe(false)
  })

  it('signing out from a locked session ends it; the idle time is a supervisor’s setting', async () => {
    const { sessions } = open()
    await sessions.signIn('olena', PASSWORD)
    expect(() => sessions.setIdleLock(5)).toThrow(/лише керівник або адміністратор/)
    sessions.lock('manual')
    expect(sessions.signOut()).toMatchObject({ clerk: null, locked: false })
    expect(actions()).toEqual(['sign_in', 'lock', 'sign_out'])
  })
})

describe('the local database key slots (issue 20 item 4)', () => {
  it('every sign-in gives the clerk her slot with the password typed; the portal’s “disabled” and “revoked” remove slots', async () => {
    const { sessions } = open()
    await sessions.signIn('olena', PASSWORD)
    expect(vaultCalls).toEqual(['signedIn olena clerk-olena online the password typed'])
    sessions.signOut()
    portal.mode = 'offline'
    await sessions.signIn('olena', PASSWORD)
    expect(vaultCalls.at(-1)).toBe('signedIn olena clerk-olena offline the password typed')
    sessions.signOut()
    // A wrong password: no slot is touched.
    const before = vaultCalls.length
    await refusal(sessions.signIn('olena', 'not hers'))
    expect(vaultCalls.length).toBe(before)

    portal.mode = 'disabled'
    expect((await refusal(sessions.signIn('olena', PASSWORD))).code).toBe('forbidden')
    expect(vaultCalls.at(-1)).toBe('forgetLogin olena')
    portal.mode = 'revoked'
    expect((await refusal(sessions.signIn('olena', PASSWORD))).code).toBe('forbidden')
    expect(vaultCalls.at(-1)).toBe('forgetAll')
  })
})
