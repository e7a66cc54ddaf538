/**
 * The local database encrypted at rest, through the real composition (issue 20 item 4): a new
 * workstation's database is encrypted from the start with the demo clerks' slots; after a restart
 * the back end is sealed (only sign-in answers) until a clerk's password opens her slot; a plain
 * database from before encryption is encrypted in place at the first sign-in with nothing lost.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createWorkstation, type Workstation, type WorkstationOptions } from './workstation'
import { closeDatabase, isEncryptedDatabaseFile, openDatabase } from './db/connection'
import { countApplications, getApplication, insertEvents, upsertApplication } from './db/applications-repository'
import { loadCatalogueFile, seedCatalogue } from './db/catalogue-repository'
import { createKeySlots, keySlotsPathFor } from './services/key-slots'
import type { Logger } from './log'
import type { PdfRenderer } from '../print/pdf'
import type { QueueCounts } from '../shared/queue'
import type { SessionState } from '../shared/session-contract'
import type { Result } from '../shared/result'
import { generateDemo } from '../shared/demo/generate'
import { DEFAULT_CALENDAR } from '../shared/domain/calendar'

const CATALOG = join(__dirname, '../../resources/catalog/services.json')
const log: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined }
const pdf: PdfRenderer = { toPdf: async () => new TextEncoder().encode('%PDF-1.4\n%%EOF'), close: async () => undefined }

let dir: string
let open: Workstation[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vikno-vault-'))
})
afterEach(async () => {
  for (const ws of open) await ws.close()
  open = []
  rmSync(dir, { recursive: true, force: true })
})

const options = (): WorkstationOptions => ({
  dataDir: join(dir, 'data'),
  shell: 'web',
  appVersion: '0.0.0-test',
  catalogPath: CATALOG,
  log,
  print: { pdf, printer: null },
  standaloneDemo: { count: 12, seed: 5 }
})

async function start(): Promise<Workstation> {
  const ws = await createWorkstation(options())
  open.push(ws)
  return ws
}
async function stop(ws: Workstation): Promise<void> {
  await ws.close()
  open = open.filter((w) => w !== ws)
}
async function call<T>(ws: Workstation, method: string, input: unknown = {}): Promise<Result<T>> {
  return (await ws.dispatch(method, input)) as Result<T>
}
async function value<T>(ws: Workstation, method: string, input: unknown = {}): Promise<T> {
  const r = await call<T>(ws, method, input)
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`)
  return r.value
}

const dbFile = (): string => join(dir, 'data', 'workstation.sqlite')
const allBytes = (file: string): Buffer =>
  Buffer.concat([file, `${file}-wal`, `${file}-shm`].filter((f) => existsSync(f)).map((f) => readFileSync(f)))

describe('the workstation with an encrypted database', () => {
  it('is created encrypted with the demo clerks’ slots, starts sealed after a restart, and opens with a slot’s password', async () => {
    const first = await start()
    const state = await value<SessionState>(first, 'session.state')
    expect(state).toMatchObject({ clerk: { clerkId: 'clerk-olena' }, sealed: false })
    await value<QueueCounts>(first, 'queue.counts')
    expect(countApplications(first.db)).toBe(12)
    const { id } = first.db.prepare('SELECT id FROM applications LIMIT 1').get() as { id: string }
    const someone = getApplication(first.db, id)?.applicant ?? { surname: 'none', rnokpp: null }
    expect(someone.surname).not.toBe('none')
    await stop(first)

    expect(isEncryptedDatabaseFile(dbFile())).toBe(true)
    expect(allBytes(dbFile()).includes(Buffer.from(someone.surname, 'utf8'))).toBe(false)
    if (someone.rnokpp) expect(allBytes(dbFile()).includes(Buffer.from(someone.rnokpp, 'utf8'))).toBe(false)
    const slots = createKeySlots(keySlotsPathFor(dbFile()))
    expect(
      slots
        .list()
        .map((s) => s.login)
        .sort()
    ).toEqual(['iryna', 'nadiia', 'olena', 'petro', 'taras'])
    expect(statSync(slots.file).mode & 0o777).toBe(0o600)

    // Restarted: sealed. Only sign-in, session.state and app.info answer.
    const ws = await start()
    const sealed = await value<SessionState>(ws, 'session.state')
    expect(sealed).toEqual({
      clerk: null,
      locked: false,
      lockedUntil: null,
      idleLockMinutes: 10,
      sealed: true,
      revision: expect.any(Number)
    })
    const refused = await call(ws, 'queue.counts')
    expect(refused).toMatchObject({ ok: false, error: { code: 'unauthenticated', message: expect.stringMatching(/зашифровано/) } })
    expect(await call(ws, 'app.info')).toMatchObject({ ok: true, value: { clerk: null } })
    expect(() => ws.db).toThrow(/sealed/)

    // A wrong password, and a login without a slot, open nothing — each with its own Ukrainian message.
    expect(await call(ws, 'session.signIn', { login: 'olena', password: 'не той' })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated', field: 'password', message: expect.stringMatching(/Невірний логін або пароль/) }
    })
    expect(await call(ws, 'session.signIn', { login: 'stranger', password: 'vikno-demo' })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated', field: 'login', message: expect.stringMatching(/ключа для вашого облікового запису тут ще немає/) }
    })
    expect((await value<SessionState>(ws, 'session.state')).sealed).toBe(true)

    // Taras's password opens his slot: the database opens and he is signed in.
    const signedIn = await value<SessionState>(ws, 'session.signIn', { login: 'taras', password: 'vikno-demo' })
    expect(signedIn).toMatchObject({ clerk: { clerkId: 'clerk-taras' }, locked: false, sealed: false })
    // The renderer keeps the newest state: the sign-in's must be newer than the sealed one it replaces.
    expect(signedIn.revision).toBeGreaterThan(sealed.revision)
    await value<QueueCounts>(ws, 'queue.counts')
    expect(countApplications(ws.db)).toBe(12)

    // Signing out leaves the key in memory (background sync goes on): not sealed, but nothing readable.
    const out = await value<SessionState>(ws, 'session.signOut')
    expect(out).toMatchObject({ clerk: null, sealed: false })
    expect(await call(ws, 'queue.counts')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
  })

  it('limits wrong passwords while sealed', async () => {
    await stop(await start())
    const ws = await start()
    for (let i = 0; i < 4; i++) {
      expect(await call(ws, 'session.signIn', { login: 'olena', password: `guess ${i}` })).toMatchObject({
        ok: false,
        error: { code: 'unauthenticated' }
      })
    }
    expect(await call(ws, 'session.signIn', { login: 'olena', password: 'guess 5' })).toMatchObject({
      ok: false,
      error: { code: 'rate_limited' }
    })
    // Even the right password waits out the lockout.
    expect(await call(ws, 'session.signIn', { login: 'olena', password: 'vikno-demo' })).toMatchObject({
      ok: false,
      error: { code: 'rate_limited' }
    })
  })

  it('a damaged key file leaves it sealed with a clear message', async () => {
    await stop(await start())
    writeFileSync(keySlotsPathFor(dbFile()), '{"format":"vikno-keyslots"')
    const ws = await start()
    expect(await call(ws, 'session.signIn', { login: 'olena', password: 'vikno-demo' })).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/Файл ключів цієї робочої станції пошкоджено/) }
    })
  })

  it('a database created but never signed into (no slot) is made anew at the next start', async () => {
    const opts = { ...options(), standaloneDemo: null }
    const ws = await createWorkstation(opts)
    await ws.close()
    expect(isEncryptedDatabaseFile(dbFile())).toBe(true)
    expect(createKeySlots(keySlotsPathFor(dbFile())).list()).toEqual([])
    const again = await createWorkstation(opts)
    open.push(again)
    expect((await value<SessionState>(again, 'session.state')).sealed).toBe(false)
  })

  it('a plain database from before encryption is encrypted in place at the first sign-in, nothing lost', async () => {
    // The file as an older Vikno left it: plain, with applications and a setting.
    const file = dbFile()
    mkdirSync(join(dir, 'data'), { recursive: true })
    const plain = openDatabase(file)
    seedCatalogue(plain, loadCatalogueFile(CATALOG))
    const items = [
      ...generateDemo({
        seed: 9,
        count: 20,
        now: '2026-03-02T11:30:00+02:00',
        centreId: 'khm-cnap',
        services: loadCatalogueFile(CATALOG),
        calendar: DEFAULT_CALENDAR
      })
    ]
    plain.transaction(() => {
      for (const { record, events } of items) {
        upsertApplication(plain, record, 'confirmed')
        insertEvents(plain, events)
      }
    })()
    closeDatabase(plain)
    const surname = items[0]?.record.applicant.surname ?? ''
    expect(readFileSync(file).includes(Buffer.from(surname, 'utf8'))).toBe(true)

    const ws = await start()
    // Still plain until someone signs in (it was readable anyway); the demo clerks' verifiers exist.
    expect(isEncryptedDatabaseFile(file)).toBe(false)
    await value<SessionState>(ws, 'session.signIn', { login: 'petro', password: 'vikno-demo' })
    expect(isEncryptedDatabaseFile(file)).toBe(true)
    await value<QueueCounts>(ws, 'queue.counts')
    expect(countApplications(ws.db)).toBe(20)
    await stop(ws)
    expect(allBytes(file).includes(Buffer.from(surname, 'utf8'))).toBe(false)
    expect(
      createKeySlots(keySlotsPathFor(file))
        .list()
        .map((s) => s.login)
    ).toEqual(['petro'])

    const again = await start()
    expect((await value<SessionState>(again, 'session.state')).sealed).toBe(true)
    await value<SessionState>(again, 'session.signIn', { login: 'petro', password: 'vikno-demo' })
    await value<QueueCounts>(again, 'queue.counts')
    expect(countApplications(again.db)).toBe(20)
    // Another clerk signing in after the database is open gets her own slot.
    await value<SessionState>(again, 'session.signIn', { login: 'olena', password: 'vikno-demo' })
    expect(
      createKeySlots(keySlotsPathFor(file))
        .list()
        .map((s) => s.login)
        .sort()
    ).toEqual(['olena', 'petro'])
  })
})
