import type { AuditUploadRequest, AuditUploadResponse } from '../../shared/audit'
import type { CatalogueRevision } from '../../shared/catalogue/desk-catalogue'
import type { CursorEvent, PullHint, PullResponse, PushRequest, PushResponse, ResultsResponse, RosterResponse } from '../../shared/protocol'
import type { PreparedPage } from './prepared-page'
import type { AdminClerk, AdminCredentials, AdminDirectory, AdminEnrolmentCode } from '../../shared/admin'
import type { Role } from '../../shared/domain/application'

/**
 * The network, as the sync engine sees it. Injected, so the simulation can put a faulty network
 * (drops, duplicates, partitions) between the real engine and the real portal handlers.
 */
export interface SyncTransport {
  /**
   * `after`: the newest event held at `cursor` (protocol.ts, CursorEvent); null when none is known.
   * `onHint`: called with the portal's hint (protocol.ts PullHint) as soon as it is known, before the
   * page itself, when the portal sends one.
   * `catalogue`: the centre's catalogue revision this workstation holds (null: the file's cards;
   * protocol.ts PULL_CATALOGUE_PARAM); the portal sends its catalogue with the page when it differs.
   */
  pull(
    cursor: number,
    limit: number,
    after?: CursorEvent | null,
    onHint?: (hint: PullHint) => void,
    catalogue?: CatalogueRevision | null
  ): Promise<PullResponse>
  /**
   * The same page, already checked and turned into rows (prepared-page.ts), where the transport can
   * do that off the main thread (HTTP: pull-decoder.ts). Optional: the engine prepares what `pull`
   * returns itself.
   */
  pullPrepared?(
    cursor: number,
    limit: number,
    after?: CursorEvent | null,
    onHint?: (hint: PullHint) => void,
    catalogue?: CatalogueRevision | null
  ): Promise<PreparedPage>
  push(request: PushRequest): Promise<PushResponse>
  /**
   * GET /sync/results: the portal's results for this workstation with seq <= `to`, newest first, with
   * their results chain links (results-reconcile.ts). Optional: without it (an older portal, a test
   * transport) the engine cannot check its recorded results and does not try.
   */
  results?(to: number, limit: number): Promise<ResultsResponse>
  blob(sha256: string): Promise<Uint8Array>
  /**
   * PUT /sync/blobs/:sha256: a scan taken here, before the command that refers to it. Optional, like
   * uploadAudit, so that test transports without it stay valid (the engine then skips uploads).
   */
  uploadBlob?(sha256: string, mediaType: string, bytes: Uint8Array): Promise<void>
  /** POST /sync/audit; optional so that test transports without an audit endpoint stay valid. */
  uploadAudit?(request: AuditUploadRequest): Promise<AuditUploadResponse>
}

// In its own file so that prepared-page.ts, which the transport's interface names, can throw it
// without importing this file back; exported from here too, where its twenty users look for it.
export { TransportError, type TransportFailure } from './transport-error'

/**
 * The portal's administration API (src/portal/auth/admin.ts), for the administration screen. Every
 * call carries the acting supervisor's or administrator's login and password: the portal checks them
 * each time and keeps no session. Failures are TransportErrors with the portal's code.
 */
export interface AdminTransport {
  adminDirectory(creds: AdminCredentials): Promise<AdminDirectory>
  adminCreateClerk(creds: AdminCredentials, clerk: { login: string; name: string; role: Role; password: string }): Promise<AdminClerk>
  adminSetRole(creds: AdminCredentials, clerkId: string, role: Role): Promise<void>
  adminSetDisabled(creds: AdminCredentials, clerkId: string, disabled: boolean): Promise<void>
  adminResetPassword(creds: AdminCredentials, clerkId: string, newPassword: string): Promise<void>
  adminRevokeWorkstation(creds: AdminCredentials, workstationId: string): Promise<void>
  adminIssueEnrolmentCode(creds: AdminCredentials, validHours: number): Promise<AdminEnrolmentCode>
}

/**
 * GET /sync/clerks: the active clerks of this workstation's centre (the portal takes the centre from
 * the token), for the reassign dialog. A person waits on it: the caller gives a short timeout.
 */
export interface RosterTransport {
  clerks(timeoutMs: number): Promise<RosterResponse>
}
