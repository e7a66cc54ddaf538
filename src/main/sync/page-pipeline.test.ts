import { describe, expect, it } from 'vitest'
import type { CursorEvent, PullHint } from '../../shared/protocol'
import type { ApplicationRows, EventRow } from '../db/application-rows'
import { PagePipeline, type FetchPage } from './page-pipeline'
import type { PreparedPage } from './prepared-page'

/*
 * A portal of `pages` pages: page i (from cursor i) ends at cursor i + 1 and holds event `e<i+1>`.
 * Each request's page is released by the test (`release`), its hint is sent at once when `hints`.
 */
function portal(pages: number, opts: { hints: boolean; lie?: (cursor: number, hint: PullHint) => PullHint }) {
  const asked: { cursor: number; after: CursorEvent | null }[] = []
  const open = new Map<number, () => void>()
  let inFlight = 0
  let maxInFlight = 0
  const pageFrom = (cursor: number): PreparedPage => ({
    changes: [
      {
        type: 'application',
        version: cursor + 1,
        id: `a${cursor + 1}`,
        status: 'registered',
        channel: 'portal',
        rows: {} as ApplicationRows,
        attachments: []
      },
      { type: 'event', version: cursor + 1, id: `e${cursor + 1}`, applicationId: `a${cursor + 1}`, row: [] as unknown as EventRow }
    ],
    nextCursor: cursor + 1,
    hasMore: cursor + 1 < pages,
    lastSeq: 0,
    reset: false,
    behind: false
  })
  const fetch: FetchPage = (cursor, after, onHint) => {
    asked.push({ cursor, after })
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    const page = pageFrom(cursor)
    if (opts.hints) {
      const hint: PullHint = {
        nextCursor: page.nextCursor,
        hasMore: page.hasMore,
        newestEvent: { version: cursor + 1, id: `e${cursor + 1}` }
      }
      queueMicrotask(() => onHint(opts.lie ? opts.lie(cursor, hint) : hint))
    }
    return new Promise<PreparedPage>((resolve) => {
      open.set(asked.length - 1, () => {
        inFlight--
        resolve(page)
      })
    })
  }
  const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))
  /** Releases every request asked so far, in order. */
  const release = async (): Promise<void> => {
    await settle()
    for (const [i, done] of [...open]) {
      open.delete(i)
      done()
    }
    await settle()
  }
  return { fetch, asked, release, settle, maxInFlight: () => maxInFlight }
}

async function drain(pipeline: PagePipeline, net: ReturnType<typeof portal>): Promise<PreparedPage[]> {
  const out: PreparedPage[] = []
  for (;;) {
    const next = pipeline.next()
    await net.release()
    const page = await next
    out.push(page)
    if (!page.hasMore) return out
  }
}

