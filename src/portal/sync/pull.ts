import type { CatalogueRevision } from '../../shared/catalogue/desk-catalogue'
import {
  behindPage,
  pullHintOf,
  sameCatalogue,
  type Change,
  type CursorEvent,
  type PullHint,
  type PullResponse
} from '../../shared/protocol'
import { deskCatalogue } from '../db/catalogue-repository'
import { DbUnavailableError, type PortalDb, type Queryable } from '../db/portal-db'
import {
  allApplicationChanges,
  allEventChanges,
  centreIdentity,
  newestAheadEventIn,
  newestEventIn,
  pageBounds,
  pageChangesJson,
  preparePullReads,
  pullHead,
  type PullHead
} from '../db/pull-repository'
import { lastSeqOf } from '../db/workstations-repository'
import type { PortalDeps } from '../deps'
import { PortalError } from '../errors'
import type { WorkstationIdentity } from './push'
import type { CachedPage, PageKey, PageSource } from './pull-cache'

/*
 * GET /sync/pull. The cursor is the centre's change version (see takeChangeVersions): every writing
 * transaction takes the next version under the centre row's lock and stamps the rows it changes, so
 * versions commit in order and a snapshot that holds version V holds all versions below it. A page:
 *   - is what ONE snapshot gives, together with the workstation's last_seq: read in one REPEATABLE
 *     READ snapshot, or (deps.pullCache, pull-cache.ts) the workstation's part read in one statement
 *     and the centre's part taken from a snapshot of the same centre history (readPage below);
 *   - holds the changes with cursor < version <= nextCursor, in version order;
 *   - never splits a version: it ends at a version boundary, even if one version alone is larger
 *     than the limit;
 *   - is read on the read replica when there is one (deps.readReplica; issue 19): a replica that is
 *     behind the workstation (below its cursor, without its held event, or with a lower last seq
 *     than the primary's) is never the source of a `reset`: the page is read again on the primary,
 *     once, else answered `behind` (protocol.ts behindPage; README "Read replica"). What follows is
 *     the primary's, the authority's, rule;
 *   - answers `reset` when the cursor is ahead of the centre (the portal was restored from a backup),
 *     OR when the newest event the workstation holds at its cursor (`after`, see CursorEvent) is not
 *     this portal's newest event up to that cursor: a restored portal whose counter has since passed
 *     the cursor hands the same versions to different changes, and the cursor alone cannot see it.
 *     The workstation rebuilds its mirror from cursor 0 (nextCursor 0, hasMore while there is data).
 *     This relies on every change version carrying at least one event (every command that changes
 *     an application, every intake and answer, and the seed, write one); a workstation that sends
 *     no `after` (an older one, or one that has received no event yet) is not checked;
 *   - carries, with every event it holds, that event's application: an application's row moves to
 *     the version of its latest change, so its older events can fall on an earlier page than its
 *     row, and the workstation's events table refers to its applications (a foreign key). Found by
 *     the simulation (src/sim, seed 1): a new workstation pulling in small pages failed the same page
 *     forever. Records are whole and upserts idempotent, but a record shipped early is a state from
 *     beyond the cursor, which a restore may lose while the history up to the cursor stays: so it
 *     comes with its own latest events (pull-repository.ts pageChangesSql), the workstation's
 *     `after` becomes the newest of them (above its cursor), and the check above asks the portal to
 *     hold that event (pull-repository.ts pullHead). Found by the simulation, seed 479532.
 */

export const PULL_DEFAULT_LIMIT = 500
export const PULL_MAX_LIMIT = 5_000

export interface PullQuery {
  cursor: number
  limit?: number
  after?: CursorEvent | null
  /** Send the results chain at lastSeq (`chain=1`; an older workstation does not ask, see protocol.ts). */
  withResultsChain?: boolean
  /** The workstation understands `behind` (`behind=1`); without it a lagging read answers 503 (protocol.ts). */
  acceptBehind?: boolean
  /**
   * The workstation reads records' serviceVersion and isTest and `removed` changes (`testing=1`,
   * protocol.ts PULL_TESTING_PARAM); without it records go without those keys and no removal is sent.
   */
  withTesting?: boolean
  /**
   * The catalogue revision the workstation holds (`catalogue=`, protocol.ts PULL_CATALOGUE_PARAM):
   * null while it holds the file's cards; undefined when it did not say (an older workstation), and
   * then no catalogue is ever sent.
   */
  catalogue?: CatalogueRevision | null
  /**
   * The workstation's last seq on the PRIMARY, as read when the request was authenticated there
   * (the route has it); without it a pull routed to a replica reads it from the primary.
   */
  primaryLastSeq?: number
}

