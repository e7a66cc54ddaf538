import { describe, expect, it } from 'vitest'
import { DEFAULT_CALENDAR, type WorkCalendar } from './calendar'
import { computeDueAt, DEFAULT_TERM, effectiveTerm, forwardDueAt, timeLeft, type Pause, type Term } from './deadlines'

const MARTIAL = DEFAULT_CALENDAR
const PEACETIME: WorkCalendar = { ...DEFAULT_CALENDAR, holidaysAreWorkingDays: false }
const NO_WEEKENDS: WorkCalendar = { ...DEFAULT_CALENDAR, weekendDays: [] }

const days = (value: number, unit: 'working_days' | 'calendar_days'): Term => ({ value, unit })
const hours = (value: number): Term => ({ value, unit: 'hours' })
const SAME_DAY: Term = { value: null, unit: 'same_day' }

describe('effectiveTerm', () => {
  it.each<[string, Term | null, Term]>([
    ['no term on the card', null, DEFAULT_TERM],
    ['no unit', { value: 10, unit: null }, DEFAULT_TERM],
    ['no number for a unit that needs one', { value: null, unit: 'working_days' }, DEFAULT_TERM],
    ['nothing at all', { value: null, unit: null }, DEFAULT_TERM],
    ['same day without a number', { value: null, unit: 'same_day' }, { value: 0, unit: 'same_day' }],
    ['same day with a stray number', { value: 3, unit: 'same_day' }, { value: 0, unit: 'same_day' }],
    ['a special law', { value: 5, unit: 'working_days' }, { value: 5, unit: 'working_days' }],
    ['an expedited service', { value: 2, unit: 'hours' }, { value: 2, unit: 'hours' }]
  ])('%s', (_, term, expected) => {
    expect(effectiveTerm(term)).toEqual(expected)
  })

  it('defaults to 30 calendar days (Law 5203-VI art. 10)', () => {
    expect(DEFAULT_TERM).toEqual({ value: 30, unit: 'calendar_days' })
  })
})

