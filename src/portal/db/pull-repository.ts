import type { ApplicationEvent, ApplicationRecord } from '../../shared/domain/application'
import type { CatalogueRevision } from '../../shared/catalogue/desk-catalogue'
import type { Queryable } from './portal-db'

// The reads a pull page is made of (sync/pull.ts), in the centre's change-version order.

/**
 * What a pull needs to know before its page, read in ONE statement (so in one snapshot, without a
 * transaction): the centre's version and its history identity (the newest event at that version:
 * sync/pull-cache.ts), the workstation's last seq and results chain, and — when the workstation
 * names the event it holds (`after`) — whether this history holds it: it is stored at its version
 * AND, at or below the cursor, no event stands between it and the cursor. Above the cursor it is the
 * latest event of a record shipped ahead (pageChangesSql): events never change and their ids are
 * random, so holding it proves the history up to its version is the one the record came from
 * (simulation seed 479532). False after a restore from a backup that lost the event or reused its
 * versions. Null: no such centre here.
 */
export interface PullHead {
  version: number
  /** The id of the newest event at `version` (by ord); null when that version has none (version 0). */
  eventId: string | null
  lastSeq: number
  resultsChain: string
  /** Does this history hold `after` (see above)? Null when it was not asked. */
  historyHolds: boolean | null
  /** The centre's catalogue revision in the same snapshot (migration 13); null when it has none yet. */
  catalogue: CatalogueRevision | null
}

export async function pullHead(
  q: Queryable,
  centreId: string,
  workstationId: string,
  history: { cursor: number; after: { version: number; id: string } } | null
): Promise<PullHead | null> {
  const check = history
    ? // The events of deleted test applications count as history (migration 14, removed_events).
      `, coalesce((EXISTS (SELECT 1 FROM application_events WHERE id = $5 AND centre_id = c.id AND change_version = $4::bigint)
                   OR EXISTS (SELECT 1 FROM removed_events WHERE id = $5 AND centre_id = c.id AND change_version = $4::bigint))
                  AND ($4::bigint > $3::bigint
                       OR greatest((SELECT max(change_version) FROM application_events WHERE centre_id = c.id AND change_version <= $3::bigint),
                                   (SELECT max(change_version) FROM removed_events WHERE centre_id = c.id AND change_version <= $3::bigint)) = $4::bigint), false) AS "historyHolds"`
    : ''
  const rows = await q.query<{
    version: number | string
    eventId: string | null
    lastSeq: number | string | null
    resultsChain: string | null
    historyHolds?: boolean
    catalogueRevision: number | string | null
    catalogueRevisionId: string | null
  }>(
    `SELECT c.version,
            (SELECT e.id FROM application_events e WHERE e.centre_id = c.id AND e.change_version = c.version ORDER BY e.ord DESC, e.id DESC LIMIT 1) AS "eventId",
            w.last_seq AS "lastSeq", w.results_chain AS "resultsChain",
            r.revision AS "catalogueRevision", r.revision_id AS "catalogueRevisionId"${check}
       FROM centres c LEFT JOIN workstations w ON w.centre_id = c.id AND w.id = $2
            LEFT JOIN catalogue_revisions r ON r.centre_id = c.id
      WHERE c.id = $1`,
    history ? [centreId, workstationId, history.cursor, history.after.version, history.after.id] : [centreId, workstationId]
  )
  const row = rows[0]
  if (!row) return null
  return {
    version: Number(row.version),
    eventId: row.eventId ?? null,
    lastSeq: Number(row.lastSeq ?? 0),
    resultsChain: row.resultsChain ?? '',
    historyHolds: history ? row.historyHolds === true : null,
    catalogue:
      row.catalogueRevision !== null && row.catalogueRevisionId !== null
        ? { revision: Number(row.catalogueRevision), revisionId: row.catalogueRevisionId }
        : null
  }
}

/** The centre's version and the newest event at it (PullHead's identity), in the caller's snapshot. */
export async function centreIdentity(q: Queryable, centreId: string): Promise<{ version: number; eventId: string | null } | null> {
  const rows = await q.query<{ version: number | string; eventId: string | null }>(
    `SELECT c.version,
            (SELECT e.id FROM application_events e WHERE e.centre_id = c.id AND e.change_version = c.version ORDER BY e.ord DESC, e.id DESC LIMIT 1) AS "eventId"
       FROM centres c WHERE c.id = $1`,
    [centreId]
  )
  const row = rows[0]
  return row ? { version: Number(row.version), eventId: row.eventId ?? null } : null
}

