import type { AuditUploadRequest, AuditUploadResponse } from '../../shared/audit'
import type { PullResponse, PushRequest, PushResponse } from '../../shared/protocol'

/**
 * The network, as the sync engine sees it. Injected, so the simulation can put a faulty network
 * (drops, duplicates, partitions) between the real engine and the real portal handlers.
 */
export interface SyncTransport {
  pull(cursor: number, limit: number): Promise<PullResponse>
  push(request: PushRequest): Promise<PushResponse>
  blob(sha256: string): Promise<Uint8Array>
  /** POST /sync/audit; optional so that test transports without an audit endpoint stay valid. */
  uploadAudit?(request: AuditUploadRequest): Promise<AuditUploadResponse>
}

export type TransportFailure = 'offline' | 'unauthorized' | 'server' | 'protocol'

/** A failed exchange. `offline` and `server` are retried with backoff; `unauthorized` needs a person. */
export class TransportError extends Error {
  constructor(
    readonly kind: TransportFailure,
    message: string,
    readonly code: string | null = null
  ) {
    super(message)
    this.name = 'TransportError'
  }
}