describe('computeDueAt', () => {
  type Row = [string, string, Term | null, readonly Pause[], string, WorkCalendar]
  it.each<Row>([
    // ── calendar days ──
    ['no term: 30 calendar days', '2026-03-02T10:00:00+02:00', null, [], '2026-04-01T23:59:59+03:00', MARTIAL],
    [
      'calendar days ending on a Saturday move to Monday',
      '2026-03-04T10:00:00+02:00',
      days(10, 'calendar_days'),
      [],
      '2026-03-16T23:59:59+02:00',
      MARTIAL
    ],
    [
      '30 days ending on New Year 2027, martial law: the holiday is a working day',
      '2026-12-02T10:00:00+02:00',
      null,
      [],
      '2027-01-01T23:59:59+02:00',
      MARTIAL
    ],
    [
      '30 days ending on New Year 2027, peacetime: moves to Monday',
      '2026-12-02T10:00:00+02:00',
      null,
      [],
      '2027-01-04T23:59:59+02:00',
      PEACETIME
    ],
    [
      'calendar days over the March DST change',
      '2026-03-20T10:00:00+02:00',
      days(10, 'calendar_days'),
      [],
      '2026-03-30T23:59:59+03:00',
      MARTIAL
    ],
    [
      'calendar days over the October DST change',
      '2026-10-20T10:00:00+03:00',
      days(10, 'calendar_days'),
      [],
      '2026-10-30T23:59:59+02:00',
      MARTIAL
    ],
    [
      'the local date counts, not the UTC one (00:30 Kyiv = 22:30Z the day before)',
      '2026-03-04T22:30:00Z',
      days(1, 'calendar_days'),
      [],
      '2026-03-06T23:59:59+02:00',
      MARTIAL
    ],
    // ── working days ──
    [
      '1 working day over Independence Day, martial law',
      '2026-08-21T11:00:00+03:00',
      days(1, 'working_days'),
      [],
      '2026-08-24T23:59:59+03:00',
      MARTIAL
    ],
    [
      '1 working day over Independence Day, peacetime',
      '2026-08-21T11:00:00+03:00',
      days(1, 'working_days'),
      [],
      '2026-08-25T23:59:59+03:00',
      PEACETIME
    ],
    [
      '5 working days (property rights), martial law',
      '2026-03-02T10:00:00+02:00',
      days(5, 'working_days'),
      [],
      '2026-03-09T23:59:59+02:00',
      MARTIAL
    ],
    [
      '5 working days, peacetime: 9 March carried over from 8 March',
      '2026-03-02T10:00:00+02:00',
      days(5, 'working_days'),
      [],
      '2026-03-10T23:59:59+02:00',
      PEACETIME
    ],
    [
      '10 working days (planning conditions)',
      '2026-03-02T10:00:00+02:00',
      days(10, 'working_days'),
      [],
      '2026-03-16T23:59:59+02:00',
      MARTIAL
    ],
    [
      'received on a Saturday, 1 working day: Monday, the first working day after receipt',
      '2026-03-07T10:00:00+02:00',
      days(1, 'working_days'),
      [],
      '2026-03-09T23:59:59+02:00',
      MARTIAL
    ],
    [
      'working days over the March DST weekend',
      '2026-03-26T10:00:00+02:00',
      days(2, 'working_days'),
      [],
      '2026-03-30T23:59:59+03:00',
      MARTIAL
    ],
    // ── same day ──
    ['same day, in opening hours', '2026-03-04T10:00:00+02:00', SAME_DAY, [], '2026-03-04T18:00:00+02:00', MARTIAL],
    ['same day, received on a Saturday: Monday', '2026-03-07T11:00:00+02:00', SAME_DAY, [], '2026-03-09T18:00:00+02:00', MARTIAL],
    [
      'same day, received on a Saturday, peacetime: Tuesday',
      '2026-03-07T11:00:00+02:00',
      SAME_DAY,
      [],
      '2026-03-10T18:00:00+02:00',
      PEACETIME
    ],
    [
      'same day, portal submission after closing time: next working day',
      '2026-03-04T18:30:00+02:00',
      SAME_DAY,
      [],
      '2026-03-05T18:00:00+02:00',
      MARTIAL
    ],
    [
      'same day, exactly at closing time: next working day',
      '2026-03-06T18:00:00+02:00',
      SAME_DAY,
      [],
      '2026-03-09T18:00:00+02:00',
      MARTIAL
    ],
    [
      'same day, a centre closing at 20:00',
      '2026-03-04T19:00:00+02:00',
      SAME_DAY,
      [],
      '2026-03-04T20:00:00+02:00',
      { ...MARTIAL, workdayEndHour: 20 }
    ],
    // ── hours ──
    ['24 hours over a weekend', '2026-03-13T15:00:00+02:00', hours(24), [], '2026-03-16T15:00:00+02:00', MARTIAL],
    [
      '24 hours over a weekend and Independence Day, martial law',
      '2026-08-21T15:00:00+03:00',
      hours(24),
      [],
      '2026-08-24T15:00:00+03:00',
      MARTIAL
    ],
    [
      '24 hours over a weekend and Independence Day, peacetime',
      '2026-08-21T15:00:00+03:00',
      hours(24),
      [],
      '2026-08-25T15:00:00+03:00',
      PEACETIME
    ],
    ['24 hours over the March DST weekend', '2026-03-27T15:00:00+02:00', hours(24), [], '2026-03-30T15:00:00+03:00', MARTIAL],
    ['24 hours over the October DST weekend', '2026-10-23T15:00:00+03:00', hours(24), [], '2026-10-26T15:00:00+02:00', MARTIAL],
    [
      '24 physical hours over the 23-hour DST night (no weekends)',
      '2026-03-28T12:00:00+02:00',
      hours(24),
      [],
      '2026-03-29T13:00:00+03:00',
      NO_WEEKENDS
    ],
    [
      '24 physical hours over the 25-hour DST night (no weekends)',
      '2026-10-24T12:00:00+03:00',
      hours(24),
      [],
      '2026-10-25T11:00:00+02:00',
      NO_WEEKENDS
    ],
    ['2 hours (expedited) within the day', '2026-03-04T10:15:00+02:00', hours(2), [], '2026-03-04T12:15:00+02:00', MARTIAL],
    ['1.5 hours', '2026-03-04T10:00:00+02:00', hours(1.5), [], '2026-03-04T11:30:00+02:00', MARTIAL],
    ['hours received on a Saturday start at 00:00 Monday', '2026-03-07T11:00:00+02:00', hours(2), [], '2026-03-09T02:00:00+02:00', MARTIAL],
    [
      'hours running out exactly at midnight end on that day',
      '2026-03-06T00:00:00+02:00',
      hours(24),
      [],
      '2026-03-06T23:59:59+02:00',
      MARTIAL
    ],
    // ── pauses ──
    [
      '10 working days paused for 3 working days end 3 working days later',
      '2026-03-02T10:00:00+02:00',
      days(10, 'working_days'),
      [{ from: '2026-03-03T10:00:00+02:00', to: '2026-03-06T10:00:00+02:00' }],
      '2026-03-19T23:59:59+02:00',
      MARTIAL
    ],
    [
      'a working-day pause over a weekend counts only Friday and Monday',
      '2026-03-02T10:00:00+02:00',
      days(10, 'working_days'),
      [{ from: '2026-03-06T12:00:00+02:00', to: '2026-03-09T12:00:00+02:00' }],
      '2026-03-17T23:59:59+02:00',
      MARTIAL
    ],
    [
      'a 2-hour pause on a working day moves a working-day term by 1 day',
      '2026-03-02T10:00:00+02:00',
      days(10, 'working_days'),
      [{ from: '2026-03-04T10:00:00+02:00', to: '2026-03-04T12:00:00+02:00' }],
      '2026-03-17T23:59:59+02:00',
      MARTIAL
    ],
    [
      'a pause on a weekend does not move a working-day term',
      '2026-03-02T10:00:00+02:00',
      days(10, 'working_days'),
      [{ from: '2026-03-07T10:00:00+02:00', to: '2026-03-08T18:00:00+02:00' }],
      '2026-03-16T23:59:59+02:00',
      MARTIAL
    ],
    [
      'an open pause does not move the deadline yet',
      '2026-03-02T10:00:00+02:00',
      days(10, 'working_days'),
      [{ from: '2026-03-03T10:00:00+02:00', to: null }],
      '2026-03-16T23:59:59+02:00',
      MARTIAL
    ],
    [
      'a calendar-day pause of 5 hours moves the term by 1 day',
      '2026-03-02T10:00:00+02:00',
      null,
      [{ from: '2026-03-10T10:00:00+02:00', to: '2026-03-10T15:00:00+02:00' }],
      '2026-04-02T23:59:59+03:00',
      MARTIAL
    ],
    [
      'a calendar-day pause of 3 days lands on a Saturday, then Monday',
      '2026-03-02T10:00:00+02:00',
      null,
      [{ from: '2026-03-10T10:00:00+02:00', to: '2026-03-13T10:00:00+02:00' }],
      '2026-04-06T23:59:59+03:00',
      MARTIAL
    ],
    [
      'overlapping pauses count once',
      '2026-03-02T10:00:00+02:00',
      null,
      [
        { from: '2026-03-11T10:00:00+02:00', to: '2026-03-13T10:00:00+02:00' },
        { from: '2026-03-10T10:00:00+02:00', to: '2026-03-12T10:00:00+02:00' }
      ],
      '2026-04-06T23:59:59+03:00',
      MARTIAL
    ],
    [
      'two pauses each round up to a day',
      '2026-03-02T10:00:00+02:00',
      null,
      [
        { from: '2026-03-10T10:00:00+02:00', to: '2026-03-10T11:00:00+02:00' },
        { from: '2026-03-16T10:00:00+02:00', to: '2026-03-16T11:00:00+02:00' }
      ],
      '2026-04-03T23:59:59+03:00',
      MARTIAL
    ],
    [
      'a pause of one wall-clock day over the 23-hour DST night is 1 day, not 2',
      '2026-03-20T10:00:00+02:00',
      days(10, 'calendar_days'),
      [{ from: '2026-03-28T12:00:00+02:00', to: '2026-03-29T12:00:00+03:00' }],
      '2026-03-31T23:59:59+03:00',
      MARTIAL
    ],
    [
      'a pause of one wall-clock day over the 25-hour DST night is 1 day, not 2',
      '2026-10-20T10:00:00+03:00',
      days(10, 'calendar_days'),
      [{ from: '2026-10-24T12:00:00+03:00', to: '2026-10-25T12:00:00+02:00' }],
      '2026-11-02T23:59:59+02:00',
      MARTIAL
    ],
    [
      'a pause starting before receipt counts from receipt',
      '2026-03-02T10:00:00+02:00',
      null,
      [{ from: '2026-02-20T10:00:00+02:00', to: '2026-03-02T15:00:00+02:00' }],
      '2026-04-02T23:59:59+03:00',
      MARTIAL
    ],
    [
      'an hours term paused for 2 working hours ends 2 hours later',
      '2026-03-13T15:00:00+02:00',
      hours(24),
      [{ from: '2026-03-16T09:00:00+02:00', to: '2026-03-16T11:00:00+02:00' }],
      '2026-03-16T17:00:00+02:00',
      MARTIAL
    ],
    [
      'an hours term paused over the weekend only is unchanged',
      '2026-03-13T15:00:00+02:00',
      hours(24),
      [{ from: '2026-03-14T09:00:00+02:00', to: '2026-03-15T11:00:00+02:00' }],
      '2026-03-16T15:00:00+02:00',
      MARTIAL
    ],
    [
      'same day after a pause: due the day the corrections arrived',
      '2026-03-04T10:00:00+02:00',
      SAME_DAY,
      [{ from: '2026-03-04T10:30:00+02:00', to: '2026-03-05T09:00:00+02:00' }],
      '2026-03-05T18:00:00+02:00',
      MARTIAL
    ],
    [
      'same day, still paused: the original day',
      '2026-03-04T10:00:00+02:00',
      SAME_DAY,
      [{ from: '2026-03-04T10:30:00+02:00', to: null }],
      '2026-03-04T18:00:00+02:00',
      MARTIAL
    ]
  ])('%s', (_, receivedAt, term, pauses, expected, calendar) => {
    expect(computeDueAt({ receivedAt, term, pauses, calendar })).toBe(expected)
  })

  it.each<[string, string, Term | null, readonly Pause[]]>([
    ['an unparseable receipt time', 'yesterday', null, []],
    ['a receipt time without offset', '2026-03-02T10:00:00', null, []],
    ['a negative term', '2026-03-02T10:00:00+02:00', days(-1, 'calendar_days'), []],
    ['an infinite term', '2026-03-02T10:00:00+02:00', hours(Number.POSITIVE_INFINITY), []],
    ['a fractional number of working days', '2026-03-02T10:00:00+02:00', days(1.5, 'working_days'), []],
    [
      'a pause ending before it starts',
      '2026-03-02T10:00:00+02:00',
      null,
      [{ from: '2026-03-05T10:00:00+02:00', to: '2026-03-04T10:00:00+02:00' }]
    ],
    ['an unparseable pause', '2026-03-02T10:00:00+02:00', null, [{ from: 'soon', to: null }]]
  ])('throws RangeError for %s', (_, receivedAt, term, pauses) => {
    expect(() => computeDueAt({ receivedAt, term, pauses, calendar: MARTIAL })).toThrow(RangeError)
  })
})

