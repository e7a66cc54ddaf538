import { afterEach, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { catalogueParam, pullResponseSchema, type PullResponse } from '../../shared/protocol'
import type { CatalogueRevision } from '../../shared/catalogue/desk-catalogue'
import { DEMO_CENTRE } from '../../shared/demo/clerks'
import { enrolmentCodeHash, hashPassword } from '../auth/secrets'
import { catalogueRevisionOf } from '../db/catalogue-repository'
import { getCentre, upsertCentre } from '../db/centres-repository'
import { upsertClerk } from '../db/clerks-repository'
import { dropSnapshot, snapshotInto, snapshotView } from '../db/snapshot-repository'
import { describeBackends, type PortalFixture } from '../test/backends'
import { newCard } from '../test/cards'
import { issueCode, NADIIA, setup } from '../test/fixtures'
import { send } from '../test/http'
import { handlePull, type PullQuery } from './pull'
import type { WorkstationIdentity } from './push'

/*
 * Issue 17, item 5: the centre's catalogue reaches every desk through the pull. The portal keeps a
 * revision per centre (migration 13), bumped in the transaction of every change a desk sees; a pull
 * that names the revision the desk holds (`catalogue=`) gets the whole catalogue, read in the page's
 * snapshot, on its last page, when the portal's is another one — and nothing when it is the same.
 */

const REPLICA = `catrep_${process.pid}`
const V = '/admin/catalogue/services'
const admin = { login: NADIIA.login, password: NADIIA.password }

async function otherCentre(fx: PortalFixture): Promise<{ token: string }> {
  await upsertCentre(fx.db, {
    id: 'other-cnap',
    name: 'Інший ЦНАП',
    enrolmentCodeHash: enrolmentCodeHash('OTHER-CODE-2026'),
    now: fx.clock.now()
  })
  await upsertClerk(fx.db, {
    id: 'other-admin',
    centreId: 'other-cnap',
    login: 'stranger-admin',
    name: 'Стефанія Чужа',
    role: 'admin',
    passwordHash: await hashPassword('stranger-pw', 1024)
  })
  const res = await send(fx.portal.app, 'POST', '/sync/enrol', {
    json: {
      enrolmentCode: await issueCode(fx.portal, { adminId: 'other-admin' }),
      workstationId: '0195aa00-0000-7000-8000-00000000cafe',
      creationNonce: 'nonce-other-centre',
      label: 'Чужий ЦНАП'
    }
  })
  expect(res.statusCode, res.body).toBe(200)
  const token = res.json<{ token: string }>().token
  // A desk receives applicants' data only after an online sign-in (pull-access.ts).
  const signedIn = await send(fx.portal.app, 'POST', '/sync/sign-in', { token, json: { login: 'stranger-admin', password: 'stranger-pw' } })
  expect(signedIn.statusCode, signedIn.body).toBe(200)
  return { token }
}

describeBackends('the catalogue in the pull', (fx) => {
  afterEach(async () => {
    fx.portal.deps.readReplica = null
    delete fx.portal.deps.faults
    await dropSnapshot(fx.db, REPLICA)
  })

  const pull = (ws: WorkstationIdentity, query: PullQuery): Promise<PullResponse> =>
    handlePull(fx.portal.db, fx.portal.deps, ws, { withTesting: true, ...query }).then((page) => pullResponseSchema.parse(page))
  const post = async (token: string, url: string, json: unknown): Promise<LightMyRequestResponse> => {
    const res = await send(fx.portal.app, 'POST', url, { token, json })
    expect(res.statusCode, res.body.slice(0, 400)).toBeLessThan(300)
    return res
  }
  const revision = async (): Promise<CatalogueRevision | null> => catalogueRevisionOf(fx.db, DEMO_CENTRE.id)
  const centreVersion = async (): Promise<number> => (await getCentre(fx.db, DEMO_CENTRE.id))?.version ?? -1

  it('a desk holding the file’s cards gets the whole catalogue once the centre has one; nothing when it holds it; nothing to an older desk', async () => {
    const { ws } = await setup(fx.portal)
    // A centre made after the portal started has no catalogue until one is read: nothing to send.
    expect(await revision()).toBeNull()
    expect((await pull(ws, { cursor: 0, catalogue: null })).catalogue).toBeUndefined()
    await post(ws.token, '/admin/catalogue/list', admin)
    const held = await revision()
    expect(held?.revision).toBe(1)
    const first = await pull(ws, { cursor: 0, catalogue: null })
    expect(first.catalogue?.revision).toBe(1)
    expect(first.catalogue?.revisionId).toBe(held?.revisionId)
    expect(first.catalogue?.cards.length).toBe(fx.portal.deps.catalogue.length)
    expect(first.catalogue?.cards.every((c) => c.version === 1 && c.stage === 'published' && c.live)).toBe(true)
    // The catalogue file's order.
    expect(first.catalogue?.cards.map((c) => c.serviceId)).toEqual(fx.portal.deps.catalogue.map((s) => s.id))
    // Holding it: nothing, also on the caught-up page.
    expect((await pull(ws, { cursor: 0, catalogue: held })).catalogue).toBeUndefined()
    expect((await pull(ws, { cursor: first.nextCursor, catalogue: held })).catalogue).toBeUndefined()
    // A workstation that does not name a revision (an older one) never gets it.
    expect((await pull(ws, { cursor: 0 })).catalogue).toBeUndefined()
    expect((await pull(ws, { cursor: first.nextCursor })).catalogue).toBeUndefined()
  })

  it('every transition bumps the revision in its transaction (not the change log: the cursor stays); drafts and refusals do not; the catalogue never holds a draft', async () => {
    const { ws } = await setup(fx.portal)
    await post(ws.token, '/admin/catalogue/list', admin)
    const card = newCard()
    const at = `${V}/${card.id}/versions/1`
    const r0 = await revision()
    const v0 = await centreVersion()
    await post(ws.token, V, { ...admin, card })
    expect(await revision()).toEqual(r0)
    expect(await centreVersion()).toBe(v0)
    // A refused transition (publishing a draft) writes nothing: the bump is in its transaction.
    const refused = await send(fx.portal.app, 'POST', `${at}/publish`, { token: ws.token, json: admin })
    expect(refused.statusCode).toBe(409)
    expect(await revision()).toEqual(r0)
    expect(await centreVersion()).toBe(v0)
    const drafted = await pull(ws, { cursor: v0, catalogue: null })
    expect(drafted.catalogue?.cards.some((c) => c.serviceId === card.id)).toBe(false)

    await post(ws.token, `${at}/testing`, { ...admin, validHours: 24 })
    const r1 = await revision()
    expect(r1?.revision).toBe((r0?.revision ?? 0) + 1)
    expect(r1?.revisionId).not.toBe(r0?.revisionId)
    expect(await centreVersion()).toBe(v0)
    // A caught-up desk: the page that carries nothing else carries the catalogue.
    const testing = await pull(ws, { cursor: v0, catalogue: r0 })
    expect(testing).toMatchObject({ changes: [], nextCursor: v0, hasMore: false })
    expect(testing.catalogue?.revision).toBe(r1?.revision)
    expect(testing.catalogue?.cards.filter((c) => c.serviceId === card.id)).toEqual([
      { serviceId: card.id, version: 1, stage: 'testing', live: false, card }
    ])

    await post(ws.token, `${at}/publish`, admin)
    const r2 = await revision()
    const published = await pull(ws, { cursor: v0, catalogue: r1 })
    expect(published.catalogue?.revision).toBe(r2?.revision)
    expect(published.catalogue?.cards.filter((c) => c.serviceId === card.id)).toEqual([
      { serviceId: card.id, version: 1, stage: 'published', live: true, card }
    ])
    // Publishing a next version supersedes the live one: both are sent, only the new one live.
    const seeded = fx.portal.deps.catalogue[0]?.id as string
    const next = await post(ws.token, `${V}/${seeded}/next`, admin)
    expect(next.json<{ version: { version: number } }>().version.version).toBe(2)
    await post(ws.token, `${V}/${seeded}/versions/2/testing`, { ...admin, validHours: 24 })
    await post(ws.token, `${V}/${seeded}/versions/2/publish`, admin)
    const r4 = await revision()
    expect(r4?.revision).toBe((r2?.revision ?? 0) + 2)
    const superseded = await pull(ws, { cursor: 0, catalogue: r2 })
    expect(superseded.catalogue?.cards.filter((c) => c.serviceId === seeded).map((c) => [c.version, c.stage, c.live])).toEqual([
      [1, 'published', false],
      [2, 'published', true]
    ])
    await post(ws.token, `${at}/withdraw`, admin)
    const withdrawn = await pull(ws, { cursor: 0, catalogue: r4 })
    expect(withdrawn.catalogue?.cards.filter((c) => c.serviceId === card.id).map((c) => [c.stage, c.live])).toEqual([['withdrawn', false]])
  })

  it('only the last page of a run carries it, read with that page', async () => {
    const { ws } = await setup(fx.portal)
    await post(ws.token, '/admin/catalogue/list', admin)
    const { submit } = await import('../test/fixtures')
    for (let i = 0; i < 3; i++) await submit(fx.portal)
    let cursor = 0
    const pages: PullResponse[] = []
    for (;;) {
      const page = await pull(ws, { cursor, limit: 1, catalogue: null })
      pages.push(page)
      cursor = page.nextCursor
      if (!page.hasMore) break
    }
    expect(pages.length).toBeGreaterThan(1)
    expect(pages.slice(0, -1).every((p) => p.catalogue === undefined)).toBe(true)
    expect(pages[pages.length - 1]?.catalogue?.revision).toBe(1)
  })

  it('a restored portal with the same revision number but another id sends its catalogue; one below the desk’s too (the primary is the truth)', async () => {
    const { ws } = await setup(fx.portal)
    await post(ws.token, '/admin/catalogue/list', admin)
    const held = (await revision()) as CatalogueRevision
    await fx.db.query(`UPDATE catalogue_revisions SET revision_id = 'restored-history' WHERE centre_id = $1`, [DEMO_CENTRE.id])
    const page = await pull(ws, { cursor: 0, catalogue: held })
    expect(page.catalogue).toMatchObject({ revision: held.revision, revisionId: 'restored-history' })
    const ahead = await pull(ws, { cursor: 0, catalogue: { revision: held.revision + 5, revisionId: 'lost-in-restore' } })
    expect(ahead.catalogue).toMatchObject({ revision: held.revision, revisionId: 'restored-history' })
  })

  it('a read replica never sends a catalogue older than the desk’s: the primary answers (or `behind`); the planted fault is seen', async () => {
    const { ws } = await setup(fx.portal)
    await post(ws.token, '/admin/catalogue/list', admin)
    const card = newCard()
    await post(ws.token, V, { ...admin, card })
    await snapshotInto(fx.db, REPLICA)
    const replica = { db: snapshotView(fx.db, REPLICA), retryOnPrimary: true }
    await post(ws.token, `${V}/${card.id}/versions/1/testing`, { ...admin, validHours: 24 })
    const newer = (await revision()) as CatalogueRevision
    const cursor = await centreVersion()
    // The desk holds the primary's newer revision; its cursor too.
    fx.portal.deps.readReplica = replica
    const page = await pull(ws, { cursor, catalogue: newer, acceptBehind: true })
    expect(page.behind).toBeUndefined()
    expect(page.catalogue).toBeUndefined()
    // A cursor the replica serves, but the replica's catalogue is older: still not sent.
    const old = await pull(ws, { cursor: 0, catalogue: newer, acceptBehind: true })
    expect(old.catalogue).toBeUndefined()
    fx.portal.deps.readReplica = { ...replica, retryOnPrimary: false }
    expect(await pull(ws, { cursor: 0, catalogue: newer, acceptBehind: true })).toMatchObject({ behind: true, changes: [] })
    // A desk behind the replica gets the replica's catalogue (newer than its own).
    const fresh = await pull(ws, { cursor: 0, catalogue: null, acceptBehind: true })
    expect(fresh.catalogue?.revision).toBe(newer.revision - 1)
    // Planted: the replica's catalogue taken as the truth sends the older one.
    fx.portal.deps.faults = { replicaCatalogueAsTruth: true }
    const planted = await pull(ws, { cursor: 0, catalogue: newer, acceptBehind: true })
    expect(planted.catalogue?.revision).toBe(newer.revision - 1)
  })

  it('over HTTP: the parameter is checked; no token gets nothing; another centre’s desk gets its own centre’s catalogue, never this one’s', async () => {
    const { ws } = await setup(fx.portal)
    const other = await otherCentre(fx)
    const card = newCard()
    await post(ws.token, V, { ...admin, card })
    await post(ws.token, `${V}/${card.id}/versions/1/testing`, { ...admin, validHours: 24 })
    const url = (param: string): string => `/sync/pull?cursor=0&testing=1&catalogue=${encodeURIComponent(param)}`
    const mine = await send(fx.portal.app, 'GET', url(catalogueParam(null)), { token: ws.token })
    expect(mine.statusCode).toBe(200)
    const minePage = pullResponseSchema.parse(mine.json())
    expect(minePage.catalogue?.cards.some((c) => c.serviceId === card.id)).toBe(true)
    const held = minePage.catalogue as CatalogueRevision
    const same = pullResponseSchema.parse((await send(fx.portal.app, 'GET', url(catalogueParam(held)), { token: ws.token })).json())
    expect(same.catalogue).toBeUndefined()
    expect((await send(fx.portal.app, 'GET', url('1.bad id'), { token: ws.token })).statusCode).toBe(400)
    expect((await send(fx.portal.app, 'GET', url('latest'), { token: ws.token })).statusCode).toBe(400)
    const stranger = await send(fx.portal.app, 'GET', url('none'))
    expect(stranger.statusCode).toBe(401)
    expect(stranger.body).not.toContain(card.id)
    // The other centre's desk: its token names its centre. Its catalogue (seeded when first read) has no card of this one's.
    await post(other.token, '/admin/catalogue/list', { login: 'stranger-admin', password: 'stranger-pw' })
    const theirs = await send(fx.portal.app, 'GET', url('none'), { token: other.token })
    expect(theirs.statusCode).toBe(200)
    const theirsPage = pullResponseSchema.parse(theirs.json())
    expect(theirsPage.catalogue?.cards.length).toBe(fx.portal.deps.catalogue.length)
    expect(theirs.body).not.toContain(card.id)
    expect(theirsPage.catalogue?.revisionId).not.toBe(held.revisionId)
  })
})

describeBackends(
  'the catalogue in the pull, with the page cache',
  (fx) => {
    it('a cached page never stands in for one that carries the catalogue; the publish moves the centre so no cached page outlives it', async () => {
      const { ws } = await setup(fx.portal)
      await send(fx.portal.app, 'POST', '/admin/catalogue/list', { token: ws.token, json: admin })
      const { submit } = await import('../test/fixtures')
      await submit(fx.portal)
      const q = (catalogue: CatalogueRevision | null): Promise<PullResponse> =>
        handlePull(fx.portal.db, fx.portal.deps, ws, { cursor: 0, withTesting: true, catalogue }).then((p) => pullResponseSchema.parse(p))
      const first = await q(null)
      const held = first.catalogue as CatalogueRevision
      expect(held.revision).toBe(1)
      // The same page again, now from the cache for a desk that holds the revision, and still with the catalogue for one that does not.
      expect((await q(held)).catalogue).toBeUndefined()
      expect((await q(held)).catalogue).toBeUndefined()
      expect((await q(null)).catalogue?.revision).toBe(1)
      const card = newCard()
      await send(fx.portal.app, 'POST', V, { token: ws.token, json: { ...admin, card } })
      const tested = await send(fx.portal.app, 'POST', `${V}/${card.id}/versions/1/testing`, {
        token: ws.token,
        json: { ...admin, validHours: 24 }
      })
      expect(tested.statusCode).toBe(200)
      const after = await q(held)
      expect(after.catalogue?.revision).toBe(2)
      expect(after.catalogue?.cards.some((c) => c.serviceId === card.id && c.stage === 'testing')).toBe(true)
    })
  },
  { pullCacheBytes: 4 * 1024 * 1024 }
)
