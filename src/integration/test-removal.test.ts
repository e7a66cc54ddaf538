import type { AddressInfo } from 'node:net'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest'
import { closeDatabase, openDatabase, type Db } from '../main/db/connection'
import { loadCatalogueFile, seedCatalogue } from '../main/db/catalogue-repository'
import { getApplication } from '../main/db/applications-repository'
import { HttpTransport } from '../main/sync/http-transport'
import { SyncEngine } from '../main/sync/sync-engine'
import { DEMO_CENTRE, DEMO_CLERKS, type DemoClerk } from '../shared/demo/clerks'
import { DEFAULT_CALENDAR } from '../shared/domain/calendar'
import { testLinkResponseSchema } from '../shared/catalogue/contract'
import { describeBackends } from '../portal/test/backends'
import { newCard } from '../portal/test/cards'
import { setup, validApplication } from '../portal/test/fixtures'

/*
 * Issue 17, item 4, end to end (found by the digitisation e2e): a test application reaches the desk, the administrator deletes the
 * service's test applications in one step, and the desk's next pull drops it — over real HTTP, with
 * the workstation's real engine (it names the event it holds, which the deletion took away).
 */

const NADIIA = DEMO_CLERKS.find((c) => c.role === 'admin') as DemoClerk
const admin = { login: NADIIA.login, password: NADIIA.password }
const file = loadCatalogueFile(join(__dirname, '../../resources/catalog/services.json'))

describeBackends('a deleted test application leaves the desk', (fx) => {
  let baseUrl = ''
  let dir = ''
  let db: Db | null = null
  let transport: HttpTransport | null = null

  beforeAll(async () => {
    await fx.portal.app.listen({ host: '127.0.0.1', port: 0 })
    baseUrl = `http://127.0.0.1:${(fx.portal.app.server.address() as AddressInfo).port}`
  })
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vikno-removal-int-'))
  })
  afterEach(() => {
    transport?.close()
    if (db) closeDatabase(db)
    db = null
    rmSync(dir, { recursive: true, force: true })
  })

  it('the desk holds the test application, then after the one-step delete and one pull it does not', async () => {
    const { ws } = await setup(fx.portal)
    const desk = openDatabase(join(dir, 'desk.sqlite'))
    db = desk
    const warnings: string[] = []
    seedCatalogue(desk, file)
    transport = new HttpTransport(baseUrl, ws.token, fetch, { decodeInline: true })
    const engine = new SyncEngine({
      db: desk,
      clock: () => fx.clock.now(),
      newId: () => crypto.randomUUID(),
      transport,
      calendar: DEFAULT_CALENDAR,
      centreId: DEMO_CENTRE.id,
      workstationId: ws.workstationId,
      log: { info: () => undefined, warn: (message: string) => warnings.push(message) },
      emit: () => undefined
    })
    const post = async (path: string, json: unknown, headers: Record<string, string> = {}): Promise<unknown> => {
      const res = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.token}`, ...headers },
        body: JSON.stringify(json)
      })
      expect(res.status, await res.clone().text()).toBeLessThan(300)
      return res.json()
    }
    const card = newCard()
    await post('/admin/catalogue/services', { ...admin, card })
    const link = testLinkResponseSchema.parse(
      await post(`/admin/catalogue/services/${card.id}/versions/1/testing`, { ...admin, validHours: 24 })
    )
    const submitted = (await post(
      '/api/v1/applications',
      validApplication({ serviceId: card.id, fields: { trees: '3' }, delivery: 'in_person' }),
      { 'x-test-link': link.testLink.token }
    )) as { orderNumber: string }
    const [row] = await fx.db.query<{ id: string }>('SELECT id FROM applications WHERE order_number = $1', [submitted.orderNumber])
    const id = row?.id ?? ''

    await engine.syncNow()
    expect(getApplication(desk, id)).toMatchObject({ isTest: true })

    const done = (await post(`/admin/catalogue/services/${card.id}/test-applications/delete`, admin)) as { deleted: number }
    expect(done.deleted).toBe(1)
    await engine.syncNow()
    expect(getApplication(desk, id)).toBeNull()
    // The desk's cursor named the deleted application's event: a removal on purpose is not a lost
    // history, so no desk rebuilds its whole mirror for it (migration 14, removed_events).
    expect(warnings.filter((w) => /reset/.test(w))).toEqual([])
  })
})
