import { readFileSync, realpathSync, statSync } from 'node:fs'
import { basename, dirname, extname, join, resolve } from 'node:path'
import type { z } from 'zod'
import type { Db } from '../db/connection'
import { listServices } from '../db/catalogue-repository'
import { aggregatesAnswer, knownClerks, readAggregates } from '../db/report-aggregates-repository'
import { iterateReportRows } from '../db/reports-repository'
import { localTimeToMs, type WorkCalendar } from '../../shared/domain/calendar'
import { aggregatesKeptIn, dashboardFromAggregates } from '../../shared/reports/aggregates'
import { dashboardData, type DashboardData } from '../../shared/reports/dashboard'
import { endOfDayMs, type ReportFilter } from '../../shared/reports/definitions'
import { describeFilters } from '../../shared/reports/export-format'
import {
  MAX_EXPORT_DOWNLOAD_BYTES,
  type ExportFileContent,
  type ReportsMethodName,
  type reportsContract
} from '../../shared/reports-contract'
import { DomainError } from '../../shared/result'
import type { ClerkSession } from '../../shared/session'
import type { AuditTrail } from './audit-trail'
import type { HandlerMap } from './dispatch'
import { runExport } from './report-export'
import type { ClerkRoster } from './clerk-roster'

type ReportsHandlerMap = {
  [M in ReportsMethodName]: (input: z.output<(typeof reportsContract)[M]['input']>) => ReturnType<HandlerMap[M]>
}

export interface ReportHandlerDeps {
  db: Db
  session: () => ClerkSession | null
  clock: () => Date
  calendar: WorkCalendar
  dataDir: string
  audit: Pick<AuditTrail, 'record'>
  publisher: () => string
  /**
   * The centre's roster from the portal, refreshed when the reassign dialog asks (clerk-roster.ts);
   * absent: the clerks this workstation knows by itself.
   */
  roster?: ClerkRoster
  /** Progress of an export, pushed to the screen (the 'reports.exportProgress' event). */
  progress?: (p: { done: number; total: number | null }) => void
}

/** Figures and exports are for the centre's head: supervisors and administrators (issue 18). */
function requireSupervisor(session: () => ClerkSession | null): ClerkSession {
  const clerk = session()
  if (!clerk) throw new DomainError('unauthenticated', 'Увійдіть до системи, щоб переглядати звіти')
  if (clerk.role !== 'supervisor' && clerk.role !== 'admin') {
    throw new DomainError('forbidden', 'Звіти та вивантаження переглядають лише керівник і адміністратор')
  }
  return clerk
}

/**
 * The dashboard for `filter` at `now`. The default views (any period, service and channel) read the
 * daily aggregates (migration 010); a filter by clerk, or another calendar than the centre's, is
 * counted from the rows. Both are the definitions of src/shared/reports.
 */
export function computeDashboard(db: Db, filter: ReportFilter, calendar: WorkCalendar, now: string): DashboardData {
  if (aggregatesAnswer(filter) && aggregatesKeptIn(calendar)) {
    return dashboardFromAggregates(readAggregates(db, filter, now), filter, now, listServices(db))
  }
  // Everything received up to the later of the period's end and now: "now" figures need the latest.
  const until = Math.max(endOfDayMs(filter.period.to, calendar), Date.parse(now) + 1)
  const rows = [...iterateReportRows(db, until, localTimeToMs(filter.period.from, 0, 0, 0, calendar.timeZone))]
  return dashboardData(rows, filter, calendar, now, listServices(db))
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.csv': 'text/csv; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.json': 'application/json; charset=utf-8'
}

/**
 * A file of an export, whole, for the browser to save. Only a file directly inside a folder of the
 * workstation's exports folder (symbolic links resolved), and not bigger than the screen can carry.
 */
export function readExportFile(dataDir: string, dir: string, name: string): ExportFileContent {
  const notFound = (): DomainError => new DomainError('not_found', `Файлу ${name} серед вивантажень немає`)
  const exportsRoot = resolve(dataDir, 'exports')
  const folder = resolve(dir)
  if (dirname(folder) !== exportsRoot || basename(name) !== name || name.startsWith('.') || name.endsWith('.part')) throw notFound()
  let real: string
  try {
    real = realpathSync(join(folder, name))
  } catch {
    throw notFound()
  }
  if (dirname(real) !== join(realpathSync(exportsRoot), basename(folder))) throw notFound()
  const info = statSync(real)
  if (!info.isFile()) throw notFound()
  if (info.size > MAX_EXPORT_DOWNLOAD_BYTES) {
    throw new DomainError(
      'payload_too_large',
      `Файл ${name} завеликий, щоб завантажити його через браузер (${Math.ceil(info.size / 1024 / 1024)} МБ); відкрийте його з папки ${folder}`
    )
  }
  return { name, mimeType: MIME_TYPES[extname(name)] ?? 'application/octet-stream', base64: readFileSync(real).toString('base64') }
}

export function createReportHandlers(deps: ReportHandlerDeps): ReportsHandlerMap {
  const { db } = deps
  return {
    'reports.dashboard': (filter) => {
      requireSupervisor(deps.session)
      const now = deps.clock().toISOString()
      return computeDashboard(db, filter, deps.calendar, now)
    },
    'reports.clerks': async () => {
      requireSupervisor(deps.session)
      // A short wait for the portal's roster; offline, the one fetched last (knownClerks reads it).
      await deps.roster?.refresh()
      return knownClerks(db)
    },
    'reports.export': async (req) => {
      const clerk = requireSupervisor(deps.session)
      const stamp = deps.clock().toISOString().replace(/[:.]/g, '-')
      const dir = join(deps.dataDir, 'exports', `${req.kind}-${req.from}-${req.to}-${stamp}`)
      const result = await runExport(db, req, {
        outDir: dir,
        calendar: deps.calendar,
        now: deps.clock,
        publisher: deps.publisher(),
        onProgress: (done, total) => deps.progress?.({ done, total }),
        // A list carries names: its own audit row, written before the file.
        auditList: (detail) => deps.audit.record({ action: 'export', clerk, detail: { ...detail, personalData: true } })
      })
      deps.audit.record({
        action: 'export',
        clerk,
        detail: { kind: req.kind, format: req.format, filters: describeFilters(req), files: result.files.length }
      })
      return { dir: result.dir, files: result.files, filters: result.filters }
    },
    'reports.exportFile': ({ dir, name }) => {
      requireSupervisor(deps.session)
      return readExportFile(deps.dataDir, dir, name)
    }
  }
}
