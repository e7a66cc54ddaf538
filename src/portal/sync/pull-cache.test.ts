import { describe, expect, it } from 'vitest'
import { PullPageCache, type CachedPage, type PageKey } from './pull-cache'

/*
 * The pull page cache alone (sync/pull-cache.ts): hits, invalidation on a new version and on a
 * restore, single flight, the byte bound. How pull.ts uses it, on both databases: pull-cached.test.ts.
 */

const key = (over: Partial<PageKey> = {}): PageKey => ({
  source: 'primary',
  centreId: 'c1',
  cursor: 10,
  limit: 500,
  version: 12,
  testing: true,
  eventId: 'ev-12',
  ...over
})

const page = (text: string, nextCursor = 12): CachedPage => ({
  changes: Buffer.from(text, 'utf8'),
  nextCursor,
  hasMore: false,
  newestEvent: { version: nextCursor, id: `ev-${nextCursor}` }
})

/** A read that counts its calls and answers `result`. */
function reader(result: CachedPage | null = page('{"a":1}')): { read: () => Promise<CachedPage | null>; calls: () => number } {
  let n = 0
  return {
    read: () => {
      n++
      return Promise.resolve(result)
    },
    calls: () => n
  }
}

/** A promise the test settles. */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve: (v: T) => void = () => undefined
  let reject: (e: unknown) => void = () => undefined
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('PullPageCache', () => {
  it('reads a page once and serves it again at the same key; any other part of the key is another page', async () => {
    const cache = new PullPageCache()
    const r = reader()
    expect((await cache.page(key(), r.read))?.changes.toString()).toBe('{"a":1}')
    expect((await cache.page(key(), r.read))?.changes.toString()).toBe('{"a":1}')
    expect(r.calls()).toBe(1)
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, entries: 1 })
    // Each of these is another page: another centre, cursor, page size, or the replica's copy.
    for (const other of [key({ centreId: 'c2' }), key({ cursor: 11 }), key({ limit: 100 }), key({ source: 'replica' })])
      await cache.page(other, r.read)
    expect(r.calls()).toBe(5)
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 5, entries: 5 })
  })

  it('a new version of the centre: the old pages are never served again and are dropped', async () => {
    const cache = new PullPageCache()
    await cache.page(key({ version: 12, eventId: 'ev-12' }), reader(page('old')).read)
    await cache.page(key({ version: 12, eventId: 'ev-12', cursor: 5 }), reader(page('old, from 5')).read)
    const fresh = reader(page('new', 13))
    const got = await cache.page(key({ version: 13, eventId: 'ev-13' }), fresh.read)
    expect(got?.changes.toString()).toBe('new')
    expect(fresh.calls()).toBe(1)
    expect(cache.stats()).toMatchObject({ invalidated: 2, entries: 1 })
    // Another centre's pages are untouched by this centre's version.
    await cache.page(key({ centreId: 'c2', version: 3, eventId: 'x' }), reader().read)
    await cache.page(key({ version: 14, eventId: 'ev-14' }), reader().read)
    expect(cache.stats()).toMatchObject({ invalidated: 3, entries: 2 })
  })

  it('a request that read the centre before a newer one (late) misses, and does not drop the newer page', async () => {
    const cache = new PullPageCache()
    await cache.page(key({ version: 13, eventId: 'ev-13' }), reader(page('v13', 13)).read)
    const late = reader(page('v12'))
    expect((await cache.page(key({ version: 12, eventId: 'ev-12' }), late.read))?.changes.toString()).toBe('v12')
    expect(late.calls()).toBe(1)
    const again = reader()
    expect((await cache.page(key({ version: 13, eventId: 'ev-13' }), again.read))?.changes.toString()).toBe('v13')
    expect(again.calls()).toBe(0)
    // The late page went with that next look at version 13.
    expect(cache.stats()).toMatchObject({ entries: 1, invalidated: 1 })
  })

  it('a restore (the version lowered, then the same numbers reached with other events): a page of the lost history is never served', async () => {
    const cache = new PullPageCache()
    await cache.page(key({ version: 12, eventId: 'ev-12' }), reader(page('lost history')).read)
    // Restored to version 9, a workstation at cursor 8 pulls: another key, read afresh.
    const restored = reader(page('restored', 9))
    expect((await cache.page(key({ cursor: 8, version: 9, eventId: 'ev-9' }), restored.read))?.changes.toString()).toBe('restored')
    // The counter passes 12 again with new changes: same version, another event, another history.
    const after = reader(page('new history'))
    expect((await cache.page(key({ version: 12, eventId: 'ev-12-after-restore' }), after.read))?.changes.toString()).toBe('new history')
    expect(after.calls()).toBe(1)
    // Both the lost history's page and the restored one at 9 are gone; only the new history's page is kept.
    expect(cache.stats()).toMatchObject({ entries: 1, invalidated: 2 })
    const back = reader()
    expect((await cache.page(key({ version: 12, eventId: 'ev-12' }), back.read))?.changes.toString()).toBe('{"a":1}')
    expect(back.calls()).toBe(1)
  })

  it('single flight: concurrent requests for one page share one read', async () => {
    const cache = new PullPageCache()
    const gate = deferred<CachedPage | null>()
    let calls = 0
    const read = (): Promise<CachedPage | null> => {
      calls++
      return gate.promise
    }
    const waiting = Array.from({ length: 20 }, () => cache.page(key(), read))
    // Another page meanwhile is not held up by it.
    expect((await cache.page(key({ cursor: 3 }), reader(page('other')).read))?.changes.toString()).toBe('other')
    expect(calls).toBe(1)
    gate.resolve(page('shared'))
    const got = await Promise.all(waiting)
    expect(got.map((p) => p?.changes.toString())).toEqual(Array.from({ length: 20 }, () => 'shared'))
    expect(calls).toBe(1)
    expect(cache.stats()).toMatchObject({ misses: 2, shared: 19, hits: 0, entries: 2 })
    expect(await cache.page(key(), read)).toBe(got[0])
    expect(calls).toBe(1)
  })

  it("single flight: when the leader's read fails, it fails for the leader only; the others get null (they read for themselves) and nothing is kept", async () => {
    const cache = new PullPageCache()
    const gate = deferred<CachedPage | null>()
    const leader = cache.page(key(), () => gate.promise)
    const follower = cache.page(key(), () => Promise.reject(new Error('a follower never reads')))
    gate.reject(new Error('connection lost'))
    await expect(leader).rejects.toThrow('connection lost')
    expect(await follower).toBeNull()
    expect(cache.stats()).toMatchObject({ entries: 0 })
    // The next request reads again.
    const r = reader()
    expect(await cache.page(key(), r.read)).not.toBeNull()
    expect(r.calls()).toBe(1)
  })

  it('a read that could not make the page at this key (the centre moved on) answers null: nothing is kept', async () => {
    const cache = new PullPageCache()
    const none = reader(null)
    expect(await cache.page(key(), none.read)).toBeNull()
    expect(await cache.page(key(), none.read)).toBeNull()
    expect(none.calls()).toBe(2)
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 })
  })

  it('bounded by bytes: the least recently used page goes first; a page over half the bound is not kept', async () => {
    const kb = (n: number): string => 'x'.repeat(n * 1024)
    const cache = new PullPageCache(10 * 1024)
    for (const cursor of [1, 2, 3]) await cache.page(key({ cursor }), reader(page(kb(3))).read)
    expect(cache.stats()).toMatchObject({ entries: 3, evicted: 0 })
    // Cursor 1 used again: cursor 2 is now the least recently used.
    const r = reader()
    await cache.page(key({ cursor: 1 }), r.read)
    expect(r.calls()).toBe(0)
    await cache.page(key({ cursor: 4 }), reader(page(kb(3))).read)
    expect(cache.stats()).toMatchObject({ entries: 3, evicted: 1 })
    expect(cache.stats().bytes).toBeLessThanOrEqual(10 * 1024)
    const probe = reader()
    await cache.page(key({ cursor: 1 }), probe.read)
    await cache.page(key({ cursor: 3 }), probe.read)
    await cache.page(key({ cursor: 4 }), probe.read)
    expect(probe.calls()).toBe(0)
    await cache.page(key({ cursor: 2 }), probe.read)
    expect(probe.calls()).toBe(1)
    // Too big to keep: served, not stored, nothing evicted for it.
    const before = cache.stats()
    const huge = reader(page(kb(6)))
    expect((await cache.page(key({ cursor: 9 }), huge.read))?.changes.length).toBe(6 * 1024)
    expect(cache.stats()).toMatchObject({ entries: before.entries, evicted: before.evicted, bytes: before.bytes })
    expect(() => new PullPageCache(0)).toThrow(RangeError)
  })
})
