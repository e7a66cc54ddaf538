import type { AdminCredentials } from '../../shared/admin'
import type { DeleteTestApplicationsResponse } from '../../shared/catalogue/test-applications'
import { catalogueRefusal } from '../../shared/domain/roles'
import { lockTestApplications, removeApplications } from '../db/applications-repository'
import { insertAdminAuditEntry } from '../db/audit-repository'
import { serviceVersions } from '../db/catalogue-repository'
import { takeChangeVersions } from '../db/centres-repository'
import type { PortalDb } from '../db/portal-db'
import type { WorkstationRow } from '../db/workstations-repository'
import type { PortalDeps } from '../deps'
import { PortalError } from '../errors'
import { verifyClerk } from '../sync/workstations'
import { ensureCentreCatalogue } from './seeding'

/*
 * One step when a service's testing ends (issue 17, item 4): every test application of the service
 * in the administrator's centre is deleted with its history and access code, in ONE transaction
 * with its audit entry. The removals take one change version of the centre, and pull sends each as
 * a `removed` change (protocol.ts), so every workstation that asks for them (testing=1) drops the
 * applications from its mirror at its next pull; the nudge makes that at once.
 *
 * Credentials as for the rest of the catalogue's staff API (staff.ts): the workstation's token
 * (checked by the route) and the acting clerk's login and password, who must be an administrator of
 * the workstation's centre. Another centre's service does not exist here (404).
 */

const NOT_ADMIN = 'Видаляти тестові заяви може лише адміністратор ЦНАП цього робочого місця'

export async function deleteTestApplications(
  db: PortalDb,
  deps: PortalDeps,
  via: WorkstationRow,
  creds: AdminCredentials,
  serviceId: string
): Promise<DeleteTestApplicationsResponse> {
  const actor = await verifyClerk(db, creds.login, creds.password)
  if (actor.centreId !== via.centreId) throw new PortalError(403, 'forbidden', NOT_ADMIN)
  const refusal = catalogueRefusal(actor.role, 'delete_tests')
  if (refusal) throw new PortalError(403, 'forbidden', refusal)
  await ensureCentreCatalogue(db, deps, actor.centreId)
  const centreId = actor.centreId
  const result = await db.transaction(async (tx) => {
    // The service's card versions first, as every catalogue change locks them: no test link can be
    // issued nor a stage changed meanwhile. Then its test applications, in id order (as push locks).
    const versions = await serviceVersions(tx, centreId, serviceId, { lock: true })
    if (versions.length === 0) throw new PortalError(404, 'not_found', 'Такої послуги в каталозі цього ЦНАП немає')
    const ids = await lockTestApplications(tx, centreId, serviceId)
    const at = deps.clock()
    let changeVersion: number | null = null
    if (ids.length > 0) {
      changeVersion = await takeChangeVersions(tx, centreId, 1, deps.nudges.notifiesInTransaction)
      await deps.hooks.afterChangeVersion?.({ centreId, version: changeVersion, source: 'removal' })
      await removeApplications(tx, centreId, ids, { changeVersion, serviceId, at, by: actor.id })
    }
    await insertAdminAuditEntry(tx, {
      id: deps.newId(),
      workstationId: via.id,
      centreId,
      at,
      clerkId: actor.id,
      clerkName: actor.name,
      detail: { op: 'catalogue_delete_test_applications', serviceId, deleted: ids.length, changeVersion }
    })
    return { serviceId, deleted: ids.length, changeVersion }
  })
  if (result.changeVersion !== null) deps.nudges.published(centreId, result.changeVersion)
  return result
}
