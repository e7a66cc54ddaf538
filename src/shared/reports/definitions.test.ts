import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { WorkCalendar } from '../domain/calendar'
import {
  dailyFigures,
  decidedWithinTerm,
  endOfDayMs,
  isOverdueAt,
  isPendingAt,
  median,
  processingWorkingDays,
  reportFilterSchema,
  serviceFigures,
  workload,
  type ReportRow
} from './definitions'

// Weekends off, one holiday (Wednesday 2026-03-11) that counts: not under martial law.
const CAL: WorkCalendar = {
  timeZone: 'Europe/Kyiv',
  weekendDays: [0, 6],
  holidays: ['2026-03-11'],
  holidaysAreWorkingDays: false,
  extraDaysOff: [],
  workdayEndHour: 18
}

let seq = 0
function row(over: Partial<ReportRow>): ReportRow {
  seq++
  return {
    id: `a${seq}`,
    serviceId: 's1',
    channel: 'portal',
    status: 'registered',
    holderClerkId: null,
    holderName: null,
    receivedAt: '2026-03-02T10:00:00+02:00',
    dueAt: '2026-03-31T23:59:59+03:00',
    outcome: null,
    decidedAt: null,
    pauses: [],
    ...over
  }
}

describe('processing time in working days', () => {
  it('counts working days only, the holiday and the weekend left out', () => {
    // Mon 09 10:00 → Fri 13 10:00: Mon 14h + Tue 24h + (Wed holiday) + Thu 24h + Fri 10h = 72h = 3 days.
    const r = row({ receivedAt: '2026-03-09T10:00:00+02:00', decidedAt: '2026-03-13T10:00:00+02:00', outcome: 'approved' })
    expect(processingWorkingDays(r, CAL)).toBe(3)
  })

  it('leaves the paused clock out', () => {
    // Mon 02 10:00 → Thu 05 10:00 is 3 working days; paused Tue 03 10:00 → Wed 04 10:00 (1 day).
    const r = row({
      receivedAt: '2026-03-02T10:00:00+02:00',
      decidedAt: '2026-03-05T10:00:00+02:00',
      outcome: 'approved',
      pauses: [{ from: '2026-03-03T10:00:00+02:00', to: '2026-03-04T10:00:00+02:00' }]
    })
    expect(processingWorkingDays(r, CAL)).toBe(2)
  })

  it('a pause still open at the decision (returned while waiting) counts up to the decision', () => {
    const r = row({
      receivedAt: '2026-03-02T10:00:00+02:00',
      decidedAt: '2026-03-05T10:00:00+02:00',
      outcome: 'returned',
      pauses: [{ from: '2026-03-04T10:00:00+02:00', to: null }]
    })
    expect(processingWorkingDays(r, CAL)).toBe(2)
  })

  it('is DST-proof: the 23-hour night of 29 March does not make a working day shorter', () => {
    // Fri 27 12:00 (+02) → Mon 30 12:00 (+03): Fri 12h + Mon 12h = 1 working day, whatever the offset.
    const r = row({ receivedAt: '2026-03-27T12:00:00+02:00', decidedAt: '2026-03-30T12:00:00+03:00', outcome: 'approved' })
    expect(processingWorkingDays(r, CAL)).toBe(1)
  })

  it('is null while undecided; the median of an even count is the mean of the middle two', () => {
    expect(processingWorkingDays(row({}), CAL)).toBeNull()
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([])).toBeNull()
  })
})

describe('within term and overdue', () => {
  it('decided exactly at the deadline is within term; a second later is late', () => {
    const due = '2026-03-10T23:59:59+02:00'
    expect(decidedWithinTerm(row({ dueAt: due, decidedAt: due, outcome: 'approved' }))).toBe(true)
    expect(decidedWithinTerm(row({ dueAt: due, decidedAt: '2026-03-11T00:00:00+02:00', outcome: 'refused' }))).toBe(false)
    expect(decidedWithinTerm(row({}))).toBeNull()
  })

  it('a paused application is not overdue while it waits for the applicant', () => {
    const r = row({ dueAt: '2026-03-05T23:59:59+02:00', pauses: [{ from: '2026-03-04T09:00:00+02:00', to: null }] })
    expect(isOverdueAt(r, Date.parse('2026-03-09T12:00:00+02:00'))).toBe(false)
    const resumed = row({
      dueAt: '2026-03-05T23:59:59+02:00',
      pauses: [{ from: '2026-03-04T09:00:00+02:00', to: '2026-03-06T09:00:00+02:00' }]
    })
    expect(isOverdueAt(resumed, Date.parse('2026-03-09T12:00:00+02:00'))).toBe(true)
  })
})