/**
 * Settings for the rest of a pull's read-only transaction (set_config(..., true): this transaction
 * only), so that a page costs what it should whatever the planner knows:
 *   - the embedded portal (PGlite) has no autovacuum, so its tables are never ANALYZEd; without
 *     statistics the planner guesses ~0.5% of the rows match the centre, and once the page limit
 *     exceeds that guess it reads EVERY row after the cursor (bitmap scan + top-N sort) instead of
 *     the first limit + 1 in index order: 24 s instead of 1 s of pageBounds over a 100k initial
 *     sync at limit 5000 (bench/diagnostics/portal-pull.ts), and the same at limit 2000 on a smaller centre. Every
 *     pull query has an index in the right order ((centre_id, change_version), the primary key),
 *     so the plain index scans are always right here;
 *   - pageChangesJson's aggregate sorts the page's rows WITH their text: past work_mem (4 MB by
 *     default; a page of 5,000 changes is about that) the sort spills to temporary files.
 */
export async function preparePullReads(q: Queryable): Promise<void> {
  await q.query(
    `SELECT set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true), set_config('work_mem', '64MB', true)`
  )
}

/**
 * Where a pull page after `cursor` can end without splitting a version (see sync/pull.ts), from
 * the first `limit + 1` changed rows after the cursor in version order: `rows` how many there are
 * (at most limit + 1), `last` the version of the last of them (the (limit+1)-th when there are
 * that many), `belowLast` the highest version among them below `last` (null if all share it).
 * One row back instead of limit + 1: a page's bounds cost no per-row decoding in the driver.
 */
export async function pageBounds(
  q: Queryable,
  centreId: string,
  cursor: number,
  limit: number,
  withRemovals = false
): Promise<{ rows: number; last: number | null; belowLast: number | null }> {
  // The removals (issue 17) count as rows only for a workstation that is sent them (see pageChangesSql).
  const removals = withRemovals
    ? `
         UNION ALL
         (SELECT change_version AS v FROM application_removals WHERE centre_id = $1 AND change_version > $2 ORDER BY change_version LIMIT $3)`
    : ''
  const rows = await q.query<{ n: number; last: number | string | null; below: number | string | null }>(
    `WITH first_rows AS (
       SELECT v FROM (
         (SELECT change_version AS v FROM applications WHERE centre_id = $1 AND change_version > $2 ORDER BY change_version LIMIT $3)
         UNION ALL
         (SELECT change_version AS v FROM application_events WHERE centre_id = $1 AND change_version > $2 ORDER BY change_version LIMIT $3)${removals}
       ) AS u ORDER BY v LIMIT $3
     )
     SELECT count(*)::int AS n, max(v) AS last, max(v) FILTER (WHERE v < (SELECT max(v) FROM first_rows)) AS below FROM first_rows`,
    [centreId, cursor, limit + 1]
  )
  const row = rows[0]
  return {
    rows: Number(row?.n ?? 0),
    last: row?.last === null || row?.last === undefined ? null : Number(row.last),
    belowLast: row?.below === null || row?.below === undefined ? null : Number(row.below)
  }
}

