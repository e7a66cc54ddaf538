import type { AuditUploadRequest, AuditUploadResponse } from '../../shared/audit'
import { insertAuditEntries } from '../db/audit-repository'
import type { PortalDb } from '../db/portal-db'
import type { WorkstationRow } from '../db/workstations-repository'
import type { PortalDeps } from '../deps'

/**
 * POST /sync/audit: a workstation's audit entries (issue 8). Idempotent by entry id, so the
 * workstation can resend a batch whose answer it never saw. The workstation and its centre are the
 * token's, never the body's: one workstation cannot write into another's trail.
 */
export async function handleAuditUpload(
  db: PortalDb,
  deps: PortalDeps,
  ws: WorkstationRow,
  req: AuditUploadRequest
): Promise<AuditUploadResponse> {
  const stored = await insertAuditEntries(db, { id: ws.id, centreId: ws.centreId }, req.entries, deps.clock())
  return { received: req.entries.length, stored }
}
