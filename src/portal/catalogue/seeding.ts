import type { Service } from '../../shared/catalogue'
import type { ServiceCard } from '../../shared/catalogue/card'
import { cardFromCatalogueService } from '../../shared/catalogue/from-file'
import { allCentreIds, centreHasCatalogue, seedCentreCatalogue } from '../db/catalogue-repository'
import type { PortalDb } from '../db/portal-db'
import type { PortalDeps } from '../deps'
import { catalogueChanged } from './revision'

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
export async function ensureCentreCatalogue(db: PortalDb, deps: PortalDeps, centreId: string): Promise<void> {
  if (await centreHasCatalogue(db, centreId)) return
  await seedCentre(db, deps, centreId)
}

/** Seeds every centre the database holds with every service of the file it has never had (at start). */
export async function seedAllCentres(db: PortalDb, deps: PortalDeps): Promise<void> {
  for (const id of await allCentreIds(db)) await seedCentre(db, deps, id)
}

/**
 * The file's cards the centre has never had, and — when there were any — a new catalogue revision in
 * the same transaction (revision.ts): the centre's desks receive them with their next pull, nudged.
 */
async function seedCentre(db: PortalDb, deps: PortalDeps, centreId: string): Promise<void> {
  const centreVersion = await db.transaction(async (tx) => {
    const added = await seedCentreCatalogue(tx, centreId, fileCards(deps.catalogue), deps.clock())
    return added > 0 ? (await catalogueChanged(tx, deps, centreId)).centreVersion : null
  })
  if (centreVersion !== null) deps.nudges.published(centreId, centreVersion)
}
