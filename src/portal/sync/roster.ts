import { rosterResponseSchema, type RosterResponse } from '../../shared/protocol'
import { listActiveClerks } from '../db/clerks-repository'
import type { PortalDb } from '../db/portal-db'
import type { WorkstationRow } from '../db/workstations-repository'

/**
 * GET /sync/clerks: the active clerks of the centre the workstation was enrolled in — the centre
 * comes only from its verified token (authenticateWorkstation), never from the request. Names and
 * roles, no logins, no password hashes; a disabled clerk is not on it.
 */
export async function handleRoster(db: PortalDb, ws: WorkstationRow): Promise<RosterResponse> {
  return rosterResponseSchema.parse({ clerks: await listActiveClerks(db, ws.centreId) })
}
