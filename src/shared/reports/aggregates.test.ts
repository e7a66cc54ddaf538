import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Service } from '../catalogue'
import { DEFAULT_CALENDAR, type WorkCalendar } from '../domain/calendar'
import { AGGREGATE_CALENDAR, dailySteps, dashboardFromAggregates, processingCenti, type AggregateReadout } from './aggregates'
import { dashboardData } from './dashboard'
import { dayOf, endOfDayMs, isOverdueAt, isPendingAt, processingWorkingDays, type ReportFilter, type ReportRow } from './definitions'

const CAL: WorkCalendar = {
  timeZone: 'Europe/Kyiv',
  weekendDays: [0, 6],
  holidays: ['2026-03-11'],
  holidaysAreWorkingDays: false,
  extraDaysOff: [],
  workdayEndHour: 18
}
const HOUR = 3_600_000
const base = Date.parse('2026-03-20T00:00:00+02:00')
const iso = (h: number): string => new Date(base + h * HOUR).toISOString()
const NO_CATALOGUE: Service[] = []

/**
 * What the workstation's SQL does with the steps (sum per kind, day, service, channel; filter by
 * service and channel), written plainly over the rows: the readout dashboardFromAggregates expects.
 */
function readout(rows: readonly ReportRow[], filter: ReportFilter, cal: WorkCalendar, now: string): AggregateReadout {
  const kept = rows.filter(
    (r) =>
      (!filter.serviceIds?.length || filter.serviceIds.includes(r.serviceId)) &&
      (!filter.channels?.length || filter.channels.includes(r.channel))
  )
  const { from, to } = filter.period
  const out: AggregateReadout = {
    days: [],
    services: [],
    opening: { backlog: 0, overdue: 0 },
    overdueAtEnd: [],
    processing: [],
    undecidedByHolder: [],
    candidates: []
  }
  const nowMs = Date.parse(now)
  const undecided = new Map<string, { holderClerkId: string | null; holderName: string | null; n: number }>()
  for (const r of kept) {
    for (const [day, kind, n] of dailySteps(r, cal)) {
      if (day >= from && day <= to) {
        out.days.push({ kind, day, channel: r.channel, n })
        out.services.push({ kind, serviceId: r.serviceId, n })
      }
      if (day < from && (kind === 'backlog' || kind === 'overdue')) out.opening[kind] += n
      if (day <= to && kind === 'overdue') out.overdueAtEnd.push({ serviceId: r.serviceId, n })
    }
    if (r.decidedAt !== null && dayOf(r.decidedAt, cal) >= from && dayOf(r.decidedAt, cal) <= to)
      out.processing.push({ serviceId: r.serviceId, centi: processingCenti(r, cal) ?? 0 })
    if (r.decidedAt === null && Date.parse(r.receivedAt) < nowMs) {
      const key = r.holderClerkId ?? ''
      const u = undecided.get(key) ?? { holderClerkId: r.holderClerkId, holderName: r.holderName, n: 0 }
      u.n++
      undecided.set(key, u)
      if (Date.parse(r.dueAt) < nowMs) out.candidates.push(r)
    } else if (r.decidedAt !== null && Date.parse(r.decidedAt) >= nowMs) out.candidates.push(r)
  }
  out.undecidedByHolder = [...undecided.values()]
  return out
}

const rowArb = fc.record({
  received: fc.integer({ min: -300, max: 400 }),
  due: fc.integer({ min: -300, max: 600 }),
  decided: fc.option(fc.integer({ min: 0, max: 600 })),
  service: fc.constantFrom('s1', 's2', 's3'),
  channel: fc.constantFrom('portal' as const, 'walk_in' as const),
  outcome: fc.constantFrom('approved' as const, 'refused' as const, 'returned' as const),
  holder: fc.option(fc.constantFrom('c1', 'c2')),
  pauses: fc.array(fc.tuple(fc.integer({ min: -300, max: 500 }), fc.option(fc.integer({ min: 0, max: 100 }))), { maxLength: 3 })
})

type Spec = typeof rowArb extends fc.Arbitrary<infer T> ? T : never

