import type { Db } from '../main/db/connection'
import { catalogueRevision, listCardVersions } from '../main/db/catalogue-repository'
import {
  backToDraft,
  draftNextVersion,
  listCatalogue,
  moveToTesting,
  publishVersion,
  updateServiceDraft,
  withdrawVersion
} from '../portal/catalogue/staff'
import { deskCatalogue, listCardVersions as portalVersions } from '../portal/db/catalogue-repository'
import { getWorkstation } from '../portal/db/workstations-repository'
import type { PortalDb } from '../portal/db/portal-db'
import type { PortalDeps } from '../portal/deps'
import { PortalError } from '../portal/errors'
import type { DeskCard } from '../shared/catalogue/desk-catalogue'
import { DEMO_CLERKS } from '../shared/demo/clerks'
import type { CatalogueAction } from './scenario'
import { canonical, type Violation } from './invariants'

/*
 * The catalogue in the simulation (issue 17, item 5). The centre's administrator changes it on the
 * portal through the staff API's own functions (catalogue/staff.ts: the password checked, the role,
 * the lifecycle's rules, the audit, the revision bumped and the centre nudged in the transaction),
 * while workstations are partitioned, offline, crashed or restored; after healing every desk must
 * hold exactly the portal's desk catalogue of its centre (invariant 9, checkCatalogue).
 */

const ADMIN = DEMO_CLERKS.find((c) => c.role === 'admin')
if (!ADMIN) throw new Error('the demo centre has no administrator')
const CREDS = { login: ADMIN.login, password: ADMIN.password }

/** One administrator's change, chosen by `pick` among the services it applies to; a line for the trace. */
export async function catalogueChange(
  db: PortalDb,
  deps: PortalDeps,
  viaId: string,
  action: CatalogueAction,
  pick: number
): Promise<string> {
  const via = await getWorkstation(db, viaId)
  if (!via) return 'catalogue: no workstation to act through'
  // Reading the list seeds the centre's catalogue the first time (catalogue/seeding.ts): a revision.
  await listCatalogue(db, deps, via, CREDS, null)
  const versions = await portalVersions(db, via.centreId, null)
  const choose = <T>(xs: readonly T[]): T | undefined => xs[pick % Math.max(1, xs.length)]
  try {
    switch (action) {
      case 'toTesting': {
        const services = [...new Set(versions.map((v) => v.serviceId))]
        const serviceId = choose(services)
        if (!serviceId) return 'catalogue: no service'
        const open = versions.find((v) => v.serviceId === serviceId && (v.stage === 'draft' || v.stage === 'testing'))
        if (open?.stage === 'testing') return `catalogue: ${serviceId} v${open.version} is already in testing`
        let version = open?.version
        if (version === undefined) {
          const draft = await draftNextVersion(db, deps, via, CREDS, serviceId)
          version = draft.version.version
          // The next version says something else, so that desks holding the older one differ.
          const card = { ...draft.version.card, name_uk: `${draft.version.card.name_uk.replace(/ \(ред\. \d+\)$/, '')} (ред. ${version})` }
          await updateServiceDraft(db, deps, via, CREDS, serviceId, version, card)
        }
        await moveToTesting(db, deps, via, CREDS, serviceId, version, 24)
        return `catalogue: ${serviceId} v${version} to testing`
      }
      case 'publish': {
        const v = choose(versions.filter((x) => x.stage === 'testing'))
        if (!v) return 'catalogue: nothing in testing to publish'
        await publishVersion(db, deps, via, CREDS, v.serviceId, v.version)
        return `catalogue: ${v.serviceId} v${v.version} published`
      }
      case 'withdraw': {
        const v = choose(versions.filter((x) => x.live))
        if (!v) return 'catalogue: nothing live to withdraw'
        await withdrawVersion(db, deps, via, CREDS, v.serviceId, v.version)
        return `catalogue: ${v.serviceId} v${v.version} withdrawn`
      }
      case 'backToDraft': {
        const v = choose(versions.filter((x) => x.stage === 'testing'))
        if (!v) return 'catalogue: nothing in testing to take back'
        await backToDraft(db, deps, via, CREDS, v.serviceId, v.version)
        return `catalogue: ${v.serviceId} v${v.version} back to draft`
      }
    }
  } catch (error) {
    // A refusal by the lifecycle's rules is the administrator's outcome, not a fault of sync.
    if (error instanceof PortalError && error.status === 409) return `catalogue: refused (${error.message})`
    throw error
  }
}

const key = (c: DeskCard): string => canonical([c.serviceId, c.version, c.stage, c.live, c.card])

/**
 * Invariant 9 (issue 17, item 5): after healing, the desk holds the portal's desk catalogue of its
 * centre — the same revision (number and id) and exactly its card versions. A centre whose catalogue
 * was never made on the portal (no revision) leaves its desks on the catalogue file's cards.
 */
export async function checkCatalogue(
  portalDb: PortalDb,
  deps: PortalDeps,
  centreId: string,
  desk: { label: string; db: Db }
): Promise<Violation[]> {
  const portal = await deskCatalogue(
    portalDb,
    centreId,
    deps.catalogue.map((s) => s.id)
  )
  const held = catalogueRevision(desk.db)
  if (portal === null) {
    return held === null ? [] : [{ invariant: 9, message: `${desk.label} holds catalogue revision ${held.revision} the portal never had` }]
  }
  if (held === null || held.revision !== portal.revision || held.revisionId !== portal.revisionId)
    return [
      {
        invariant: 9,
        message: `${desk.label} holds catalogue revision ${held ? `${held.revision}.${held.revisionId}` : 'none'}, the portal ${portal.revision}.${portal.revisionId}`
      }
    ]
  const mine = listCardVersions(desk.db).map(key).sort()
  const theirs = portal.cards.map(key).sort()
  if (mine.length !== theirs.length || mine.some((k, i) => k !== theirs[i])) {
    const missing = theirs.filter((k) => !mine.includes(k)).length
    const extra = mine.filter((k) => !theirs.includes(k)).length
    return [
      { invariant: 9, message: `${desk.label}'s card versions differ from the portal's (${missing} missing, ${extra} not the portal's)` }
    ]
  }
  return []
}
