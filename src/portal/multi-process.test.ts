import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Nudge } from '../shared/protocol'
import { DEMO_CENTRE } from '../shared/demo/clerks'
import { PgDb } from './db/pg-db'
import { truncateAll } from './db/maintenance-repository'
import { submitApplication } from './intake/intake'
import { createPortal, type Portal } from './portal'
import type { PortalHooks } from './deps'
import { PgNudgeBus } from './pg-nudges'
import { openTestDb, PG_URL, type TestDb } from './test/backends'
import { enrol, NADIIA, setup, validApplication } from './test/fixtures'
import { revokeWorkstation } from './sync/workstations'

/*
 * Issue 19: several portal processes on one PostgreSQL. Two portals (two Fastify apps, two pg pools,
 * two LISTEN connections) on one database schema, each listening on its own port: what a load
 * balancer in front of two processes would see. PostgreSQL only: PGlite is one process by nature.
 */

const WINDOW_MS = 100

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
    a = await createPortal({
      db: testDb.db,
      rateLimit: false,
      hooks: hooksA,
      closeDb: false,
      nudgeWindowMs: WINDOW_MS,
      sseKeepAliveMs: 60_000
    })
    b = await createPortal({ db: secondDb, rateLimit: false, closeDb: false, nudgeWindowMs: WINDOW_MS, sseKeepAliveMs: 60_000 })
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
    expect(stream.nudges).toEqual([{ centreId: DEMO_CENTRE.id, version: 0 }])
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
    expect(stream.nudges).toEqual([{ centreId: DEMO_CENTRE.id, version: 0 }])
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
})