/**
 * The page as an object (the simulation and the tests call this). It is the JSON text that
 * /sync/pull sends, parsed: one implementation, so what the tests prove is what goes over the wire.
 */
export async function handlePull(db: PortalDb, deps: PortalDeps, ws: WorkstationIdentity, query: PullQuery): Promise<PullResponse> {
  // The text is built by handlePullBody from PullResponse-shaped parts; the workstation validates
  // it with pullResponseSchema on arrival, as the simulation does around this call.
  return JSON.parse(await handlePullJson(db, deps, ws, query)) as PullResponse
}

/** The page as JSON text: handlePullBody's reply (the bytes the route sends) as a string. */
export async function handlePullJson(db: PortalDb, deps: PortalDeps, ws: WorkstationIdentity, query: PullQuery): Promise<string> {
  const body = await handlePullBody(db, deps, ws, query)
  return typeof body === 'string' ? body : body.toString('utf8')
}

const PAGE_OPENING = Buffer.from('{"changes":[')

/**
 * The page as JSON, ready to send (GET /sync/pull sends it as is): its UTF-8 bytes on PGlite, a
 * string on PostgreSQL and for a reset. The changes come from SQL already as one JSON text
 * (repository.ts pageChangesJson: `jsonb::text` spliced into each change, the page aggregated in
 * one statement), so the portal neither parses the records into objects (PGlite and node-postgres
 * JSON.parse every jsonb value, and PGlite decodes every row in JavaScript) nor stringifies them
 * again for the reply: that was ~40% of the portal's CPU per page on PGlite and ~50% on PostgreSQL
 * (bench/diagnostics/portal-pull.ts); most of what is left is PostgreSQL's own jsonb-to-text output. On PGlite the
 * text also stays bytes from the engine to the socket: turning it into a string and back was ~30%
 * of the embedded portal's CPU per page (see pageChangesJson).
 * jsonb's text output is valid JSON (keys in jsonb's order, a space after `:` and `,`, non-ASCII
 * characters as they are, control characters escaped) and is the very text the drivers parsed
 * before, so the workstation's JSON.parse yields the same values as it did.
 */
export async function handlePullBody(db: PortalDb, deps: PortalDeps, ws: WorkstationIdentity, query: PullQuery): Promise<string | Buffer> {
  return (await handlePullReply(db, deps, ws, query)).body
}

/**
 * The page (handlePullBody) and its hint (protocol.ts PullHint), which GET /sync/pull sends as
 * headers ahead of the body: where the page ends, so the workstation can ask for the next one while
 * it reads this one. Null for a reset. The newest event comes from the same snapshot as the page.
 */
export async function handlePullReply(
  db: PortalDb,
  deps: PortalDeps,
  ws: WorkstationIdentity,
  query: PullQuery
): Promise<{ body: string | Buffer; hint: PullHint | null }> {
  const limit = Math.max(1, Math.min(query.limit ?? PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT))
  if (deps.faults?.timestampCursor) {
    const page = await pullByTimestamp(db, ws, query.cursor, limit)
    return { body: JSON.stringify(page), hint: pullHintOf(page) }
  }
  const replica = deps.readReplica
  if (!replica) return readPage(db, 'primary', deps, ws, query, limit, null)
  // The replica first; if it cannot serve the cursor, the primary once; else `behind` (protocol.ts, behindPage).
  const known = query.primaryLastSeq ?? (await lastSeqOf(db, ws.id))
  const planted = deps.faults?.replicaReadAsRestore === true
  try {
    const page = await readPage(replica.db, 'replica', deps, ws, query, limit, planted ? null : known)
    if (page) return page
  } catch (error) {
    // A replica that cannot be reached is one that cannot serve: the primary answers instead.
    if (!(error instanceof DbUnavailableError)) throw error
    deps.log('warn', 'pull: the read replica cannot be reached; reading the primary', { error: String(error) })
  }
  if (replica.retryOnPrimary) {
    try {
      return await readPage(db, 'primary', deps, ws, query, limit, null)
    } catch (error) {
      if (!(error instanceof DbUnavailableError)) throw error
    }
  }
  if (query.acceptBehind !== true)
    throw new PortalError(503, 'unavailable', 'Портал ще не має ваших останніх змін; повторіть запит трохи згодом')
  return { body: JSON.stringify(behindPage(query.cursor, known)), hint: null }
}

