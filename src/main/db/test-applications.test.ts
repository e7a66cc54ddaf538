import { describe, expect, it } from 'vitest'
import { DEFAULT_CALENDAR } from '../../shared/domain/calendar'
import { DEMO_CLERKS } from '../../shared/demo/clerks'
import type { ApplicationRecord } from '../../shared/domain/application'
import { deleteApplication, getApplication, upsertApplication } from './applications-repository'
import { countQueue, listQueue, type QueueContext } from './queue-repository'
import { countReportRows, iterateListRows, iterateReportRows } from './reports-repository'
import { queueQuerySchema } from '../../shared/queue'
import { demoItems, memoryDb, TEST_NOW } from './test-fixtures'
import type { Db } from './sql'

/*
 * Test applications (issue 17, migration 014): the queue lists them (staff review them, with the
 * «ТЕСТ» badge) but no counter, report, export or open-data read counts them. Proven by comparing a
 * mirror with test applications against the same mirror without them: every figure is equal.
 */

const clerk = DEMO_CLERKS[0]!.clerkId
const ctx: QueueContext = { clerkId: clerk, now: TEST_NOW, calendar: DEFAULT_CALENDAR }
const records = demoItems(400, 5).map((i) => i.record)
// Every fifth one a test, in every status and holder the demo has (claimed by the clerk, due, closed…).
const tests = new Set(records.filter((_, i) => i % 5 === 0).map((r) => r.id))
const withFlag = records.map((r): ApplicationRecord => (tests.has(r.id) ? { ...r, serviceVersion: 2, isTest: true } : r))

function figures(db: Db): unknown {
  const far = Date.parse('2100-01-01T00:00:00.000Z')
  return {
    counts: countQueue(db, ctx),
    reportRows: [...iterateReportRows(db, far)].map((r) => r.id).sort(),
    reportCount: countReportRows(db, far),
    listRows: [...iterateListRows(db, { fromMs: 0, toMs: far })].map((r) => r.orderNumber).sort(),
    daily: db.prepare('SELECT kind, day, service_id, channel, n FROM report_daily WHERE n <> 0 ORDER BY 1, 2, 3, 4').all(),
    facts: (db.prepare('SELECT count(*) AS n FROM report_facts').get() as { n: number }).n
  }
}

describe('test applications on the workstation', () => {
  const mixed = memoryDb()
  withFlag.forEach((r) => upsertApplication(mixed, r))
  const real = memoryDb()
  records.filter((r) => !tests.has(r.id)).forEach((r) => upsertApplication(real, r))

  it('keep their card version and flag in the mirror', () => {
    const one = withFlag.find((r) => tests.has(r.id)) as ApplicationRecord
    expect(getApplication(mixed, one.id)).toMatchObject({ serviceVersion: 2, isTest: true })
    expect(mixed.prepare('SELECT service_version, is_test FROM applications WHERE id = ?').get(one.id)).toEqual({
      service_version: 2,
      is_test: 1
    })
  })

  it('are in no counter, report, export or daily aggregate: the figures equal those of the mirror without them', () => {
    expect(tests.size).toBeGreaterThan(50)
    const counts = countQueue(mixed, ctx)
    expect(Object.values(counts).some((n) => n > 0)).toBe(true)
    expect(figures(mixed)).toEqual(figures(real))
    // ... and counting them would differ: the comparison can fail.
    expect(countQueue(memoryDbWithAll(), ctx)).not.toEqual(counts)
  })

  it('are still listed in the queue', () => {
    const page = listQueue(mixed, queueQuerySchema.parse({ tab: 'all', limit: 500 }), ctx)
    const listed = new Set(page.rows.map((r) => r.id))
    const openTests = withFlag.filter((r) => tests.has(r.id) && r.closedAt === null)
    expect(openTests.length).toBeGreaterThan(0)
    for (const r of openTests) expect(listed.has(r.id), r.id).toBe(true)
  })

  it('are listed in a tab that holds nothing else, and the pager counts them, while the badge does not', () => {
    const db = memoryDb()
    const some = records.find((r) => r.status === 'registered')
    if (!some) throw new Error('no registered application in the demo')
    // A new test application: registered and held by nobody.
    const fresh: ApplicationRecord = { ...some, holder: null, serviceVersion: 2, isTest: true }
    upsertApplication(db, fresh)
    const page = listQueue(db, queueQuerySchema.parse({ tab: 'new' }), ctx)
    expect(page.rows.map((r) => [r.id, r.isTest])).toEqual([[fresh.id, true]])
    expect(page.total).toBe(1)
    expect(countQueue(db, ctx).new).toBe(0)
    // Every unfiltered tab's total is what it lists.
    for (const tab of ['new', 'waiting', 'forwarded', 'all', 'history'] as const) {
      const listed = listQueue(mixed, queueQuerySchema.parse({ tab, limit: 500 }), ctx)
      expect(listed.total, tab).toBe(listed.rows.length)
    }
  })

  it('keep the counters right when a test changes, becomes one, or is deleted', () => {
    const db = memoryDb()
    withFlag.forEach((r) => upsertApplication(db, r))
    const before = figures(db)
    const test = withFlag.find((r) => tests.has(r.id) && r.closedAt === null) as ApplicationRecord
    upsertApplication(db, {
      ...test,
      status: 'in_review',
      holder: { clerkId: clerk, name: 'Олена', since: TEST_NOW },
      version: test.version + 1
    })
    expect(figures(db)).toEqual(before)
    deleteApplication(db, test.id)
    expect(figures(db)).toEqual(before)
    const plain = records.find((r) => !tests.has(r.id) && r.closedAt === null) as ApplicationRecord
    upsertApplication(db, { ...plain, isTest: true })
    deleteApplication(db, plain.id)
    expect(figures(db)).not.toEqual(before)
  })
})

function memoryDbWithAll(): Db {
  const db = memoryDb()
  records.forEach((r) => upsertApplication(db, r))
  return db
}
