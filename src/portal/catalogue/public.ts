import type { Service } from '../../shared/catalogue'
import type { ServiceCard } from '../../shared/catalogue/card'
import { serviceFromCard } from '../../shared/catalogue/from-file'
import { sha256Hex } from '../auth/secrets'
import { getCardVersion, liveCard, liveCards, testLinkTarget } from '../db/catalogue-repository'
import { firstCentre, getCentre } from '../db/centres-repository'
import type { PortalDb, Queryable } from '../db/portal-db'
import type { PortalDeps } from '../deps'
import { PortalError } from '../errors'
import { ensureCentreCatalogue } from './seeding'

/*
 * What citizens see of the catalogue (issue 17): the live published version of each service of the
 * intake centre, and a service in testing only with its test link (the token the administrator was
 * shown once; the portal compares its SHA-256). A wrong, expired or revoked token, or one of another
 * service, opens nothing more than no token does.
 */

/** A service as offered to a citizen: the card's catalogue view, the card itself, its version, and whether it is a test. */
export interface OfferedService {
  service: Service
  card: ServiceCard
  version: number
  isTest: boolean
}

/** The centre citizens' applications go to (the pilot serves one); null before one is set up. */
async function intakeCentreOrNull(db: Queryable, deps: PortalDeps): Promise<string | null> {
  const centre = deps.intakeCentreId ? await getCentre(db, deps.intakeCentreId) : await firstCentre(db)
  return centre?.id ?? null
}

/** The centre citizens' applications go to; 503 before one is set up. */
export async function intakeCentreId(db: Queryable, deps: PortalDeps): Promise<string> {
  const centre = await intakeCentreOrNull(db, deps)
  if (!centre) throw new PortalError(503, 'unavailable', 'Портал ще не налаштовано для прийому заяв')
  return centre
}

const offered = (card: ServiceCard, version: number, isTest: boolean): OfferedService => ({
  service: serviceFromCard(card),
  card,
  version,
  isTest
})

/** A token as test links carry it; anything else is not looked up at all. */
const TOKEN = /^[A-Za-z0-9_-]{20,64}$/

/** The live services of the intake centre; none when no centre is set up yet. */
export async function liveServices(db: PortalDb, deps: PortalDeps): Promise<OfferedService[]> {
  const centreId = await intakeCentreOrNull(db, deps)
  if (!centreId) return []
  await ensureCentreCatalogue(db, deps, centreId)
  return (await liveCards(db, centreId)).map((v) => offered(v.card, v.version, false))
}

/** The version a test link opens in the intake centre (any service), or null. */
export async function testedService(db: PortalDb, deps: PortalDeps, token: string | null | undefined): Promise<OfferedService | null> {
  if (!token || !TOKEN.test(token)) return null
  const target = await testLinkTarget(db, sha256Hex(token), deps.clock())
  if (!target || target.centreId !== (await intakeCentreOrNull(db, deps))) return null
  const v = await getCardVersion(db, target)
  return v ? offered(v.card, v.version, true) : null
}

/**
 * The service a citizen applies for: the version the test link opens when it is this service's,
 * else the live version; null when neither (a draft, a service in testing without its link, a
 * withdrawn one, an unknown id).
 */
export async function offeredService(
  db: PortalDb,
  deps: PortalDeps,
  serviceId: string,
  token: string | null | undefined
): Promise<OfferedService | null> {
  const tested = await testedService(db, deps, token)
  if (tested && tested.card.id === serviceId) return tested
  const centreId = await intakeCentreOrNull(db, deps)
  if (!centreId) return null
  await ensureCentreCatalogue(db, deps, centreId)
  const live = await liveCard(db, centreId, serviceId)
  return live ? offered(live.card, live.version, false) : null
}

/** The card version an application was submitted under (for its status, its receipt), or null when it is gone. */
export async function versionCard(
  db: Queryable,
  key: { centreId: string; serviceId: string; version: number }
): Promise<ServiceCard | null> {
  return (await getCardVersion(db, key))?.card ?? null
}
