import type { Change, PullResponse } from '../../shared/protocol'
import type { PortalDb } from '../db/portal-db'
import { applicationsAheadOf, applicationsInVersions, eventsInVersions, firstChangeVersions, getCentre, lastSeqOf } from '../db/repository'
import type { PortalDeps } from '../deps'
import { PortalError } from '../errors'
import type { WorkstationIdentity } from './push'

/*
 * GET /sync/pull. The cursor is the centre's change version (see takeChangeVersions): every writing
 * transaction takes the next version under the centre row's lock and stamps the rows it changes, so
 * versions commit in order and a snapshot that holds version V holds all versions below it. A page:
 *   - is read in ONE snapshot (REPEATABLE READ, read only), together with the workstation's last_seq;
 *   - holds the changes with cursor < version <= nextCursor, in version order;
 *   - never splits a version: it ends at a version boundary, even if one version alone is larger
 *     than the limit;
 *   - answers `reset` when the cursor is ahead of the centre (the portal was restored from a backup):
 *     the workstation rebuilds its mirror from cursor 0 (nextCursor 0, hasMore while there is data);
 *   - carries, with every event it holds, that event's application: an application's row moves to
 *     the version of its latest change, so its older events can fall on an earlier page than its
 *     row, and the workstation's events table refers to its applications (a foreign key). Found by
 *     the simulation (src/sim, seed 1): a new workstation pulling in small pages failed the same page
 *     forever. Shipping the current record early is harmless: records are whole and upserts idempotent.
 */

export const PULL_DEFAULT_LIMIT = 500
export const PULL_MAX_LIMIT = 5_000

export async function handlePull(
  db: PortalDb,
  deps: PortalDeps,
  ws: WorkstationIdentity,
  query: { cursor: number; limit?: number }
): Promise<PullResponse> {
  const limit = Math.max(1, Math.min(query.limit ?? PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT))
  const cursor = query.cursor
  if (deps.faults?.timestampCursor) return pullByTimestamp(db, ws, cursor, limit)
  return db.transaction(
    async (tx) => {
      const centre = await getCentre(tx, ws.centreId)
      if (!centre) throw new PortalError(404, 'not_found', 'ЦНАП цього робочого місця не знайдено')
      const current = Number(centre.version)
      const lastSeq = await lastSeqOf(tx, ws.id)
      if (cursor > current) return { changes: [], nextCursor: 0, hasMore: current > 0, lastSeq, reset: true }

      const versions = await firstChangeVersions(tx, ws.centreId, cursor, limit)
      let upTo: number
      if (versions.length <= limit) {
        // Everything after the cursor fits. Versions up to `current` are all committed in this
        // snapshot, so the cursor may jump to it even past versions that changed no row.
        upTo = current
      } else {
        // The (limit+1)-th row's version W: every version below W is complete in the first rows.
        const w = versions[limit] as number
        const below = versions.filter((v) => v < w)
        upTo = below.length > 0 ? (below[below.length - 1] as number) : w
      }

      const apps = await applicationsInVersions(tx, ws.centreId, cursor, upTo)
      const events = await eventsInVersions(tx, ws.centreId, cursor, upTo)
      const inPage = new Set(apps.map((a) => a.record.id))
      const behind = [...new Set(events.map((ev) => ev.event.applicationId))].filter((id) => !inPage.has(id))
      const changes: Change[] = (await applicationsAheadOf(tx, ws.centreId, behind, upTo)).map((a) => ({ type: 'application', version: a.v, record: a.record }))
      let e = 0
      for (const a of apps) {
        while (e < events.length && (events[e] as { v: number }).v < a.v) {
          const ev = events[e++] as (typeof events)[number]
          changes.push({ type: 'event', version: ev.v, event: ev.event })
        }
        changes.push({ type: 'application', version: a.v, record: a.record })
      }
      for (; e < events.length; e++) {
        const ev = events[e] as (typeof events)[number]
        changes.push({ type: 'event', version: ev.v, event: ev.event })
      }
      return { changes, nextCursor: upTo, hasMore: upTo < current, lastSeq, reset: false }
    },
    { isolation: 'repeatable read', readOnly: true }
  )
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
      const apps = (await applicationsInVersions(tx, ws.centreId, 0, Number.MAX_SAFE_INTEGER)).map((a) => ({ at: Date.parse(a.record.updatedAt), change: { type: 'application', version: a.v, record: a.record } as Change }))
      const events = (await eventsInVersions(tx, ws.centreId, 0, Number.MAX_SAFE_INTEGER)).map((ev) => ({ at: Date.parse(ev.event.at), change: { type: 'event', version: ev.v, event: ev.event } as Change }))
      const after = [...apps, ...events].filter((c) => c.at > cursor).sort((a, b) => a.at - b.at || (a.change.type === b.change.type ? 0 : a.change.type === 'application' ? -1 : 1))
      const page = after.slice(0, limit)
      const nextCursor = page.length > 0 ? (page[page.length - 1] as { at: number }).at : cursor
      return { changes: page.map((c) => c.change), nextCursor, hasMore: after.length > limit, lastSeq, reset: false }
    },
    { isolation: 'repeatable read', readOnly: true }
  )
}