/**
 * The changes of versions cursor < v <= upTo, as the JSON text of a pull page's `changes` array
 * WITHOUT its brackets (empty when none), in the page's order (sync/pull.ts):
 *   1. the current records of applications whose row has moved past `upTo` but which have an event
 *      in the page (their events would otherwise arrive before their row; see sync/pull.ts), each
 *      followed by its own events of its row's version, by version, records by id before events
 *      by ord. A record from beyond the page comes with the events that prove which history it
 *      is from: the workstation holds the newest of them as its CursorEvent, so a portal restored
 *      to below the record's version, or to another history at it, answers reset (found by the
 *      simulation, seed 479532: a restore between the cursor and the record's version left a
 *      state the portal no longer had in the workstation's mirror, unseen by the cursor's event);
 *   2. then the page's versions in order; within a version its applications (by id) before its
 *      events (by ord).
 * Built in ONE statement as ONE text value, from `jsonb::text`: the portal never parses the
 * records into objects nor serialises them again, and the driver decodes one value per page
 * instead of two per change (per-row decoding in PGlite's JavaScript was about half of a pull's
 * CPU). jsonb's text output is valid JSON and is the very text the drivers parsed before.
 * The element shapes match `Change` (type, version, record|event), keys in that order.
 *
 * Where the connection offers queryTextBytes (PGlite's transactions) the text comes back as its
 * UTF-8 bytes and is sent as is: PGlite decoding the megabytes into a string (TextDecoder) and the
 * reply encoding them back to UTF-8 were ~30% of the embedded portal's CPU per page (an initial
 * sync of 100k applications: ~14 → ~10-11 portal CPU seconds, bench/diagnostics/portal-pull.ts).
 * Same statement, only bound differently: COPY takes no parameters, so the centre travels through
 * a setting of this transaction (set_config(..., true); never spliced into the SQL) and the two
 * versions are inlined as checked integers. Elsewhere (node-postgres) it is a string, as before.
 */
export async function pageChangesJson(
  q: Queryable,
  centreId: string,
  cursor: number,
  upTo: number,
  withTesting = false
): Promise<string | Uint8Array> {
  if (q.queryTextBytes) {
    await q.query(`SELECT set_config('vikno.pull_centre', $1, true)`, [centreId])
    return q.queryTextBytes(pageChangesSql(`current_setting('vikno.pull_centre')`, sqlInteger(cursor), sqlInteger(upTo), withTesting))
  }
  const rows = await q.query<{ changes: string }>(pageChangesSql('$1', '$2', '$3', withTesting), [centreId, cursor, upTo])
  return rows[0]?.changes ?? ''
}

/** An integer as a SQL literal, for statements that cannot take parameters (COPY). */
function sqlInteger(n: number): string {
  if (!Number.isSafeInteger(n)) throw new TypeError(`Expected a safe integer for SQL, got ${String(n)}`)
  return String(n)
}

/**
 * A stored application's record as sent and read, with the card version and the test flag from the
 * row's own columns (migration 11: the columns are the truth; records stored before issue 17's
 * second half lack the keys). `applications` must be in scope unaliased.
 */
export const RECORD_WITH_TESTING = `(record || jsonb_build_object('serviceVersion', service_version, 'isTest', is_test))`
/** The record as a workstation of before issue 17 parses it: without the two keys its strict schema refuses. */
const RECORD_WITHOUT_TESTING = `(record - 'serviceVersion' - 'isTest')`

/**
 * pageChangesJson's statement over SQL expressions for the centre id, the cursor and upTo. With
 * `withTesting` (the workstation sent testing=1) records carry serviceVersion and isTest, and the
 * page holds the removals of its versions (`{"type":"removed",…}`, after the version's events);
 * without it, records go as an older workstation parses them and removals are not sent.
 */
function pageChangesSql(centreId: string, cursor: string, upTo: string, withTesting: boolean): string {
  const record = withTesting ? RECORD_WITH_TESTING : RECORD_WITHOUT_TESTING
  const removals = withTesting
    ? `
       UNION ALL
       SELECT 1, change_version, 2, application_id, 0,
              '{"type":"removed","version":' || change_version || ',"applicationId":' || to_jsonb(application_id)::text || '}'
         FROM application_removals WHERE centre_id = ${centreId} AND change_version > ${cursor} AND change_version <= ${upTo}`
    : ''
  return `WITH ev AS (
       SELECT change_version AS v, ord, application_id, event FROM application_events
        WHERE centre_id = ${centreId} AND change_version > ${cursor} AND change_version <= ${upTo}
     ), ahead AS (
       SELECT id, change_version, ${record} AS record FROM applications
        WHERE centre_id = ${centreId} AND change_version > ${upTo} AND id IN (SELECT application_id FROM ev)
     ), items AS (
       SELECT 0 AS g, change_version AS v, 0 AS k, id, 0 AS ord,
              '{"type":"application","version":' || change_version || ',"record":' || record::text || '}' AS j
         FROM ahead
       UNION ALL
       SELECT 0, e.change_version, 1, '', e.ord, '{"type":"event","version":' || e.change_version || ',"event":' || e.event::text || '}'
         FROM ahead a JOIN application_events e
           ON e.centre_id = ${centreId} AND e.application_id = a.id AND e.change_version = a.change_version
       UNION ALL
       SELECT 1, change_version, 0, id, 0,
              '{"type":"application","version":' || change_version || ',"record":' || ${record}::text || '}'
         FROM applications WHERE centre_id = ${centreId} AND change_version > ${cursor} AND change_version <= ${upTo}
       UNION ALL
       SELECT 1, v, 1, '', ord, '{"type":"event","version":' || v || ',"event":' || event::text || '}' FROM ev${removals}
     )
     SELECT coalesce(string_agg(j, ',' ORDER BY g, v, k, id, ord), '') AS changes FROM items`
}

