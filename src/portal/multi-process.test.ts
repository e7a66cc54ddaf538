import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { pullResponseSchema, type Nudge, type PullResponse } from '../shared/protocol'
import { DEMO_CENTRE } from '../shared/demo/clerks'
import { PgDb } from './db/pg-db'
import { truncateAll } from './db/maintenance-repository'
import { listCentreWorkstations } from './db/admin-repository'
import { getCentre } from './db/centres-repository'
import { submitApplication } from './intake/intake'
import { createPortal, type Portal } from './portal'
import type { PortalHooks } from './deps'
import { PgNudgeBus } from './pg-nudges'
import { ManualClock, openTestDb, PG_URL, type TestDb } from './test/backends'
import { enrol, NADIIA, setup, validApplication } from './test/fixtures'
import { newCard } from './test/cards'
import { revokeWorkstation } from './sync/workstations'

/*
 * Issue 19: several portal processes on one PostgreSQL. Two portals (two Fastify apps, two pg pools,
 * two LISTEN connections) on one database schema, each listening on its own port: what a load
 * balancer in front of two processes would see. PostgreSQL only: PGlite is one process by nature.
 */

const WINDOW_MS = 100
const RATE_MAX = 6

if (!PG_URL) {
  console.info(
    '[portal multi-process] SKIPPED: these tests need PostgreSQL (two portal processes share one database). ' +
      'Set PORTAL_TEST_DATABASE_URL, e.g. postgres://vikno:vikno@127.0.0.1:5432/vikno_test'
  )
}

interface Stream {
  status: number
  nudges: Nudge[]
  raw: () => string
  ended: () => boolean
  /** Resolves when `predicate` holds on what arrived, or rejects after `ms`. */
  until(predicate: (nudges: readonly Nudge[]) => boolean, ms?: number): Promise<void>
  close(): void
}

async function openStream(port: number, token: string | null): Promise<Stream> {
  const controller = new AbortController()
  const res = await fetch(`http://127.0.0.1:${port}/sync/events`, {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
    signal: controller.signal
  })
  const nudges: Nudge[] = []
  let text = ''
  let ended = false
  const waiters = new Set<() => void>()
  const wake = (): void => {
    for (const w of [...waiters]) w()
  }
  if (res.body) {
    const reader = res.body.getReader()
    const decoder = new TextDecoder()
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read()
          if (done) break
          text += decoder.decode(value, { stream: true })
          const frames = text.split('\n\n')
          text = frames.pop() ?? ''
          for (const f of frames) {
            if (f.startsWith('data: ')) nudges.push(JSON.parse(f.slice(6)) as Nudge)
          }
          wake()
        }
      } catch {
        // aborted
      }
      ended = true
      wake()
    })()
  }
  return {
    status: res.status,
    nudges,
    raw: () => text,
    ended: () => ended,
    until: (predicate, ms = 5_000) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (predicate(nudges)) {
            clearTimeout(timer)
            waiters.delete(check)
            resolve()
          } else if (ended) {
            clearTimeout(timer)
            waiters.delete(check)
            reject(new Error(`stream ended; got ${JSON.stringify(nudges)}`))
          }
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`timed out after ${ms} ms; got ${JSON.stringify(nudges)}`))
        }, ms)
        waiters.add(check)
        check()
      }),
    close: () => controller.abort()
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

