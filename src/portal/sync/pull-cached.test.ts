import { beforeEach, expect, it } from 'vitest'
import { newestEvent, pullResponseSchema, type CursorEvent, type PullResponse } from '../../shared/protocol'
import { dropSnapshot, snapshotInto, snapshotView } from '../db/snapshot-repository'
import type { PortalDeps } from '../deps'
import { describeBackends } from '../test/backends'
import { command, enrol, pushSigned, setup, submit } from '../test/fixtures'
import { handlePullJson, handlePullReply, type PullQuery } from './pull'
import { PullPageCache } from './pull-cache'
import type { WorkstationIdentity } from './push'

/*
 * The pull page cache in the real handler, on PGlite and on PostgreSQL (sync/pull-cache.ts; the
 * cache alone: pull-cache.test.ts). The reference for every answer is the same handler without a
 * cache (`pullCache: null`): what it sends is what a pull sent before the cache, read in one snapshot.
 */

const REPLICA = `replica_cached_${process.pid}`

describeBackends('pull with the page cache', (fx) => {
  let cache: PullPageCache
  beforeEach(async () => {
    cache = new PullPageCache()
    fx.portal.deps.pullCache = cache
    fx.portal.deps.readReplica = null
    await dropSnapshot(fx.db, REPLICA)
  })

  const uncached = (): PortalDeps => ({ ...fx.portal.deps, pullCache: null, readReplica: null })
  const cached = (ws: WorkstationIdentity, query: PullQuery): Promise<string> => handlePullJson(fx.portal.db, fx.portal.deps, ws, query)
  const reference = (ws: WorkstationIdentity, query: PullQuery): Promise<string> => handlePullJson(fx.portal.db, uncached(), ws, query)
  const parse = (text: string): PullResponse => pullResponseSchema.parse(JSON.parse(text))

  /** Everything the centre holds, from the reference. */
  async function everything(ws: WorkstationIdentity): Promise<PullResponse> {
    return parse(await reference(ws, { cursor: 0, limit: 5000 }))
  }

  it('desks of one centre at one cursor share one read of the page; each still gets its own last seq and results chain', async () => {
    const { ws } = await setup(fx.portal)
    const other = await enrol(fx.portal, 'Вікно 2')
    const a = await submit(fx.portal)
    await submit(fx.portal)
    await pushSigned(fx.portal, ws, [command(1, 'note', a.id, { text: 'примітка' })])
    const query: PullQuery = { cursor: 1, withResultsChain: true }

    const mine = await cached(ws, query)
    const theirs = await cached(other, query)
    expect(cache.stats()).toMatchObject({ misses: 1, hits: 1, entries: 1 })
    expect(mine).toBe(await reference(ws, query))
    expect(theirs).toBe(await reference(other, query))
    const [p1, p2] = [parse(mine), parse(theirs)]
    expect(p1.changes).toEqual(p2.changes)
    expect(p1.changes.length).toBeGreaterThan(0)
    expect([p1.lastSeq, p2.lastSeq]).toEqual([1, 0])
    expect(p1.resultsChain).not.toBe(p2.resultsChain)
    // The hint the route sends ahead of the body is the page's, as without the cache.
    const hint = (await handlePullReply(fx.portal.db, fx.portal.deps, other, query)).hint
    expect(hint).toEqual((await handlePullReply(fx.portal.db, uncached(), other, query)).hint)
    expect(cache.stats().hits).toBe(2)
  })

  it('a change after a page was cached is never hidden by it: the next pull at that cursor is read afresh', async () => {
    const { ws } = await setup(fx.portal)
    await submit(fx.portal)
    const before = parse(await cached(ws, { cursor: 0 }))
    const late = await submit(fx.portal)
    const text = await cached(ws, { cursor: 0 })
    expect(text).toBe(await reference(ws, { cursor: 0 }))
    const after = parse(text)
    expect(after.nextCursor).toBe(before.nextCursor + 1)
    expect(after.changes.some((c) => c.type === 'application' && c.record.id === late.id)).toBe(true)
    expect(cache.stats()).toMatchObject({ misses: 2, hits: 0, invalidated: 1, entries: 1 })
  })

  it('a restore from a backup: a page of the lost history is never served, even where the counter reaches its version again', async () => {
    const { ws } = await setup(fx.portal)
    await submit(fx.portal)
    const lost = await submit(fx.portal)
    // Cached: the page after cursor 1 at version 2, which holds the application the restore loses.
    const old = parse(await cached(ws, { cursor: 1 }))
    expect(old.changes.some((c) => c.type === 'application' && c.record.id === lost.id)).toBe(true)
    expect(cache.stats().entries).toBe(1)

    // The backup was taken at version 1; the counter goes on from there, to version 2 again.
    await fx.portal.db.query('DELETE FROM application_events WHERE application_id = $1', [lost.id])
    await fx.portal.db.query('DELETE FROM access_codes WHERE application_id = $1', [lost.id])
    await fx.portal.db.query('DELETE FROM applications WHERE id = $1', [lost.id])
    await fx.portal.db.query('UPDATE centres SET version = 1')
    const fresh = await submit(fx.portal)

    const text = await cached(ws, { cursor: 1 })
    expect(text).toBe(await reference(ws, { cursor: 1 }))
    const now = parse(text)
    expect(now.nextCursor).toBe(2)
    expect(now.changes.some((c) => c.type === 'application' && c.record.id === lost.id)).toBe(false)
    expect(now.changes.some((c) => c.type === 'application' && c.record.id === fresh.id)).toBe(true)
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 2, invalidated: 1, entries: 1 })
    // The workstation that holds the lost event at its cursor is told to reset, cache or not.
    const held = newestEvent(old.changes, null)
    if (!held) throw new Error('no event')
    expect(parse(await cached(ws, { cursor: 2, after: held }))).toMatchObject({ reset: true, nextCursor: 0 })
  })

  it('concurrent pulls of one page: one read, every answer the reference', async () => {
    const { ws } = await setup(fx.portal)
    const other = await enrol(fx.portal, 'Вікно 2')
    for (let i = 0; i < 3; i++) await submit(fx.portal)
    const desks = [ws, other]
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => cached(desks[i % 2] as WorkstationIdentity, { cursor: 1, limit: 500 }))
    )
    const stats = cache.stats()
    expect(stats.misses).toBe(1)
    expect(stats.hits + stats.shared).toBe(19)
    expect(new Set(answers).size).toBe(1) // both at last seq 0: the same bytes
    expect(answers[0]).toBe(await reference(ws, { cursor: 1, limit: 500 }))
  })

  it('a replica’s page is kept as the replica’s, at the version it was read at, and never answers a workstation the replica is behind', async () => {
    const { ws } = await setup(fx.portal)
    const other = await enrol(fx.portal, 'Вікно 2')
    const early = await submit(fx.portal)
    await snapshotInto(fx.db, REPLICA)
    fx.portal.deps.readReplica = { db: snapshotView(fx.db, REPLICA), retryOnPrimary: true }
    const late = await submit(fx.portal)

    // Both desks at cursor 0 through the replica: one read there, its page (without the late application).
    const first = parse(await cached(ws, { cursor: 0 }))
    const second = parse(await cached(other, { cursor: 0 }))
    expect(cache.stats()).toMatchObject({ misses: 1, hits: 1 })
    for (const page of [first, second]) {
      const ids = page.changes.flatMap((c) => (c.type === 'application' ? [c.record.id] : []))
      expect(ids).toEqual([early.id])
    }
    // The primary's reader at the same cursor gets the primary's page, not the replica's.
    const primary = parse(await handlePullJson(fx.portal.db, { ...fx.portal.deps, readReplica: null }, ws, { cursor: 0 }))
    expect(primary.changes.some((c) => c.type === 'application' && c.record.id === late.id)).toBe(true)

    // A workstation already past the replica (it pulled the primary): the replica is behind it, so
    // the page comes from the primary, never the replica's cached one, never a reset.
    const held: CursorEvent | null = newestEvent(primary.changes, null)
    const ahead = parse(await cached(other, { cursor: primary.nextCursor, after: held }))
    expect(ahead).toMatchObject({ changes: [], nextCursor: primary.nextCursor, reset: false })
    expect(ahead.behind).toBeUndefined()
    await dropSnapshot(fx.db, REPLICA)
  })

  it('whatever the history, cursor, page size, `after` and results chain: the cached answer is the uncached one', async () => {
    const { ws } = await setup(fx.portal)
    const desks = [ws, await enrol(fx.portal, 'Вікно 2'), await enrol(fx.portal, 'Вікно 3')]
    const seqs = desks.map(() => 0)
    const apps: string[] = []
    let state = 12345
    const rand = (n: number): number => {
      state = (state * 1103515245 + 12345) % 2147483648
      return state % n
    }
    let compared = 0
    for (let step = 0; step < 60; step++) {
      const op = rand(10)
      if (op < 2 || apps.length === 0) apps.push((await submit(fx.portal)).id)
      else if (op < 4) {
        const d = rand(desks.length)
        seqs[d] = (seqs[d] ?? 0) + 1
        await pushSigned(fx.portal, desks[d] as WorkstationIdentity, [
          command(seqs[d] ?? 1, 'note', apps[rand(apps.length)] ?? '', { text: `№${step}` })
        ])
      } else {
        const all = await everything(ws)
        const cursor = rand(all.nextCursor + 2) // now and then past the centre: a reset
        const afterKind = rand(3)
        const held = newestEvent(
          all.changes.filter((c) => c.version <= cursor),
          null
        )
        const after = afterKind === 0 ? null : afterKind === 1 ? held : { version: cursor, id: 'not-this-portal' }
        const query: PullQuery = { cursor, limit: [1, 2, 3, 500][rand(4)] ?? 500, after, withResultsChain: rand(2) === 0 }
        // Every desk asks for it: the first may read, the others share.
        for (const desk of desks) {
          const reply = await handlePullReply(fx.portal.db, fx.portal.deps, desk, query)
          const expected = await handlePullReply(fx.portal.db, uncached(), desk, query)
          expect(String(reply.body)).toBe(String(expected.body))
          expect(reply.hint).toEqual(expected.hint)
          compared++
        }
      }
    }
    expect(compared).toBeGreaterThan(60)
    expect(cache.stats().hits).toBeGreaterThan(0)
  })
})