/**
 * One page of `source`. `replicaKnownLastSeq` null: `source` is the primary, the authority, and a
 * cursor it cannot serve is answered `reset`. A number: `source` is a read replica and the number
 * is the workstation's last seq on the primary; where the primary would answer reset, or the
 * replica holds a lower last seq than that, the replica is behind and this answers null (nothing is
 * sent from it; see handlePullReply).
 *
 * With the page cache (deps.pullCache, pull-cache.ts) the workstation's part is read in ONE
 * statement (pullHead: one snapshot, no transaction): the centre's version and history identity,
 * its last seq and results chain, its history check; the decisions below are made on it every
 * time. The centre's part — the changes after the cursor — comes from the cache when a page at the
 * same (source, centre, cursor, limit, version, event at the version) was read before; else from
 * ONE read shared by every request for it at that moment, in a snapshot that holds exactly that
 * identity (else the page is read as without the cache). The pair is what one snapshot gives: the
 * centre's rows are a function of its identity, and last seq was read with that identity.
 */
type PullReply = { body: string | Buffer; hint: PullHint | null }
function readPage(
  source: PortalDb,
  sourceName: PageSource,
  deps: PortalDeps,
  ws: WorkstationIdentity,
  query: PullQuery,
  limit: number,
  primary: null
): Promise<PullReply>
function readPage(
  source: PortalDb,
  sourceName: PageSource,
  deps: PortalDeps,
  ws: WorkstationIdentity,
  query: PullQuery,
  limit: number,
  replicaKnownLastSeq: number | null
): Promise<PullReply | null>
async function readPage(
  source: PortalDb,
  sourceName: PageSource,
  deps: PortalDeps,
  ws: WorkstationIdentity,
  query: PullQuery,
  limit: number,
  replicaKnownLastSeq: number | null
): Promise<PullReply | null> {
  const cache = deps.pullCache
  if (!cache) return readPageInSnapshot(source, deps, ws, query, limit, replicaKnownLastSeq)
  const cursor = query.cursor
  const head = await pullHead(source, ws.centreId, ws.id, historyToCheck(query))
  const verdict = judge(head, deps, ws, query, replicaKnownLastSeq)
  if (verdict.kind === 'reply') return verdict.reply
  // The catalogue is read in the page's snapshot: a caught-up page that carries it is read in one.
  if (head === null || head.eventId === null || verdict.kind === 'caughtUp')
    return readPageInSnapshot(source, deps, ws, query, limit, replicaKnownLastSeq)
  const key: PageKey = {
    source: sourceName,
    centreId: ws.centreId,
    cursor,
    limit,
    version: head.version,
    eventId: head.eventId,
    testing: query.withTesting === true
  }
  const page = await cache.page(key, () =>
    source.transaction(
      async (tx) => {
        const now = await centreIdentity(tx, ws.centreId)
        // The centre moved on (or was restored) since the head was read: not this key's page.
        if (now?.version !== key.version || now.eventId !== key.eventId) return null
        const read = await readChanges(tx, ws.centreId, cursor, limit, key.version, key.testing)
        return { ...read, changes: asBuffer(read.changes) }
      },
      { isolation: 'repeatable read', readOnly: true }
    )
  )
  // The last page carries the catalogue when the workstation's differs: read with it in one snapshot.
  if (!page || (!page.hasMore && wantsCatalogue(head, query)))
    return readPageInSnapshot(source, deps, ws, query, limit, replicaKnownLastSeq)
  return pageReply(head, query, page, '')
}

/** The page as it always was read: everything in ONE snapshot of `source` (no cache, or no cacheable identity). */
function readPageInSnapshot(
  source: PortalDb,
  deps: PortalDeps,
  ws: WorkstationIdentity,
  query: PullQuery,
  limit: number,
  replicaKnownLastSeq: number | null
): Promise<PullReply | null> {
  return source.transaction(
    async (tx) => {
      const head = await pullHead(tx, ws.centreId, ws.id, historyToCheck(query))
      const verdict = judge(head, deps, ws, query, replicaKnownLastSeq)
      if (verdict.kind === 'reply' || head === null) return verdict.kind === 'reply' ? verdict.reply : null
      if (verdict.kind === 'caughtUp') return caughtUpReply(head, query, await catalogueJson(tx, deps, ws, head, query))
      const page = await readChanges(tx, ws.centreId, query.cursor, limit, head.version, query.withTesting === true)
      return pageReply(head, query, page, page.hasMore ? '' : await catalogueJson(tx, deps, ws, head, query))
    },
    { isolation: 'repeatable read', readOnly: true }
  )
}

