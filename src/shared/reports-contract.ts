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

export const reportsContract = {
  'reports.dashboard': { input: reportFilterSchema, output: {} as DashboardData },
  /** Writes an export into a new folder under the workstation's data folder (exports/); audited. */
  'reports.export': { input: exportRequestSchema, output: {} as ExportOutcome }
} as const

export type ReportsMethodName = keyof typeof reportsContract