describe('daily figures', () => {
  it('puts an instant on its Kyiv date: 23:30 Kyiv is still that day though UTC says so too, 00:30 Kyiv is the next', () => {
    const rows = [
      row({ receivedAt: '2026-03-02T23:30:00+02:00' }),
      // 22:30 UTC on the 2nd is 00:30 Kyiv on the 3rd.
      row({ receivedAt: '2026-03-02T22:30:00Z', channel: 'walk_in' })
    ]
    const f = dailyFigures(rows, { period: { from: '2026-03-02', to: '2026-03-03' } }, CAL)
    expect(f.map((d) => d.received)).toEqual([
      { portal: 1, walk_in: 0 },
      { portal: 0, walk_in: 1 }
    ])
  })

  it('counts a walk-in registered offline on the day of registration, decided by outcome on the day of the decision', () => {
    const walkIn = row({
      channel: 'walk_in',
      receivedAt: '2026-03-03T09:00:00+02:00',
      decidedAt: '2026-03-04T15:00:00+02:00',
      outcome: 'refused',
      dueAt: '2026-03-03T18:00:00+02:00'
    })
    const f = dailyFigures([walkIn], { period: { from: '2026-03-02', to: '2026-03-05' } }, CAL)
    expect(f.map((d) => [d.date, d.received.walk_in, d.decided.refused, d.backlog, d.overdue])).toEqual([
      ['2026-03-02', 0, 0, 0, 0],
      ['2026-03-03', 1, 0, 1, 1],
      ['2026-03-04', 0, 1, 0, 0],
      ['2026-03-05', 0, 0, 0, 0]
    ])
  })

  it('on the DST day the end of the day is Kyiv midnight (+03)', () => {
    // Received 23:30 Kyiv on 29 March (+03) = 20:30 UTC: in the backlog at the end of the 29th.
    const r = row({ receivedAt: '2026-03-29T20:30:00Z', dueAt: '2026-04-28T23:59:59+03:00' })
    const f = dailyFigures([r], { period: { from: '2026-03-28', to: '2026-03-29' } }, CAL)
    expect(f.map((d) => [d.received.portal, d.backlog])).toEqual([
      [0, 0],
      [1, 1]
    ])
  })

  it('filters by service, channel and holder', () => {
    const rows = [row({ serviceId: 's1' }), row({ serviceId: 's2' }), row({ serviceId: 's2', channel: 'walk_in', holderClerkId: 'c1' })]
    const period = { from: '2026-03-02', to: '2026-03-02' }
    expect(dailyFigures(rows, { period, serviceIds: ['s2'] }, CAL)[0]?.backlog).toBe(2)
    expect(dailyFigures(rows, { period, channels: ['walk_in'] }, CAL)[0]?.backlog).toBe(1)
    expect(dailyFigures(rows, { period, holderClerkIds: ['c1'] }, CAL)[0]?.backlog).toBe(1)
    expect(dailyFigures(rows, { period, serviceIds: [] }, CAL)[0]?.backlog).toBe(3)
  })

  it('refuses a period that ends before it starts', () => {
    expect(reportFilterSchema.safeParse({ period: { from: '2026-03-05', to: '2026-03-04' } }).success).toBe(false)
    expect(() => dailyFigures([], { period: { from: '2026-03-05', to: '2026-03-04' } }, CAL)).toThrow(RangeError)
  })
})

