import { expect, it } from 'vitest'
import type { Change, CursorEvent, PullResponse } from '../../shared/protocol'
import { newestEvent, PULL_HINT_HEADERS, pullHintOf, pullResponseSchema, readPullHint } from '../../shared/protocol'
import type { PortalDb, Queryable } from '../db/portal-db'
import { submitApplication } from '../intake/intake'
import { describeBackends, type PortalFixture } from '../test/backends'
import { command, setup, submit, validApplication, signFor } from '../test/fixtures'
import type { ApplicationRecord } from '../../shared/domain/application'
import { handlePull, handlePullBody, handlePullJson, handlePullReply, type PullQuery } from './pull'
import { handlePush, type WorkstationIdentity } from './push'

// As today's workstations ask (testing=1: records with serviceVersion and isTest; pull-testing.test.ts has the older shape).
const pull = (fx: PortalFixture, ws: WorkstationIdentity, cursor: number, limit?: number): Promise<PullResponse> =>
  handlePull(fx.portal.db, fx.portal.deps, ws, limit === undefined ? { cursor, withTesting: true } : { cursor, limit, withTesting: true })

/** The same database with transactions that lack queryTextBytes: the text path node-postgres takes, on PGlite. */
function withoutTextBytes(db: PortalDb): PortalDb {
  return {
    kind: db.kind,
    query: (sql, params) => db.query(sql, params),
    transaction: (fn, opts) => db.transaction((tx) => fn({ query: (sql, params) => tx.query(sql, params) }), opts),
    close: () => db.close()
  }
}

async function rowsPerVersion(db: Queryable): Promise<Map<number, number>> {
  const rows = await db.query<{ v: number; n: number }>(
    `SELECT v, count(*)::int AS n FROM (SELECT change_version AS v FROM applications UNION ALL SELECT change_version FROM application_events) u GROUP BY v`
  )
  return new Map(rows.map((r) => [Number(r.v), r.n]))
}

async function pullAll(
  fx: PortalFixture,
  ws: WorkstationIdentity,
  cursor: number,
  limit: number
): Promise<{ pages: PullResponse[]; cursor: number }> {
  const pages: PullResponse[] = []
  for (;;) {
    const page = await pull(fx, ws, cursor, limit)
    pages.push(page)
    cursor = page.nextCursor
    if (!page.hasMore) return { pages, cursor }
  }
}

/** A gate a writer waits at inside its transaction; the test opens it. */
function gate(): { wait: () => Promise<void>; reached: Promise<void>; open: () => void } {
  let open = (): void => undefined
  let reach = (): void => undefined
  const opened = new Promise<void>((r) => (open = r))
  const reached = new Promise<void>((r) => (reach = r))
  return {
    wait: async () => {
      reach()
      await opened
    },
    reached,
    open
  }
}

