import { v7 as uuidv7 } from 'uuid'
import type { Db } from '../db/connection'
import { insertAudit, lastViewAt } from '../db/audit-repository'
import type { AuditAction, AuditDetail } from '../../shared/audit'
import type { ClerkSession } from '../../shared/session'
import type { CommandAuditEntry } from '../sync/sync-engine'

/*
 * Writes the audit trail (Law 2297-VI: who opened, changed, printed or exported an applicant's
 * data, when, from which workstation). Every write is one INSERT; callers that change data call it
 * inside their own transaction, so the change and its audit row commit together or not at all.
 */

export interface AuditRecordInput {
  action: AuditAction
  clerk: Pick<ClerkSession, 'clerkId' | 'name'> | null
  applicationId?: string | null
  orderNumber?: string | null
  detail?: AuditDetail
}

export interface AuditTrail {
  record(input: AuditRecordInput): void
  /**
   * A view of an applicant's data. The application screen re-reads its application after every
   * change event (a pull, a command), so repeated reads by the same clerk within VIEW_WINDOW_MS
   * are one view: recording each would bury the openings that matter under refreshes.
   */
  view(clerk: Pick<ClerkSession, 'clerkId' | 'name'>, application: { id: string; orderNumber: string | null }, detail?: AuditDetail): void
  /** The audit row of a command; SyncEngine calls it inside the transaction that stores the command. */
  command(entry: CommandAuditEntry): void
}

export const VIEW_WINDOW_MS = 60_000

export interface AuditTrailDeps {
  db: Db
  clock: () => Date
  workstationId: string
  /** UUID v7 by default: time-ordered, so the portal's index stays append-mostly. */
  newId?: () => string
}

export function createAuditTrail(deps: AuditTrailDeps): AuditTrail {
  const newId = deps.newId ?? (() => uuidv7())
  const record = (input: AuditRecordInput): void => {
    insertAudit(deps.db, {
      id: newId(),
      at: deps.clock().toISOString(),
      clerkId: input.clerk?.clerkId ?? null,
      clerkName: input.clerk?.name ?? null,
      workstationId: deps.workstationId,
      action: input.action,
      applicationId: input.applicationId ?? null,
      orderNumber: input.orderNumber ?? null,
      detail: input.detail ?? {}
    })
  }
  return {
    record,
    command({ env, record: application, clerk, action, detail }) {
      record({
        action,
        clerk,
        applicationId: env.applicationId,
        orderNumber: application.orderNumber,
        detail: { commandId: env.commandId, seq: env.seq, type: env.type, ...detail }
      })
    },
    view(clerk, application, detail) {
      const last = lastViewAt(deps.db, clerk.clerkId, application.id)
      if (last !== null && deps.clock().getTime() - Date.parse(last) < VIEW_WINDOW_MS) return
      record({ action: 'view', clerk, applicationId: application.id, orderNumber: application.orderNumber, ...(detail ? { detail } : {}) })
    }
  }
}
