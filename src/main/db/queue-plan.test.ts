import { describe, expect, it } from 'vitest'
import { DEFAULT_CALENDAR } from '../../shared/domain/calendar'
import { formatOrderNumber } from '../../shared/domain/order-number'
import { makeRnokpp } from '../../shared/domain/rnokpp'
import { QUEUE_SORTS, QUEUE_TABS, queueQuerySchema, type QueueQuery, type QueueSort, type QueueTab } from '../../shared/queue'
import { explainCounts, explainQueue, type QueueContext } from './queue-repository'
import { benchQueries, benchSample } from './queue-bench-queries'
import { analyzeDatabase, bulkLoadApplications } from './bulk-load'
import type { Db } from './sql'
import { demoItems, memoryDb, TEST_NOW } from './test-fixtures'

/*
 * Every queue tab with every sort reads an index in the order it shows, and stops at the page:
 * no table scan, no sort step. Checked twice: with no statistics (a new workstation) and after
 * ANALYZE of generated data (a workstation that has been in use), because the planner may choose
 * differently once it knows how many rows each status has.
 */

const ctx: QueueContext = { clerkId: 'clerk-olena', now: TEST_NOW, calendar: DEFAULT_CALENDAR }

const EXPECTED_INDEX: Record<QueueTab, Record<QueueSort, string>> = {
  new: { deadline: 'applications_by_status_due', received: 'applications_by_status_received', number: 'applications_by_status_number' },
  waiting: { deadline: 'applications_by_status_due', received: 'applications_by_status_received', number: 'applications_by_status_number' },
  forwarded: {
    deadline: 'applications_by_status_due',
    received: 'applications_by_status_received',
    number: 'applications_by_status_number'
  },
  mine: { deadline: 'applications_by_holder_due', received: 'applications_by_holder_received', number: 'applications_by_holder_number' },
  all: { deadline: 'applications_by_open_due', received: 'applications_by_open_received', number: 'applications_by_open_number' },
  history: { deadline: 'applications_by_open_due', received: 'applications_by_open_received', number: 'applications_by_open_number' },
  // "Due" is today's and overdue work: a range of the running-clock index. Shown in another order,
  // the planner either sorts that range or walks the open applications in the wanted order,
  // whichever its statistics say is cheaper; both read an index, neither scans the table.
  // In deadline order, without statistics the planner may walk the open applications' deadline index
  // instead (the running one also carries the status since migration 012): deadline order too, no sort, no scan.
  due: {
    deadline: '(applications_by_running_due|applications_by_open_due)',
    received: '(applications_by_running_due|applications_by_open_received)',
    number: '(applications_by_running_due|applications_by_open_number)'
  }
}

const TABLE_SCAN = /^SCAN (a|applications|applicants|p)$/
const TEMP_SORT = /USE TEMP B-TREE FOR ORDER BY/

/**
 * The page query chooses its rows in a subquery (pg) and joins names for those rows only: `page`
 * is the plan of that choice. What follows it is checked here once for all tests: per page row, a
 * primary-key lookup of each table, and a sort of at most one page of rows.
 */
function plan(db: Db, query: QueueQuery): { page: string[]; count: string[] } {
  const { page, count } = explainQueue(db, queueQuerySchema.parse(query), ctx)
  if (page.length === 0) return { page, count }
  const end = page.indexOf('SCAN pg')
  expect(page[0], page.join(' | ')).toBe('CO-ROUTINE pg')
  expect(page.slice(end), page.join(' | ')).toEqual([
    'SCAN pg',
    'SEARCH a USING INTEGER PRIMARY KEY (rowid=?)',
    'SEARCH p USING INDEX sqlite_autoindex_applicants_1 (id=?)',
    'SEARCH s USING INDEX sqlite_autoindex_services_1 (id=?)',
    'USE TEMP B-TREE FOR ORDER BY'
  ])
  return { page: page.slice(1, end), count }
}

function analyzedDb(): Db {
  const db = memoryDb()
  bulkLoadApplications(db, demoItems(3000, 5), { freshDatabase: true })
  analyzeDatabase(db)
  return db
}

