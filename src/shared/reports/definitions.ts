import { z } from 'zod'
import { CHANNELS, isoDateSchema, type ApplicationRecord, type Channel } from '../domain/application'
import {
  addCalendarDays,
  calendarDaysBetween,
  instantMs,
  isIsoDate,
  isWorkingDay,
  localTimeToMs,
  wallMsOf,
  type WorkCalendar
} from '../domain/calendar'
import { STATUSES } from '../domain/status'

/*
 * The figures a centre's head reads (reports.md, "Definitions"), defined ONCE. The dashboard, the
 * quarterly report, the open data and the workstation's SQL aggregates are all checked against these
 * functions. Everything is pure: the calendar (time zone, days off) and "now" are arguments.
 *
 * - Days are local calendar days in the calendar's zone (Kyiv): an instant belongs to the date its
 *   wall clock shows there, so a DST night changes nothing.
 * - received: registered (receivedAt) in the period, by channel. A walk-in registered at the desk while
 *   offline counts on the day it was registered at the desk, not the day it reached the portal.
 * - decided: a decision made (decision.decidedAt) in the period, by outcome: approve → approved,
 *   refuse → refused, return → returned. The status machine has no "withdrawn" yet, so neither do we.
 *   An approved application is decided when the decision is made, not when its result is collected.
 * - pending at instant T: received by T and not decided by T (result_ready waits only for collection).
 * - paused at T: inside a pause (waiting for the applicant's corrections).
 * - within term: decided on or before dueAt. Late: decided after dueAt.
 * - overdue in a period: decided late in the period, plus pending at the end of the period, not
 *   paused then, and past dueAt. dueAt is the record's deadline, already moved by the pauses.
 * - processing time: receipt → decision in working days of the calendar (wall-clock time on working
 *   days, 24 h each, DST-proof), minus the same measure of the pauses; 2 decimals.
 * - backlog per day: pending at the end of the day; overdue per day: of those, not paused and past dueAt.
 * - workload: pending applications per current holder (now), with how many of them are overdue now.
 */

export const OUTCOMES = ['approved', 'refused', 'returned'] as const
export type Outcome = (typeof OUTCOMES)[number]

const DAY_MS = 86_400_000

/** A date that exists (2026-02-30 does not). */
export const realDate = isoDateSchema.refine(isIsoDate, 'Такої дати не існує')

/** An inclusive range of local dates. */
export const reportPeriodSchema = z
  .strictObject({ from: realDate, to: realDate })
  .refine((p) => p.from <= p.to, { message: 'Початок періоду не може бути пізніше за його кінець', path: ['to'] })
export type ReportPeriod = z.infer<typeof reportPeriodSchema>

/** What a filter may narrow the figures to; an absent or empty list means "all". */
export const reportFilterSchema = z.strictObject({
  period: reportPeriodSchema,
  serviceIds: z.array(z.string().min(1)).max(500).optional(),
  channels: z.array(z.enum(CHANNELS)).optional(),
  holderClerkIds: z.array(z.string().min(1)).max(500).optional()
})
export type ReportFilter = z.infer<typeof reportFilterSchema>

/** The few fields of an application the figures need: no personal data at all. */
export const reportRowSchema = z.strictObject({
  id: z.string(),
  serviceId: z.string(),
  channel: z.enum(CHANNELS),
  status: z.enum(STATUSES),
  holderClerkId: z.string().nullable(),
  holderName: z.string().nullable(),
  receivedAt: z.string(),
  dueAt: z.string(),
  outcome: z.enum(OUTCOMES).nullable(),
  decidedAt: z.string().nullable(),
  pauses: z.array(z.strictObject({ from: z.string(), to: z.string().nullable() }))
})
export type ReportRow = z.infer<typeof reportRowSchema>

export function outcomeOf(kind: 'approve' | 'refuse' | 'return'): Outcome {
  return kind === 'approve' ? 'approved' : kind === 'refuse' ? 'refused' : 'returned'
}

