import { describe, expect, it } from 'vitest'
import { DEFAULT_CALENDAR } from '../../shared/domain/calendar'
import { queueQuerySchema } from '../../shared/queue'
import { dashboardData } from '../../shared/reports/dashboard'
import { inSlice, REPORT_FIGURES, reportRowOf, type ReportSlice } from '../../shared/reports/definitions'
import { upsertApplication } from './applications-repository'
import { listQueue, type QueueContext } from './queue-repository'
import { demoItems, memoryDb, TEST_NOW, testCatalogue } from './test-fixtures'

/*
 * The dashboard's drill-down: a figure opens the queue with exactly the applications it counted,
 * whatever tab the queue was on, and as many as the dashboard showed.
 */

const records = demoItems(1500, 31).map((i) => i.record)
const db = memoryDb()
records.forEach((r) => upsertApplication(db, r))
const ctx: QueueContext = { clerkId: 'clerk-olena', now: TEST_NOW, calendar: DEFAULT_CALENDAR }
const rows = records.map(reportRowOf)
const period = { from: '2026-01-01', to: '2026-03-02' }

function listed(report: ReportSlice, extra: Record<string, unknown> = {}): { ids: string[]; total: number } {
  const page = listQueue(db, queueQuerySchema.parse({ tab: 'new', report, limit: 500, ...extra }), ctx)
  let ids = page.rows.map((r) => r.id)
  for (let offset = 500; offset < page.total; offset += 500) {
    ids = ids.concat(listQueue(db, queueQuerySchema.parse({ tab: 'new', report, limit: 500, offset, ...extra }), ctx).rows.map((r) => r.id))
  }
  return { ids: ids.sort(), total: page.total }
}
const expected = (slice: ReportSlice): string[] =>
  rows
    .filter((r) => inSlice(r, slice, DEFAULT_CALENDAR, TEST_NOW))
    .map((r) => r.id)
    .sort()

describe('the queue opened from a dashboard figure', () => {
  it.each(REPORT_FIGURES)('%s: exactly the applications the figure counted, on any tab', (figure) => {
    const slice: ReportSlice = { figure, period }
    const want = expected(slice)
    const got = listed(slice)
    expect(got.ids).toEqual(want)
    expect(got.total).toBe(want.length)
  })

  it('agrees with the dashboard’s own numbers, with a service, a channel and an outcome', () => {
    const data = dashboardData(rows, { period }, DEFAULT_CALENDAR, new Date(TEST_NOW).toISOString(), testCatalogue())
    expect(listed({ figure: 'overdue_now', period }).total).toBe(data.totals.overdueNow)
    expect(listed({ figure: 'pending_now', period }).total).toBe(data.totals.pendingNow)
    expect(listed({ figure: 'decided', period }).total).toBe(data.totals.decided)
    expect(listed({ figure: 'within_term', period }).total).toBe(data.totals.withinTerm)
    expect(listed({ figure: 'overdue', period }).total).toBe(data.totals.overdue)
    const day = data.days[20]!
    expect(listed({ figure: 'backlog_at_end', period: { from: day.date, to: day.date } }).total).toBe(day.backlog)
    expect(listed({ figure: 'overdue_at_end', period: { from: day.date, to: day.date } }).total).toBe(day.overdue)
    const svc = data.services.find((s) => s.decided.refused > 0)!
    expect(listed({ figure: 'decided', period, serviceIds: [svc.serviceId], outcome: 'refused' }).total).toBe(svc.decided.refused)
    const walkIns = data.days.reduce((n, d) => n + d.received.walk_in, 0)
    expect(listed({ figure: 'received', period, channels: ['walk_in'] }).total).toBe(walkIns)
    const clerk = data.workload[0]!
    expect(listed({ figure: 'pending_now', period, holderClerkIds: [clerk.clerkId] }).total).toBe(clerk.pending)
    // The comparisons above are not all of zeros.
    expect(Math.min(data.totals.pendingNow, data.totals.overdue, data.totals.decided, day.backlog, walkIns)).toBeGreaterThan(0)
  })

  it('the queue’s own filters still narrow it', () => {
    const slice: ReportSlice = { figure: 'received', period }
    const serviceId = rows[0]!.serviceId
    const got = listed(slice, { serviceId })
    expect(got.ids).toEqual(expected({ ...slice, serviceIds: [serviceId] }))
  })
})
