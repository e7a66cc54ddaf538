import { describe, expect, it } from 'vitest'
import {
  addCalendarDays,
  addWorkingDays,
  calendarDaysBetween,
  calendarSchema,
  DEFAULT_CALENDAR,
  endOfLocalDay,
  isWorkingDay,
  kyivDate,
  UKRAINE_PUBLIC_HOLIDAYS_2025_2027,
  workingDaysBetween,
  type WorkCalendar
} from './calendar'

const MARTIAL = DEFAULT_CALENDAR
const PEACETIME: WorkCalendar = { ...DEFAULT_CALENDAR, holidaysAreWorkingDays: false }
const weekday = (date: string): number => new Date(`${date}T12:00:00Z`).getUTCDay()

// Orthodox Easter by Meeus' Julian algorithm, then +13 days to the Gregorian calendar (1900–2099).
function orthodoxEaster(y: number): string {
  const d = (19 * (y % 19) + 15) % 30
  const e = (2 * (y % 4) + 4 * (y % 7) - d + 34) % 7
  const month = Math.floor((d + e + 114) / 31)
  const day = ((d + e + 114) % 31) + 1
  return new Date(Date.UTC(y, month - 1, day + 13)).toISOString().slice(0, 10)
}

describe('UKRAINE_PUBLIC_HOLIDAYS_2025_2027', () => {
  const list = UKRAINE_PUBLIC_HOLIDAYS_2025_2027

  it('is sorted, without duplicates, and made of real dates', () => {
    expect([...list].sort()).toEqual(list)
    expect(new Set(list).size).toBe(list.length)
    expect(calendarSchema.shape.holidays.safeParse(list).success).toBe(true)
  })

  it.each([2025, 2026, 2027])('%i has every fixed statutory holiday', (y) => {
    for (const md of ['01-01', '03-08', '05-01', '05-08', '06-28', '07-15', '08-24', '10-01', '12-25']) {
      expect(list).toContain(`${y}-${md}`)
    }
  })

  it.each([
    [2025, '2025-04-20', '2025-06-08'],
    [2026, '2026-04-12', '2026-05-31'],
    [2027, '2027-05-02', '2027-06-20']
  ])('%i: Easter %s and Trinity %s (Orthodox, Trinity = Easter + 49)', (y, easter, trinity) => {
    expect(orthodoxEaster(y)).toBe(easter)
    expect(addCalendarDays(easter, 49)).toBe(trinity)
    expect(list).toContain(easter)
    expect(list).toContain(trinity)
  })

  // Labour Code art. 67: a holiday on a weekend gives the next working day off (peacetime only).
  it('gives every weekend holiday a weekday off right after it', () => {
    for (const h of list.filter((d) => weekday(d) === 0 || weekday(d) === 6)) {
      const nextWeekday = [1, 2, 3].map((n) => addCalendarDays(h, n)).find((d) => weekday(d) !== 0 && weekday(d) !== 6)
      expect(list, `carry-over for ${h}`).toContain(nextWeekday)
    }
  })
})

describe('calendarSchema', () => {
  it('accepts the default calendar', () => {
    expect(calendarSchema.parse(DEFAULT_CALENDAR)).toEqual(DEFAULT_CALENDAR)
  })

  it.each<[string, Partial<Record<keyof WorkCalendar, unknown>> & Record<string, unknown>]>([
    ['an unknown time zone', { timeZone: 'Europe/Atlantis' }],
    ['an empty time zone', { timeZone: '' }],
    ['a whole week off', { weekendDays: [0, 1, 2, 3, 4, 5, 6] }],
    ['a repeated weekend day', { weekendDays: [6, 6] }],
    ['weekday 7', { weekendDays: [7] }],
    ['an impossible holiday', { holidays: ['2026-02-30'] }],
    ['a holiday in another format', { holidays: ['24.08.2026'] }],
    ['an impossible extra day off', { extraDaysOff: ['2026-13-01'] }],
    ['closing hour 0', { workdayEndHour: 0 }],
    ['closing hour 25', { workdayEndHour: 25 }],
    ['closing hour 17.5', { workdayEndHour: 17.5 }],
    ['a string for the martial-law switch', { holidaysAreWorkingDays: 'yes' }],
    ['an unknown key', { lunchBreak: 13 }]
  ])('rejects %s', (_, patch) => {
    expect(calendarSchema.safeParse({ ...DEFAULT_CALENDAR, ...patch }).success).toBe(false)
  })
})

