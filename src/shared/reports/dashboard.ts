import type { Service } from '../catalogue'
import { instantMs, type WorkCalendar } from '../domain/calendar'
import {
  dailyFigures,
  isOverdueAt,
  isPendingAt,
  matchesFilter,
  serviceFigures,
  workload,
  type DayFigures,
  type HolderWorkload,
  type ReportFilter,
  type ReportRow,
  type ServiceFigures
} from './definitions'

/** What the supervisors' dashboard shows, all from the definitions in definitions.ts. */
export interface DashboardData {
  filter: ReportFilter
  /** The instant "now" figures (backlog, overdue, workload) refer to. */
  now: string
  days: DayFigures[]
  services: (ServiceFigures & { nameUk: string; nameEn: string })[]
  workload: HolderWorkload[]
  totals: {
    received: number
    portalShare: number | null
    decided: number
    withinTerm: number
    /** Decided late in the period + pending, running and past due at its end (as the quarterly report). */
    overdue: number
    /** Pending now / overdue now (whatever the period). */
    pendingNow: number
    overdueNow: number
  }
}

export function dashboardData(
  rows: readonly ReportRow[],
  filter: ReportFilter,
  cal: WorkCalendar,
  nowIso: string,
  catalogue: readonly Service[]
): DashboardData {
  const names = new Map(catalogue.map((s) => [s.id, s]))
  const days = dailyFigures(rows, filter, cal)
  const services = serviceFigures(rows, filter, cal).map((f) => ({
    ...f,
    nameUk: names.get(f.serviceId)?.name_uk ?? f.serviceId,
    nameEn: names.get(f.serviceId)?.name_en ?? f.serviceId
  }))
  const nowMs = instantMs(nowIso, 'now')
  const filtered = rows.filter((r) => matchesFilter(r, filter))
  return {
    filter,
    now: nowIso,
    days,
    services,
    workload: workload(filtered, nowIso),
    totals: {
      ...periodTotals(days, services),
      pendingNow: filtered.filter((r) => isPendingAt(r, nowMs)).length,
      overdueNow: filtered.filter((r) => isOverdueAt(r, nowMs)).length
    }
  }
}

/**
 * The period's totals from its days and services: received (and the portal's share of it, the
 * seed's own measure of "fewer queues"), decided, within term, overdue. The same whether the days
 * were counted from rows (above) or read from the daily aggregates (aggregates.ts).
 */
export function periodTotals(
  days: readonly DayFigures[],
  services: readonly ServiceFigures[]
): Pick<DashboardData['totals'], 'received' | 'portalShare' | 'decided' | 'withinTerm' | 'overdue'> {
  const received = days.reduce((s, d) => s + d.received.portal + d.received.walk_in, 0)
  const portal = days.reduce((s, d) => s + d.received.portal, 0)
  const sum = (f: (s: ServiceFigures) => number): number => services.reduce((acc, s) => acc + f(s), 0)
  return {
    received,
    portalShare: received === 0 ? null : Math.round((portal / received) * 1000) / 1000,
    decided: sum((s) => s.decided.approved + s.decided.refused + s.decided.returned),
    withinTerm: sum((s) => s.withinTerm),
    overdue: sum((s) => s.overdue)
  }
}
