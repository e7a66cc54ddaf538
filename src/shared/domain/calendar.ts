import { z } from 'zod'
import { dateTimeFormat } from '../intl-format'

/**
 * The working calendar behind every deadline (domain.md, "Deadlines"). Which days are days off is
 * data, never logic: a centre's administrator edits it, and martial law switches public holidays
 * on and off as a whole.
 *
 * Dates are `YYYY-MM-DD` strings meaning a local calendar date in `timeZone`; instants are ISO 8601
 * strings with an explicit offset. Day arithmetic on dates is done in UTC, where every day has
 * 24 hours, and the time zone is consulted only to turn a date into an instant or back, so daylight
 * saving time cannot shift a date by one.
 */
export interface WorkCalendar {
  /** IANA zone, e.g. `Europe/Kyiv`. */
  timeZone: string
  /** 0 = Sunday … 6 = Saturday. */
  weekendDays: readonly number[]
  /** Public holidays (`YYYY-MM-DD`), including days off carried over from a holiday on a weekend. */
  holidays: readonly string[]
  /**
   * Under martial law (since 24 February 2022; Law 2136-IX art. 6 suspends Labour Code art. 73 and
   * art. 67 part 3) public holidays and the days off carried over from them are ordinary working
   * days. `true` makes `holidays` ignored as a whole; `extraDaysOff` still apply.
   */
  holidaysAreWorkingDays: boolean
  /** Days off that apply regardless of martial law: a centre's own closures, declared days off. */
  extraDaysOff: readonly string[]
  /** Local hour the centre closes; "by the end of the working day" means this hour. */
  workdayEndHour: number
}

/**
 * Ukraine's public holidays 2025–2027 (Labour Code art. 73 as amended in 2023: Christmas on 25
 * December, Statehood Day on 15 July, Defenders' Day on 1 October, 8 May instead of 9 May), plus the
 * Monday (or next working day) off that art. 67 gives when a holiday falls on a weekend. Easter and
 * Trinity follow the Orthodox Paschalion, which the 2023 church calendar reform did not change.
 *
 * This is default data, not law encoded in logic: check it against the Labour Code and the Cabinet's
 * orders each year and override it in the centre's settings. Under martial law none of these days
 * is a day off anyway (see `holidaysAreWorkingDays`).
 */
export const UKRAINE_PUBLIC_HOLIDAYS_2025_2027: readonly string[] = [
  // 2025
  '2025-01-01', // Новий рік
  '2025-03-08', // Міжнародний жіночий день (Saturday)
  '2025-03-10', //   carried over from 8 March
  '2025-04-20', // Великдень
  '2025-04-21', //   carried over from Easter Sunday
  '2025-05-01', // День праці
  '2025-05-08', // День пам'яті та перемоги над нацизмом у Другій світовій війні
  '2025-06-08', // Трійця
  '2025-06-09', //   carried over from Trinity Sunday
  '2025-06-28', // День Конституції (Saturday)
  '2025-06-30', //   carried over
  '2025-07-15', // День Української Державності
  '2025-08-24', // День Незалежності (Sunday)
  '2025-08-25', //   carried over
  '2025-10-01', // День захисників і захисниць
  '2025-12-25', // Різдво Христове
  // 2026
  '2026-01-01',
  '2026-03-08', // Sunday
  '2026-03-09', //   carried over
  '2026-04-12', // Великдень
  '2026-04-13', //   carried over
  '2026-05-01',
  '2026-05-08',
  '2026-05-31', // Трійця
  '2026-06-01', //   carried over
  '2026-06-28', // Sunday
  '2026-06-29', //   carried over
  '2026-07-15',
  '2026-08-24',
  '2026-10-01',
  '2026-12-25',
  // 2027
  '2027-01-01',
  '2027-03-08',
  '2027-05-01', // Saturday
  '2027-05-02', // Великдень
  '2027-05-03', //   carried over from 1 May
  '2027-05-04', //   carried over from Easter (as in 2021, when both fell on one weekend)
  '2027-05-08', // Saturday
  '2027-05-10', //   carried over
  '2027-06-20', // Трійця
  '2027-06-21', //   carried over
  '2027-06-28',
  '2027-07-15',
  '2027-08-24',
  '2027-10-01',
  '2027-12-25', // Saturday
  '2027-12-27' //   carried over
]

export const DEFAULT_CALENDAR: WorkCalendar = {
  timeZone: 'Europe/Kyiv',
  weekendDays: [0, 6],
  holidays: UKRAINE_PUBLIC_HOLIDAYS_2025_2027,
  holidaysAreWorkingDays: true,
  extraDaysOff: [],
  workdayEndHour: 18
}

