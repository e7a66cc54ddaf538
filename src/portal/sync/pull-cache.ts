/*
 * A per-process cache of a centre's pull pages (issue 19: the thundering herd). After a nudge every
 * desk of a centre asks for the same page — the changes after the cursor they all hold — and each
 * pull used to read and serialise the same rows again. Here the CENTRE'S part of a page (its changes
 * as JSON, where it ends, whether more follow, its newest event) is kept per
 *
 *   (source, centre, cursor, limit, the centre's history identity: its version AND the id of the
 *    newest event at that version)
 *
 * Why that identity is enough: every change of a centre's applications and events takes the next
 * version under the centre row's lock (db/centres-repository.ts takeChangeVersions) and writes at
 * least one event, so the rows a page is made of are a function of the history up to the version
 * the snapshot holds. A restore from a backup lowers the version and then hands the same numbers to
 * other changes — with other event ids — so a page read before the restore never matches a key
 * read after it. A version without an event is never cached (sync/pull.ts reads it as before).
 *
 * `source` names the database the page was read on ('primary', 'replica'): a replica's page is
 * kept as the replica's, under the version it was read at, never lent to the primary's readers.
 *
 * Never cached: anything about the workstation (last seq, the results chain link, behind / reset
 * decisions, the history check of its `after`): sync/pull.ts reads those for every request.
 *
 * Concurrent identical requests share one read (single flight): the first reads, the rest await
 * its promise; if that read fails or finds the centre moved on, each of them reads for itself.
 * Memory is bounded by bytes (LRU). Nothing here needs to be shared between processes: another
 * process simply misses and reads.
 */

export type PageSource = 'primary' | 'replica'

/** What identifies one cached page. */
export interface PageKey {
  source: PageSource
  centreId: string
  cursor: number
  limit: number
  /** The centre's committed version the page was built at. */
  version: number
  /** The id of the newest event at `version` (the history identity; see above). */
  eventId: string
  /** The page's shape: with serviceVersion/isTest and removals (`testing=1`, issue 17), or as older workstations parse it. */
  testing: boolean
}

/** The centre's part of a pull page: the same for every workstation of the centre at that key. */
export interface CachedPage {
  /** The `changes` array's elements as UTF-8 JSON, without the brackets (db/pull-repository.ts pageChangesJson). */
  changes: Buffer
  nextCursor: number
  hasMore: boolean
  newestEvent: { version: number; id: string } | null
}

export interface PullCacheStats {
  hits: number
  misses: number
  /** Requests that awaited another request's read of the same page instead of reading. */
  shared: number
  /** Entries dropped because their centre moved on or was restored. */
  invalidated: number
  /** Entries dropped to stay under the byte bound. */
  evicted: number
  entries: number
  bytes: number
}

/** Per entry, besides its page's bytes: the key, the maps, the object (an estimate). */
const ENTRY_OVERHEAD_BYTES = 256

export const DEFAULT_PULL_CACHE_BYTES = 32 * 1024 * 1024

interface Entry {
  key: PageKey
  page: CachedPage
  bytes: number
}

function keyText(k: PageKey): string {
  return JSON.stringify([k.source, k.centreId, k.cursor, k.limit, k.version, k.eventId, k.testing])
}

function groupText(k: Pick<PageKey, 'source' | 'centreId'>): string {
  return JSON.stringify([k.source, k.centreId])
}

export class PullPageCache {
  private readonly entries = new Map<string, Entry>() // insertion order = least recently used first
  private readonly groups = new Map<string, Set<string>>() // (source, centre) → its entries' keys
  private readonly inflight = new Map<string, Promise<CachedPage | null>>()
  private bytes = 0
  private readonly counts = { hits: 0, misses: 0, shared: 0, invalidated: 0, evicted: 0 }

  constructor(readonly maxBytes: number = DEFAULT_PULL_CACHE_BYTES) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0)
      throw new RangeError(`PullPageCache: maxBytes must be a positive integer, got ${maxBytes}`)
  }

  /**
   * The page at `key`: from the cache, from a read of the same key already under way, or from
   * `read` (whose result is kept when it is a page). `read` answers null when it cannot make the
   * page at exactly this key (the centre moved on between the caller's look and its read): nothing
   * is kept and the caller reads for itself. A waiter whose leader's read failed gets null too.
   */
  async page(key: PageKey, read: () => Promise<CachedPage | null>): Promise<CachedPage | null> {
    this.observe(key)
    const k = keyText(key)
    const hit = this.entries.get(k)
    if (hit) {
      this.counts.hits++
      this.entries.delete(k)
      this.entries.set(k, hit)
      return hit.page
    }
    const flying = this.inflight.get(k)
    if (flying) {
      this.counts.shared++
      return flying.catch(() => null)
    }
    this.counts.misses++
    const reading = (async () => {
      try {
        const page = await read()
        if (page) this.store(k, key, page)
        return page
      } finally {
        this.inflight.delete(k)
      }
    })()
    this.inflight.set(k, reading)
    return reading
  }

  stats(): PullCacheStats {
    return { ...this.counts, entries: this.entries.size, bytes: this.bytes }
  }

  /**
   * A request has seen the centre at `key`'s version and event: entries of the same source and
   * centre at a LOWER version can only be asked for by requests that read before this one, and an
   * entry at the SAME version with another event is from another history (a restore): both go.
   * Entries at a higher version stay (this request may be the late one); after a restore they no
   * longer match any key and go when the version passes them again, or by the byte bound.
   */
  private observe(key: PageKey): void {
    const group = this.groups.get(groupText(key))
    if (!group) return
    for (const k of group) {
      const entry = this.entries.get(k)
      if (!entry) continue
      if (entry.key.version < key.version || (entry.key.version === key.version && entry.key.eventId !== key.eventId)) {
        this.drop(k, entry)
        this.counts.invalidated++
      }
    }
  }

  private store(k: string, key: PageKey, page: CachedPage): void {
    const bytes = page.changes.length + ENTRY_OVERHEAD_BYTES
    if (bytes > this.maxBytes / 2) return // one huge page would empty the cache for itself
    const old = this.entries.get(k)
    if (old) this.drop(k, old)
    this.entries.set(k, { key, page, bytes })
    this.bytes += bytes
    const g = groupText(key)
    let group = this.groups.get(g)
    if (!group) {
      group = new Set()
      this.groups.set(g, group)
    }
    group.add(k)
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.drop(oldest, entry)
      this.counts.evicted++
    }
  }

  private drop(k: string, entry: Entry): void {
    this.entries.delete(k)
    this.bytes -= entry.bytes
    const g = groupText(entry.key)
    const group = this.groups.get(g)
    group?.delete(k)
    if (group?.size === 0) this.groups.delete(g)
  }
}