function toRows(specs: Spec[]): ReportRow[] {
  return specs.map((s, i) => {
    const decided = s.decided === null ? null : Math.max(s.received, s.decided)
    return {
      id: `a${i}`,
      serviceId: s.service,
      channel: s.channel,
      status: decided === null ? 'in_review' : 'issued',
      holderClerkId: s.holder,
      holderName: s.holder === null ? null : `Клерк ${s.holder}`,
      receivedAt: iso(s.received),
      dueAt: iso(s.due),
      outcome: decided === null ? null : s.outcome,
      decidedAt: decided === null ? null : iso(decided),
      pauses: s.pauses.map(([from, len]) => ({ from: iso(from), to: len === null ? null : iso(from + len) }))
    }
  })
}

describe('daily aggregates are a cache of the definitions', () => {
  it('give the same dashboard as the rows, for any applications, period and service / channel filter', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 25 }),
        fc.integer({ min: -15, max: 20 }),
        fc.integer({ min: 0, max: 30 }),
        fc.subarray(['s1', 's2', 's3']),
        fc.subarray(['portal' as const, 'walk_in' as const]),
        fc.integer({ min: 0, max: 600 }),
        (specs, startDay, length, serviceIds, channels, nowHour) => {
          const rows = toRows(specs)
          const from = new Date(base + startDay * 24 * HOUR).toISOString().slice(0, 10)
          const to = new Date(base + (startDay + length) * 24 * HOUR).toISOString().slice(0, 10)
          const filter: ReportFilter = {
            period: { from, to },
            ...(serviceIds.length > 0 ? { serviceIds } : {}),
            ...(channels.length > 0 ? { channels } : {})
          }
          const now = iso(nowHour)
          expect(dashboardFromAggregates(readout(rows, filter, CAL, now), filter, now, NO_CATALOGUE)).toEqual(
            dashboardData(rows, filter, CAL, now, NO_CATALOGUE)
          )
        }
      ),
      { numRuns: 300 }
    )
  })

  it('sum of the backlog and overdue steps up to a day = pending and overdue at its end (any day, not only a period)', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 10 }), fc.integer({ min: -20, max: 30 }), (specs, d) => {
        const rows = toRows(specs)
        const day = new Date(base + d * 24 * HOUR).toISOString().slice(0, 10)
        const end = endOfDayMs(day, CAL)
        const level = (kind: 'backlog' | 'overdue'): number =>
          rows.flatMap((r) => dailySteps(r, CAL)).reduce((s, [sd, k, n]) => (k === kind && sd <= day ? s + n : s), 0)
        expect(level('backlog')).toBe(rows.filter((r) => isPendingAt(r, end)).length)
        expect(level('overdue')).toBe(rows.filter((r) => isOverdueAt(r, end)).length)
      }),
      { numRuns: 300 }
    )
  })

  it('an application decided late, after a pause, on worked examples', () => {
    // Received Fri 20.03 10:00, due Mon 23.03 18:00, paused Tue 24.03 09:00 → Thu 26.03 09:00, refused Mon 30.03 12:00.
    const r: ReportRow = {
      id: 'x',
      serviceId: 's1',
      channel: 'walk_in',
      status: 'refused',
      holderClerkId: null,
      holderName: null,
      receivedAt: '2026-03-20T10:00:00+02:00',
      dueAt: '2026-03-23T18:00:00+02:00',
      outcome: 'refused',
      decidedAt: '2026-03-30T12:00:00+03:00',
      pauses: [{ from: '2026-03-24T09:00:00+02:00', to: '2026-03-26T09:00:00+02:00' }]
    }
    expect(dailySteps(r, CAL)).toEqual([
      ['2026-03-20', 'received', 1],
      ['2026-03-20', 'backlog', 1],
      ['2026-03-23', 'overdue', 1],
      ['2026-03-24', 'overdue', -1],
      ['2026-03-26', 'overdue', 1],
      ['2026-03-30', 'refused', 1],
      ['2026-03-30', 'late', 1],
      ['2026-03-30', 'backlog', -1],
      ['2026-03-30', 'overdue', -1]
    ])
    expect(processingCenti(r, CAL)).toBe(Math.round((processingWorkingDays(r, CAL) ?? NaN) * 100))
  })

  it('are kept in the centre calendar', () => {
    expect(AGGREGATE_CALENDAR).toBe(DEFAULT_CALENDAR)
  })
})
