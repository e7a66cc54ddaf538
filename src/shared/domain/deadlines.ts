import {
  addCalendarDays,
  addWorkingDays,
  calendarDaysBetween,
  endOfLocalDay,
  formatInstant,
  instantMs,
  isWorkingDay,
  localDateOfMs,
  localTimeToMs,
  wallMsOf,
  workingDaysBetween,
  type WorkCalendar
} from './calendar'

/**
 * Legal deadlines of an application (domain.md, "Deadlines"). Every function is pure: the current
 * time and the calendar are arguments, so the portal and an offline workstation compute the same
 * deadline from the same record.
 *
 * Units, as the service card states them:
 * - `same_day`: by the centre's closing hour (`workdayEndHour`) on the day of receipt. Received on a
 *   day off, or on a working day at or after closing time (an evening portal submission), it is due
 *   by closing time of the next working day.
 * - `hours`: N hours of elapsed time counted only on working days (whole days, not office hours):
 *   "24 hours excluding weekends and holidays" received Friday 15:00 is due Monday 15:00, or Tuesday
 *   15:00 when Monday is a day off. Received on a day off, the clock starts at 00:00 of the next
 *   working day. Hours are physical: a DST night that is 23 hours long counts as 23.
 * - `working_days`: by the end (23:59:59 local) of the N-th working day after the day of receipt.
 * - `calendar_days`: by the end of the day of receipt + N days. If that day is a day off, the term
 *   ends on the next working day, as Ukrainian law moves the last day of a term (Civil Code
 *   art. 254 part 5; the procedural codes say the same).
 *
 * Pauses (waiting for the applicant's corrections) stop the clock and push the deadline later:
 * - `calendar_days`: by the calendar days of each pause, every started 24 hours of wall-clock time
 *   counting as a whole day (a pause from 10:00 to 15:00 the same day moves it by 1 day);
 * - `working_days`: by the working time inside the pauses (time on days off does not count), summed
 *   and rounded up to whole working days;
 * - `hours`: by the working time inside the pauses, exactly;
 * - `same_day`: the corrected application is handled as if received when the last pause ended.
 * An open pause (`to: null`) contributes nothing yet: the record keeps the deadline it had when the
 * clock stopped and the UI shows "paused"; closing the pause recomputes it. Pauses are clipped to
 * the receipt instant and overlapping pauses count once.
 */
export type TermUnit = 'same_day' | 'hours' | 'working_days' | 'calendar_days'
export interface Term {
  value: number | null
  unit: TermUnit | null
}
export interface Pause {
  from: string
  to: string | null
}

/** Law 5203-VI art. 10: when no special law sets a term, at most 30 calendar days. */
export const DEFAULT_TERM: Term = { value: 30, unit: 'calendar_days' }

const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000

/**
 * The term to apply. A card without a term, without a unit, or with a unit that needs a number but
 * has none gets the statutory default: an unknown term must not silently become "no deadline".
 * `same_day` needs no number and is normalised to value 0.
 */
export function effectiveTerm(term: Term | null): Term {
  if (term === null || term.unit === null) return DEFAULT_TERM
  if (term.unit === 'same_day') return { value: 0, unit: 'same_day' }
  if (term.value === null) return DEFAULT_TERM
  return { value: term.value, unit: term.unit }
}

function validatedValue(term: Term): number {
  const v = term.value ?? 0
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`Term value must be a non-negative number, got ${v}`)
  if (term.unit !== 'hours' && !Number.isInteger(v)) {
    throw new RangeError(`A term in ${term.unit} must be a whole number, got ${v}`)
  }
  return v
}

type Interval = readonly [number, number]

/** Closed pauses as [from, to] milliseconds after receipt, sorted and merged. */
function closedPauses(pauses: readonly Pause[], receivedMs: number): Interval[] {
  const raw: Interval[] = []
  pauses.forEach((p, i) => {
    const from = instantMs(p.from, `pauses[${i}].from`)
    if (p.to === null) return
    const to = instantMs(p.to, `pauses[${i}].to`)
    if (to < from) throw new RangeError(`pauses[${i}] ends (${p.to}) before it starts (${p.from})`)
    const start = Math.max(from, receivedMs)
    if (to > start) raw.push([start, to])
  })
  raw.sort((a, b) => a[0] - b[0])
  const merged: [number, number][] = []
  for (const [a, b] of raw) {
    const last = merged[merged.length - 1]
    if (last && a <= last[1]) last[1] = Math.max(last[1], b)
    else merged.push([a, b])
  }
  return merged
}

function startOfDayMs(date: string, cal: WorkCalendar): number {
  return localTimeToMs(date, 0, 0, 0, cal.timeZone)
}

/** Elapsed milliseconds of [a, b] that fall on working days. */
function workingElapsedMs([a, b]: Interval, cal: WorkCalendar): number {
  let total = 0
  const last = localDateOfMs(b, cal)
  for (let d = localDateOfMs(a, cal); d <= last; d = addCalendarDays(d, 1)) {
    if (!isWorkingDay(d, cal)) continue
    const lo = Math.max(a, startOfDayMs(d, cal))
    const hi = Math.min(b, startOfDayMs(addCalendarDays(d, 1), cal))
    if (hi > lo) total += hi - lo
  }
  return total
}

/** Wall-clock milliseconds of [a, b] that fall on working days: a whole working day is always 24 h. */
function workingWallMs([a, b]: Interval, cal: WorkCalendar): number {
  let total = 0
  const wa = wallMsOf(a, cal.timeZone)
  const wb = wallMsOf(b, cal.timeZone)
  const first = localDateOfMs(a, cal)
  const last = localDateOfMs(b, cal)
  for (let d = first; d <= last; d = addCalendarDays(d, 1)) {
    if (!isWorkingDay(d, cal)) continue
    const dayWall = Date.parse(`${d}T00:00:00Z`)
    const lo = d === first ? wa : dayWall
    const hi = d === last ? wb : dayWall + DAY_MS
    if (hi > lo) total += hi - lo
  }
  return total
}