describe('PagePipeline', () => {
  it('asks for the next pages on their hints, before the page before them is handed out, at most `depth` at a time', async () => {
    const net = portal(6, { hints: true })
    const pipeline = new PagePipeline(net.fetch, 2)
    pipeline.start(0, null)
    await net.settle()
    // Nothing handed out yet: the first page and, on its hint, the second are asked for.
    expect(net.asked.map((a) => a.cursor)).toEqual([0, 1])
    // The second is asked for with the event the first page will leave the workstation holding.
    expect(net.asked[1]?.after).toEqual({ version: 1, id: 'e1' })
    const pages = await drain(pipeline, net)
    expect(pages.map((p) => p.nextCursor)).toEqual([1, 2, 3, 4, 5, 6])
    expect(net.asked.map((a) => a.cursor)).toEqual([0, 1, 2, 3, 4, 5])
    expect(net.maxInFlight()).toBe(2)
    expect(pipeline.dropped).toBe(0)
  })

  it('without hints asks for each page once the one before is decoded', async () => {
    const net = portal(3, { hints: false })
    const pipeline = new PagePipeline(net.fetch, 2)
    pipeline.start(0, null)
    await net.settle()
    expect(net.asked).toHaveLength(1)
    const pages = await drain(pipeline, net)
    expect(pages.map((p) => p.nextCursor)).toEqual([1, 2, 3])
    expect(net.asked).toEqual([
      { cursor: 0, after: null },
      { cursor: 1, after: { version: 1, id: 'e1' } },
      { cursor: 2, after: { version: 2, id: 'e2' } }
    ])
    expect(net.maxInFlight()).toBe(1)
  })

  it('drops what it asked for on a hint the page contradicts, and asks again from the page itself', async () => {
    for (const lie of [
      (cursor: number, hint: PullHint): PullHint => (cursor === 1 ? { ...hint, nextCursor: hint.nextCursor + 1 } : hint),
      (cursor: number, hint: PullHint): PullHint => (cursor === 1 ? { ...hint, newestEvent: { version: 2, id: 'not-e2' } } : hint),
      (cursor: number, hint: PullHint): PullHint => (cursor === 3 ? { ...hint, hasMore: true } : hint)
    ]) {
      const net = portal(4, { hints: true, lie })
      const pipeline = new PagePipeline(net.fetch, 2)
      pipeline.start(0, null)
      const pages = await drain(pipeline, net)
      expect(pages.map((p) => p.nextCursor)).toEqual([1, 2, 3, 4])
      expect(pipeline.dropped).toBeGreaterThan(0)
      // Every page handed out was asked for with the cursor and event the previous page really left.
      const handed = net.asked.filter((a) => a.cursor < 4)
      for (const page of pages.slice(0, -1))
        expect(handed).toContainEqual({ cursor: page.nextCursor, after: { version: page.nextCursor, id: `e${page.nextCursor}` } })
    }
  })

  it('an event held above the page (the latest of a record shipped ahead) is carried to the pages after it, none dropped (sim seed 479532)', async () => {
    // Page 0 ships, ahead of itself, a record of version 9 with its event e9; pages 1..3 hold lower events.
    const ahead = { version: 9, id: 'e9' }
    const asked: { cursor: number; after: CursorEvent | null }[] = []
    const fetch: FetchPage = (cursor, after, onHint) => {
      asked.push({ cursor, after })
      const own = { version: cursor + 1, id: `e${cursor + 1}` }
      const changes: PreparedPage['changes'] = [
        { type: 'event', version: own.version, id: own.id, applicationId: 'a', row: [] as unknown as EventRow },
        ...(cursor === 0 ? [{ type: 'event' as const, version: 9, id: 'e9', applicationId: 'a', row: [] as unknown as EventRow }] : [])
      ]
      const hasMore = cursor + 1 < 4
      // The portal's hint: the page's newest event as the workstation will find it in the body.
      onHint({ nextCursor: cursor + 1, hasMore, newestEvent: cursor === 0 ? ahead : own })
      return Promise.resolve({ changes, nextCursor: cursor + 1, hasMore, lastSeq: 0, reset: false, behind: false })
    }
    const pipeline = new PagePipeline(fetch, 2)
    pipeline.start(0, null)
    const pages: PreparedPage[] = []
    for (;;) {
      const page = await pipeline.next()
      pages.push(page)
      if (!page.hasMore) break
    }
    expect(pages.map((p) => p.nextCursor)).toEqual([1, 2, 3, 4])
    expect(pipeline.dropped).toBe(0)
    expect(asked.slice(1).map((a) => a.after)).toEqual([ahead, ahead, ahead])
  })

  it('a page asked for ahead that fails is never an error unless it is read', async () => {
    const unhandled: unknown[] = []
    const onUnhandled = (e: unknown): void => {
      unhandled.push(e)
    }
    process.on('unhandledRejection', onUnhandled)
    try {
      let calls = 0
      const fetch: FetchPage = (cursor, _after, onHint) => {
        calls++
        if (cursor > 0) return Promise.reject(new Error('the network went away'))
        onHint({ nextCursor: 1, hasMore: true, newestEvent: null })
        return Promise.resolve({ changes: [], nextCursor: 1, hasMore: true, lastSeq: 0, reset: false, behind: false })
      }
      const pipeline = new PagePipeline(fetch, 2)
      pipeline.start(0, null)
      await pipeline.next()
      pipeline.stop()
      await new Promise((resolve) => setTimeout(resolve, 10))
      expect(calls).toBe(2)
      expect(unhandled).toEqual([])
      // Read, the failure is the run's.
      pipeline.start(1, null)
      await expect(pipeline.next()).rejects.toThrow('the network went away')
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })
})