describe('per service (the quarterly report)', () => {
  it('received, decided by outcome, within term, overdue and median processing time', () => {
    const period = { from: '2026-03-01', to: '2026-03-31' }
    const rows = [
      // On time, 3 working days.
      row({
        receivedAt: '2026-03-09T10:00:00+02:00',
        decidedAt: '2026-03-13T10:00:00+02:00',
        outcome: 'approved',
        dueAt: '2026-03-20T23:59:59+02:00'
      }),
      // Decided after its due date: late, counted overdue, 1 working day.
      row({
        receivedAt: '2026-03-02T10:00:00+02:00',
        decidedAt: '2026-03-03T10:00:00+02:00',
        outcome: 'refused',
        dueAt: '2026-03-02T18:00:00+02:00'
      }),
      // Still pending at the end of March and past due: overdue.
      row({ receivedAt: '2026-03-02T10:00:00+02:00', dueAt: '2026-03-20T23:59:59+02:00' }),
      // Received in February, decided in March: decided, not received, in March.
      row({
        receivedAt: '2026-02-27T10:00:00+02:00',
        decidedAt: '2026-03-02T10:00:00+02:00',
        outcome: 'returned',
        dueAt: '2026-03-30T23:59:59+03:00'
      }),
      // Received in April: nothing in March.
      row({ receivedAt: '2026-04-01T10:00:00+03:00', dueAt: '2026-04-02T23:59:59+03:00' }),
      // Another service, paused at the end of March though past its old due date: not overdue.
      row({ serviceId: 's2', dueAt: '2026-03-05T23:59:59+02:00', pauses: [{ from: '2026-03-04T09:00:00+02:00', to: null }] })
    ]
    expect(serviceFigures(rows, { period }, CAL)).toEqual([
      {
        serviceId: 's1',
        received: 3,
        decided: { approved: 1, refused: 1, returned: 1 },
        withinTerm: 2,
        overdue: 2,
        // 3, 1 and Fri 27 Feb 10:00 → Mon 2 Mar 10:00 = 14h + 10h = 1 day.
        medianWorkingDays: 1
      },
      {
        serviceId: 's2',
        received: 1,
        decided: { approved: 0, refused: 0, returned: 0 },
        withinTerm: 0,
        overdue: 0,
        medianWorkingDays: null
      }
    ])
  })
})

describe('workload per holder', () => {
  it('counts pending applications of each holder, overdue among them, the busiest first', () => {
    const now = '2026-03-10T12:00:00+02:00'
    const rows = [
      row({ holderClerkId: 'c1', holderName: 'Олена', dueAt: '2026-03-09T23:59:59+02:00' }),
      row({ holderClerkId: 'c2', holderName: 'Петро' }),
      row({ holderClerkId: 'c2', holderName: 'Петро' }),
      row({ holderClerkId: 'c2', holderName: 'Петро', decidedAt: '2026-03-05T10:00:00+02:00', outcome: 'approved' }),
      row({})
    ]
    expect(workload(rows, now)).toEqual([
      { clerkId: 'c2', name: 'Петро', pending: 2, overdue: 0 },
      { clerkId: 'c1', name: 'Олена', pending: 1, overdue: 1 }
    ])
  })
})

describe('daily backlog and overdue equal the per-instant definitions (random applications)', () => {
  const HOUR = 3_600_000
  const base = Date.parse('2026-03-20T00:00:00+02:00')
  const iso = (h: number): string => new Date(base + h * HOUR).toISOString()
  it('for any receipt, deadline, decision and pauses around the DST change', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            received: fc.integer({ min: 0, max: 400 }),
            due: fc.integer({ min: 0, max: 600 }),
            decided: fc.option(fc.integer({ min: 0, max: 600 })),
            pauses: fc.array(fc.tuple(fc.integer({ min: 0, max: 500 }), fc.option(fc.integer({ min: 0, max: 100 }))), { maxLength: 3 })
          }),
          { maxLength: 20 }
        ),
        (specs) => {
          const rows = specs.map((s) => {
            const decided = s.decided === null ? null : Math.max(s.received, s.decided)
            return row({
              receivedAt: iso(s.received),
              dueAt: iso(s.due),
              decidedAt: decided === null ? null : iso(decided),
              outcome: decided === null ? null : 'approved',
              pauses: s.pauses.map(([from, len]) => ({ from: iso(from), to: len === null ? null : iso(from + len) }))
            })
          })
          const filter = { period: { from: '2026-03-19', to: '2026-04-15' } }
          for (const day of dailyFigures(rows, filter, CAL)) {
            const end = endOfDayMs(day.date, CAL)
            expect(day.backlog).toBe(rows.filter((r) => isPendingAt(r, end)).length)
            expect(day.overdue).toBe(rows.filter((r) => isOverdueAt(r, end)).length)
          }
        }
      ),
      { numRuns: 150 }
    )
  })
})
