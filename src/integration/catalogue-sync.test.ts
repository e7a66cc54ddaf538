import type { AddressInfo } from 'node:net'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest'
import { closeDatabase, openDatabase, type Db } from '../main/db/connection'
import { catalogueRevision, listCardVersions, listLiveCards, loadCatalogueFile, seedCatalogue } from '../main/db/catalogue-repository'
import { HttpTransport } from '../main/sync/http-transport'
import { SyncEngine } from '../main/sync/sync-engine'
import { DEMO_CENTRE, DEMO_CLERKS, type DemoClerk } from '../shared/demo/clerks'
import { DEFAULT_CALENDAR } from '../shared/domain/calendar'
import { catalogueRevisionOf } from '../portal/db/catalogue-repository'
import { describeBackends } from '../portal/test/backends'
import { newCard } from '../portal/test/cards'
import { setup, validApplication } from '../portal/test/fixtures'
import { getApplication } from '../main/db/applications-repository'
import { testLinkResponseSchema } from '../shared/catalogue/contract'

/*
 * Issue 17, item 5, end to end: a real portal (PGlite, and PostgreSQL when PORTAL_TEST_DATABASE_URL
 * is set) over real HTTP, a real workstation database and sync engine. The administrator publishes on
 * the portal; the desk holds the new version after ONE pull, and exactly the portal's revision.
 */

const NADIIA = DEMO_CLERKS.find((c) => c.role === 'admin') as DemoClerk
const admin = { login: NADIIA.login, password: NADIIA.password }
const file = loadCatalogueFile(join(__dirname, '../../resources/catalog/services.json'))

