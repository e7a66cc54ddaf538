import { describe, expect, it } from 'vitest'
import { DEMO_CLERKS } from '../../shared/demo/clerks'
import { addCalendarDays, DEFAULT_CALENDAR, endOfLocalDay, kyivDate } from '../../shared/domain/calendar'
import { orderNumberDigits } from '../../shared/domain/order-number'
import { isClosed, termRuns } from '../../shared/domain/status'
import { QUEUE_SORTS, QUEUE_TABS, queueQuerySchema, type QueueQuery, type QueueTab } from '../../shared/queue'
import type { ApplicationRecord } from '../../shared/domain/application'
import { upsertApplication } from './applications-repository'
import { countQueue, listQueue, type QueueContext } from './queue-repository'
import { getService } from './catalogue-repository'
import { demoItems, memoryDb, TEST_NOW } from './test-fixtures'

/*
 * listQueue against a plain-JavaScript reading of the same rules over generated applications: every
 * tab, sort, filter and page must return exactly the rows the rules describe, in the same order.
 */

const records = demoItems(1500, 11).map((i) => i.record)
const db = memoryDb()
records.forEach((r) => upsertApplication(db, r))
const clerk = DEMO_CLERKS[0]!.clerkId
const ctx: QueueContext = { clerkId: clerk, now: TEST_NOW, calendar: DEFAULT_CALENDAR }
const endOfDay = (plusDays: number): number =>
  Date.parse(endOfLocalDay(addCalendarDays(kyivDate(TEST_NOW, DEFAULT_CALENDAR), plusDays), DEFAULT_CALENDAR))
const paused = (r: ApplicationRecord): boolean => r.pauses.some((p) => p.to === null)

const inTab: Record<QueueTab, (r: ApplicationRecord) => boolean> = {
  new: (r) => r.status === 'registered' && r.holder === null,
  mine: (r) => !isClosed(r.status) && r.holder?.clerkId === clerk,
  waiting: (r) => r.status === 'needs_correction',
  // Decided (the result waits) is open but no longer due: its term ended with the decision.
  due: (r) => termRuns(r.status) && !paused(r) && Date.parse(r.dueAt) <= endOfDay(0),
  forwarded: (r) => r.status === 'forwarded',
  all: (r) => !isClosed(r.status),
  history: (r) => isClosed(r.status)
}

// Insertion order stands in for the rowid tie-breaker.
const position = new Map(records.map((r, i) => [r.id, i]))
const pos = (r: ApplicationRecord): number => position.get(r.id) ?? -1
const compare = {
  deadline: (a: ApplicationRecord, b: ApplicationRecord) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || pos(a) - pos(b),
  received: (a: ApplicationRecord, b: ApplicationRecord) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt) || pos(b) - pos(a),
  number: (a: ApplicationRecord, b: ApplicationRecord) => (orderNumberDigits(a.orderNumber) < orderNumberDigits(b.orderNumber) ? -1 : 1)
}

function allPages(query: QueueQuery): { ids: string[]; total: number } {
  const ids: string[] = []
  let total = -1
  for (let offset = 0; ; offset += 97) {
    const page = listQueue(db, queueQuerySchema.parse({ ...query, offset, limit: 97 }), ctx)
    total = page.total
    ids.push(...page.rows.map((r) => r.id))
    if (page.rows.length < 97) break
  }
  return { ids, total }
}

describe('listQueue tabs and sorts', () => {
  it('the generated data fills every tab', () => {
    for (const tab of QUEUE_TABS) expect(records.filter(inTab[tab]).length, tab).toBeGreaterThan(0)
  })

  for (const tab of QUEUE_TABS) {
    for (const sort of QUEUE_SORTS) {
      it(`${tab} sorted by ${sort}`, () => {
        const expected = records
          .filter(inTab[tab])
          .sort(compare[sort])
          .map((r) => r.id)
        expect(allPages({ tab, sort })).toEqual({ ids: expected, total: expected.length })
      })
    }
  }

  it('counts every tab as listQueue does', () => {
    const counts = countQueue(db, ctx)
    for (const tab of QUEUE_TABS) expect(counts[tab], tab).toBe(records.filter(inTab[tab]).length)
  })

  it('shows nothing in "mine" before sign-in', () => {
    const anonymous = { ...ctx, clerkId: null }
    expect(listQueue(db, queueQuerySchema.parse({ tab: 'mine' }), anonymous)).toEqual({
      rows: [],
      total: 0,
      searchHint: null,
      capped: false
    })
    expect(countQueue(db, anonymous).mine).toBe(0)
  })
})