// ── dates ──────────────────────────────────────────────────────────────

const DAY_MS = 86_400_000
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

function utcMsOfDate(date: string): number | null {
  const m = DATE_RE.exec(date)
  if (!m) return null
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  // Date.UTC rolls 2026-02-30 over to March; a date that does not round-trip is not a date.
  return dateOfUtcMs(ms) === date ? ms : null
}

function dateOfUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

export function isIsoDate(date: string): boolean {
  return utcMsOfDate(date) !== null
}

function requireDate(date: string, what: string): number {
  const ms = utcMsOfDate(date)
  if (ms === null) throw new RangeError(`${what}: expected a real date YYYY-MM-DD, got ${JSON.stringify(date)}`)
  return ms
}

/** `date` plus `n` calendar days (n may be negative). */
export function addCalendarDays(date: string, n: number): string {
  return dateOfUtcMs(requireDate(date, 'addCalendarDays') + n * DAY_MS)
}

/** Signed number of calendar days from `fromDate` to `toDate`. */
export function calendarDaysBetween(fromDate: string, toDate: string): number {
  return Math.round((requireDate(toDate, 'calendarDaysBetween') - requireDate(fromDate, 'calendarDaysBetween')) / DAY_MS)
}

// ── instants and time zones ────────────────────────────────────────────

// Only full ISO 8601 with an offset: an instant without one would be read in the machine's own zone,
// which differs between the portal server and a workstation.
const INSTANT_RE = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/

/** Milliseconds since the epoch of an ISO instant with offset; RangeError otherwise. */
export function instantMs(instantIso: string, what = 'instant'): number {
  const m = INSTANT_RE.exec(instantIso)
  const ms = m && m[1] !== undefined && isIsoDate(m[1]) ? Date.parse(instantIso) : NaN
  if (Number.isNaN(ms)) {
    throw new RangeError(
      `${what}: expected an ISO 8601 instant with offset (e.g. 2026-03-02T09:30:00+02:00), got ${JSON.stringify(instantIso)}`
    )
  }
  return ms
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  return dateTimeFormat(`calendar|${timeZone}`, 'en-CA', () => ({
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23'
  }))
}

interface WallTime {
  date: string
  hour: number
  minute: number
  second: number
  /** The wall time read as if it were UTC: differences between these ignore DST. */
  wallMs: number
}

function wallTime(ms: number, timeZone: string): WallTime {
  const p: Record<string, string> = {}
  for (const part of formatterFor(timeZone).formatToParts(ms)) p[part.type] = part.value
  const date = `${p.year}-${p.month}-${p.day}`
  const hour = Number(p.hour)
  const minute = Number(p.minute)
  const second = Number(p.second)
  const wallMs = requireDate(date, 'wallTime') + ((hour * 60 + minute) * 60 + second) * 1000 + (((ms % 1000) + 1000) % 1000)
  return { date, hour, minute, second, wallMs }
}

function offsetMsAt(ms: number, timeZone: string): number {
  return wallTime(ms, timeZone).wallMs - ms
}

/**
 * The local wall time of `ms` read as if it were UTC. Differences between two such values measure
 * wall-clock time, so a day is 24 hours even when DST makes it 23 or 25.
 */
export function wallMsOf(ms: number, timeZone: string): number {
  return wallTime(ms, timeZone).wallMs
}

/**
 * The instant at local wall time `hour:minute:second` of `date`. For a wall time that DST skips
 * (none of the times Vikno asks for in Kyiv), the result is the same distance past the transition.
 */
export function localTimeToMs(date: string, hour: number, minute: number, second: number, timeZone: string): number {
  const target = requireDate(date, 'localTimeToMs') + ((hour * 60 + minute) * 60 + second) * 1000
  // The offset at the wall time read as UTC can be the wrong side of a DST change; the offset at the
  // first guess is the right one for every wall time that exists.
  const guess = target - offsetMsAt(target, timeZone)
  return target - offsetMsAt(guess, timeZone)
}