for (const [label, make] of [
  ['without statistics', memoryDb],
  ['after ANALYZE', analyzedDb]
] as const) {
  describe(`queue query plans ${label}`, () => {
    const db = make()

    for (const tab of QUEUE_TABS) {
      for (const sort of QUEUE_SORTS) {
        const isDefault = sort === 'deadline'
        it(`${tab} sorted by ${sort}${isDefault ? ' (the default)' : ''}`, () => {
          const { page, count } = plan(db, { tab, sort })
          expect(page[0], page.join(' | ')).toMatch(new RegExp(`^SEARCH a USING (COVERING )?INDEX ${EXPECTED_INDEX[tab][sort]} \\(`))
          expect(
            page.filter((l) => TABLE_SCAN.test(l)),
            page.join(' | ')
          ).toEqual([])
          if (tab !== 'due' || isDefault || !page[0]?.includes('applications_by_running_due')) {
            expect(
              page.filter((l) => TEMP_SORT.test(l)),
              page.join(' | ')
            ).toEqual([])
          }
          expect(count[0], count.join(' | ')).toMatch(/^SEARCH a USING (COVERING )?INDEX applications_by_/)
          expect(count).toHaveLength(1)
        })
      }
    }

    it('due sorted by another column, when it sorts, sorts only the due range', () => {
      for (const sort of ['received', 'number'] as const) {
        const { page } = plan(db, { tab: 'due', sort })
        if (page.some((l) => TEMP_SORT.test(l)))
          expect(page[0]).toBe('SEARCH a USING INDEX applications_by_running_due (is_open=? AND paused=? AND due_at_ms<?)')
      }
    })

    it('counts the due tab from its index alone', () => {
      expect(plan(db, { tab: 'due' }).count).toEqual([
        'SEARCH a USING COVERING INDEX applications_by_running_due (is_open=? AND paused=? AND due_at_ms<?)'
      ])
    })

    it('counts a status filter in history from the status index alone', () => {
      expect(plan(db, { tab: 'history', status: 'refused' }).count).toEqual([
        expect.stringMatching(/^SEARCH a USING COVERING INDEX applications_by_status_\w+ \(status=\?\)$/)
      ])
    })

    it('counts a service filter from the service index alone', () => {
      expect(plan(db, { tab: 'all', serviceId: 'id-card' }).count).toEqual([
        'SEARCH a USING COVERING INDEX applications_by_service (service_id=? AND is_open=?)'
      ])
    })

    it('filters keep the tab index', () => {
      for (const filter of [
        { serviceId: 'id-card' },
        { channel: 'walk_in' as const },
        { category: 'Соціальний захист' },
        { dueWithinDays: 3 }
      ]) {
        const { page } = plan(db, { tab: 'all', ...filter })
        expect(
          page.filter((l) => TABLE_SCAN.test(l) || TEMP_SORT.test(l)),
          JSON.stringify(filter) + ' ' + page.join(' | ')
        ).toEqual([])
      }
    })

    const searches: [string, string, RegExp[]][] = [
      ['a surname', 'Мар’ян', [/^SCAN application_search VIRTUAL TABLE INDEX/]],
      ['an order number', formatOrderNumber(1, 4567), [/\(order_digits=\?\)/]],
      ['the start of an order number', '0010045', [/^SCAN application_search VIRTUAL TABLE INDEX/]],
      ['a phone', '+380 67 123 45 67', [/applicants_by_phone \(phone=\?\)/]],
      ['an РНОКПП', makeRnokpp('1986-04-26', 123, 'female'), [/applicants_by_rnokpp \(rnokpp=\?\)/]]
    ]
    for (const [what, search, expected] of searches) {
      it(`searching ${what} starts from its index, never a scan`, () => {
        for (const tab of ['all', 'mine', 'history'] as const) {
          for (const searchScope of ['everywhere', 'tab'] as const) {
            const { page, count } = plan(db, { tab, search, searchScope })
            for (const lines of [page, count]) {
              for (const re of expected)
                expect(
                  lines.some((l) => re.test(l)),
                  `${tab}: ${lines.join(' | ')}`
                ).toBe(true)
              expect(
                lines.filter((l) => TABLE_SCAN.test(l)),
                lines.join(' | ')
              ).toEqual([])
              // The matches drive the query: each application is fetched by its rowid.
              expect(
                lines.some((l) => /^SEARCH a USING INTEGER PRIMARY KEY \(rowid=\?\)$/.test(l)),
                lines.join(' | ')
              ).toBe(true)
            }
          }
        }
      })
    }

    describe('every request of the benchmark (bench/queue.ts) reads an index', () => {
      const sample = benchSample(analyzedDb(), 500)
      for (const q of benchQueries(sample)) {
        it(q.name, () => {
          const lines = 'counts' in q ? explainCounts(db, ctx) : [...plan(db, q.query).page, ...plan(db, q.query).count]
          expect(lines.length, q.name).toBeGreaterThan(0)
          expect(
            lines.filter((l) => TABLE_SCAN.test(l)),
            lines.join(' | ')
          ).toEqual([])
          // Every access to applications is an index SEARCH (a range or a key), never a SCAN.
          expect(
            lines.filter((l) => /\b(a|applications)\b/.test(l) && /^SCAN/.test(l)),
            lines.join(' | ')
          ).toEqual([])
          // A sort step is allowed only over a search's matches (a few, or at most SEARCH_MATCH_CAP),
          // and over the due range sorted by another column (see above): never over a whole tab.
          const search = 'query' in q && (q.query.search ?? '') !== ''
          if (!search)
            expect(
              lines.filter((l) => TEMP_SORT.test(l)),
              lines.join(' | ')
            ).toEqual([])
          else
            expect(
              lines.some((l) => /^SEARCH a USING INTEGER PRIMARY KEY \(rowid=\?\)$/.test(l)),
              lines.join(' | ')
            ).toBe(true)
        })
      }
    })
  })
}
