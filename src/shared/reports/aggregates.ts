import type { Service } from '../catalogue'
import { DEFAULT_CALENDAR, instantMs, type WorkCalendar } from '../domain/calendar'
import type { Channel } from '../domain/application'
import { periodTotals, type DashboardData } from './dashboard'
import {
  dayOf,
  dayOfMs,
  decidedWithinTerm,
  isOverdueAt,
  isPendingAt,
  matchesFilter,
  median,
  OUTCOMES,
  periodDays,
  processingWorkingDays,
  type DayFigures,
  type HolderWorkload,
  type Outcome,
  type ReportFilter,
  type ReportRow,
  type ServiceFigures
} from './definitions'

/*
 * The daily aggregates the workstation keeps up to date as changes arrive (issue 18): a CACHE of the
 * definitions in definitions.ts, never a second meaning. Each application contributes a few "steps"
 * (day, kind, ±n), computed here from its ReportRow; the workstation's SQLite sums them per
 * (kind, day, service, channel) with triggers (migration 010), and dashboardFromAggregates turns the
 * sums back into exactly what dashboardData computes from the rows (aggregates.test.ts and
 * src/main/db/report-aggregates.test.ts prove it, by property tests against the definitions).
 *
 * - received / approved / refused / returned / within_term / late: +1 on the local day it happened.
 * - backlog: +1 on the day received, −1 on the day decided. Pending at the end of day D
 *   (isPendingAt) ⇔ received on or before D and not decided on or before D, so the backlog at the end
 *   of D is the sum of every backlog step up to D.
 * - overdue: the same for isOverdueAt: +1 on the day the clock passes the deadline (the later of
 *   receipt and due), −1 on the day decided, and −1 / +1 around each pause (from < E <= to).
 *
 * Steps of one kind on the same day are netted; zeros are left out.
 */

export const AGGREGATE_KINDS = ['received', 'approved', 'refused', 'returned', 'within_term', 'late', 'backlog', 'overdue'] as const
export type AggregateKind = (typeof AGGREGATE_KINDS)[number]
export type AggregateStep = [day: string, kind: AggregateKind, delta: number]

/**
 * The calendar the workstation's aggregates are kept in: the centre's (days are local dates in its
 * zone; processing times count its working days). A report asked for in another calendar (tests,
 * a what-if) is computed from the rows instead.
 */
export const AGGREGATE_CALENDAR: WorkCalendar = DEFAULT_CALENDAR

/** Whether the aggregates answer for `cal` (the same calendar as AGGREGATE_CALENDAR, field by field). */
export function aggregatesKeptIn(cal: WorkCalendar): boolean {
  return cal === AGGREGATE_CALENDAR || JSON.stringify(cal) === JSON.stringify(AGGREGATE_CALENDAR)
}

export function dailySteps(row: ReportRow, cal: WorkCalendar): AggregateStep[] {
  const acc = new Map<string, number>()
  const add = (day: string, kind: AggregateKind, delta: number): void => {
    const key = `${day}|${kind}`
    acc.set(key, (acc.get(key) ?? 0) + delta)
  }
  const received = instantMs(row.receivedAt)
  const decided = row.decidedAt === null ? Infinity : instantMs(row.decidedAt)
  const receivedDay = dayOf(row.receivedAt, cal)
  add(receivedDay, 'received', 1)
  if (row.decidedAt !== null && row.outcome !== null) {
    const decidedDay = dayOf(row.decidedAt, cal)
    add(decidedDay, row.outcome, 1)
    add(decidedDay, decidedWithinTerm(row) === true ? 'within_term' : 'late', 1)
  }
  // +n over the days whose end E lies in (a, b]: from day(a), up to (not including) day(b).
  const range = (kind: AggregateKind, a: number, b: number, n: number): void => {
    const from = dayOfMs(a, cal)
    const to = Number.isFinite(b) ? dayOfMs(b, cal) : null
    if (to !== null && to <= from) return
    add(from, kind, n)
    if (to !== null) add(to, kind, -n)
  }
  range('backlog', received, decided, 1)
  const lo = Math.max(received, instantMs(row.dueAt))
  if (lo < decided) {
    range('overdue', lo, decided, 1)
    const pauses = row.pauses
      .map((p): [number, number] => [Math.max(lo, instantMs(p.from)), Math.min(decided, p.to === null ? Infinity : instantMs(p.to))])
      .filter(([a, b]) => b > a)
      .sort((x, y) => x[0] - y[0])
    const joined: [number, number][] = []
    for (const [a, b] of pauses) {
      const last = joined[joined.length - 1]
      if (last && a <= last[1]) last[1] = Math.max(last[1], b)
      else joined.push([a, b])
    }
    for (const [a, b] of joined) range('overdue', a, b, -1)
  }
  const out: AggregateStep[] = []
  for (const [key, delta] of acc) {
    if (delta === 0) continue
    const [day, kind] = key.split('|') as [string, AggregateKind]
    out.push([day, kind, delta])
  }
  return out.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : AGGREGATE_KINDS.indexOf(x[1]) - AGGREGATE_KINDS.indexOf(y[1])))
}