describe('forwardDueAt', () => {
  it.each<[string, string, string, WorkCalendar]>([
    ['Monday → Tuesday closing time', '2026-03-02T10:00:00+02:00', '2026-03-03T18:00:00+02:00', MARTIAL],
    ['Friday → Monday', '2026-03-13T17:55:00+02:00', '2026-03-16T18:00:00+02:00', MARTIAL],
    ['Saturday → Monday', '2026-03-14T11:00:00+02:00', '2026-03-16T18:00:00+02:00', MARTIAL],
    ['Friday before Independence Day, martial law → Monday', '2026-08-21T12:00:00+03:00', '2026-08-24T18:00:00+03:00', MARTIAL],
    ['Friday before Independence Day, peacetime → Tuesday', '2026-08-21T12:00:00+03:00', '2026-08-25T18:00:00+03:00', PEACETIME],
    ['over the March DST weekend', '2026-03-27T12:00:00+02:00', '2026-03-30T18:00:00+03:00', MARTIAL]
  ])('%s', (_, receivedAt, expected, cal) => {
    expect(forwardDueAt(receivedAt, cal)).toBe(expected)
  })

  it('throws RangeError for an unparseable instant', () => {
    expect(() => forwardDueAt('2026-03-02', MARTIAL)).toThrow(RangeError)
  })
})

