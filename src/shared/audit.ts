import { z } from 'zod'
import { freeTextSchema } from './domain/application'
import { isIsoDate } from './domain/calendar'

/*
 * The audit trail (domain.md, "Personal data and audit"; Law 2297-VI): who opened, changed, printed
 * or exported an applicant's data, who signed in, when, from which workstation. Entries are written
 * by the workstation, append-only, and uploaded to the portal (`POST /sync/audit`), which keeps them
 * append-only too. Times are the workstation's clock: shown, never trusted for ordering (sync.md).
 */

export const AUDIT_ACTIONS = [
  'view',
  'change',
  'print',
  'export',
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'lock',
  'unlock',
  'admin'
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

/** Free-form facts about the entry (the command type, the document printed, how the clerk signed in). */
export type AuditDetail = Record<string, string | number | boolean | null>

export interface AuditEntry {
  id: string
  /** ISO 8601, the workstation's clock. */
  at: string
  /** null for a failed sign-in with a login nobody has used here. */
  clerkId: string | null
  clerkName: string | null
  workstationId: string
  action: AuditAction
  applicationId: string | null
  orderNumber: string | null
  detail: AuditDetail
}

/** Small and flat on purpose: the audit says what happened, the data itself lives elsewhere. */
const MAX_DETAIL_JSON = 2000
const detailSchema = z
  .record(z.string().max(60), z.union([z.string().max(500), z.number(), z.boolean(), z.null()]))
  .refine((d) => Object.keys(d).length <= 20 && JSON.stringify(d).length <= MAX_DETAIL_JSON, 'Забагато подробиць у записі аудиту')

const optionalText = (max: number) => freeTextSchema(max).nullable()

/** One entry as the workstation uploads it. The workstation and its centre come from the bearer token, never from the body. */
export const auditEntryWireSchema = z.strictObject({
  id: z.string().min(1).max(64),
  at: z.string().datetime({ offset: true, message: 'Момент часу у форматі ISO 8601' }),
  clerkId: optionalText(64),
  clerkName: optionalText(200),
  action: z.enum(AUDIT_ACTIONS),
  applicationId: optionalText(64),
  orderNumber: optionalText(40),
  detail: detailSchema
})
export type AuditEntryWire = z.infer<typeof auditEntryWireSchema>

export const AUDIT_UPLOAD_MAX = 500
export const auditUploadRequestSchema = z.strictObject({ entries: z.array(auditEntryWireSchema).max(AUDIT_UPLOAD_MAX) })
export type AuditUploadRequest = z.infer<typeof auditUploadRequestSchema>
/** `stored`: entries new to the portal; a resent entry (same id) is acknowledged and not stored twice. */
export const auditUploadResponseSchema = z.strictObject({
  received: z.number().int().nonnegative(),
  stored: z.number().int().nonnegative()
})
export type AuditUploadResponse = z.infer<typeof auditUploadResponseSchema>

const dateSchema = z.string().refine(isIsoDate, 'Дата у форматі РРРР-ММ-ДД')

/** The supervisor's search. Dates are days in the centre's time zone, both ends included. */
export const auditSearchSchema = z
  .strictObject({
    /** Part of the clerk's name, or the clerk id. */
    clerk: freeTextSchema(100).optional(),
    /** An order number, typed with or without separators. */
    orderNumber: z.string().max(40).optional(),
    action: z.enum(AUDIT_ACTIONS).optional(),
    from: dateSchema.optional(),
    to: dateSchema.optional(),
    offset: z.number().int().min(0).max(10_000_000).default(0),
    limit: z.number().int().min(1).max(200).default(50)
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'Дата «з» пізніша за дату «по»', path: ['to'] })
export type AuditSearch = z.input<typeof auditSearchSchema>

export interface AuditPage {
  rows: AuditEntry[]
  total: number
}
