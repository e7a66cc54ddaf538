import { getApplication } from '../db/applications-repository'
import { rewindAuditUpload } from '../db/audit-repository'
import { applicationsWithUnreflectedCommands } from '../db/mirror-reset'
import { getShadow, highestRejectedFrom, markPendingFrom, putShadow } from '../db/sync-repository'
import { resendRejectedFrom, setResendRejectedFrom } from '../db/sync-state'
import type { EngineContext } from './sync-context'

/*
 * A portal that holds less than this workstation gave it (restored from a backup): what it lost is
 * sent again (sync.md, Push: "resend from N"), its rejections as rejections, never decided again.
 */

/**
 * The portal holds no result from seq `from` on, though this workstation recorded some (it was
 * restored from a backup): the applied commands from there are pending again, to be sent again
 * and decided anew. Like every pending command, each is replayed over a shadow of its
 * application (sim: an application left without one kept the badge 'confirmed' when its reopened
 * command came back rejected). With no shadow the row IS the mirror's copy, so that is the
 * shadow. Call inside a transaction; returns the applications given a shadow, to be rebuilt.
 */
export function reopenFrom(ctx: EngineContext, from: number): { count: number; shadowed: string[] } {
  const { db } = ctx.deps
  resendRejectedAfterLoss(ctx, from)
  const count = markPendingFrom(db, from)
  if (count === 0) return { count, shadowed: [] }
  portalLostData(ctx)
  const shadowed: string[] = []
  for (const id of applicationsWithUnreflectedCommands(db, Number.MAX_SAFE_INTEGER)) {
    if (getShadow(db, id).exists) continue
    putShadow(db, id, getApplication(db, id))
    shadowed.push(id)
  }
  return { count, shadowed }
}

/**
 * The rejected commands from seq `from` on go to the portal again with their recorded rejection
 * (it lost them; sync.md: a rejected command is never retried automatically, so it is not decided
 * again). Without this the portal's gap never closes: every later push is answered "resend from"
 * the first of them. Call inside a transaction.
 */
export function resendRejectedAfterLoss(ctx: EngineContext, from: number): void {
  const { db } = ctx.deps
  if (highestRejectedFrom(db, from) === null) return
  portalLostData(ctx)
  const current = resendRejectedFrom(ctx.deps.db)
  if (current === null || from < current) setResendRejectedFrom(db, from)
}

/**
 * The portal holds less than this workstation gave it (restored from a backup): its audit trail
 * goes again (the portal keeps each entry once), and syncNow pushes before it ends. Call inside
 * a transaction.
 */
export function portalLostData(ctx: EngineContext): void {
  rewindAuditUpload(ctx.deps.db)
  ctx.run.resendAfterPull = true
}
