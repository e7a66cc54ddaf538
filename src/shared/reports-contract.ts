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

/** A clerk a supervisor may hand an application to, as this workstation knows them (role: null when not known here). */
export interface KnownClerk {
  clerkId: string
  name: string
  role: Role | null
}

export const reportsContract = {
  'reports.dashboard': { input: reportFilterSchema, output: {} as DashboardData },
  /** Writes an export into a new folder under the workstation's data folder (exports/); audited. */
  'reports.export': { input: exportRequestSchema, output: {} as ExportOutcome },
  /**
   * The clerks this workstation knows (signed in here, or holding applications in its mirror), for
   * the reassign dialog's picker; offline too. The portal decides whether one may take the application.
   */
  'reports.clerks': { input: z.strictObject({}), output: {} as KnownClerk[] }
} as const

export type ReportsMethodName = keyof typeof reportsContract
