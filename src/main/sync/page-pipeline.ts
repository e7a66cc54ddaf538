import type { CursorEvent, PullHint } from '../../shared/protocol'
import { newestPreparedEvent, type PreparedPage } from './prepared-page'

/** Asks for one page; calls `onHint` if the portal says where the page ends before the page is ready. */
export type FetchPage = (cursor: number, after: CursorEvent | null, onHint: (hint: PullHint) => void) => Promise<PreparedPage>

interface PageRequest {
  cursor: number
  after: CursorEvent | null
  page: Promise<PreparedPage>
  hint: PullHint | null
  /** The page after this one has been asked for on this one's hint. */
  followed: boolean
}

/**
 * The pages of one pull run, in order, asked for ahead of the one being applied.
 *
 * Without a hint, the next page can only be asked for once this one is decoded (its nextCursor and
 * newest event are in the body), so the portal idles while the workstation decodes, and the
 * workstation idles while the portal reads. With the portal's hint (protocol.ts PullHint, response
 * headers), the next page is asked for as soon as this one's response starts: the portal reads a
 * page while the workstation decodes the one before and writes the one before that.
 *
 * A hint is only a guess. Each page, once decoded, must end where the page asked for after it
 * assumed (its nextCursor, its newest event); if not, every page asked for on a guess is dropped and
 * the next one is asked for again from the decoded page. At most `depth` pages are asked for ahead
 * of the one being applied, so a fast portal cannot fill the memory.
 */
export class PagePipeline {
  private readonly queue: PageRequest[] = []
  /** Pages asked for on a hint that a page then contradicted (tests, logs). */
  dropped = 0

  constructor(
    private readonly fetch: FetchPage,
    private readonly depth: number
  ) {}

  start(cursor: number, after: CursorEvent | null): void {
    this.queue.length = 0
    this.queue.push(this.request(cursor, after))
  }

  /** The next page in order. Throws what its request threw. */
  async next(): Promise<PreparedPage> {
    const head = this.queue[0]
    if (!head) throw new Error('PagePipeline.next: no page was asked for')
    const page = await head.page
    this.queue.shift()
    const held = newestPreparedEvent(page.changes, head.after)
    const follower = this.queue[0]
    const more = page.hasMore && !page.reset && !page.behind
    if (follower && (!more || follower.cursor !== page.nextCursor || !sameEvent(follower.after, held))) {
      this.dropped += this.queue.length
      this.queue.length = 0
    }
    if (more && this.queue.length === 0) this.queue.push(this.request(page.nextCursor, held))
    this.topUp()
    return page
  }

  /** Asks for nothing more; pages in flight are left to settle unread. */
  stop(): void {
    this.queue.length = 0
  }

  private request(cursor: number, after: CursorEvent | null): PageRequest {
    // The hint may come before fetch returns (a transport that knows it at once): held until then.
    let req: PageRequest | null = null
    let early: PullHint | null = null
    const page = this.fetch(cursor, after, (hint) => {
      if (!req) {
        early = hint
        return
      }
      req.hint = hint
      this.topUp()
    })
    // A page asked for ahead may fail after the run has stopped reading; its error is the run's only if read.
    page.catch(() => undefined)
    req = { cursor, after, page, hint: early, followed: false }
    return req
  }

  private topUp(): void {
    for (;;) {
      const last = this.queue[this.queue.length - 1]
      // The queue holds the pages asked for and not yet handed out: at most `depth`.
      if (!last || this.queue.length >= this.depth) return
      if (!last.hint || last.followed || !last.hint.hasMore) return
      last.followed = true
      this.queue.push(this.request(last.hint.nextCursor, newerEvent(last.after, last.hint.newestEvent)))
    }
  }
}

/**
 * The event held after a page whose newest event is `inPage`, as newestPreparedEvent finds it: the
 * page's when it is at least as new, else the one held before (which may stand above the page: the
 * latest event of a record shipped ahead, protocol.ts CursorEvent).
 */
function newerEvent(held: CursorEvent | null, inPage: CursorEvent | null): CursorEvent | null {
  return inPage && (!held || inPage.version >= held.version) ? inPage : held
}

function sameEvent(a: CursorEvent | null, b: CursorEvent | null): boolean {
  return a === b || (a !== null && b !== null && a.version === b.version && a.id === b.id)
}