/*
 * Every change of the centre as objects: only the planted timestamp-cursor bug (sync/pull.ts) reads
 * these, and it reads them all (it filters by time itself).
 */
export async function allApplicationChanges(q: Queryable, centreId: string): Promise<{ v: number; record: ApplicationRecord }[]> {
  const rows = await allChanges<ApplicationRecord>(
    q,
    `SELECT change_version AS v, ${RECORD_WITH_TESTING} AS value FROM applications`,
    'id',
    centreId
  )
  return rows.map((r) => ({ v: r.v, record: r.value }))
}

export async function allEventChanges(q: Queryable, centreId: string): Promise<{ v: number; event: ApplicationEvent }[]> {
  const rows = await allChanges<ApplicationEvent>(q, 'SELECT change_version AS v, event AS value FROM application_events', 'ord', centreId)
  return rows.map((r) => ({ v: r.v, event: r.value }))
}

/** The rows of `select` in the centre, in version order, then by `then`. */
async function allChanges<T>(q: Queryable, select: string, then: 'id' | 'ord', centreId: string): Promise<{ v: number; value: T }[]> {
  const rows = await q.query<{ v: number; value: T }>(
    `${select} WHERE centre_id = $1 AND change_version > 0 ORDER BY change_version, ${then}`,
    [centreId]
  )
  return rows.map((r) => ({ v: Number(r.v), value: r.value }))
}

/**
 * The newest event of the versions cursor < v <= upTo, as the workstation's newestEvent finds it in
 * the page: the highest version, the last of that version in page order (by ord). Null when none.
 */
export async function newestEventIn(
  q: Queryable,
  centreId: string,
  cursor: number,
  upTo: number
): Promise<{ version: number; id: string } | null> {
  const rows = await q.query<{ v: number | string; id: string }>(
    `SELECT change_version AS v, id FROM application_events
      WHERE centre_id = $1 AND change_version > $2 AND change_version <= $3
      ORDER BY change_version DESC, ord DESC LIMIT 1`,
    [centreId, cursor, upTo]
  )
  const row = rows[0]
  return row ? { version: Number(row.v), id: row.id } : null
}

/**
 * The newest of the events shipped AHEAD in the page cursor < v <= upTo (see pageChangesSql: the
 * latest events of the records shipped ahead), as the workstation's newestEvent finds it in the page:
 * the highest version, the last of that version by ord. Null when the page ships nothing ahead. Such
 * an event is always newer than every event of the page's own versions.
 */
export async function newestAheadEventIn(
  q: Queryable,
  centreId: string,
  cursor: number,
  upTo: number
): Promise<{ version: number; id: string } | null> {
  const rows = await q.query<{ v: number | string; id: string }>(
    `SELECT e.change_version AS v, e.id FROM applications a JOIN application_events e
         ON e.centre_id = a.centre_id AND e.application_id = a.id AND e.change_version = a.change_version
      WHERE a.centre_id = $1 AND a.change_version > $3
        AND a.id IN (SELECT application_id FROM application_events WHERE centre_id = $1 AND change_version > $2 AND change_version <= $3)
      ORDER BY e.change_version DESC, e.ord DESC LIMIT 1`,
    [centreId, cursor, upTo]
  )
  const row = rows[0]
  return row ? { version: Number(row.v), id: row.id } : null
}