/** ISO instant in the zone's local time with its offset, e.g. `2026-11-30T23:59:59+02:00`. */
export function formatInstant(ms: number, timeZone: string): string {
  const w = wallTime(ms, timeZone)
  const offsetMin = Math.round((w.wallMs - ms) / 60_000)
  const sign = offsetMin < 0 ? '-' : '+'
  const abs = Math.abs(offsetMin)
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0')
  const millis = ((ms % 1000) + 1000) % 1000
  const frac = millis === 0 ? '' : `.${pad(millis, 3)}`
  return `${w.date}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${frac}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

/** The local calendar date of an instant in the calendar's zone. */
export function kyivDate(instantIso: string, cal: WorkCalendar): string {
  return wallTime(instantMs(instantIso, 'kyivDate'), cal.timeZone).date
}

/** Local date of an instant given in milliseconds. */
export function localDateOfMs(ms: number, cal: WorkCalendar): string {
  return wallTime(ms, cal.timeZone).date
}

/** The last second of `date` in the calendar's zone. */
export function endOfLocalDay(date: string, cal: WorkCalendar): string {
  return formatInstant(localTimeToMs(date, 23, 59, 59, cal.timeZone), cal.timeZone)
}

// ── working days ───────────────────────────────────────────────────────

interface CalendarIndex {
  weekend: ReadonlySet<number>
  off: ReadonlySet<string>
}
const indexes = new WeakMap<WorkCalendar, CalendarIndex>()
function indexOf(cal: WorkCalendar): CalendarIndex {
  let idx = indexes.get(cal)
  if (!idx) {
    const off = new Set(cal.extraDaysOff)
    if (!cal.holidaysAreWorkingDays) for (const h of cal.holidays) off.add(h)
    idx = { weekend: new Set(cal.weekendDays), off }
    indexes.set(cal, idx)
  }
  return idx
}

export function isWorkingDay(date: string, cal: WorkCalendar): boolean {
  const ms = requireDate(date, 'isWorkingDay')
  const idx = indexOf(cal)
  return !idx.weekend.has(new Date(ms).getUTCDay()) && !idx.off.has(date)
}

// A misconfigured calendar (every weekday a weekend) must fail loudly instead of looping forever.
const MAX_DAYS_OFF_IN_A_ROW = 366

function nextWorkingDayFrom(date: string, cal: WorkCalendar): string {
  let d = date
  for (let i = 0; i <= MAX_DAYS_OFF_IN_A_ROW; i++) {
    if (isWorkingDay(d, cal)) return d
    d = addCalendarDays(d, 1)
  }
  throw new RangeError(`The working calendar has no working day within a year after ${date}: check weekendDays and days off`)
}

/**
 * The n-th working day after `date`. n = 0 gives `date` itself when it is a working day, otherwise
 * the next working day.
 */
export function addWorkingDays(date: string, n: number, cal: WorkCalendar): string {
  requireDate(date, 'addWorkingDays')
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`addWorkingDays: n must be a non-negative integer, got ${n}`)
  if (n === 0) return nextWorkingDayFrom(date, cal)
  let d = date
  for (let i = 0; i < n; i++) d = nextWorkingDayFrom(addCalendarDays(d, 1), cal)
  return d
}

/**
 * Working days after `fromDate` up to and including `toDate`; negative when `toDate` is earlier,
 * so that workingDaysBetween(a, b) === -workingDaysBetween(b, a).
 */
export function workingDaysBetween(fromDate: string, toDate: string, cal: WorkCalendar): number {
  const span = calendarDaysBetween(fromDate, toDate)
  const [start, days, sign] = span >= 0 ? [fromDate, span, 1] : [toDate, -span, -1]
  let count = 0
  let d = start
  for (let i = 0; i < days; i++) {
    d = addCalendarDays(d, 1)
    if (isWorkingDay(d, cal)) count++
  }
  // Never −0: it would print as "-0" in a template.
  return count === 0 ? 0 : sign * count
}

// ── settings ───────────────────────────────────────────────────────────

function isKnownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

const calendarDateSchema = z.string().refine(isIsoDate, 'Дата у форматі РРРР-ММ-ДД')

/** Validates a calendar coming from the settings file or the administrator's screen. */
export const calendarSchema = z.strictObject({
  timeZone: z.string().min(1).refine(isKnownTimeZone, 'Невідомий часовий пояс'),
  weekendDays: z
    .array(z.number().int().min(0).max(6))
    .max(6, 'Хоча б один день тижня має бути робочим')
    .refine((days) => new Set(days).size === days.length, 'Вихідні дні не повинні повторюватися'),
  holidays: z.array(calendarDateSchema),
  holidaysAreWorkingDays: z.boolean(),
  extraDaysOff: z.array(calendarDateSchema),
  workdayEndHour: z.number().int().min(1, 'Година від 1 до 24').max(24, 'Година від 1 до 24')
}) satisfies z.ZodType<WorkCalendar>