/** `startMs` plus `durationMs` of time elapsing on working days only. */
function addWorkingTime(startMs: number, durationMs: number, cal: WorkCalendar): number {
  let remaining = durationMs
  let cursor = startMs
  let d = localDateOfMs(startMs, cal)
  let daysOffInARow = 0
  for (;;) {
    const dayEnd = startOfDayMs(addCalendarDays(d, 1), cal)
    if (isWorkingDay(d, cal)) {
      daysOffInARow = 0
      const available = dayEnd - cursor
      if (remaining < available) return cursor + remaining
      // Ending exactly at midnight: report the last second of this working day, not 00:00 of a
      // day that may be a day off, so the deadline's date is the day the time ran out.
      if (remaining === available) return dayEnd - 1000
      remaining -= available
    } else if (++daysOffInARow > 366) {
      throw new RangeError('The working calendar has no working day within a year: check weekendDays and days off')
    }
    cursor = dayEnd
    d = addCalendarDays(d, 1)
  }
}

function atClosingTime(date: string, cal: WorkCalendar): string {
  return formatInstant(localTimeToMs(date, cal.workdayEndHour, 0, 0, cal.timeZone), cal.timeZone)
}

function sameDayDue(fromMs: number, cal: WorkCalendar): string {
  const date = localDateOfMs(fromMs, cal)
  const closesAt = Date.parse(`${date}T00:00:00Z`) + cal.workdayEndHour * HOUR_MS
  const inOpeningHours = isWorkingDay(date, cal) && wallMsOf(fromMs, cal.timeZone) < closesAt
  return atClosingTime(inOpeningHours ? date : addWorkingDays(date, 1, cal), cal)
}

export function computeDueAt(input: { receivedAt: string; term: Term | null; pauses: readonly Pause[]; calendar: WorkCalendar }): string {
  const cal = input.calendar
  const receivedMs = instantMs(input.receivedAt, 'receivedAt')
  const term = effectiveTerm(input.term)
  const value = validatedValue(term)
  const pauses = closedPauses(input.pauses, receivedMs)
  const receiptDate = localDateOfMs(receivedMs, cal)

  switch (term.unit) {
    case 'same_day': {
      const last = pauses[pauses.length - 1]
      return sameDayDue(last ? Math.max(receivedMs, last[1]) : receivedMs, cal)
    }
    case 'hours': {
      const paused = pauses.reduce((sum, p) => sum + workingElapsedMs(p, cal), 0)
      const due = addWorkingTime(receivedMs, Math.round(value * HOUR_MS) + paused, cal)
      return formatInstant(due, cal.timeZone)
    }
    case 'working_days': {
      const pausedWall = pauses.reduce((sum, p) => sum + workingWallMs(p, cal), 0)
      const shift = Math.ceil(pausedWall / DAY_MS)
      const base = addWorkingDays(receiptDate, value, cal)
      return endOfLocalDay(shift > 0 ? addWorkingDays(base, shift, cal) : base, cal)
    }
    case 'calendar_days':
    case null: {
      const pausedDays = pauses.reduce(
        (sum, [a, b]) => sum + Math.ceil((wallMsOf(b, cal.timeZone) - wallMsOf(a, cal.timeZone)) / DAY_MS),
        0
      )
      const lastDay = addCalendarDays(receiptDate, value + pausedDays)
      return endOfLocalDay(addWorkingDays(lastDay, 0, cal), cal)
    }
  }
}

/**
 * Art. 13 of Law 5203-VI: the clerk passes the documents to the deciding body no later than the next
 * working day after receipt — by its closing hour, since documents are handed to people at work.
 */
export function forwardDueAt(forwardedFrom: string, cal: WorkCalendar): string {
  const receiptDate = localDateOfMs(instantMs(forwardedFrom, 'forwardedFrom'), cal)
  return atClosingTime(addWorkingDays(receiptDate, 1, cal), cal)
}

export type TimeLeft =
  | { state: 'paused' }
  /** Calendar days since the deadline's local date, at least 1 as soon as the deadline has passed. */
  | { state: 'overdue'; days: number }
  /** Whole hours left, rounded up so that "0" appears only at the deadline itself. */
  | { state: 'due_today'; hours: number }
  /** `soon` when at most 2 working days are left, so the list can warn before the last day. */
  | { state: 'left'; workingDays: number; calendarDays: number; soon: boolean }

export function timeLeft(input: { dueAt: string; now: string; paused: boolean; calendar: WorkCalendar }): TimeLeft {
  const cal = input.calendar
  const dueMs = instantMs(input.dueAt, 'dueAt')
  const nowMs = instantMs(input.now, 'now')
  if (input.paused) return { state: 'paused' }
  const dueDate = localDateOfMs(dueMs, cal)
  const nowDate = localDateOfMs(nowMs, cal)
  if (nowMs > dueMs) return { state: 'overdue', days: Math.max(1, calendarDaysBetween(dueDate, nowDate)) }
  if (dueDate === nowDate) return { state: 'due_today', hours: Math.ceil((dueMs - nowMs) / HOUR_MS) }
  const workingDays = workingDaysBetween(nowDate, dueDate, cal)
  return { state: 'left', workingDays, calendarDays: calendarDaysBetween(nowDate, dueDate), soon: workingDays <= 2 }
}