/** The event the workstation holds (at its cursor, or above it: protocol.ts CursorEvent), to be checked against this history (none at cursor 0). */
function historyToCheck(query: PullQuery): { cursor: number; after: CursorEvent } | null {
  return query.after && query.cursor > 0 ? { cursor: query.cursor, after: query.after } : null
}

/**
 * The decisions about this workstation, made on its head for every request (never cached): a
 * replica that cannot serve it (null), a reset, the empty page of a caught-up workstation, or
 * "read the page".
 */
function judge(
  head: PullHead | null,
  deps: PortalDeps,
  ws: WorkstationIdentity,
  query: PullQuery,
  replicaKnownLastSeq: number | null
): { kind: 'reply'; reply: PullReply | null } | { kind: 'caughtUp' } | { kind: 'page' } {
  const onReplica = replicaKnownLastSeq !== null
  const cursor = query.cursor
  if (!head) {
    // A centre made a moment ago may not have reached the replica yet.
    if (onReplica) return { kind: 'reply', reply: null }
    throw new PortalError(404, 'not_found', 'ЦНАП цього робочого місця не знайдено')
  }
  const current = head.version
  const { lastSeq, resultsChain } = head
  if (onReplica && lastSeq < replicaKnownLastSeq) return { kind: 'reply', reply: null }
  // A replica whose catalogue is not NEWER than the one the workstation holds, yet another one, lags
  // (or speaks of a restored history only the primary may assert): never the source of an older
  // catalogue, so the primary is read instead (protocol.ts behindPage).
  if (onReplica && deps.faults?.replicaCatalogueAsTruth !== true && wantsCatalogue(head, query)) {
    const held = query.catalogue ?? null
    if (held !== null && (head.catalogue?.revision ?? 0) <= held.revision) return { kind: 'reply', reply: null }
  }
  const chain = query.withResultsChain === true ? { resultsChain } : {}
  const reset = (): { kind: 'reply'; reply: PullReply | null } => ({
    kind: 'reply',
    reply: onReplica
      ? null
      : {
          body: JSON.stringify({ changes: [], nextCursor: 0, hasMore: current > 0, lastSeq, reset: true, ...chain } satisfies PullResponse),
          hint: null
        }
  })
  if (cursor > current) return reset()
  if (head.historyHolds === false) {
    if (!onReplica)
      deps.log('warn', 'pull: the workstation holds a history this portal does not (restored from a backup?); answering reset', {
        workstationId: ws.id,
        cursor,
        event: query.after
      })
    return reset()
  }
  if (cursor === current) {
    // Nothing after the cursor (the history check above passed): the page every caught-up
    // workstation asks for after each nudge and poll, answered without reading the change log —
    // unless it must carry the catalogue, which is read in a snapshot (readPageInSnapshot).
    if (wantsCatalogue(head, query)) return { kind: 'caughtUp' }
    return { kind: 'reply', reply: caughtUpReply(head, query, '') }
  }
  return { kind: 'page' }
}

function caughtUpReply(head: PullHead, query: PullQuery, catalogue: string): PullReply {
  const hint: PullHint = { nextCursor: head.version, hasMore: false, newestEvent: null }
  return {
    body: `{"changes":[],"nextCursor":${head.version},"hasMore":false,"lastSeq":${head.lastSeq},"reset":false${chainJson(head, query)}${catalogue}}`,
    hint
  }
}

/**
 * Does the page (if it is the run's last) carry the catalogue: the workstation named the revision it
 * holds and this snapshot's is another one. A snapshot without a revision (a centre not seeded yet)
 * sends none: the workstation keeps what it has.
 */
function wantsCatalogue(head: PullHead, query: PullQuery): boolean {
  return query.catalogue !== undefined && head.catalogue !== null && !sameCatalogue(head.catalogue, query.catalogue)
}

/** `,"catalogue":{...}` read in the caller's snapshot (the page's), or '' when the workstation holds this revision. */
async function catalogueJson(tx: Queryable, deps: PortalDeps, ws: WorkstationIdentity, head: PullHead, query: PullQuery): Promise<string> {
  if (!wantsCatalogue(head, query)) return ''
  const catalogue = await deskCatalogue(
    tx,
    ws.centreId,
    deps.catalogue.map((s) => s.id)
  )
  return catalogue ? `,"catalogue":${JSON.stringify(catalogue)}` : ''
}