/** Processing time in hundredths of a working day (processingWorkingDays × 100, exactly); null while undecided. */
export function processingCenti(row: ReportRow, cal: WorkCalendar): number | null {
  const days = processingWorkingDays(row, cal)
  return days === null ? null : Math.round(days * 100)
}

/**
 * What the workstation reads from its aggregates for one dashboard filter (no holder filter: the
 * aggregates are per service and channel; the reader has applied the service and channel filters).
 */
export interface AggregateReadout {
  /** Sums per day of the period: received by channel, decided by outcome, backlog and overdue steps. */
  days: { kind: AggregateKind; day: string; channel: Channel; n: number }[]
  /** Sums over the period per service: received, decided by outcome, within_term, late. */
  services: { kind: AggregateKind; serviceId: string; n: number }[]
  /** Backlog and overdue at the end of the day before the period (every step before it). */
  opening: { backlog: number; overdue: number }
  /** Overdue at the end of the period's last day, per service. */
  overdueAtEnd: { serviceId: string; n: number }[]
  /**
   * Processing times (processingCenti) of the applications decided in the period whose median is the
   * service's: all of them, or only the middle one or two of each service's sorted times.
   */
  processing: { serviceId: string; centi: number }[]
  /** Undecided applications received before now, counted per holder (null: nobody holds them). All pending now. */
  undecidedByHolder: { holderClerkId: string | null; holderName: string | null; n: number }[]
  /**
   * The applications the definitions must look at one by one: the undecided ones received before now
   * whose deadline has passed (overdue unless paused), and those decided at or after now (pending
   * until then). Others, if any, are left out by the definitions.
   */
  candidates: ReportRow[]
}

type ServiceAcc = ServiceFigures & { times: number[] }

