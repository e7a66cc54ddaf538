import type { CatalogueRevision } from '../../shared/catalogue/desk-catalogue'
import { bumpCatalogueRevision } from '../db/catalogue-repository'
import { nudgeCentre } from '../db/centres-repository'
import type { Queryable } from '../db/portal-db'
import type { PortalDeps } from '../deps'

/*
 * A change to what a centre's desks hold of its catalogue (issue 17, item 5): a version moved to
 * testing or back to draft, published (superseding the live one), withdrawn; the centre's cards
 * seeded. Called INSIDE the transaction that makes the change, it
 *   - bumps the centre's catalogue revision with a new random id (migration 13), so a pull read in
 *     any snapshot sends the catalogue exactly when that snapshot's revision differs from the desk's
 *     (sync/pull.ts; the catalogue is read in that same snapshot);
 *   - nudges the centre like any change: on PostgreSQL the transaction queues the NOTIFY, delivered at
 *     COMMIT (centres-repository.ts nudgeCentre); in-process the caller publishes after the commit
 *     with the returned version (deps.nudges.published; a no-op where the transaction notified).
 * The catalogue is not in the change log, so it takes no change version: a cursor and the pages
 * stay what they were, the catalogue travels beside them. Draft edits are not desk changes: a desk
 * never holds a draft.
 */
export async function catalogueChanged(
  tx: Queryable,
  deps: PortalDeps,
  centreId: string
): Promise<{ revision: CatalogueRevision; centreVersion: number }> {
  const revision = await bumpCatalogueRevision(tx, centreId, deps.newId())
  const centreVersion = await nudgeCentre(tx, centreId, deps.nudges.notifiesInTransaction)
  return { revision, centreVersion }
}