describe.skipIf(!PG_URL)('two portal processes on one PostgreSQL', () => {
  let testDb: TestDb
  let secondDb: PgDb
  let a: Portal
  let b: Portal
  let portA = 0
  let portB = 0
  const hooksA: PortalHooks = {}
  const clock = new ManualClock()
  const streams: Stream[] = []
  const open = async (port: number, token: string | null): Promise<Stream> => {
    const s = await openStream(port, token)
    streams.push(s)
    return s
  }

  beforeAll(async () => {
    testDb = await openTestDb('postgres', 5)
    if (!(testDb.db instanceof PgDb)) throw new Error('expected PostgreSQL')
    // The second process: its own pool (and its own LISTEN connection) on the same schema.
    secondDb = new PgDb({ ...testDb.db.config, max: 5 })
    // One clock for both processes (as NTP gives two machines), the same limits.
    const common = {
      clock: clock.now,
      closeDb: false,
      nudgeWindowMs: WINDOW_MS,
      sseKeepAliveMs: 60_000,
      rateLimit: { max: RATE_MAX, timeWindowMs: 60_000 },
      accessLimits: { perApplication: 3, perAddress: 100, windowMs: 15 * 60_000 }
    }
    a = await createPortal({ ...common, db: testDb.db, hooks: hooksA })
    b = await createPortal({ ...common, db: secondDb })
    await a.app.listen({ port: 0, host: '127.0.0.1' })
    await b.app.listen({ port: 0, host: '127.0.0.1' })
    portA = (a.app.server.address() as AddressInfo).port
    portB = (b.app.server.address() as AddressInfo).port
  })

  afterAll(async () => {
    for (const s of streams) s.close()
    await a?.close()
    await b?.close()
    await secondDb?.close()
    await testDb?.drop()
  })

  beforeEach(async () => {
    for (const s of streams.splice(0)) s.close()
    for (const key of Object.keys(hooksA) as (keyof PortalHooks)[]) delete hooksA[key]
    await truncateAll(a.db)
    clock.reset()
  })

  it('composes the PostgreSQL bus for each process, each with its own listening connection', () => {
    expect(a.deps.nudges).toBeInstanceOf(PgNudgeBus)
    expect(b.deps.nudges).toBeInstanceOf(PgNudgeBus)
    const pa = (a.deps.nudges as PgNudgeBus).listener.pid
    const pb = (b.deps.nudges as PgNudgeBus).listener.pid
    expect(pa).not.toBeNull()
    expect(pb).not.toBeNull()
    expect(pa).not.toBe(pb)
  })

  it('a citizen submits through process A: a stream held by process B is nudged with the new version', async () => {
    const { ws } = await setup(a)
    const stream = await open(portB, ws.token)
    expect(stream.status).toBe(200)
    await stream.until((n) => n.length === 1)
    expect(stream.nudges[0]).toEqual({ centreId: DEMO_CENTRE.id, version: 0 })
    const created = await fetch(`http://127.0.0.1:${portA}/api/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(validApplication())
    })
    expect(created.status).toBe(201)
    await stream.until((n) => n.some((x) => x.version === 1))
    expect(stream.nudges).toEqual([
      { centreId: DEMO_CENTRE.id, version: 0 },
      { centreId: DEMO_CENTRE.id, version: 1 }
    ])
  })

  it('race: while A`s transaction is open, B`s stream hears nothing and B reads nothing; after the nudge, B reads the change', async () => {
    const { ws } = await setup(a)
    const stream = await open(portB, ws.token)
    await stream.until((n) => n.length === 1)
    let reached!: () => void
    const atVersion = new Promise<void>((resolve) => (reached = resolve))
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    hooksA.afterChangeVersion = async () => {
      reached()
      await gate
    }
    // The version is taken and the NOTIFY queued: the transaction is held open right after.
    const submitted = submitApplication(a.db, a.deps, validApplication())
    await atVersion
    await sleep(WINDOW_MS * 4)
    // Nothing of the change while it is uncommitted. (The intake's first look at the centre seeds its
    // catalogue in a transaction of its own, committed before, which nudges at the same version 0:
    // issue 17's catalogue revision, a hint to pull that catalogue.)
    expect(stream.nudges.filter((n) => n.version > 0)).toEqual([])
    const during = await fetch(`http://127.0.0.1:${portB}/sync/pull?cursor=0`, { headers: { authorization: `Bearer ${ws.token}` } })
    expect(during.status).toBe(200)
    expect(((await during.json()) as { changes: unknown[] }).changes).toEqual([])
    release()
    const { orderNumber } = await submitted
    await stream.until((n) => n.some((x) => x.version === 1))
    // The moment the nudge is heard, the other process reads the change.
    const after = await fetch(`http://127.0.0.1:${portB}/sync/pull?cursor=0`, { headers: { authorization: `Bearer ${ws.token}` } })
    expect(after.status).toBe(200)
    const page = JSON.stringify(await after.json())
    expect(page).toContain(orderNumber)
  })

  it('a rolled-back change nudges nobody', async () => {
    const { ws } = await setup(a)
    const stream = await open(portB, ws.token)
    await stream.until((n) => n.length === 1)
    hooksA.afterChangeVersion = () => {
      throw new Error('planted failure after the version was taken')
    }
    await expect(submitApplication(a.db, a.deps, validApplication())).rejects.toThrow(/planted/)
    await sleep(WINDOW_MS * 4)
    // The rolled-back version (1) is never heard; the catalogue seeded at the intake's first look, in
    // its own committed transaction, may nudge at version 0 (see the race test).
    expect(stream.nudges.filter((n) => n.version > 0)).toEqual([])
    expect(stream.nudges.length).toBeGreaterThan(0)
  })

  it('a burst of 20 changes: each stream, in either process, gets a few nudges (bounded by the window), the last one naming the last version', async () => {
    const { ws } = await setup(a)
    const other = await enrol(a, 'Вікно 2')
    const onB = await open(portB, ws.token)
    const onB2 = await open(portB, other.token)
    const onA = await open(portA, other.token)
    for (const s of [onB, onB2, onA]) await s.until((n) => n.length === 1)
    const started = performance.now()
    await Promise.all(Array.from({ length: 20 }, () => submitApplication(a.db, a.deps, validApplication())))
    const elapsed = performance.now() - started
    for (const s of [onB, onB2, onA]) await s.until((n) => n.some((x) => x.version === 20))
    await sleep(WINDOW_MS * 3)
    // One window opens at the first change and closes WINDOW_MS later; a burst spanning T ms opens at most T / WINDOW_MS + 1.
    const bound = Math.floor(elapsed / WINDOW_MS) + 2 // +1: notifications arrive with some jitter after their commits
    for (const s of [onB, onB2, onA]) {
      const after = s.nudges.slice(1)
      expect(after.length).toBeGreaterThanOrEqual(1)
      expect(after.length).toBeLessThanOrEqual(Math.min(bound, 19))
      expect(after.at(-1)).toEqual({ centreId: DEMO_CENTRE.id, version: 20 })
      const versions = after.map((x) => x.version)
      expect(versions).toEqual([...versions].sort((x, y) => x - y))
    }
  })

  it('the stranger (no token, a made-up token, a revoked workstation) opens no stream and gets no nudge', async () => {
    const { ws } = await setup(a)
    const revoked = await enrol(a, 'Вікно 9')
    const admin = await enrol(a, 'Адміністратор')
    const res = await fetch(`http://127.0.0.1:${portA}/admin/workstations/${revoked.id}/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
      body: JSON.stringify({ login: NADIIA.login, password: NADIIA.password })
    })
    expect(res.status).toBe(200)
    const legit = await open(portB, ws.token)
    await legit.until((n) => n.length === 1)
    for (const token of [null, 'not-a-token', `${ws.token}x`, revoked.token]) {
      const s = await open(portB, token)
      expect(s.status, String(token)).toBe(401)
      await s.until((_n) => s.ended(), 2_000).catch(() => undefined)
      expect(s.nudges, String(token)).toEqual([])
      expect(s.raw()).not.toContain(DEMO_CENTRE.id)
    }
    await submitApplication(a.db, a.deps, validApplication())
    await legit.until((n) => n.some((x) => x.version === 1))
  })

  it('a workstation revoked through A: its stream held by B ends', async () => {
    const { ws } = await setup(a)
    const stream = await open(portB, ws.token)
    await stream.until((n) => n.length === 1)
    await revokeWorkstation(a.db, a.deps, ws.id)
    await stream.until(() => stream.ended()).catch(() => undefined)
    expect(stream.ended()).toBe(true)
  })

  it('B`s listening connection is killed: B reconnects and nudges its streams with the current version, even for a change made while it was deaf', async () => {
    const { ws } = await setup(a)
    const stream = await open(portB, ws.token)
    await stream.until((n) => n.length === 1)
    const bus = b.deps.nudges as PgNudgeBus
    const pid = bus.listener.pid
    expect(pid).not.toBeNull()
    await a.db.query('SELECT pg_terminate_backend($1)', [pid])
    // Made right away: B may or may not have been listening when it committed.
    await submitApplication(a.db, a.deps, validApplication())
    await stream.until((n) => n.some((x) => x.version === 1), 10_000)
    expect(bus.listener.pid).not.toBeNull()
    expect(bus.listener.pid).not.toBe(pid)
    // And it hears the next change as before.
    await submitApplication(a.db, a.deps, validApplication())
    await stream.until((n) => n.some((x) => x.version === 2))
  })

  // ── what must not live in one process's memory (README, "Several processes") ──

  it('the public rate limit counts an address over both processes together; another address, another route count apart', async () => {
    const services = (app: Portal, address: string): Promise<number> =>
      app.app.inject({ method: 'GET', url: '/api/v1/services', remoteAddress: address }).then((r) => r.statusCode)
    for (let i = 0; i < RATE_MAX; i++) expect(await services(i % 2 === 0 ? a : b, '198.51.100.1'), `try ${i + 1}`).toBe(200)
    const over = await b.app.inject({ method: 'GET', url: '/api/v1/services', remoteAddress: '198.51.100.1' })
    expect(over.statusCode).toBe(429)
    expect(over.json()).toMatchObject({ error: { code: 'rate_limited' } })
    expect(await services(a, '198.51.100.1')).toBe(429)
    expect(await services(a, '198.51.100.2')).toBe(200)
    expect(await services(b, '198.51.100.2')).toBe(200)
    const status = await a.app.inject({ method: 'GET', url: '/api/v1/applications/0000001/status', remoteAddress: '198.51.100.1' })
    expect(status.statusCode).not.toBe(429)
    // The window ends for everyone at once.
    clock.advance(60_001)
    expect(await services(b, '198.51.100.1')).toBe(200)
  })

  it('tries at an access code are counted over both processes together', async () => {
    await setup(a)
    const { orderNumber, accessCode } = await submitApplication(a.db, a.deps, validApplication())
    const status = (app: Portal, code: string, address: string): Promise<number> =>
      app.app
        .inject({
          method: 'GET',
          url: `/api/v1/applications/${orderNumber}/status`,
          headers: { 'x-access-code': code },
          remoteAddress: address
        })
        .then((r) => r.statusCode)
    expect(await status(a, 'AAAA-AAAA-AAAA', '198.51.100.10')).toBe(404)
    expect(await status(b, 'AAAA-AAAA-AAAB', '198.51.100.11')).toBe(404)
    expect(await status(a, 'AAAA-AAAA-AAAC', '198.51.100.12')).toBe(404)
    // The fourth try at this application, from a fourth address, through the other process.
    expect(await status(b, 'AAAA-AAAA-AAAD', '198.51.100.13')).toBe(429)
    expect(await status(a, accessCode, '198.51.100.14')).toBe(429)
    clock.advance(15 * 60_000 + 1)
    expect(await status(b, accessCode, '198.51.100.14')).toBe(200)
  })

  it('the catalogue (issue 17, item 5): a publish through A nudges B`s stream in its transaction, and B`s next pull carries the new version', async () => {
    const { ws } = await setup(a)
    const stream = await open(portB, ws.token)
    await stream.until((n) => n.length === 1)
    const admin = { login: NADIIA.login, password: NADIIA.password }
    const post = async (path: string, json: unknown): Promise<void> => {
      const res = await fetch(`http://127.0.0.1:${portA}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.token}` },
        body: JSON.stringify(json)
      })
      expect(res.status, await res.clone().text()).toBeLessThan(300)
    }
    const pullB = async (held: string): Promise<PullResponse> => {
      const res = await fetch(`http://127.0.0.1:${portB}/sync/pull?cursor=0&testing=1&catalogue=${held}`, {
        headers: { authorization: `Bearer ${ws.token}` }
      })
      expect(res.status).toBe(200)
      return pullResponseSchema.parse(await res.json())
    }
    // The first catalogue read seeds the centre: a revision, and a nudge.
    await post('/admin/catalogue/list', admin)
    await stream.until((n) => n.length === 2)
    const first = await pullB('none')
    const held = first.catalogue
    expect(held?.revision).toBe(1)
    const card = newCard()
    await post('/admin/catalogue/services', { ...admin, card })
    await post(`/admin/catalogue/services/${card.id}/versions/1/testing`, { ...admin, validHours: 24 })
    await stream.until((n) => n.length === 3)
    await post(`/admin/catalogue/services/${card.id}/versions/1/publish`, admin)
    await stream.until((n) => n.length === 4)
    // The draft nudged nobody; every nudge said the centre's version (the catalogue is not in the change log).
    const version = (await getCentre(a.db, DEMO_CENTRE.id))?.version
    expect(stream.nudges.every((x) => x.centreId === DEMO_CENTRE.id && x.version === version)).toBe(true)
    const page = await pullB(`${held?.revision}.${held?.revisionId}`)
    expect(page.catalogue?.revision).toBe(3)
    expect(page.catalogue?.cards.filter((c) => c.serviceId === card.id).map((c) => [c.version, c.stage, c.live])).toEqual([
      [1, 'published', true]
    ])
  })

  it('a citizens` form served by one process is accepted by the other (one sealing key); a forged token is still refused', async () => {
    const page = await a.app.inject({ method: 'GET', url: '/', remoteAddress: '198.51.100.20' })
    expect(page.statusCode).toBe(200)
    const cookie = /vikno_csrf=([A-Za-z0-9_-]+)/.exec(String(page.headers['set-cookie']))?.[1]
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1]
    expect(cookie).toBeDefined()
    expect(token).toBeDefined()
    const lookup = (app: Portal, csrf: string): Promise<number> =>
      app.app
        .inject({
          method: 'POST',
          url: '/lookup',
          remoteAddress: '198.51.100.20',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `vikno_csrf=${cookie}` },
          payload: new URLSearchParams({ _csrf: csrf, orderNumber: '0000001', code: 'AAAA-AAAA-AAAA' }).toString()
        })
        .then((r) => r.statusCode)
    expect(await lookup(b, token!)).not.toBe(403)
    expect(await lookup(b, 'A'.repeat(43))).toBe(403)
  })

  it('"last seen" is written at most once a minute per workstation over both processes', async () => {
    const { ws } = await setup(a)
    const seen = async (): Promise<string | null> =>
      (await listCentreWorkstations(a.db, DEMO_CENTRE.id)).find((w) => w.id === ws.id)?.lastSeenAt ?? null
    const touch = (app: Portal): Promise<number> =>
      app.app
        .inject({ method: 'GET', url: '/sync/results?to=0', headers: { authorization: `Bearer ${ws.token}` } })
        .then((r) => r.statusCode)
    expect(await touch(a)).toBe(200)
    const first = await seen()
    expect(first).toBe(clock.now().toISOString())
    clock.advance(10_000)
    expect(await touch(b)).toBe(200) // B has not written it yet, but A did 10 s ago: nothing written
    expect(await seen()).toBe(first)
    clock.advance(51_000)
    expect(await touch(a)).toBe(200) // a minute after A's write: written
    expect(await seen()).toBe(clock.now().toISOString())
    const second = await seen()
    clock.advance(10_000)
    expect(await touch(b)).toBe(200) // B's own minute is over, but A wrote 10 s ago: nothing written
    expect(await seen()).toBe(second)
  })

  it('two processes starting together on an empty database seed the demo once (the advisory lock), the second finds it seeded', async () => {
    const [fromA, fromB] = await Promise.all([a.seedDemoIfEmpty({ count: 30, seed: 1 }), b.seedDemoIfEmpty({ count: 30, seed: 1 })])
    const seeded = [fromA, fromB].filter((s) => s !== null)
    expect(seeded).toHaveLength(1)
    // Seeded twice, the centre's counter would be past the first seeding's last version.
    const centre = await getCentre(a.db, DEMO_CENTRE.id)
    expect(centre?.version).toBe(seeded[0]?.version)
    expect(await a.seedDemoIfEmpty({ count: 30, seed: 1 })).toBeNull()
  })
})