function chainJson(head: PullHead, query: PullQuery): string {
  return query.withResultsChain === true ? `,"resultsChain":${JSON.stringify(head.resultsChain)}` : ''
}

/** The centre's part of a page: its changes as JSON text (bytes or a string), where it ends, its newest event. */
interface PageChanges {
  changes: string | Uint8Array
  nextCursor: number
  hasMore: boolean
  newestEvent: { version: number; id: string } | null
}

/**
 * The changes after `cursor` up to at most `current` (the version the snapshot holds), ending at a
 * version boundary after about `limit` rows (see the top of this file). Inside the caller's snapshot.
 */
async function readChanges(
  tx: Queryable,
  centreId: string,
  cursor: number,
  limit: number,
  current: number,
  testing: boolean
): Promise<PageChanges> {
  await preparePullReads(tx)
  const bounds = await pageBounds(tx, centreId, cursor, limit, testing)
  let upTo: number
  if (bounds.rows <= limit || bounds.last === null) {
    // Everything after the cursor fits. Versions up to `current` are all committed in this
    // snapshot, so the cursor may jump to it even past versions that changed no row.
    upTo = current
  } else {
    // The (limit+1)-th row's version W: every version below W is complete in the first rows.
    upTo = bounds.belowLast ?? bounds.last
  }
  // The changes in page order, with the records shipped ahead for events whose application
  // moved on, as JSON text straight from SQL (see pageChangesJson): bytes or a string.
  const changes = await pageChangesJson(tx, centreId, cursor, upTo, testing)
  // The page's newest event as the workstation will find it: a record shipped ahead brings its
  // latest events, newer than any of the page's own versions (pageChangesJson).
  const newestEvent = (await newestAheadEventIn(tx, centreId, cursor, upTo)) ?? (await newestEventIn(tx, centreId, cursor, upTo))
  return { changes, nextCursor: upTo, hasMore: upTo < current, newestEvent }
}

/** The reply: the centre's part of the page and this workstation's (last seq, results chain). */
function pageReply(head: PullHead, query: PullQuery, page: PageChanges | CachedPage, catalogue: string): PullReply {
  const hint: PullHint = { nextCursor: page.nextCursor, hasMore: page.hasMore, newestEvent: page.newestEvent }
  const rest = `],"nextCursor":${page.nextCursor},"hasMore":${page.hasMore},"lastSeq":${head.lastSeq},"reset":false${chainJson(head, query)}${catalogue}}`
  if (typeof page.changes === 'string') return { body: `{"changes":[${page.changes}${rest}`, hint }
  return { body: Buffer.concat([PAGE_OPENING, page.changes, Buffer.from(rest)]), hint }
}

/** The page's text as bytes to keep (a view of PGlite's fresh buffer; node-postgres's string encoded once). */
function asBuffer(text: string | Uint8Array): Buffer {
  return typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text.buffer, text.byteOffset, text.byteLength)
}

/**
 * THE CLASSIC BUG, planted for the simulation only (deps.faults.timestampCursor): pages by the
 * changes' timestamps. It skips a change that commits with a timestamp at or below a cursor already
 * served (same millisecond, a clock stepped back, a transaction that took its time before it
 * committed). Never used in production; src/sim/planted-bugs.test.ts proves the simulation sees it.
 */
async function pullByTimestamp(db: PortalDb, ws: WorkstationIdentity, cursor: number, limit: number): Promise<PullResponse> {
  return db.transaction(
    async (tx) => {
      const lastSeq = await lastSeqOf(tx, ws.id)
      const apps = (await allApplicationChanges(tx, ws.centreId)).map((a) => ({
        at: Date.parse(a.record.updatedAt),
        change: { type: 'application', version: a.v, record: a.record } as Change
      }))
      const events = (await allEventChanges(tx, ws.centreId)).map((ev) => ({
        at: Date.parse(ev.event.at),
        change: { type: 'event', version: ev.v, event: ev.event } as Change
      }))
      const after = [...apps, ...events]
        .filter((c) => c.at > cursor)
        .sort((a, b) => a.at - b.at || (a.change.type === b.change.type ? 0 : a.change.type === 'application' ? -1 : 1))
      const page = after.slice(0, limit)
      const nextCursor = page.length > 0 ? (page[page.length - 1] as { at: number }).at : cursor
      return { changes: page.map((c) => c.change), nextCursor, hasMore: after.length > limit, lastSeq, reset: false }
    },
    { isolation: 'repeatable read', readOnly: true }
  )
}