describe('timeLeft', () => {
  const due = '2026-03-17T23:59:59+02:00' // a Tuesday
  it.each([
    ['overdue by 1 day', due, '2026-03-18T09:00:00+02:00', false, { state: 'overdue', days: 1 }],
    [
      'overdue by minutes on the same day still counts as 1 day',
      '2026-03-17T18:00:00+02:00',
      '2026-03-17T18:10:00+02:00',
      false,
      { state: 'overdue', days: 1 }
    ],
    ['overdue by 6 days', due, '2026-03-23T10:00:00+02:00', false, { state: 'overdue', days: 6 }],
    ['due today, hours rounded up', due, '2026-03-17T10:00:00+02:00', false, { state: 'due_today', hours: 14 }],
    ['due today at closing time', '2026-03-17T18:00:00+02:00', '2026-03-17T17:30:00+02:00', false, { state: 'due_today', hours: 1 }],
    ['at the deadline itself', due, due, false, { state: 'due_today', hours: 0 }],
    [
      '2 working days left (Mon, Tue) from a Friday',
      due,
      '2026-03-13T10:00:00+02:00',
      false,
      { state: 'left', workingDays: 2, calendarDays: 4, soon: true }
    ],
    ['1 working day left', due, '2026-03-16T10:00:00+02:00', false, { state: 'left', workingDays: 1, calendarDays: 1, soon: true }],
    [
      '3 working days left is not soon',
      due,
      '2026-03-12T10:00:00+02:00',
      false,
      { state: 'left', workingDays: 3, calendarDays: 5, soon: false }
    ],
    ['paused', due, '2026-03-18T09:00:00+02:00', true, { state: 'paused' }],
    [
      'the local date decides "today" (00:30 Kyiv is 22:30Z the day before)',
      due,
      '2026-03-16T22:30:00Z',
      false,
      { state: 'due_today', hours: 24 }
    ],
    [
      '23:30 Kyiv the day before is not "today"',
      due,
      '2026-03-16T21:30:00Z',
      false,
      { state: 'left', workingDays: 1, calendarDays: 1, soon: true }
    ]
  ] as const)('%s', (_, dueAt, now, paused, expected) => {
    expect(timeLeft({ dueAt, now, paused, calendar: MARTIAL })).toEqual(expected)
  })

  it.each([
    ['2026-03-17', '2026-03-16T10:00:00+02:00'],
    ['2026-03-17T23:59:59+02:00', 'now']
  ])('throws RangeError for dueAt %j, now %j', (dueAt, now) => {
    expect(() => timeLeft({ dueAt, now, paused: false, calendar: MARTIAL })).toThrow(RangeError)
  })
})