describeBackends('pull', (fx) => {
  if (fx.kind === 'pglite') {
    console.info(
      '[portal pull] the interleaved-commit tests are SKIPPED on PGlite: it is one connection, so two transactions can never be open at once. ' +
        'They run on PostgreSQL when PORTAL_TEST_DATABASE_URL is set.'
    )
  }

  it('an empty centre: nothing, cursor stays, no reset', async () => {
    const { ws } = await setup(fx.portal)
    expect(await pull(fx, ws, 0)).toEqual({ changes: [], nextCursor: 0, hasMore: false, lastSeq: 0, reset: false })
  })

  it('returns changes after the cursor in version order, each record before its events, with last_seq', async () => {
    const { ws } = await setup(fx.portal)
    const a = await submit(fx.portal)
    const b = await submit(fx.portal)
    await handlePush(fx.portal.db, fx.portal.deps, ws, { workstationId: ws.id, commands: [signFor(ws, command(1, 'claim', a.id, {}))] })
    const page = await pull(fx, ws, 0)
    expect(pullResponseSchema.parse(page)).toEqual(page)
    // The applications table holds the latest state: a's record now travels with version 3.
    expect(
      page.changes.map((c) => [
        c.version,
        c.type,
        c.type === 'application' ? c.record.id : c.type === 'event' ? c.event.kind : c.applicationId
      ])
    ).toEqual([
      [1, 'event', 'submitted'],
      [2, 'application', b.id],
      [2, 'event', 'submitted'],
      [3, 'application', a.id],
      [3, 'event', 'claimed']
    ])
    expect(page).toMatchObject({ nextCursor: 3, hasMore: false, lastSeq: 1, reset: false })
    const next = await pull(fx, ws, 2)
    expect(next.changes.map((c) => c.version)).toEqual([3, 3])
    expect(await pull(fx, ws, 3)).toMatchObject({ changes: [], nextCursor: 3, hasMore: false })
  })

  it('the JSON text sent over HTTP is the object page, and records survive jsonb::text exactly (Ukrainian, apostrophes, emoji, escapes, large numbers)', async () => {
    const { ws } = await setup(fx.portal)
    const plain = await submit(fx.portal)
    const tricky = await submit(fx.portal, {
      applicant: {
        ...validApplication().applicant,
        surname: 'Мʼясоєдова',
        givenName: 'Ол’га',
        patronymic: "Д'Артаньян",
        address: 'м. Київ, вул. Хрещатик, 1 🏠 «кв. 5» 👩‍👧'
      }
    })
    await handlePush(fx.portal.db, fx.portal.deps, ws, { workstationId: ws.id, commands: [signFor(ws, command(1, 'claim', plain.id, {}))] })
    // A record holding what a JSON round trip through jsonb could get wrong: non-BMP characters,
    // quotes, backslashes, control characters JSON must escape, U+2028, and the largest safe integer.
    const rows = await fx.db.query<{ record: ApplicationRecord }>('SELECT record FROM applications WHERE id = $1', [tricky.id])
    const stored: ApplicationRecord = {
      ...(rows[0] as { record: ApplicationRecord }).record,
      fields: { примітка: 'Лапки "так" і \\ зворотна риска,\nрядок\tі\u2028роздільник 🇺🇦 ґєії ʼ’', сума: '12345678901234567890.50' },
      version: Number.MAX_SAFE_INTEGER
    }
    await fx.db.query('UPDATE applications SET record = $2::jsonb WHERE id = $1', [tricky.id, JSON.stringify(stored)])

    for (const limit of [1, 2, 1000]) {
      let cursor = 0
      for (;;) {
        const text = await handlePullJson(fx.portal.db, fx.portal.deps, ws, { cursor, limit, withTesting: true })
        const page = await handlePull(fx.portal.db, fx.portal.deps, ws, { cursor, limit, withTesting: true })
        expect(JSON.parse(text)).toStrictEqual(page)
        expect(pullResponseSchema.parse(JSON.parse(text))).toStrictEqual(page)
        cursor = page.nextCursor
        if (!page.hasMore) break
      }
    }

    const page = await pull(fx, ws, 0)
    const record = page.changes.find((c) => c.type === 'application' && c.record.id === tricky.id)
    if (record?.type !== 'application') throw new Error('the tricky record was not pulled')
    // The values the portal stored (jsonb orders keys its own way, as it always did), and byte for
    // byte what the driver's own jsonb parse gives, i.e. what the object path used to send.
    expect(record.record).toStrictEqual(stored)
    const driver = await fx.db.query<{ record: ApplicationRecord }>('SELECT record FROM applications WHERE id = $1', [tricky.id])
    expect(JSON.stringify(record.record)).toBe(JSON.stringify((driver[0] as { record: ApplicationRecord }).record))
    expect(record.record.applicant).toMatchObject({
      surname: 'Мʼясоєдова',
      givenName: 'Ол’га',
      patronymic: "Д'Артаньян",
      address: 'м. Київ, вул. Хрещатик, 1 🏠 «кв. 5» 👩‍👧'
    })
    expect(record.record.version).toBe(Number.MAX_SAFE_INTEGER)

    // Over HTTP the body is that same text, sent as JSON.
    const res = await fx.portal.app.inject({
      method: 'GET',
      url: '/sync/pull?cursor=0&limit=1000',
      headers: { authorization: `Bearer ${ws.token}` }
    })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.body).toBe(await handlePullJson(fx.portal.db, fx.portal.deps, ws, { cursor: 0, limit: 1000 }))
    expect(pullResponseSchema.parse(JSON.parse(res.body))).toStrictEqual(page)
  })

  it.skipIf(fx.kind !== 'pglite')(
    "on PGlite the page travels as bytes that are exactly the text path's JSON (every page, empty, reset, records shipped early, escapes)",
    async () => {
      const { ws } = await setup(fx.portal)
      const early = await submit(fx.portal)
      const tricky = await submit(fx.portal, {
        applicant: { ...validApplication().applicant, surname: 'Мʼясоєдова', givenName: 'Ол’га', patronymic: "Д'Артаньян" }
      })
      await handlePush(fx.portal.db, fx.portal.deps, ws, {
        workstationId: ws.id,
        commands: [signFor(ws, command(1, 'claim', early.id, {}))]
      })
      const rows = await fx.db.query<{ record: ApplicationRecord }>('SELECT record FROM applications WHERE id = $1', [tricky.id])
      const stored: ApplicationRecord = {
        ...(rows[0] as { record: ApplicationRecord }).record,
        fields: { примітка: 'Лапки "так" і \\ зворотна риска,\nрядок\tі\u2028роздільник\u0001 🇺🇦 «ґєії» ʼ’', порожнє: '' }
      }
      await fx.db.query('UPDATE applications SET record = $2::jsonb WHERE id = $1', [tricky.id, JSON.stringify(stored)])
      const textPath = withoutTextBytes(fx.portal.db)
      // The text path read for itself, never from the page cache (which keeps bytes): it is the reference.
      const textDeps = { ...fx.portal.deps, pullCache: null }

      const same = async (asked: PullQuery): Promise<PullResponse> => {
        const query = { ...asked, withTesting: true }
        const bytes = await handlePullBody(fx.portal.db, fx.portal.deps, ws, query)
        const text = await handlePullBody(textPath, textDeps, ws, query)
        if (typeof text !== 'string') throw new Error('the text path answered bytes')
        const page = JSON.parse(text) as PullResponse
        // A reset, and the empty page at the centre's version, are answered before the change log is
        // read: a string on both paths.
        if (page.reset || (page.nextCursor === query.cursor && !page.hasMore)) expect(bytes).toBe(text)
        else {
          if (!Buffer.isBuffer(bytes)) throw new Error(`the bytes path answered ${typeof bytes}`)
          expect(bytes.toString('utf8')).toBe(text)
          expect(bytes.equals(Buffer.from(text, 'utf8'))).toBe(true)
        }
        return page
      }

      const seen = { empty: 0, shippedEarly: 0, tricky: 0, pages: 0 }
      for (const limit of [1, 2, 1000]) {
        let cursor = 0
        for (;;) {
          const page = await same({ cursor, limit })
          seen.pages++
          if (page.changes.length === 0) seen.empty++
          if (page.changes.some((c) => c.version > page.nextCursor)) seen.shippedEarly++
          if (page.changes.some((c) => c.type === 'application' && c.record.id === tricky.id)) {
            seen.tricky++
            expect(page.changes.find((c) => c.type === 'application' && c.record.id === tricky.id)).toMatchObject({ record: stored })
          }
          cursor = page.nextCursor
          if (!page.hasMore) break
        }
        // At the centre's version: an empty page.
        expect(await same({ cursor, limit })).toMatchObject({ changes: [], hasMore: false, reset: false })
        seen.empty++
      }
      expect(seen.shippedEarly).toBeGreaterThan(0)
      expect(seen.tricky).toBe(3)
      expect(seen.pages).toBeGreaterThan(3)

      expect(await same({ cursor: 99 })).toMatchObject({ reset: true })
      const first = await same({ cursor: 0 })
      const held = newestEvent(first.changes, null)
      if (!held) throw new Error('no event')
      expect(await same({ cursor: 2, after: { version: 2, id: 'no-such-event' } })).toMatchObject({ reset: true })
      expect(await same({ cursor: 3, after: held })).toMatchObject({ changes: [], reset: false })

      // Over HTTP the body is those bytes, sent as JSON with their length.
      const res = await fx.portal.app.inject({
        method: 'GET',
        url: '/sync/pull?cursor=0&limit=1000',
        headers: { authorization: `Bearer ${ws.token}` }
      })
      const text = await handlePullBody(textPath, textDeps, ws, { cursor: 0, limit: 1000 })
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
      expect(res.rawPayload.equals(Buffer.from(text as string, 'utf8'))).toBe(true)
      expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(text as string))
    }
  )

  it('pages never split a version, even when one version is larger than the limit', async () => {
    const { ws } = await setup(fx.portal)
    await fx.portal.seedDemo({ count: 40, seed: 7 })
    const perVersion = await rowsPerVersion(fx.db)
    const total = [...perVersion.values()].reduce((s, n) => s + n, 0)
    for (const limit of [1, 3, 7, 50, 1000]) {
      const { pages, cursor } = await pullAll(fx, ws, 0, limit)
      const seen = new Map<number, number>()
      let previous = 0
      for (const page of pages) {
        const versions = new Set(page.changes.map((c) => c.version))
        for (const c of page.changes) seen.set(c.version, (seen.get(c.version) ?? 0) + 1)
        // Every version in the page is complete, and the page ends exactly at nextCursor.
        for (const v of versions) {
          expect(page.changes.filter((c) => c.version === v).length).toBe(perVersion.get(v))
          expect(v).toBeGreaterThan(previous)
          expect(v).toBeLessThanOrEqual(page.nextCursor)
        }
        if (page.changes.length > limit) expect(versions.size).toBe(1)
        previous = page.nextCursor
      }
      expect([...seen.values()].reduce((s, n) => s + n, 0)).toBe(total)
      expect(cursor).toBe(Math.max(...perVersion.keys()))
    }
  })

  it('sends with every page, ahead of its body, the hint its body implies; none with a reset', async () => {
    const { ws } = await setup(fx.portal)
    await fx.portal.seedDemo({ count: 30, seed: 5 })
    const early = await submit(fx.portal)
    await handlePush(fx.portal.db, fx.portal.deps, ws, { workstationId: ws.id, commands: [signFor(ws, command(1, 'claim', early.id, {}))] })
    const get = (url: string) => fx.portal.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${ws.token}` } })
    let pages = 0
    let withoutEvent = 0
    for (const limit of [1, 2, 7, 1000]) {
      let cursor = 0
      let after: CursorEvent | null = null
      for (;;) {
        const query: string = after ? `&eventVersion=${after.version}&eventId=${encodeURIComponent(after.id)}` : ''
        const res = await get(`/sync/pull?cursor=${cursor}&limit=${limit}${query}`)
        expect(res.statusCode).toBe(200)
        const page = pullResponseSchema.parse(res.json())
        const hint = readPullHint((name) => (typeof res.headers[name] === 'string' ? (res.headers[name] as string) : null))
        expect(hint).toEqual(pullHintOf(page))
        if (hint?.newestEvent === null) withoutEvent++
        pages++
        after = newestEvent(page.changes, after)
        cursor = page.nextCursor
        if (!page.hasMore) break
      }
    }
    expect(pages).toBeGreaterThan(30)
    expect(withoutEvent).toBe(0)
    // At the centre's version: an empty page, whose hint holds no event.
    const current = await get(`/sync/pull?cursor=${(await pull(fx, ws, 0, 1000)).nextCursor}`)
    expect(current.headers[PULL_HINT_HEADERS.nextCursor]).toBeDefined()
    expect(current.headers[PULL_HINT_HEADERS.newestEvent]).toBeUndefined()
    // A reset has no hint: the workstation must not ask for anything on it.
    const reset = await get('/sync/pull?cursor=999999')
    expect(pullResponseSchema.parse(reset.json()).reset).toBe(true)
    expect(Object.values(PULL_HINT_HEADERS).filter((h) => reset.headers[h] !== undefined)).toEqual([])
  })

  it('answers reset when the cursor is ahead of the centre (portal restored from a backup)', async () => {
    const { ws } = await setup(fx.portal)
    await submit(fx.portal)
    expect(await pull(fx, ws, 99)).toEqual({ changes: [], nextCursor: 0, hasMore: true, lastSeq: 0, reset: true })
  })

  it('answers reset when the portal was restored from a backup and its counter has since passed the cursor', async () => {
    const { ws } = await setup(fx.portal)
    await submit(fx.portal)
    const lost = await submit(fx.portal)
    const first = await pull(fx, ws, 0)
    expect(first).toMatchObject({ nextCursor: 2, hasMore: false, reset: false })
    const held = newestEvent(first.changes, null)
    expect(held).toMatchObject({ version: 2 })
    if (!held) throw new Error('no event')

    // Same history: the cursor is served (and nothing new is there yet).
    expect(await handlePull(fx.portal.db, fx.portal.deps, ws, { cursor: 2, after: held })).toMatchObject({ changes: [], reset: false })

    // The backup was taken at version 1: the second application is gone, and the centre's counter goes on from 1.
    await fx.portal.db.query('DELETE FROM application_events WHERE application_id = $1', [lost.id])
    await fx.portal.db.query('DELETE FROM access_codes WHERE application_id = $1', [lost.id])
    await fx.portal.db.query('DELETE FROM applications WHERE id = $1', [lost.id])
    await fx.portal.db.query('UPDATE centres SET version = 1')
    await submit(fx.portal)
    await submit(fx.portal)
    // Versions 2 and 3 now name other changes: the cursor alone (2 <= 3) looks servable...
    expect(await pull(fx, ws, 2)).toMatchObject({ reset: false })
    // ...the event the workstation holds at it says otherwise.
    expect(await handlePull(fx.portal.db, fx.portal.deps, ws, { cursor: 2, after: held })).toEqual({
      changes: [],
      nextCursor: 0,
      hasMore: true,
      lastSeq: 0,
      reset: true
    })
    // An event that does exist, but not as the newest at the cursor, is not enough either.
    const now = await pull(fx, ws, 0)
    const older = now.changes.find((c) => c.type === 'event' && c.version === 1)
    if (older?.type !== 'event') throw new Error('no event at version 1')
    expect(await handlePull(fx.portal.db, fx.portal.deps, ws, { cursor: 2, after: { version: 1, id: older.event.id } })).toMatchObject({
      reset: true
    })
    // The true newest event at the cursor is served.
    const truth = newestEvent(
      now.changes.filter((c) => c.version <= 2),
      null
    )
    if (!truth) throw new Error('no event')
    expect(await handlePull(fx.portal.db, fx.portal.deps, ws, { cursor: 2, after: truth })).toMatchObject({ reset: false, nextCursor: 3 })
  })

  it('a record shipped ahead of its page comes with its latest events; the workstation holds the newest of them, above its cursor, and the portal must hold it (sim seed 479532)', async () => {
    const { ws } = await setup(fx.portal)
    const a = await submit(fx.portal) // version 1
    await submit(fx.portal) // version 2
    await handlePush(fx.portal.db, fx.portal.deps, ws, { workstationId: ws.id, commands: [signFor(ws, command(1, 'claim', a.id, {}))] }) // A moves to 3
    const page = await pull(fx, ws, 0, 1)
    expect(page.nextCursor).toBe(1)
    const ahead = page.changes.filter((c) => c.version > page.nextCursor)
    expect(ahead.map((c) => [c.type, c.version])).toEqual([
      ['application', 3],
      ['event', 3]
    ])
    const held = newestEvent(page.changes, null)
    expect(held?.version).toBe(3)
    if (!held) throw new Error('no event')
    // The hint says the same as the body.
    const viaHttp = await handlePullReply(fx.portal.db, fx.portal.deps, ws, { cursor: 0, limit: 1 })
    expect(viaHttp.hint).toEqual(pullHintOf(page))
    // Same history: served from the cursor with the event above it.
    expect(await handlePull(fx.portal.db, fx.portal.deps, ws, { cursor: 1, after: held, limit: 1 })).toMatchObject({
      reset: false,
      nextCursor: 2
    })
    // Restored to version 2 (the claim lost), the counter past 3 again with other changes: reset.
    await fx.portal.db.query('DELETE FROM application_events WHERE change_version = 3')
    await fx.portal.db.query('DELETE FROM command_results')
    await fx.portal.db.query(`UPDATE applications SET change_version = 1, record = jsonb_set(record, '{holder}', 'null') WHERE id = $1`, [
      a.id
    ])
    await fx.portal.db.query('UPDATE centres SET version = 2')
    await submit(fx.portal)
    await submit(fx.portal)
    expect(await handlePull(fx.portal.db, fx.portal.deps, ws, { cursor: 1, after: held, limit: 1 })).toMatchObject({ reset: true })
    // An event above the centre's version is not held either.
    expect(await handlePull(fx.portal.db, fx.portal.deps, ws, { cursor: 1, after: { version: 99, id: held.id } })).toMatchObject({
      reset: true
    })
  })

  it.skipIf(fx.kind === 'pglite')('a pull between two interleaved writers never skips the one that commits later', async () => {
    const { ws } = await setup(fx.portal)
    const x = await submit(fx.portal)
    const c0 = (await pull(fx, ws, 0)).nextCursor

    const gateA = gate()
    const gateB = gate()
    fx.hooks.afterChangeVersion = async ({ source }) => {
      if (source === 'intake') await gateA.wait()
      if (source === 'push') await gateB.wait()
    }
    // Writer A (a citizen's submission) takes version c0+1 and holds it, uncommitted.
    const writerA = submitApplication(fx.portal.db, fx.portal.deps, validApplication())
    await gateA.reached
    // Writer B (a clerk's claim) starts, locks its rows, and queues behind A for the centre counter.
    const writerB = handlePush(fx.portal.db, fx.portal.deps, ws, {
      workstationId: ws.id,
      commands: [signFor(ws, command(1, 'claim', x.id, {}))]
    })
    await waitForLockWaiter(fx)

    const between0 = await pull(fx, ws, c0)
    expect(between0).toMatchObject({ changes: [], nextCursor: c0, hasMore: false, lastSeq: 0 })

    gateA.open()
    await writerA
    await gateB.reached // B now holds c0+2, uncommitted
    const between1 = await pull(fx, ws, c0)
    expect(between1.changes.map((c) => c.version)).toEqual([c0 + 1, c0 + 1])
    expect(between1).toMatchObject({ nextCursor: c0 + 1, hasMore: false, lastSeq: 0 })

    gateB.open()
    const pushed = await writerB
    expect(pushed.results[0]).toMatchObject({ outcome: 'applied' })
    const after = await pull(fx, ws, between1.nextCursor)
    expect(after.changes.map((c): [number, string] => [c.version, c.type])).toEqual([
      [c0 + 2, 'application'],
      [c0 + 2, 'event']
    ])
    expect(after.lastSeq).toBe(1)
  })

  it.skipIf(fx.kind === 'pglite')('concurrent writers and a concurrent puller: every change is seen exactly once', async () => {
    const { ws } = await setup(fx.portal)
    const apps = await Promise.all([submit(fx.portal), submit(fx.portal), submit(fx.portal)])
    let done = false
    const seen: Change[] = []
    const puller = (async () => {
      let cursor = 0
      for (;;) {
        const finished = done
        const page = await pull(fx, ws, cursor, 4)
        seen.push(...page.changes)
        cursor = page.nextCursor
        if (finished && !page.hasMore) return
      }
    })()
    const writers = [
      (async () => {
        for (let i = 0; i < 15; i++) await submitApplication(fx.portal.db, fx.portal.deps, validApplication())
      })(),
      (async () => {
        const cmds = []
        for (let i = 0; i < 15; i++) cmds.push(command(i + 1, 'note', apps[i % 3]!.id, { text: `нотатка ${i}` }))
        for (const c of cmds) await handlePush(fx.portal.db, fx.portal.deps, ws, { workstationId: ws.id, commands: [signFor(ws, c)] })
      })(),
      (async () => {
        for (let i = 0; i < 15; i++) await submitApplication(fx.portal.db, fx.portal.deps, validApplication({ delivery: 'post' }))
      })()
    ]
    await Promise.all(writers)
    done = true
    await puller
    const events = seen.filter((c) => c.type === 'event').map((c) => (c.type === 'event' ? c.event.id : ''))
    const all = await fx.db.query<{ id: string }>('SELECT id FROM application_events')
    expect(new Set(events).size).toBe(events.length)
    expect(events.length).toBe(all.length)
    const versions = seen.map((c) => c.version)
    expect([...versions].sort((p, q) => p - q)).toEqual(versions)
  })
})

async function waitForLockWaiter(fx: PortalFixture): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const rows = await fx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`
    )
    if ((rows[0]?.n ?? 0) > 0) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error('writer B never waited for the centre lock')
}
