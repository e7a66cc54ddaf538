import { z } from 'zod'
import type { OutboxRow } from '../db/sync-repository'
import { attachmentRefSchema, type AttachmentRef } from '../../shared/domain/application'
import { guard, type EngineContext } from './sync-context'
import { TransportError } from './transport'

/** What a walk-in's payload says about its scans (any payload version that carries them). */
const walkInScansSchema = z.object({ attachments: z.array(attachmentRefSchema) })

/**
 * The scans a batch's walk-ins refer to go to the portal first, so that every workstation of the
 * centre can open them (GET /sync/blobs) once the command is applied. Uploads are idempotent
 * (content-addressed), so a batch sent again uploads again, harmlessly. A network failure stops
 * the push like any other (retried later); a scan the portal refuses, or one missing here, is
 * logged and the command still goes: a lost scan must not stall the queue (sync.md, liveness).
 */
export async function uploadScans(ctx: EngineContext, batch: readonly OutboxRow[]): Promise<void> {
  const { transport, scans } = ctx.deps
  if (!transport?.uploadBlob || !scans) return
  const upload = transport.uploadBlob.bind(transport)
  const refs = new Map<string, AttachmentRef>()
  for (const row of batch) {
    if (row.type !== 'register_walk_in') continue
    const parsed = walkInScansSchema.safeParse(row.payload)
    if (parsed.success) for (const ref of parsed.data.attachments) refs.set(ref.sha256, ref)
  }
  for (const ref of refs.values()) {
    const bytes = await scans.read(ref.sha256)
    if (!bytes) {
      ctx.deps.log.warn('a walk-in scan is missing on this workstation; the command goes without it', { sha256: ref.sha256 })
      continue
    }
    try {
      await guard(ctx, () => upload(ref.sha256, ref.mediaType, bytes))
    } catch (error) {
      if (error instanceof TransportError && error.kind === 'protocol') {
        ctx.deps.log.warn('the portal refused a walk-in scan; the command goes without it', { sha256: ref.sha256, error: error.message })
        continue
      }
      throw error
    }
  }
}
