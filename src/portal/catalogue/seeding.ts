import type { Service } from '../../shared/catalogue'
import type { ServiceCard } from '../../shared/catalogue/card'
import { cardFromCatalogueService } from '../../shared/catalogue/from-file'
import { allCentreIds, centreHasCatalogue, seedCentreCatalogue } from '../db/catalogue-repository'
import type { PortalDb, Queryable } from '../db/portal-db'
import type { PortalDeps } from '../deps'

/*
 * Every centre's catalogue starts as the catalogue file's cards, each published as version 1
 * (db/catalogue-repository.ts, seedCentreCatalogue). Done for every centre when the portal starts
 * (a service added to the file reaches every centre then), and before any catalogue read for a
 * centre that has no card at all (a centre created later: the demo seed, a test's second centre),
 * so no path reads an unseeded centre. Idempotent across processes.
 */

const cardsOf = new WeakMap<readonly Service[], ServiceCard[]>()

export function fileCards(catalogue: readonly Service[]): ServiceCard[] {
  let cards = cardsOf.get(catalogue)
  if (!cards) {
    cards = catalogue.map(cardFromCatalogueService)
    cardsOf.set(catalogue, cards)
  }
  return cards
}

/** Seeds a centre that has no catalogue yet (one indexed read when it has one). */
export async function ensureCentreCatalogue(db: Queryable, deps: PortalDeps, centreId: string): Promise<void> {
  if (await centreHasCatalogue(db, centreId)) return
  await seedCentreCatalogue(db, centreId, fileCards(deps.catalogue), deps.clock())
}

/** Seeds every centre the database holds with every service of the file it has never had (at start). */
export async function seedAllCentres(db: PortalDb, deps: PortalDeps): Promise<void> {
  for (const id of await allCentreIds(db)) await seedCentreCatalogue(db, id, fileCards(deps.catalogue), deps.clock())
}
