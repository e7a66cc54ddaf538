import { listUnuploadedAudit, markAuditUploaded } from '../db/audit-repository'
import { AUDIT_UPLOAD_MAX } from '../../shared/audit'
import { guard, type EngineContext } from './sync-context'
import { TransportError } from './transport'

/* The local audit trail goes to the portal after the commands (the portal keeps each entry once). */

/**
 * Uploads one batch of the local audit trail. The portal stores entries by id (a resend is
 * harmless); the watermark moves only after its answer. Returns the number of entries sent.
 */
export async function pushAuditOnce(ctx: EngineContext): Promise<number> {
  const { db, transport } = ctx.deps
  if (!transport?.uploadAudit) return 0
  const batch = listUnuploadedAudit(db, AUDIT_UPLOAD_MAX)
  const last = batch[batch.length - 1]
  if (!last) return 0
  const upload = transport.uploadAudit.bind(transport)
  await guard(ctx, () =>
    upload({
      entries: batch.map(({ entry }) => ({
        id: entry.id,
        at: entry.at,
        clerkId: entry.clerkId,
        clerkName: entry.clerkName,
        action: entry.action,
        applicationId: entry.applicationId,
        orderNumber: entry.orderNumber,
        detail: entry.detail
      }))
    })
  )
  db.transaction(() => markAuditUploaded(db, last.seq, ctx.deps.clock().toISOString())).immediate()
  return batch.length
}

/**
 * The audit trail after the commands. A portal that refuses the upload as malformed (an older
 * portal without the endpoint, an entry it will not take) must not stop sync: the entries stay
 * here, are logged, and go with a later run. A network failure propagates like any other.
 */
export async function pushAudit(ctx: EngineContext): Promise<void> {
  try {
    let guard = 0
    while ((await pushAuditOnce(ctx)) >= AUDIT_UPLOAD_MAX && guard++ < 1000) {
      /* a full batch: there may be more */
    }
  } catch (e) {
    if (e instanceof TransportError && e.kind === 'protocol') {
      ctx.deps.log.warn('audit upload refused by the portal', { error: e.message })
      return
    }
    throw e
  }
}
