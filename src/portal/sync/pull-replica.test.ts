import { afterEach, expect, it } from 'vitest'
import { behindPage, pullResponseSchema, type PullResponse } from '../../shared/protocol'
import { dropSnapshot, snapshotInto, snapshotView } from '../db/snapshot-repository'
import { DbUnavailableError, type PortalDb } from '../db/portal-db'
import type { ReadReplica } from '../deps'
import { PortalError } from '../errors'
import { citizenStatus } from '../intake/intake'
import { describeBackends } from '../test/backends'
import { command, pushSigned, setup, submit } from '../test/fixtures'
import { send } from '../test/http'
import { handlePull, type PullQuery } from './pull'
import { createPortal } from '../portal'
import type { WorkstationIdentity } from './push'

/*
 * Issue 19: pulls and citizens' reads on a read replica that lags. The replica here is a real copy
 * of the data tables taken at a chosen moment (db/snapshot-repository.ts) and read through its own
 * schema: every change made after the copy is on the primary only, as on a replica that has not
 * replayed it yet. The rule under test is protocol.ts behindPage.
 */

const REPLICA = `replica_${process.pid}`

describeBackends('pull from a read replica', (fx) => {
  afterEach(async () => {
    fx.portal.deps.readReplica = null
    delete fx.portal.deps.faults
    await dropSnapshot(fx.db, REPLICA)
  })

  /** The replica as of now: later changes reach only the primary. */
  async function replicaNow(retryOnPrimary: boolean): Promise<ReadReplica> {
    await snapshotInto(fx.db, REPLICA)
    const replica = { db: snapshotView(fx.db, REPLICA), retryOnPrimary }
    fx.portal.deps.readReplica = replica
    return replica
  }

  const pull = (ws: WorkstationIdentity, query: PullQuery): Promise<PullResponse> =>
    handlePull(fx.portal.db, fx.portal.deps, ws, query).then((page) => pullResponseSchema.parse(page))

  /** The version and newest event a workstation holds after pulling everything from the primary. */
  async function caughtUpOnPrimary(ws: WorkstationIdentity): Promise<Pick<PullQuery, 'cursor' | 'after'>> {
    const saved = fx.portal.deps.readReplica
    fx.portal.deps.readReplica = null
    const page = await pull(ws, { cursor: 0 })
    fx.portal.deps.readReplica = saved
    const events = page.changes.filter((c) => c.type === 'event')
    const last = events[events.length - 1]
    return { cursor: page.nextCursor, after: last && last.type === 'event' ? { version: last.version, id: last.event.id } : null }
  }

  it('a replica that can serve answers the pull: its page, not the primary’s (the read really goes there)', async () => {
    const { ws } = await setup(fx.portal)
    const early = await submit(fx.portal)
    await replicaNow(true)
    const late = await submit(fx.portal)
    const page = await pull(ws, { cursor: 0 })
    const ids = page.changes.flatMap((c) => (c.type === 'application' ? [c.record.id] : []))
    expect(ids).toEqual([early.id])
    expect(ids).not.toContain(late.id)
    expect(page).toMatchObject({ hasMore: false, reset: false, lastSeq: 0 })
    expect(page.behind).toBeUndefined()
  })

  it('a cursor the replica has not reached yet: read again on the primary, never reset', async () => {
    const { ws } = await setup(fx.portal)
    await submit(fx.portal)
    await replicaNow(true)
    const late = await submit(fx.portal)
    const held = await caughtUpOnPrimary(ws)
    const newer = await submit(fx.portal)
    const page = await pull(ws, held)
    expect(page.reset).toBe(false)
    expect(page.behind).toBeUndefined()
    const ids = page.changes.flatMap((c) => (c.type === 'application' ? [c.record.id] : []))
    expect(ids).toEqual([newer.id])
    expect(ids).not.toContain(late.id)
  })

  it('the same replica without the retry on the primary: `behind`, the cursor kept, nothing else; 503 for a workstation that did not ask for it', async () => {
    const { ws } = await setup(fx.portal)
    await submit(fx.portal)
    await replicaNow(false)
    await submit(fx.portal)
    const held = await caughtUpOnPrimary(ws)
    expect(await pull(ws, { ...held, acceptBehind: true })).toEqual(behindPage(held.cursor, 0))
    // Caught up on the primary, the replica's version is below the cursor: the same.
    await expect(pull(ws, { ...held })).rejects.toMatchObject({ status: 503, code: 'unavailable' })
  })

  it('a replica whose last seq for the workstation is below the primary’s is behind, even at the same version', async () => {
    const { ws } = await setup(fx.portal)
    const a = await submit(fx.portal)
    const held = await caughtUpOnPrimary(ws)
    // The workstation pushed a command the replica has not replayed; its cursor stays where the replica can serve it.
    await replicaNow(false)
    const pushed = await pushSigned(fx.portal, ws, [command(1, 'note', a.id, { text: 'примітка' })])
    expect(pushed.lastSeq).toBe(1)
    expect(await pull(ws, { ...held, acceptBehind: true, primaryLastSeq: 1 })).toEqual(behindPage(held.cursor, 1))
    // Without the route's value the handler reads the primary's last seq itself.
    expect(await pull(ws, { ...held, acceptBehind: true })).toEqual(behindPage(held.cursor, 1))
    // With the retry: the primary's page, whose lastSeq the workstation already knows (no "lost" results).
    fx.portal.deps.readReplica = { db: snapshotView(fx.db, REPLICA), retryOnPrimary: true }
    const page = await pull(ws, { ...held, acceptBehind: true })
    expect(page).toMatchObject({ lastSeq: 1, reset: false })
    expect(page.behind).toBeUndefined()
    expect(page.changes.length).toBeGreaterThan(0)
  })

  it('the primary itself cannot serve the cursor (restored from a backup): reset, replica or not', async () => {
    const { ws } = await setup(fx.portal)
    await submit(fx.portal)
    await replicaNow(true)
    const held = await caughtUpOnPrimary(ws)
    const page = await pull(ws, { ...held, cursor: held.cursor + 5, acceptBehind: true })
    expect(page).toMatchObject({ reset: true, nextCursor: 0, changes: [] })
    expect(page.behind).toBeUndefined()
  })

  it('a replica that cannot be reached: the primary answers', async () => {
    const { ws } = await setup(fx.portal)
    const a = await submit(fx.portal)
    const down: PortalDb = {
      kind: fx.db.kind,
      query: () => Promise.reject(new DbUnavailableError('replica down')),
      transaction: () => Promise.reject(new DbUnavailableError('replica down')),
      close: () => Promise.resolve()
    }
    fx.portal.deps.readReplica = { db: down, retryOnPrimary: true }
    const page = await pull(ws, { cursor: 0, acceptBehind: true })
    expect(page.changes.some((c) => c.type === 'application' && c.record.id === a.id)).toBe(true)
    // Without the retry, neither can serve: behind.
    fx.portal.deps.readReplica = { db: down, retryOnPrimary: false }
    expect(await pull(ws, { cursor: 0, acceptBehind: true })).toEqual(behindPage(0, 0))
  })

  it('THE PLANTED BUG (replicaReadAsRestore): the lagging replica answers reset — what the simulation must catch', async () => {
    const { ws } = await setup(fx.portal)
    await submit(fx.portal)
    await replicaNow(false)
    await submit(fx.portal)
    const held = await caughtUpOnPrimary(ws)
    fx.portal.deps.faults = { replicaReadAsRestore: true }
    expect(await pull(ws, { ...held, acceptBehind: true })).toMatchObject({ reset: true })
  })

  it('GET /sync/pull: behind=1 gets the `behind` page from a lagging replica, without it 503; the stranger with everything but the token gets 401', async () => {
    const { ws } = await setup(fx.portal)
    await submit(fx.portal)
    await replicaNow(false)
    await submit(fx.portal)
    const held = await caughtUpOnPrimary(ws)
    const url = `/sync/pull?cursor=${held.cursor}&chain=1${held.after ? `&eventVersion=${held.after.version}&eventId=${held.after.id}` : ''}`
    const behind = await send(fx.portal.app, 'GET', `${url}&behind=1`, { token: ws.token })
    expect(behind.statusCode).toBe(200)
    expect(pullResponseSchema.parse(behind.json())).toEqual(behindPage(held.cursor, 0))
    // No hint: nothing to ask for ahead.
    expect(behind.headers['vikno-next-cursor']).toBeUndefined()
    const old = await send(fx.portal.app, 'GET', url, { token: ws.token })
    expect(old.statusCode).toBe(503)
    expect(old.json()).toMatchObject({ error: { code: 'unavailable' } })
    const stranger = await send(fx.portal.app, 'GET', `${url}&behind=1`)
    expect(stranger.statusCode).toBe(401)
    expect(stranger.body).not.toContain('"changes"')
    expect((await send(fx.portal.app, 'GET', `${url}&behind=2`, { token: ws.token })).statusCode).toBe(400)
  })

  it('citizens’ status: read on the replica; an application not there yet is read on the primary, never a false 404', async () => {
    const { ws } = await setup(fx.portal)
    const a = await submit(fx.portal)
    await replicaNow(true)
    const fresh = await submit(fx.portal)
    // The status moves on the primary only: the replica still shows the old one, so the read went there.
    await pushSigned(fx.portal, ws, [command(1, 'claim', a.id, {})])
    const onPrimary = await citizenStatus(fx.db, { ...fx.portal.deps, readReplica: null }, a.orderNumber)
    const viaReplica = await citizenStatus(fx.db, fx.portal.deps, a.orderNumber)
    const before = await citizenStatus(snapshotView(fx.db, REPLICA), { ...fx.portal.deps, readReplica: null }, a.orderNumber)
    expect(onPrimary).not.toEqual(before)
    expect(viaReplica).toEqual(before)
    expect(await citizenStatus(fx.db, fx.portal.deps, fresh.orderNumber)).toMatchObject({ orderNumber: fresh.orderNumber })
    await expect(citizenStatus(fx.db, fx.portal.deps, '0000-0000-0000')).rejects.toBeInstanceOf(PortalError)
  })

  it('the composition: createPortal({ readDb }) routes the pull route to it (PostgreSQL), and refuses an embedded database', async () => {
    const { ws } = await setup(fx.portal)
    const early = await submit(fx.portal)
    await snapshotInto(fx.db, REPLICA)
    const late = await submit(fx.portal)
    if (fx.kind === 'pglite') {
      await expect(createPortal({ db: fx.db, readDb: snapshotView(fx.db, REPLICA), closeDb: false, rateLimit: false })).rejects.toThrow(
        /PostgreSQL/
      )
      return
    }
    const second = await createPortal({
      db: fx.db,
      readDb: snapshotView(fx.db, REPLICA),
      closeDb: false,
      rateLimit: false,
      clock: fx.clock.now
    })
    try {
      expect(second.deps.readReplica?.retryOnPrimary).toBe(true)
      const res = await send(second.app, 'GET', '/sync/pull?cursor=0&behind=1', { token: ws.token })
      const ids = pullResponseSchema.parse(res.json()).changes.flatMap((c) => (c.type === 'application' ? [c.record.id] : []))
      expect(ids).toEqual([early.id])
      expect(ids).not.toContain(late.id)
    } finally {
      await second.close()
    }
  })
})
