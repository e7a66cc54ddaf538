import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ApplicationRecord } from '../../shared/domain/application'
import { AGGREGATE_CALENDAR, dailySteps, dashboardFromAggregates, processingCenti } from '../../shared/reports/aggregates'
import { dashboardData } from '../../shared/reports/dashboard'
import { dayOf, type ReportFilter } from '../../shared/reports/definitions'
import { toApplicationRows } from './application-rows'
import { deleteApplication, upsertApplication, writeApplicationRows } from './applications-repository'
import { startBulkLoad } from './bulk-load'
import { listServices } from './catalogue-repository'
import { closeStagedMirror, openStagedMirror, stagingPathFor, swapInStagedMirror } from './mirror-reset'
import { AGGREGATE_QUERIES, readAggregates } from './report-aggregates-repository'
import { iterateReportRows } from './reports-repository'
import type { Db } from './sql'
import { demoItems, memoryDb, TEST_NOW } from './test-fixtures'

/*
 * The daily aggregates (migration 010) are a cache of src/shared/reports: after any mix of writes
 * through every path the workstation has, report_daily equals a from-scratch recount of the
 * current applications' steps, and the dashboard read from it equals the one the definitions
 * compute from the rows.
 */

const CAL = AGGREGATE_CALENDAR
const pool = demoItems(160, 11).map((i) => i.record)
const byIndex = (i: number): ApplicationRecord => pool[i % pool.length] as ApplicationRecord

/** A record with the state (status, holder, pauses, deadline, decision, closing) of another one. */
function withStateOf(target: ApplicationRecord, source: ApplicationRecord, version: number): ApplicationRecord {
  return {
    ...target,
    status: source.status,
    holder: source.holder,
    takenIntoWorkAt: source.takenIntoWorkAt,
    dueAt: source.dueAt,
    pauses: source.pauses,
    correction: source.correction,
    forwardedAt: source.forwardedAt,
    forwardDueAt: source.forwardDueAt,
    decision: source.decision,
    issuedTo: source.issuedTo,
    closedAt: source.closedAt,
    version,
    updatedAt: source.updatedAt
  }
}