describe('listQueue filters', () => {
  const sample = records.find((r) => !isClosed(r.status) && r.holder !== null) as ApplicationRecord
  const service = getService(db, sample.serviceId)!
  const cases: [string, QueueQuery, (r: ApplicationRecord) => boolean][] = [
    ['service', { serviceId: sample.serviceId }, (r) => r.serviceId === sample.serviceId],
    ['category (uk)', { category: service.category_uk }, (r) => getService(db, r.serviceId)?.category_uk === service.category_uk],
    ['category (en)', { category: service.category_en }, (r) => getService(db, r.serviceId)?.category_en === service.category_en],
    ['status', { status: 'in_review' }, (r) => r.status === 'in_review'],
    ['channel', { channel: 'walk_in' }, (r) => r.channel === 'walk_in'],
    ['holder', { holderClerkId: sample.holder!.clerkId }, (r) => r.holder?.clerkId === sample.holder!.clerkId],
    ['due within 0 days', { dueWithinDays: 0 }, (r) => !paused(r) && Date.parse(r.dueAt) <= endOfDay(0)],
    ['due within 7 days', { dueWithinDays: 7 }, (r) => !paused(r) && Date.parse(r.dueAt) <= endOfDay(7)],
    ['two at once', { channel: 'portal', status: 'registered' }, (r) => r.channel === 'portal' && r.status === 'registered']
  ]
  for (const [name, filter, predicate] of cases) {
    it(name, () => {
      const expected = records
        .filter((r) => inTab.all(r) && predicate(r))
        .sort(compare.deadline)
        .map((r) => r.id)
      expect(expected.length).toBeGreaterThan(0)
      expect(allPages({ tab: 'all', ...filter })).toEqual({ ids: expected, total: expected.length })
    })
  }
})

describe('listQueue status filter with the open/closed tabs', () => {
  it('finds closed statuses in history and nothing for them among open applications', () => {
    const refused = records
      .filter((r) => r.status === 'refused')
      .sort(compare.deadline)
      .map((r) => r.id)
    expect(refused.length).toBeGreaterThan(0)
    expect(allPages({ tab: 'history', status: 'refused' })).toEqual({ ids: refused, total: refused.length })
    expect(allPages({ tab: 'all', status: 'refused' })).toEqual({ ids: [], total: 0 })
    expect(allPages({ tab: 'history', status: 'in_review' })).toEqual({ ids: [], total: 0 })
  })
})

describe('listQueue rows', () => {
  it('carry what the list shows: full name, both service names, badge', () => {
    const r = records.find(
      (x) => x.applicant.patronymic !== null && x.holder !== null && !isClosed(x.status) && !paused(x)
    ) as ApplicationRecord
    const row = listQueue(db, queueQuerySchema.parse({ tab: 'all', search: r.orderNumber }), ctx).rows[0]
    const service = getService(db, r.serviceId)!
    expect(row).toEqual({
      id: r.id,
      orderNumber: r.orderNumber,
      serviceId: r.serviceId,
      serviceNameUk: service.name_uk,
      serviceNameEn: service.name_en,
      applicantName: `${r.applicant.surname} ${r.applicant.givenName} ${r.applicant.patronymic}`,
      receivedAt: r.receivedAt,
      dueAt: r.dueAt,
      paused: false,
      status: r.status,
      channel: r.channel,
      holderName: r.holder!.name,
      holderClerkId: r.holder!.clerkId,
      sync: 'confirmed',
      answerBy: null,
      answeredLate: false,
      isTest: false
    })
  })
})

describe('listQueue: dates to answer corrections by (issue 16)', () => {
  it('a waiting row shows its date to answer by; a row whose answer came late says so; others show neither', () => {
    const own = memoryDb()
    const base = records.filter((r) => r.status === 'needs_correction' && r.correction !== null)
    const [waiting, v1Waiting] = base
    const answered = records.find((r) => r.status === 'in_review' && r.correction !== null && r.correction.answeredAt !== null)
    const plain = records.find((r) => r.status === 'registered' && r.correction === null)
    if (!waiting || !v1Waiting || !answered || !plain) throw new Error('the generated data lacks a case')
    upsertApplication(own, { ...waiting, correction: { ...waiting.correction!, answerBy: '2026-03-20' } })
    upsertApplication(own, v1Waiting)
    upsertApplication(own, { ...answered, correction: { ...answered.correction!, answerBy: '2026-03-01', answeredLate: true } })
    upsertApplication(own, plain)
    const page = listQueue(own, queueQuerySchema.parse({ tab: 'all', limit: 10 }), ctx)
    const row = (id: string) => page.rows.find((r) => r.id === id)
    expect(row(waiting.id)).toMatchObject({ answerBy: '2026-03-20', answeredLate: false })
    expect(row(v1Waiting.id)).toMatchObject({ answerBy: null, answeredLate: false })
    expect(row(answered.id)).toMatchObject({ answerBy: null, answeredLate: true })
    expect(row(plain.id)).toMatchObject({ answerBy: null, answeredLate: false })
  })
})