/** The same DashboardData as dashboardData(rows, filter, ...), from the aggregates. */
export function dashboardFromAggregates(
  r: AggregateReadout,
  filter: ReportFilter,
  nowIso: string,
  catalogue: readonly Service[]
): DashboardData {
  const dates = periodDays(filter.period)
  const index = new Map(dates.map((d, i) => [d, i]))
  const days: DayFigures[] = dates.map((date) => ({
    date,
    received: { portal: 0, walk_in: 0 },
    decided: { approved: 0, refused: 0, returned: 0 },
    backlog: 0,
    overdue: 0
  }))
  const backlogSteps = new Array<number>(dates.length).fill(0)
  const overdueSteps = new Array<number>(dates.length).fill(0)
  const isOutcome = (k: AggregateKind): k is Outcome => (OUTCOMES as readonly string[]).includes(k)
  for (const c of r.days) {
    const i = index.get(c.day)
    if (i === undefined) continue
    const day = days[i] as DayFigures
    if (c.kind === 'received') day.received[c.channel] += c.n
    else if (isOutcome(c.kind)) day.decided[c.kind] += c.n
    else if (c.kind === 'backlog') backlogSteps[i] = (backlogSteps[i] as number) + c.n
    else if (c.kind === 'overdue') overdueSteps[i] = (overdueSteps[i] as number) + c.n
  }
  let backlog = r.opening.backlog
  let overdue = r.opening.overdue
  days.forEach((day, i) => {
    backlog += backlogSteps[i] as number
    overdue += overdueSteps[i] as number
    day.backlog = backlog
    day.overdue = overdue
  })

  const acc = new Map<string, ServiceAcc>()
  const get = (serviceId: string): ServiceAcc => {
    let e = acc.get(serviceId)
    if (!e) {
      e = {
        serviceId,
        received: 0,
        decided: { approved: 0, refused: 0, returned: 0 },
        withinTerm: 0,
        overdue: 0,
        medianWorkingDays: null,
        times: []
      }
      acc.set(serviceId, e)
    }
    return e
  }
  // Summed per (kind, service) first: a service is listed when one of its figures is not zero.
  const sums = new Map<string, { kind: AggregateKind; serviceId: string; n: number }>()
  const sumInto = (kind: AggregateKind, serviceId: string, n: number): void => {
    const key = `${kind}|${serviceId}`
    const s = sums.get(key)
    if (s) s.n += n
    else sums.set(key, { kind, serviceId, n })
  }
  for (const c of r.services) if (c.kind !== 'backlog' && c.kind !== 'overdue') sumInto(c.kind, c.serviceId, c.n)
  for (const c of r.overdueAtEnd) sumInto('overdue', c.serviceId, c.n)
  for (const c of sums.values()) {
    if (c.n === 0) continue
    const e = get(c.serviceId)
    if (c.kind === 'received') e.received += c.n
    else if (isOutcome(c.kind)) e.decided[c.kind] += c.n
    else if (c.kind === 'within_term') e.withinTerm += c.n
    else if (c.kind === 'late' || c.kind === 'overdue') e.overdue += c.n
  }
  for (const p of r.processing) acc.get(p.serviceId)?.times.push(p.centi / 100)
  const names = new Map(catalogue.map((s) => [s.id, s]))
  const services = [...acc.values()]
    .sort((a, b) => (a.serviceId < b.serviceId ? -1 : a.serviceId > b.serviceId ? 1 : 0))
    .map(({ times, ...f }) => ({
      ...f,
      medianWorkingDays: median(times),
      nameUk: names.get(f.serviceId)?.name_uk ?? f.serviceId,
      nameEn: names.get(f.serviceId)?.name_en ?? f.serviceId
    }))

  // Now: the undecided counts, plus the candidates through the definitions (isPendingAt, isOverdueAt).
  const nowMs = instantMs(nowIso, 'now')
  const byHolder = new Map<string, HolderWorkload>()
  const holder = (clerkId: string, name: string | null): HolderWorkload => {
    let w = byHolder.get(clerkId)
    if (!w) {
      w = { clerkId, name: name ?? clerkId, pending: 0, overdue: 0 }
      byHolder.set(clerkId, w)
    }
    return w
  }
  let pendingNow = 0
  let overdueNow = 0
  for (const u of r.undecidedByHolder) {
    pendingNow += u.n
    if (u.holderClerkId !== null && u.n > 0) holder(u.holderClerkId, u.holderName).pending += u.n
  }
  for (const row of r.candidates) {
    if (!matchesFilter(row, filter) || !isPendingAt(row, nowMs)) continue
    const overdue = isOverdueAt(row, nowMs)
    // An undecided one is in the counts already; one decided after now is not.
    if (row.decidedAt !== null) pendingNow++
    if (overdue) overdueNow++
    if (row.holderClerkId === null) continue
    const w = holder(row.holderClerkId, row.holderName)
    if (row.decidedAt !== null) w.pending++
    if (overdue) w.overdue++
  }
  const workloadNow = [...byHolder.values()].sort((a, b) => b.pending - a.pending || (a.clerkId < b.clerkId ? -1 : 1))
  return {
    filter,
    now: nowIso,
    days,
    services,
    workload: workloadNow,
    totals: {
      ...periodTotals(days, services),
      pendingNow,
      overdueNow
    }
  }
}
