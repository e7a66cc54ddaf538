import { addCalendarDays, addWorkingDays, isWorkingDay, wallMsOf, type WorkCalendar } from '../domain/calendar'
import { Rng } from './rng'

/** How far back received dates go. */
export const DEMO_WINDOW_DAYS = 120

// ── time ───────────────────────────────────────────────────────────────

export const MINUTE = 60_000
export const HOUR = 3_600_000
export const DAY = 86_400_000
export const OPENS = 8
export const CLOSES = 18

/**
 * Local time arithmetic for the generator's own timestamps. Time-zone offsets are looked up once
 * per calendar day (Intl is the slow part of generating a million records); every time generated
 * here is between 08:00 and 20:00, far from the 03:00–04:00 daylight-saving switch.
 */
export class LocalClock {
  private readonly offsets = new Map<number, number>()
  private readonly offsetText = new Map<number, string>()
  private readonly midnights = new Map<string, number>()
  private readonly working = new Map<string, boolean>()
  private readonly nextWorking = new Map<string, string>()
  constructor(private readonly cal: WorkCalendar) {}

  private offsetOf(ms: number): number {
    const day = Math.floor(ms / DAY)
    let off = this.offsets.get(day)
    if (off === undefined) {
      const noon = day * DAY + 12 * HOUR
      off = wallMsOf(noon, this.cal.timeZone) - noon
      this.offsets.set(day, off)
    }
    return off
  }
  /** Local date and milliseconds since local midnight. */
  local(ms: number): { date: string; sinceMidnight: number } {
    const wall = ms + this.offsetOf(ms)
    const midnight = Math.floor(wall / DAY) * DAY
    return { date: new Date(midnight).toISOString().slice(0, 10), sinceMidnight: wall - midnight }
  }
  /** The instant of local `hour:minute` on `date`. */
  at(date: string, hour: number, minute: number): number {
    let midnight = this.midnights.get(date)
    if (midnight === undefined) {
      midnight = Date.parse(`${date}T00:00:00Z`)
      this.midnights.set(date, midnight)
    }
    const wall = midnight + hour * HOUR + minute * MINUTE
    return wall - this.offsetOf(wall)
  }
  isWorkingDay(date: string): boolean {
    let open = this.working.get(date)
    if (open === undefined) {
      open = isWorkingDay(date, this.cal)
      this.working.set(date, open)
    }
    return open
  }
  nextWorkingDay(date: string): string {
    let next = this.nextWorking.get(date)
    if (next === undefined) {
      next = addWorkingDays(date, 1, this.cal)
      this.nextWorking.set(date, next)
    }
    return next
  }
  /** Same text as calendar.formatInstant for whole seconds. */
  iso(ms: number): string {
    const whole = Math.floor(ms / 1000) * 1000
    const off = this.offsetOf(whole)
    let text = this.offsetText.get(off)
    if (text === undefined) {
      const minutes = Math.round(off / MINUTE)
      const abs = Math.abs(minutes)
      text = `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
      this.offsetText.set(off, text)
    }
    return `${new Date(whole + off).toISOString().slice(0, 19)}${text}`
  }
  /** `ms`, or the next moment the centre is open when `ms` falls outside working hours. */
  workingMoment(rng: Rng, ms: number): number {
    const { date, sinceMidnight } = this.local(ms)
    const open = this.isWorkingDay(date)
    if (open && sinceMidnight >= OPENS * HOUR && sinceMidnight < CLOSES * HOUR) return ms
    const day = open && sinceMidnight < OPENS * HOUR ? date : this.nextWorkingDay(date)
    return this.at(day, 9, rng.int(0, 150))
  }
}

export interface ReceptionDay {
  start: number
  end: number
}

/** Opening hours of every working day in the window, the last one cut at `now`. */
export function receptionDays(clock: LocalClock, nowMs: number): ReceptionDay[] {
  const today = clock.local(nowMs).date
  const days: ReceptionDay[] = []
  for (let d = addCalendarDays(today, -DEMO_WINDOW_DAYS); d <= today; d = addCalendarDays(d, 1)) {
    if (!clock.isWorkingDay(d)) continue
    const start = clock.at(d, OPENS, 0)
    const end = Math.min(clock.at(d, CLOSES, 0), nowMs - 5 * MINUTE)
    if (end > start) days.push({ start, end })
  }
  if (days.length === 0)
    throw new RangeError(`generateDemo: no working hours in the ${DEMO_WINDOW_DAYS} days before ${new Date(nowMs).toISOString()}`)
  return days
}