describe('kyivDate', () => {
  it.each([
    ['2026-01-15T21:59:59Z', '2026-01-15'], // 23:59:59 in winter (UTC+2)
    ['2026-01-15T22:00:00Z', '2026-01-16'],
    ['2026-07-15T20:59:59Z', '2026-07-15'], // 23:59:59 in summer (UTC+3)
    ['2026-07-15T21:00:00Z', '2026-07-16'],
    ['2026-03-28T21:30:00Z', '2026-03-28'], // the night DST starts
    ['2026-03-28T22:30:00Z', '2026-03-29'],
    ['2026-10-24T20:30:00Z', '2026-10-24'], // the night DST ends
    ['2026-10-24T21:30:00Z', '2026-10-25'],
    ['2026-03-02T09:30:00+02:00', '2026-03-02'],
    ['2026-03-02T01:00:00+05:00', '2026-03-01'], // given in another zone
    ['2026-03-02T09:30:00.123+02:00', '2026-03-02']
  ])('%s → %s', (instant, date) => {
    expect(kyivDate(instant, MARTIAL)).toBe(date)
  })

  it.each([
    ['2026-03-02T09:30:00'], // no offset: would be read in the machine's own zone
    ['2026-03-02'],
    ['2026-02-30T10:00:00Z'],
    ['2026-03-02T24:00:00Z'],
    ['yesterday'],
    ['']
  ])('throws RangeError for %j', (instant) => {
    expect(() => kyivDate(instant, MARTIAL)).toThrow(RangeError)
  })
})

describe('isWorkingDay', () => {
  const closedOnTheDayOfTheCity: WorkCalendar = { ...MARTIAL, extraDaysOff: ['2026-05-27'] }
  it.each([
    ['2026-03-02', true, 'a Monday', MARTIAL],
    ['2026-03-07', false, 'a Saturday', MARTIAL],
    ['2026-03-08', false, 'a Sunday that is also a holiday', MARTIAL],
    ['2026-08-24', true, 'Independence Day under martial law', MARTIAL],
    ['2026-08-24', false, 'Independence Day in peacetime', PEACETIME],
    ['2026-06-01', true, 'Trinity carry-over under martial law', MARTIAL],
    ['2026-06-01', false, 'Trinity carry-over in peacetime', PEACETIME],
    ['2027-01-01', true, 'New Year under martial law', MARTIAL],
    ['2027-01-01', false, 'New Year in peacetime', PEACETIME],
    ['2026-05-27', false, 'an extra day off applies under martial law too', closedOnTheDayOfTheCity],
    ['2026-03-07', true, 'a Saturday where only Sunday is off', { ...MARTIAL, weekendDays: [0] }]
  ] as const)('%s working: %s (%s)', (date, expected, _, cal) => {
    expect(isWorkingDay(date, cal)).toBe(expected)
  })

  it.each(['2026-02-29', '2026-3-2', ''])('throws RangeError for %j', (date) => {
    expect(() => isWorkingDay(date, MARTIAL)).toThrow(RangeError)
  })
})