type Op =
  | { op: 'insert'; i: number }
  | { op: 'change'; i: number; from: number }
  | { op: 'delete'; i: number }
  | { op: 'replay'; i: number; from: number }
  | { op: 'bulk'; is: number[] }
  | { op: 'reset'; is: number[] }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('insert' as const), i: fc.nat(1000) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('change' as const), i: fc.nat(1000), from: fc.nat(1000) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), i: fc.nat(1000) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('replay' as const), i: fc.nat(1000), from: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('bulk' as const), is: fc.array(fc.nat(1000), { maxLength: 20 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reset' as const), is: fc.array(fc.nat(1000), { maxLength: 30 }) }) }
)

/** The state of one application as stored: what a "change" starts from. */
const stored = new Map<string, ApplicationRecord>()

function apply(db: Db, o: Op): void {
  switch (o.op) {
    case 'insert': {
      const r = byIndex(o.i)
      upsertApplication(db, r)
      stored.set(r.id, r)
      return
    }
    case 'change': {
      // A status change as a pull or a local command delivers it: same application, another state.
      const current = stored.get(byIndex(o.i).id) ?? byIndex(o.i)
      const next = withStateOf(current, byIndex(o.from), current.version + 1)
      upsertApplication(db, next)
      stored.set(next.id, next)
      return
    }
    case 'delete': {
      deleteApplication(db, byIndex(o.i).id)
      stored.delete(byIndex(o.i).id)
      return
    }
    case 'replay': {
      // A pending command replayed over the mirror (sync/view.ts): the predicted state, then the portal's again.
      const current = stored.get(byIndex(o.i).id)
      if (!current) return
      upsertApplication(db, withStateOf(current, byIndex(o.from), current.version + 1), 'pending')
      upsertApplication(db, current, 'confirmed')
      return
    }
    case 'bulk': {
      const loader = startBulkLoad(db)
      try {
        loader.write(o.is.map((i) => ({ record: stored.get(byIndex(i).id) ?? byIndex(i), events: [] })))
      } finally {
        loader.finish()
      }
      for (const i of o.is) if (!stored.has(byIndex(i).id)) stored.set(byIndex(i).id, byIndex(i))
      return
    }
    case 'reset': {
      // The portal's whole mirror again, into a staged file swapped in with one transaction.
      const path = stagingPathFor(db)
      const staged = openStagedMirror(path)
      const fresh = new Map<string, ApplicationRecord>()
      for (const i of o.is) fresh.set(byIndex(i).id, stored.get(byIndex(i).id) ?? byIndex(i))
      staged.transaction(() => {
        for (const r of fresh.values()) writeApplicationRows(staged, toApplicationRows(r), 'confirmed')
      })()
      closeStagedMirror(staged)
      swapInStagedMirror(db, path, () => undefined)
      stored.clear()
      for (const [id, r] of fresh) stored.set(id, r)
      return
    }
  }
}

const cellsOf = (db: Db): string[] =>
  (db.prepare('SELECT kind, day, service_id, channel, n FROM report_daily WHERE n <> 0').all() as Record<string, unknown>[]).map(
    (c) => `${String(c['kind'])}|${String(c['day'])}|${String(c['service_id'])}|${String(c['channel'])}|${String(c['n'])}`
  )

function recount(db: Db): string[] {
  const sums = new Map<string, number>()
  for (const row of iterateReportRows(db, Infinity)) {
    for (const [day, kind, n] of dailySteps(row, CAL)) {
      const key = `${kind}|${day}|${row.serviceId}|${row.channel}`
      sums.set(key, (sums.get(key) ?? 0) + n)
    }
  }
  return [...sums].filter(([, n]) => n !== 0).map(([k, n]) => `${k}|${n}`)
}

const FILTERS: ReportFilter[] = [
  { period: { from: '2026-02-01', to: '2026-03-02' } },
  { period: { from: '2025-12-01', to: '2026-01-31' }, channels: ['portal'] },
  { period: { from: '2026-02-20', to: '2026-02-20' } },
  { period: { from: '2026-01-01', to: '2026-03-31' }, serviceIds: [byIndex(0).serviceId, byIndex(3).serviceId], channels: ['walk_in'] }
]

/** report_processing_days against the processing times of the current applications, counted again. */
function processingBuckets(db: Db): { stored: string[]; recounted: string[] } {
  const stored = (
    db.prepare('SELECT day, service_id, channel, whole_days, n FROM report_processing_days WHERE n <> 0').all() as Record<string, unknown>[]
  ).map((c) => `${String(c['day'])}|${String(c['service_id'])}|${String(c['channel'])}|${String(c['whole_days'])}|${String(c['n'])}`)
  const sums = new Map<string, number>()
  for (const row of iterateReportRows(db, Infinity)) {
    const centi = processingCenti(row, CAL)
    if (centi === null || row.decidedAt === null) continue
    const key = `${dayOf(row.decidedAt, CAL)}|${row.serviceId}|${row.channel}|${Math.floor(centi / 100)}`
    sums.set(key, (sums.get(key) ?? 0) + 1)
  }
  return { stored: stored.sort(), recounted: [...sums].map(([k, n]) => `${k}|${n}`).sort() }
}

function expectCacheOfDefinitions(db: Db): void {
  expect(cellsOf(db).sort()).toEqual(recount(db).sort())
  const buckets = processingBuckets(db)
  expect(buckets.stored).toEqual(buckets.recounted)
  const rows = [...iterateReportRows(db, Infinity)]
  const catalogue = listServices(db)
  for (const filter of FILTERS) {
    for (const now of [TEST_NOW, '2026-02-15T09:00:00+02:00']) {
      expect(dashboardFromAggregates(readAggregates(db, filter, now), filter, now, catalogue)).toEqual(
        dashboardData(rows, filter, CAL, now, catalogue)
      )
    }
  }
}

describe('daily report aggregates (report_daily)', () => {
  it('the generated applications make non-trivial figures (the property below is not about zeros)', () => {
    const db = memoryDb()
    for (const r of pool) upsertApplication(db, r)
    // Two undecided ones past their deadline, one of them held: overdue now, and in a clerk's workload.
    const open = pool.filter((r) => r.decision === null && r.pauses.length === 0)
    for (const r of open.slice(0, 2)) upsertApplication(db, { ...r, dueAt: '2026-02-20T18:00:00+02:00', version: r.version + 1 })
    const data = dashboardFromAggregates(readAggregates(db, FILTERS[0] as ReportFilter, TEST_NOW), FILTERS[0] as ReportFilter, TEST_NOW, [])
    expect(data.totals.received).toBeGreaterThan(10)
    expect(data.totals.decided).toBeGreaterThan(5)
    expect(data.totals.pendingNow).toBeGreaterThan(2)
    expect(data.days.some((d) => d.overdue > 0)).toBe(true)
    expect(data.workload.length).toBeGreaterThan(0)
    expect(data.services.filter((x) => x.medianWorkingDays !== null).length).toBeGreaterThan(3)
    expect(data.totals.overdueNow).toBeGreaterThan(0)
    expectCacheOfDefinitions(db)
  })

  it('equal a from-scratch recount through the shared definitions after random inserts, status changes, deletes, replays, bulk loads and mirror resets', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 25 }), (ops) => {
        const db = memoryDb()
        stored.clear()
        try {
          for (const o of ops) apply(db, o)
          expectCacheOfDefinitions(db)
        } finally {
          db.close()
        }
      }),
      { numRuns: 40 }
    )
  })

  it('a delete takes an application out of every sum; storing it again puts it back once', () => {
    const db = memoryDb()
    for (const r of pool.slice(0, 40)) upsertApplication(db, r)
    const before = cellsOf(db).sort()
    const r = pool[5] as ApplicationRecord
    deleteApplication(db, r.id)
    expect(db.prepare('SELECT count(*) AS n FROM report_facts WHERE application_id = ?').get(r.id)).toEqual({ n: 0 })
    expect(cellsOf(db).sort()).not.toEqual(before)
    upsertApplication(db, r)
    upsertApplication(db, r)
    expect(cellsOf(db).sort()).toEqual(before)
  })
})

