import { z } from 'zod'
import type { Role } from './domain/application'
import type { DashboardData } from './reports/dashboard'
import { reportFilterSchema } from './reports/definitions'
import { exportRequestSchema } from './reports/export-format'

/*
 * The reports part of the workstation contract (issue 18), merged in contract.ts. For supervisors
 * and administrators only (the back end checks the role). Figures come from the workstation's local
 * database, so they work offline.
 */

export interface ExportOutcome {
  /** The folder the files were written to. */
  dir: string
  files: { name: string; rows: number }[]
  /** What produced them, as every file says. */
  filters: string
}

/** Most a file of an export may weigh to be handed to the screen whole (base64 in one answer); a bigger one stays in its folder. */
export const MAX_EXPORT_DOWNLOAD_BYTES = 25 * 1024 * 1024

/** One file of an export, for the web shell's browser to save (the Electron window shows the folder too). */
export interface ExportFileContent {
  name: string
  mimeType: string
  base64: string
}

export const exportFileRequestSchema = z.strictObject({
  /** The folder reports.export answered with. */
  dir: z.string().min(1).max(4096),
  /** One of the files it listed: a bare file name. */
  name: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\w.-]+$/, 'Назва файлу без шляху')
    .refine((n) => !n.startsWith('.'), 'Назва файлу без шляху')
})

/** A clerk a supervisor may hand an application to (role: null when not known here: no roster yet, and never signed in here). */
export interface KnownClerk {
  clerkId: string
  name: string
  role: Role | null
}

export const reportsContract = {
  'reports.dashboard': { input: reportFilterSchema, output: {} as DashboardData },
  /** Writes an export into a new folder under the workstation's data folder (exports/); audited. */
  'reports.export': { input: exportRequestSchema, output: {} as ExportOutcome },
  /** A file of an export made here, to save from the browser; only from the workstation's exports folder. */
  'reports.exportFile': { input: exportFileRequestSchema, output: {} as ExportFileContent },
  /**
   * The clerks a supervisor may hand an application to, for the reassign dialog's picker: the
   * centre's active clerks from the portal's roster (refreshed with a short wait, the one fetched
   * last when offline); without any roster yet, those signed in here or holding applications in its
   * mirror. The portal decides whether one may take the application.
   */
  'reports.clerks': { input: z.strictObject({}), output: {} as KnownClerk[] }
} as const

export type ReportsMethodName = keyof typeof reportsContract