describeBackends('the catalogue reaches the desk', (fx) => {
  let baseUrl = ''
  let dir = ''
  let db: Db | null = null
  let transport: HttpTransport | null = null

  beforeAll(async () => {
    await fx.portal.app.listen({ host: '127.0.0.1', port: 0 })
    baseUrl = `http://127.0.0.1:${(fx.portal.app.server.address() as AddressInfo).port}`
  })
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vikno-catsync-int-'))
  })
  afterEach(() => {
    transport?.close()
    if (db) closeDatabase(db)
    db = null
    rmSync(dir, { recursive: true, force: true })
  })

  /** A desk (its own database, the file's cards, the real engine over HTTP) enrolled as `token`. */
  function deskFor(
    ws: { token: string; workstationId: string },
    opts: { fetchImpl?: typeof fetch; warn?: (message: string) => void; emit?: (event: string, payload: unknown) => void } = {}
  ): { desk: Db; engine: SyncEngine } {
    const desk = openDatabase(join(dir, 'desk.sqlite'))
    db = desk
    seedCatalogue(desk, file)
    transport = new HttpTransport(baseUrl, ws.token, opts.fetchImpl ?? fetch, { decodeInline: true })
    const engine = new SyncEngine({
      db: desk,
      clock: () => fx.clock.now(),
      newId: () => crypto.randomUUID(),
      transport,
      calendar: DEFAULT_CALENDAR,
      centreId: DEMO_CENTRE.id,
      workstationId: ws.workstationId,
      log: { info: () => undefined, warn: opts.warn ?? (() => undefined) },
      emit: opts.emit ?? (() => undefined)
    })
    return { desk, engine }
  }

  /** A POST with the workstation's token, expected to succeed; its JSON. */
  async function post(token: string, path: string, json: unknown, headers: Record<string, string> = {}): Promise<unknown> {
    const res = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify(json)
    })
    expect(res.status, await res.clone().text()).toBeLessThan(300)
    return res.json()
  }

  it('publish on the portal → the desk holds the new version after one pull; a next version supersedes the live one there too', async () => {
    const { ws } = await setup(fx.portal)
    const pulls: string[] = []
    const counting: typeof fetch = async (input, init) => {
      const url = String(input)
      if (url.includes('/sync/pull')) pulls.push(new URL(url).searchParams.get('catalogue') ?? '(none sent)')
      return fetch(input, init)
    }
    const changed: unknown[] = []
    const { desk, engine } = deskFor(ws, {
      fetchImpl: counting,
      emit: (event, payload) => {
        if (event === 'catalogue.changed') changed.push(payload)
      }
    })
    const card = newCard()
    await post(ws.token, '/admin/catalogue/services', { ...admin, card })
    await post(ws.token, `/admin/catalogue/services/${card.id}/versions/1/testing`, { ...admin, validHours: 24 })
    await post(ws.token, `/admin/catalogue/services/${card.id}/versions/1/publish`, admin)

    await engine.syncNow()
    expect(pulls).toEqual(['none'])
    const portal = await catalogueRevisionOf(fx.db, DEMO_CENTRE.id)
    expect(catalogueRevision(desk)).toEqual(portal)
    expect(listCardVersions(desk).filter((c) => c.serviceId === card.id)).toEqual([
      { serviceId: card.id, version: 1, stage: 'published', live: true, card }
    ])
    expect(listLiveCards(desk).map((c) => c.id)).toContain(card.id)
    expect(changed).toEqual([{ revision: portal?.revision }])

    // The next version of a seeded service, published: one more pull, and the desk has both, only the new one live.
    const seeded = file[0]?.id as string
    await post(ws.token, `/admin/catalogue/services/${seeded}/next`, admin)
    await post(ws.token, `/admin/catalogue/services/${seeded}/versions/2/testing`, { ...admin, validHours: 24 })
    await post(ws.token, `/admin/catalogue/services/${seeded}/versions/2/publish`, admin)
    await engine.syncNow()
    expect(pulls).toHaveLength(2)
    expect(pulls[1]).toBe(`${portal?.revision}.${portal?.revisionId}`)
    expect(catalogueRevision(desk)).toEqual(await catalogueRevisionOf(fx.db, DEMO_CENTRE.id))
    expect(
      listCardVersions(desk)
        .filter((c) => c.serviceId === seeded)
        .map((c) => [c.version, c.stage, c.live])
    ).toEqual([
      [1, 'published', false],
      [2, 'published', true]
    ])
    // Caught up: the next pull sends nothing and changes nothing.
    await engine.syncNow()
    expect(changed).toHaveLength(2)
  })
  it('a deleted test application leaves the desk with one pull, and no desk rebuilds its mirror for it', async () => {
    // Issue 17, item 4 (found by the digitisation e2e): the desk names the newest event it holds, here
    // the test application's; the deletion took it away, which the portal must not read as a lost
    // history (portal migration 14, removed_events): the removal comes in the pull, no reset.
    const { ws } = await setup(fx.portal)
    const warnings: string[] = []
    const { desk, engine } = deskFor(ws, { warn: (message) => warnings.push(message) })
    const card = newCard()
    await post(ws.token, '/admin/catalogue/services', { ...admin, card })
    const link = testLinkResponseSchema.parse(
      await post(ws.token, `/admin/catalogue/services/${card.id}/versions/1/testing`, { ...admin, validHours: 24 })
    )
    const submitted = (await post(
      ws.token,
      '/api/v1/applications',
      validApplication({ serviceId: card.id, fields: { trees: '3' }, delivery: 'in_person' }),
      { 'x-test-link': link.testLink.token }
    )) as { orderNumber: string }
    const [row] = await fx.db.query<{ id: string }>('SELECT id FROM applications WHERE order_number = $1', [submitted.orderNumber])
    const id = row?.id ?? ''

    await engine.syncNow()
    expect(getApplication(desk, id)).toMatchObject({ isTest: true })

    const done = (await post(ws.token, `/admin/catalogue/services/${card.id}/test-applications/delete`, admin)) as { deleted: number }
    expect(done.deleted).toBe(1)
    await engine.syncNow()
    expect(getApplication(desk, id)).toBeNull()
    expect(warnings.filter((w) => /reset/.test(w))).toEqual([])
  })
})
