import type { Change, PullResponse } from '../../shared/protocol'
import type { PortalDb } from '../db/portal-db'
import { applicationsInVersions, eventsInVersions, firstChangeVersions, getCentre, lastSeqOf } from '../db/repository'
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
 *     the workstation rebuilds its mirror from cursor 0 (nextCursor 0, hasMore while there is data).
 */

export const PULL_DEFAULT_LIMIT = 500
export const PULL_MAX_LIMIT = 5_000

export async function handlePull(
  db: PortalDb,
  _deps: PortalDeps,
  ws: WorkstationIdentity,
  query: { cursor: number; limit?: number }
): Promise<PullResponse> {
  const limit = Math.max(1, Math.min(query.limit ?? PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT))
  const cursor = query.cursor
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
      const changes: Change[] = []
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