export function reportRowOf(r: ApplicationRecord): ReportRow {
  return {
    id: r.id,
    serviceId: r.serviceId,
    channel: r.channel,
    status: r.status,
    holderClerkId: r.holder?.clerkId ?? null,
    holderName: r.holder?.name ?? null,
    receivedAt: r.receivedAt,
    dueAt: r.dueAt,
    outcome: r.decision ? outcomeOf(r.decision.kind) : null,
    decidedAt: r.decision?.decidedAt ?? null,
    pauses: r.pauses.map((p) => ({ from: p.from, to: p.to }))
  }
}

// ── instants and days ───────────────────────────────────────────────────

/** The first instant of the day after `date`, in the calendar's zone: "the end of `date`". */
export function endOfDayMs(date: string, cal: WorkCalendar): number {
  return localTimeToMs(addCalendarDays(date, 1), 0, 0, 0, cal.timeZone)
}

/*
 * Intl's formatToParts is the slow part of reading a wall clock (microseconds a call, and a report
 * reads several per application). A zone's offset is constant within each UTC hour in every zone
 * Vikno serves (Kyiv changes at 01:00 UTC), so it is looked up once per hour and cached.
 */
const HOUR_MS = 3_600_000
const offsets = new Map<string, Map<number, number>>()
function fastWallMs(ms: number, timeZone: string): number {
  let zone = offsets.get(timeZone)
  if (!zone) {
    zone = new Map()
    offsets.set(timeZone, zone)
  }
  const hour = Math.floor(ms / HOUR_MS)
  let offset = zone.get(hour)
  if (offset === undefined) {
    offset = wallMsOf(hour * HOUR_MS, timeZone) - hour * HOUR_MS
    if (zone.size > 200_000) zone.clear()
    zone.set(hour, offset)
  }
  return ms + offset
}
const dateOfWall = (wall: number): string => new Date(wall).toISOString().slice(0, 10)

/** isWorkingDay by the day's number (wall ms / day), cached per calendar. */
const workingDays = new WeakMap<WorkCalendar, Map<number, boolean>>()
function isWorkingDayNo(dayNo: number, cal: WorkCalendar): boolean {
  let days = workingDays.get(cal)
  if (!days) {
    days = new Map()
    workingDays.set(cal, days)
  }
  let working = days.get(dayNo)
  if (working === undefined) {
    working = isWorkingDay(dateOfWall(dayNo * DAY_MS), cal)
    days.set(dayNo, working)
  }
  return working
}

export function dayOf(instantIso: string, cal: WorkCalendar): string {
  return dateOfWall(fastWallMs(instantMs(instantIso), cal.timeZone))
}

/** dayOf for an instant in epoch milliseconds. */
export function dayOfMs(ms: number, cal: WorkCalendar): string {
  return dateOfWall(fastWallMs(ms, cal.timeZone))
}

export function inPeriod(instantIso: string | null, period: ReportPeriod, cal: WorkCalendar): boolean {
  if (instantIso === null) return false
  const d = dayOf(instantIso, cal)
  return d >= period.from && d <= period.to
}

/** Every date of the period, in order. */
export function periodDays(period: ReportPeriod): string[] {
  const n = calendarDaysBetween(period.from, period.to)
  if (n < 0) throw new RangeError(`Period ends (${period.to}) before it starts (${period.from})`)
  if (n > 3660) throw new RangeError('A period longer than ten years is not a report period')
  return Array.from({ length: n + 1 }, (_, i) => addCalendarDays(period.from, i))
}

export function matchesFilter(row: ReportRow, f: Omit<ReportFilter, 'period'>): boolean {
  if (f.serviceIds && f.serviceIds.length > 0 && !f.serviceIds.includes(row.serviceId)) return false
  if (f.channels && f.channels.length > 0 && !f.channels.includes(row.channel)) return false
  if (f.holderClerkIds && f.holderClerkIds.length > 0 && (row.holderClerkId === null || !f.holderClerkIds.includes(row.holderClerkId)))
    return false
  return true
}