describe('addWorkingDays', () => {
  it.each([
    ['2026-03-04', 0, '2026-03-04', 'n = 0 on a working day: the same day', MARTIAL],
    ['2026-03-07', 0, '2026-03-09', 'n = 0 on a Saturday: Monday', MARTIAL],
    ['2026-03-07', 0, '2026-03-10', 'n = 0 on a Saturday, Monday carried over from 8 March', PEACETIME],
    ['2026-03-04', 1, '2026-03-05', 'next day', MARTIAL],
    ['2026-03-06', 1, '2026-03-09', 'Friday + 1: Monday', MARTIAL],
    ['2026-03-07', 1, '2026-03-09', 'Saturday + 1: Monday', MARTIAL],
    ['2026-08-21', 1, '2026-08-24', 'over Independence Day under martial law', MARTIAL],
    ['2026-08-21', 1, '2026-08-25', 'over Independence Day in peacetime', PEACETIME],
    ['2026-12-24', 2, '2026-12-29', 'over Christmas and a weekend', PEACETIME],
    ['2026-03-02', 10, '2026-03-16', 'two weeks', MARTIAL],
    ['2026-03-27', 1, '2026-03-30', 'over the DST weekend', MARTIAL]
  ] as const)('%s + %i → %s (%s)', (date, n, expected, _, cal) => {
    expect(addWorkingDays(date, n, cal)).toBe(expected)
  })

  it.each([-1, 1.5, Number.NaN])('throws RangeError for n = %d', (n) => {
    expect(() => addWorkingDays('2026-03-02', n, MARTIAL)).toThrow(RangeError)
  })

  it('throws instead of looping when no day of the week is a working day', () => {
    const broken: WorkCalendar = { ...MARTIAL, weekendDays: [0, 1, 2, 3, 4, 5, 6] }
    expect(() => addWorkingDays('2026-03-02', 1, broken)).toThrow(RangeError)
  })
})

describe('workingDaysBetween', () => {
  it.each([
    ['2026-03-02', '2026-03-02', 0, MARTIAL],
    ['2026-03-02', '2026-03-06', 4, MARTIAL], // Tue..Fri
    ['2026-03-06', '2026-03-09', 1, MARTIAL], // Fri → Mon
    ['2026-03-07', '2026-03-08', 0, MARTIAL], // Sat → Sun
    ['2026-03-06', '2026-03-10', 1, PEACETIME], // 9 March carried over from 8 March
    ['2026-03-06', '2026-03-10', 2, MARTIAL],
    ['2026-03-09', '2026-03-06', -1, MARTIAL],
    ['2026-03-06', '2026-03-02', -4, MARTIAL],
    ['2026-03-02', '2026-03-16', 10, MARTIAL]
  ] as const)('%s → %s = %i', (from, to, expected, cal) => {
    expect(workingDaysBetween(from, to, cal)).toBe(expected)
    expect(workingDaysBetween(to, from, cal)).toBe(expected === 0 ? 0 : -expected)
  })

  it.each([
    ['2026-03-02', '2026-04-01', 30],
    ['2026-04-01', '2026-03-02', -30],
    ['2026-03-28', '2026-03-30', 2]
  ])('calendarDaysBetween(%s, %s) = %i', (from, to, expected) => {
    expect(calendarDaysBetween(from, to)).toBe(expected)
  })
})

describe('endOfLocalDay', () => {
  it.each([
    ['2026-11-30', '2026-11-30T23:59:59+02:00', MARTIAL],
    ['2026-07-15', '2026-07-15T23:59:59+03:00', MARTIAL],
    ['2026-03-28', '2026-03-28T23:59:59+02:00', MARTIAL], // last winter day
    ['2026-03-29', '2026-03-29T23:59:59+03:00', MARTIAL], // DST starts at 03:00 that night
    ['2026-10-24', '2026-10-24T23:59:59+03:00', MARTIAL],
    ['2026-10-25', '2026-10-25T23:59:59+02:00', MARTIAL], // DST ended at 04:00
    ['2026-03-08', '2026-03-08T23:59:59-04:00', { ...MARTIAL, timeZone: 'America/New_York' }],
    ['2026-03-08', '2026-03-08T23:59:59+00:00', { ...MARTIAL, timeZone: 'UTC' }]
  ] as const)('%s → %s', (date, expected, cal) => {
    expect(endOfLocalDay(date, cal)).toBe(expected)
    expect(kyivDate(expected, cal)).toBe(date)
  })
})
