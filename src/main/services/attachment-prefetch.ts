import type { SyncEngine } from '../sync/sync-engine'
import { TransportError } from '../sync/transport'
import { sha256Hex, type AttachmentStore } from './attachment-handlers'

/**
 * Brings every attachment of the applications that sync delivers into the local cache, in the
 * background, so a clerk can review scans when the network is down later (issue 3: "attachments
 * cached locally by hash for offline review"). One file at a time: it must never compete with the
 * clerk's own work for the link. When the portal is unreachable it stops and resumes on the next
 * batch of changes; what is already cached is never fetched again (content addressing).
 */
export class AttachmentPrefetcher {
  private readonly wanted = new Set<string>()
  private running: Promise<void> | null = null

  constructor(
    private readonly deps: {
      store: AttachmentStore
      engine: Pick<SyncEngine, 'fetchBlob'>
      log: { warn(message: string, data?: Record<string, unknown>): void }
    }
  ) {}

  /**
   * Notes these attachments (the sync engine hands over the hashes of the records it stored:
   * SyncEngine's onPulledAttachments); fetching happens in the background.
   */
  want(sha256s: readonly string[]): void {
    for (const sha256 of sha256s) this.wanted.add(sha256)
    if (this.wanted.size > 0) void this.drain()
  }

  /** Resolves when the current round is over (tests wait on it). */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve()
  }

  private drain(): Promise<void> {
    this.running ??= (async () => {
      try {
        for (const sha256 of [...this.wanted]) {
          if (await this.deps.store.get(sha256)) {
            this.wanted.delete(sha256)
            continue
          }
          let bytes: Uint8Array | null
          try {
            bytes = await this.deps.engine.fetchBlob(sha256)
          } catch (e) {
            if (e instanceof TransportError && (e.kind === 'offline' || e.kind === 'server')) return // try again on the next changes
            this.wanted.delete(sha256)
            this.deps.log.warn('attachment prefetch refused', { sha256, error: e instanceof Error ? e.message : String(e) })
            continue
          }
          this.wanted.delete(sha256)
          if (bytes === null) return // not enrolled: nothing to fetch from
          if (sha256Hex(bytes) !== sha256) {
            this.deps.log.warn('attachment prefetch: the portal sent bytes that do not match their hash', { sha256 })
            continue
          }
          await this.deps.store
            .put(bytes)
            .catch((e: unknown) => this.deps.log.warn('attachment prefetch could not store a file', { sha256, error: String(e) }))
        }
      } finally {
        this.running = null
      }
    })()
    return this.running
  }
}