// ── per application ─────────────────────────────────────────────────────

export function isPendingAt(row: ReportRow, atMs: number): boolean {
  if (instantMs(row.receivedAt) >= atMs) return false
  return row.decidedAt === null || instantMs(row.decidedAt) >= atMs
}

export function isPausedAt(row: ReportRow, atMs: number): boolean {
  return row.pauses.some((p) => instantMs(p.from) < atMs && (p.to === null || instantMs(p.to) >= atMs))
}

/** Pending at `atMs`, the clock running, and the deadline passed. */
export function isOverdueAt(row: ReportRow, atMs: number): boolean {
  return isPendingAt(row, atMs) && !isPausedAt(row, atMs) && instantMs(row.dueAt) < atMs
}

/** Decided on or before the deadline; null while undecided. */
export function decidedWithinTerm(row: ReportRow): boolean | null {
  if (row.decidedAt === null) return null
  return instantMs(row.decidedAt) <= instantMs(row.dueAt)
}

type Interval = [number, number]

function merged(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0])
  const out: Interval[] = []
  for (const [a, b] of sorted) {
    const last = out[out.length - 1]
    if (last && a <= last[1]) last[1] = Math.max(last[1], b)
    else out.push([a, b])
  }
  return out
}

/** Wall-clock milliseconds of [a, b] that fall on working days (a working day is 24 h, DST or not). */
function workingWallMs([a, b]: Interval, cal: WorkCalendar): number {
  let total = 0
  const wa = fastWallMs(a, cal.timeZone)
  const wb = fastWallMs(b, cal.timeZone)
  for (let dayNo = Math.floor(wa / DAY_MS); dayNo * DAY_MS <= wb; dayNo++) {
    if (!isWorkingDayNo(dayNo, cal)) continue
    const dayWall = dayNo * DAY_MS
    const lo = Math.max(wa, dayWall)
    const hi = Math.min(wb, dayWall + DAY_MS)
    if (hi > lo) total += hi - lo
  }
  return total
}

/** Working days from receipt to decision without the paused time, rounded to 2 decimals; null while undecided. */
export function processingWorkingDays(row: ReportRow, cal: WorkCalendar): number | null {
  if (row.decidedAt === null) return null
  const start = instantMs(row.receivedAt)
  const end = instantMs(row.decidedAt)
  if (end <= start) return 0
  const pauses = merged(
    row.pauses.map((p): Interval => [Math.max(start, instantMs(p.from)), Math.min(end, p.to === null ? end : instantMs(p.to))])
  )
  const paused = pauses.reduce((s, p) => s + workingWallMs(p, cal), 0)
  const ms = Math.max(0, workingWallMs([start, end], cal) - paused)
  return Math.round((ms / DAY_MS) * 100) / 100
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  const m = s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
  return Math.round(m * 100) / 100
}

// ── figures ─────────────────────────────────────────────────────────────

export type ByChannel = Record<Channel, number>
export type ByOutcome = Record<Outcome, number>
const zeroChannels = (): ByChannel => ({ portal: 0, walk_in: 0 })
const zeroOutcomes = (): ByOutcome => ({ approved: 0, refused: 0, returned: 0 })

export interface DayFigures {
  date: string
  received: ByChannel
  decided: ByOutcome
  /** Pending at the end of the day. */
  backlog: number
  /** Of the backlog: clock running and past the deadline at the end of the day. */
  overdue: number
}