describe('the dashboard reads of the aggregates', () => {
  it('are ranges of an index (or the whole of a small partial one), never a scan of the tables', () => {
    const db = memoryDb()
    for (const r of pool) upsertApplication(db, r)
    db.exec('ANALYZE')
    for (const [name, sql] of Object.entries(AGGREGATE_QUERIES)) {
      const params = sql.split('?').length - 1
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...new Array<null>(params).fill(null)) as { detail: string }[]).map(
        (p) => p.detail
      )
      expect(
        plan.filter((d) => /^SCAN report_\w+\b/.test(d) && !d.includes('USING COVERING INDEX report_facts_undecided')),
        `${name}: ${plan.join(' / ')}`
      ).toEqual([])
    }
  })

  it('find the middle processing time walking an index in order of time, without sorting a bucket', () => {
    const db = memoryDb()
    for (const r of pool) upsertApplication(db, r)
    db.exec('ANALYZE')
    const plan = (
      db.prepare(`EXPLAIN QUERY PLAN ${AGGREGATE_QUERIES.processingNth}`).all('s', 1, 'a', 'b', null, null, 2, 0) as { detail: string }[]
    )
      .map((p) => p.detail)
      .join(' / ')
    expect(plan).toContain('USING COVERING INDEX report_facts_median_in_order')
    expect(plan).not.toContain('TEMP B-TREE')
  })
})