/** Index of the first of the sorted `ends` greater than `x`. */
function upperBound(ends: readonly number[], x: number): number {
  let lo = 0
  let hi = ends.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((ends[mid] as number) <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * One entry per day of the period (days with nothing happening included, as zeros). The backlog and
 * overdue of each day are isPendingAt / isOverdueAt at the end of that day, computed as ranges of
 * days per application (a difference array), so a year of days costs no more than a week.
 */
export function dailyFigures(rows: Iterable<ReportRow>, filter: ReportFilter, cal: WorkCalendar): DayFigures[] {
  const days = periodDays(filter.period)
  const index = new Map(days.map((d, i) => [d, i]))
  const ends = days.map((d) => endOfDayMs(d, cal))
  const out: DayFigures[] = days.map((date) => ({ date, received: zeroChannels(), decided: zeroOutcomes(), backlog: 0, overdue: 0 }))
  const backlog = new Array<number>(days.length + 1).fill(0)
  const overdue = new Array<number>(days.length + 1).fill(0)
  // +n over the days whose end lies in (a, b].
  const add = (diff: number[], a: number, b: number, n: number): void => {
    const from = upperBound(ends, a)
    const to = upperBound(ends, b)
    if (to <= from) return
    diff[from] = (diff[from] as number) + n
    diff[to] = (diff[to] as number) - n
  }
  for (const row of rows) {
    if (!matchesFilter(row, filter)) continue
    const r = index.get(dayOf(row.receivedAt, cal))
    if (r !== undefined) (out[r] as DayFigures).received[row.channel]++
    if (row.decidedAt !== null && row.outcome !== null) {
      const d = index.get(dayOf(row.decidedAt, cal))
      if (d !== undefined) (out[d] as DayFigures).decided[row.outcome]++
    }
    // Pending at an end E: received < E <= decided.
    const received = instantMs(row.receivedAt)
    const decided = row.decidedAt === null ? Infinity : instantMs(row.decidedAt)
    add(backlog, received, decided, 1)
    // Overdue at E: also due < E, and E not inside a pause (from < E <= to).
    const lo = Math.max(received, instantMs(row.dueAt))
    if (lo >= decided) continue
    add(overdue, lo, decided, 1)
    const pauses = row.pauses
      .map((p): Interval => [Math.max(lo, instantMs(p.from)), Math.min(decided, p.to === null ? Infinity : instantMs(p.to))])
      .filter(([a, b]) => b > a)
      .sort((x, y) => x[0] - y[0])
    const joined: Interval[] = []
    for (const [a, b] of pauses) {
      const last = joined[joined.length - 1]
      if (last && a <= last[1]) last[1] = Math.max(last[1], b)
      else joined.push([a, b])
    }
    for (const [a, b] of joined) add(overdue, a, b, -1)
  }
  let pending = 0
  let late = 0
  out.forEach((day, i) => {
    pending += backlog[i] as number
    late += overdue[i] as number
    day.backlog = pending
    day.overdue = late
  })
  return out
}

export interface ServiceFigures {
  serviceId: string
  received: number
  decided: ByOutcome
  withinTerm: number
  /** Decided late in the period + pending, running and past due at its end. */
  overdue: number
  /** Median processing time (working days) of the applications decided in the period. */
  medianWorkingDays: number | null
}

/** The quarterly report's lines: one per service that had anything in the period, sorted by id. */
export function serviceFigures(rows: Iterable<ReportRow>, filter: ReportFilter, cal: WorkCalendar): ServiceFigures[] {
  const endMs = endOfDayMs(filter.period.to, cal)
  const acc = new Map<string, { f: ServiceFigures; times: number[] }>()
  const get = (serviceId: string) => {
    let e = acc.get(serviceId)
    if (!e) {
      e = { f: { serviceId, received: 0, decided: zeroOutcomes(), withinTerm: 0, overdue: 0, medianWorkingDays: null }, times: [] }
      acc.set(serviceId, e)
    }
    return e
  }
  for (const row of rows) {
    if (!matchesFilter(row, filter)) continue
    if (inPeriod(row.receivedAt, filter.period, cal)) get(row.serviceId).f.received++
    if (row.outcome !== null && inPeriod(row.decidedAt, filter.period, cal)) {
      const e = get(row.serviceId)
      e.f.decided[row.outcome]++
      if (decidedWithinTerm(row)) e.f.withinTerm++
      else e.f.overdue++
      e.times.push(processingWorkingDays(row, cal) ?? 0)
    } else if (isOverdueAt(row, endMs)) {
      get(row.serviceId).f.overdue++
    }
  }
  return [...acc.values()]
    .map((e) => ({ ...e.f, medianWorkingDays: median(e.times) }))
    .sort((a, b) => (a.serviceId < b.serviceId ? -1 : a.serviceId > b.serviceId ? 1 : 0))
}

export interface HolderWorkload {
  clerkId: string
  name: string
  pending: number
  overdue: number
}

/** Pending applications per current holder at `now`, the busiest first. */
export function workload(rows: Iterable<ReportRow>, nowIso: string): HolderWorkload[] {
  const nowMs = instantMs(nowIso, 'now')
  const acc = new Map<string, HolderWorkload>()
  for (const row of rows) {
    if (row.holderClerkId === null || !isPendingAt(row, nowMs)) continue
    let w = acc.get(row.holderClerkId)
    if (!w) {
      w = { clerkId: row.holderClerkId, name: row.holderName ?? row.holderClerkId, pending: 0, overdue: 0 }
      acc.set(row.holderClerkId, w)
    }
    w.pending++
    if (isOverdueAt(row, nowMs)) w.overdue++
  }
  return [...acc.values()].sort((a, b) => b.pending - a.pending || (a.clerkId < b.clerkId ? -1 : 1))
}

// ── drilling into a figure ──────────────────────────────────────────────

/**
 * The figures a click on the dashboard opens in the queue, each with exactly the applications it
 * counted: `inSlice` is the same predicate the counting functions above apply.
 *   received / decided / within_term / overdue: over the period (as serviceFigures counts them);
 *   backlog_at_end / overdue_at_end: at the end of the period's last day (a day of the backlog chart: from = to);
 *   pending_now / overdue_now: at `now` (the stat cards and the workload per clerk).
 */
export const REPORT_FIGURES = [
  'received',
  'decided',
  'within_term',
  'overdue',
  'backlog_at_end',
  'overdue_at_end',
  'pending_now',
  'overdue_now'
] as const
export type ReportFigure = (typeof REPORT_FIGURES)[number]

export const reportSliceSchema = z.strictObject({
  figure: z.enum(REPORT_FIGURES),
  period: reportPeriodSchema,
  serviceIds: z.array(z.string().min(1)).max(500).optional(),
  channels: z.array(z.enum(CHANNELS)).optional(),
  holderClerkIds: z.array(z.string().min(1)).max(500).optional(),
  outcome: z.enum(OUTCOMES).optional()
})
export type ReportSlice = z.infer<typeof reportSliceSchema>

export function inSlice(row: ReportRow, slice: ReportSlice, cal: WorkCalendar, nowIso: string): boolean {
  if (!matchesFilter(row, slice)) return false
  if (slice.outcome !== undefined && row.outcome !== slice.outcome) return false
  const endMs = endOfDayMs(slice.period.to, cal)
  const decidedInPeriod = row.outcome !== null && inPeriod(row.decidedAt, slice.period, cal)
  switch (slice.figure) {
    case 'received':
      return inPeriod(row.receivedAt, slice.period, cal)
    case 'decided':
      return decidedInPeriod
    case 'within_term':
      return decidedInPeriod && decidedWithinTerm(row) === true
    case 'overdue':
      return decidedInPeriod ? decidedWithinTerm(row) === false : isOverdueAt(row, endMs)
    case 'backlog_at_end':
      return isPendingAt(row, endMs)
    case 'overdue_at_end':
      return isOverdueAt(row, endMs)
    case 'pending_now':
      return isPendingAt(row, instantMs(nowIso, 'now'))
    case 'overdue_now':
      return isOverdueAt(row, instantMs(nowIso, 'now'))
  }
}
