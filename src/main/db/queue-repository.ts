// The work queue: the list a clerk sees (tabs, search, filters, sort), its counts and the holder picker.

import type { Channel } from '../../shared/domain/application'
import { addCalendarDays, endOfLocalDay, kyivDate, type WorkCalendar } from '../../shared/domain/calendar'
import { DECIDED_OPEN_STATUSES, isClosed, type Status } from '../../shared/domain/status'
import {
  SEARCH_MATCH_CAP,
  type QueueCounts,
  type QueueHolder,
  type QueuePage,
  type QueueQueryParsed,
  type QueueRow,
  type QueueTab,
  type SyncBadge
} from '../../shared/queue'
import { ftsDigitsQuery, ftsNameQuery, interpretSearch, prefixUpperBound, type SearchTerms } from './search-terms'
import { reportSliceIds } from './reports-repository'
import { prepared, logSlow, type Db } from './sql'

export interface QueueContext {
  /** The signed-in clerk; null before sign-in (the "mine" tab is then empty). */
  clerkId: string | null
  /** The injected clock: "today" for the due tab and the deadline window. */
  now: string
  calendar: WorkCalendar
}

// ── the queue ──────────────────────────────────────────────────────────

export interface Condition {
  sql: string
  params: unknown[]
}

export function endOfTodayMs(ctx: QueueContext, plusDays = 0): number {
  const today = kyivDate(ctx.now, ctx.calendar)
  return Date.parse(endOfLocalDay(addCalendarDays(today, plusDays), ctx.calendar))
}

/**
 * Each tab as the equality (or range) its index starts with. The status tabs do not repeat
 * `is_open = 1` (their statuses are open by definition): that keeps the status index the only one
 * that matches by equality, so the planner cannot wander to the larger is_open index.
 */
export function tabCondition(tab: QueueTab, ctx: QueueContext): Condition | null {
  switch (tab) {
    case 'new':
      return { sql: `a.status = 'registered' AND a.holder_clerk_id IS NULL`, params: [] }
    case 'mine':
      return ctx.clerkId === null ? null : { sql: 'a.holder_clerk_id = ? AND a.is_open = 1', params: [ctx.clerkId] }
    case 'waiting':
      return { sql: `a.status = 'needs_correction'`, params: [] }
    case 'due':
      // Decided ones are open (their result waits) but their term is over: not due (status.ts termRuns). Written as
      // literals, the way the partial index applications_by_running_due says it (migration 012), so the count stays index-only.
      return {
        sql: `a.is_open = 1 AND a.paused = 0 AND a.due_at_ms <= ? AND ${DECIDED_OPEN_STATUSES.map((st) => `a.status <> '${st}'`).join(' AND ')}`,
        params: [endOfTodayMs(ctx)]
      }
    case 'forwarded':
      return { sql: `a.status = 'forwarded'`, params: [] }
    case 'all':
      return { sql: 'a.is_open = 1', params: [] }
    case 'history':
      return { sql: 'a.is_open = 0', params: [] }
  }
}

/**
 * The applications a search matches, as application rowids (`r`) from a UNION of index lookups.
 * A search is the most selective thing a clerk types, so it drives the query (see planQueue)
 * instead of being checked against every row of the tab. Exact numbers use their B-tree indexes;
 * names and digit prefixes use the FTS5 index (migration 004), newest first and at most
 * SEARCH_MATCH_CAP of them: "Мар" matches a tenth of a million applications, and a clerk who
 * typed three letters wants the recent ones, not a count of a hundred thousand.
 */
export function searchMatches(terms: SearchTerms, nameVia: NameLookup): (Condition & { fts: Condition | null }) | null {
  const parts: string[] = []
  const params: unknown[] = []
  if (terms.orderDigits) {
    parts.push('SELECT rowid AS r FROM applications WHERE order_digits = ?')
    params.push(terms.orderDigits)
  }
  // An applicant row has the id of its application (toApplicationRows).
  const byApplicant = (where: string, ...args: unknown[]): void => {
    parts.push(`SELECT rowid AS r FROM applications WHERE id IN (SELECT id FROM applicants WHERE ${where})`)
    params.push(...args)
  }
  if (terms.rnokpp) byApplicant('rnokpp = ?', terms.rnokpp)
  if (terms.phone) byApplicant('phone = ?', terms.phone)
  let fts: Condition | null = null
  if (terms.namePrefix && nameVia === 'keys') {
    // A whole name ("Коваленко Олена Петрівна"): a prefix range of the stored "surname given
    // patronymic" / "given surname" keys is a few index entries, where FTS would intersect three
    // doclists of twenty thousand entries each.
    const upper = prefixUpperBound(terms.namePrefix)
    byApplicant(`name_key >= ? AND name_key < ? LIMIT ${SEARCH_MATCH_CAP}`, terms.namePrefix, upper)
    byApplicant(`given_key >= ? AND given_key < ? LIMIT ${SEARCH_MATCH_CAP}`, terms.namePrefix, upper)
    const cap = {
      sql: 'SELECT id FROM applicants WHERE name_key >= ? AND name_key < ? LIMIT ?',
      params: [terms.namePrefix, upper, SEARCH_MATCH_CAP]
    }
    return { sql: parts.join(' UNION '), params, fts: cap }
  }
  const match = terms.namePrefix ? ftsNameQuery(terms.namePrefix) : terms.orderDigitsPrefix ? ftsDigitsQuery(terms.orderDigitsPrefix) : null
  if (match !== null) {
    fts = {
      sql: 'SELECT rowid AS r FROM application_search WHERE application_search MATCH ? ORDER BY rowid DESC LIMIT ?',
      params: [match, SEARCH_MATCH_CAP]
    }
    // A compound SELECT takes no ORDER BY/LIMIT in its arms: the capped lookup is a subquery.
    parts.push(`SELECT r FROM (${fts.sql})`)
    params.push(...fts.params)
  }
  if (parts.length === 0) return null
  return { sql: parts.join(' UNION '), params, fts }
}

export function filterConditions(q: QueueQueryParsed, ctx: QueueContext): Condition[] {
  const out: Condition[] = []
  if (q.serviceId !== null) out.push({ sql: 'a.service_id = ?', params: [q.serviceId] })
  if (q.category !== null) {
    out.push({
      sql: 'a.service_id IN (SELECT id FROM services WHERE category_uk = ? OR category_en = ?)',
      params: [q.category, q.category]
    })
  }
  if (q.status !== null) out.push({ sql: 'a.status = ?', params: [q.status] })
  if (q.channel !== null) out.push({ sql: 'a.channel = ?', params: [q.channel] })
  if (q.holderClerkId !== null) out.push({ sql: 'a.holder_clerk_id = ?', params: [q.holderClerkId] })
  if (q.dueWithinDays !== null) {
    // A paused clock has no running deadline: such applications are not "due within" anything.
    out.push({ sql: 'a.paused = 0 AND a.due_at_ms <= ?', params: [endOfTodayMs(ctx, q.dueWithinDays)] })
  }
  return out
}

export const ORDER_BY: Record<QueueQueryParsed['sort'], string> = {
  // rowid breaks ties so that pages do not overlap; it is the last column of every index entry.
  deadline: 'a.due_at_ms, a.rowid',
  received: 'a.received_at_ms DESC, a.rowid DESC',
  number: 'a.order_digits'
}

export const ROW_COLUMNS = `
  a.id, a.order_number, a.service_id, s.name_uk AS service_name_uk, s.name_en AS service_name_en,
  p.surname, p.given_name, p.patronymic, a.received_at, a.due_at, a.paused, a.status, a.channel,
  a.holder_name, a.holder_clerk_id, a.sync_state, a.is_test`

export interface QueueSql {
  pageSql: string
  pageParams: unknown[]
  countSql: string
  countParams: unknown[]
}

export type QueuePlan =
  | { kind: 'empty'; searchHint: QueuePage['searchHint'] }
  | {
      kind: 'sql'
      sql: QueueSql
      searchHint: QueuePage['searchHint']
      /** An unfiltered tab whose total the status counters already hold. */
      totalFromCounters: CountedTab | null
      /** The capped FTS lookup of a prefix search, to tell whether it hit the cap. */
      capCheck: Condition | null
    }

/**
 * How a name search is looked up: 'fts' (any word's prefix, in any order) or 'keys' (the stored
 * name keys by prefix, for a name typed from its start with whole words first).
 */
export type NameLookup = 'fts' | 'keys'

/**
 * Several words typed, and the stored keys have someone whose name starts with exactly that: the
 * key index answers in microseconds. Otherwise (one word, or words in another order) FTS does.
 */
export function chooseNameLookup(db: Db, query: QueueQueryParsed): NameLookup {
  const name = query.search.trim() === '' ? null : (interpretSearch(query.search)?.namePrefix ?? null)
  if (name === null || !name.includes(' ')) return 'fts'
  const upper = prefixUpperBound(name)
  const hit = prepared(
    db,
    `SELECT 1 FROM (SELECT 1 FROM applicants WHERE name_key >= ? AND name_key < ? LIMIT 1)
     UNION ALL SELECT 1 FROM (SELECT 1 FROM applicants WHERE given_key >= ? AND given_key < ? LIMIT 1) LIMIT 1`
  ).get(name, upper, name, upper)
  return hit === undefined ? 'fts' : 'keys'
}

/** The SQL behind one queue request; exported for the query-plan tests. */
export function planQueue(
  query: QueueQueryParsed,
  ctx: QueueContext,
  nameVia: NameLookup = 'fts',
  reportIds: readonly string[] | null = null
): QueuePlan {
  const searching = query.search.trim() !== ''
  let tab =
    (searching && query.searchScope === 'everywhere') || query.report !== null ? { sql: '1 = 1', params: [] } : tabCondition(query.tab, ctx)
  if (tab === null) return { kind: 'empty', searchHint: null }
  if (query.status !== null && (query.tab === 'all' || query.tab === 'history') && tab.sql !== '1 = 1') {
    // A status is open or closed by itself: the tab adds nothing, or excludes everything. Left
    // out, the status index answers alone, without reading rows to check is_open.
    if (isClosed(query.status) !== (query.tab === 'history')) return { kind: 'empty', searchHint: null }
    tab = { sql: '1 = 1', params: [] }
  }
  const conditions: Condition[] = [tab, ...filterConditions(query, ctx)]
  if (query.report !== null) {
    // The figure's applications, computed by the shared definitions (reportSliceIds).
    conditions.push({ sql: 'a.id IN (SELECT value FROM json_each(?))', params: [JSON.stringify(reportIds ?? [])] })
  }
  let searchHint: QueuePage['searchHint'] = null
  let matches: ReturnType<typeof searchMatches> = null
  if (searching) {
    const terms = interpretSearch(query.search)
    if (terms?.checkDigitHint) searchHint = { kind: 'check_digit', suggestion: terms.checkDigitHint.suggestion }
    matches = terms ? searchMatches(terms, nameVia) : null
    if (matches === null) return { kind: 'empty', searchHint }
  }
  const where = conditions.map((c) => c.sql).join(' AND ')
  const params = conditions.flatMap((c) => c.params)
  // CROSS JOIN fixes the loop order (SQLite never reorders one). Without a search, applications is
  // the outer loop, read in the order of the tab's index and stopped at LIMIT; names are looked up
  // by primary key for the rows of the page only. With a search, its matches (a few, or at most
  // SEARCH_MATCH_CAP) are the outer loop, each fetched by rowid and checked against the filters,
  // and only that small set is sorted.
  const from = matches ? `(${matches.sql}) m CROSS JOIN applications a ON a.rowid = m.r` : 'applications a'
  const fromParams = matches ? matches.params : []
  // The page is chosen first from applications alone (for a tab, often from its index alone: the
  // rowid ends every index entry), and names and service titles are joined for the page's rows
  // only. A deep OFFSET (the clerk dragged the scrollbar to row 47,000 of the history) then skips
  // index entries instead of joining two tables for every skipped row, and a search joins 100 of
  // its up to SEARCH_MATCH_CAP matches, not all of them.
  const pageSql = `SELECT ${ROW_COLUMNS}
    FROM (SELECT a.rowid AS ar FROM ${from} WHERE ${where} ORDER BY ${ORDER_BY[query.sort]} LIMIT ? OFFSET ?) pg
    CROSS JOIN applications a ON a.rowid = pg.ar
    CROSS JOIN applicants p ON p.id = a.applicant_id
    CROSS JOIN services s ON s.id = a.service_id
    ORDER BY ${ORDER_BY[query.sort]}`
  const countSql = `SELECT count(*) AS n FROM ${from} WHERE ${where}`
  const unfiltered = conditions.length === 1 && matches === null
  return {
    kind: 'sql',
    totalFromCounters: unfiltered && isCountedTab(query.tab) ? query.tab : null,
    capCheck: matches?.fts ?? null,
    sql: {
      pageSql,
      pageParams: [...fromParams, ...params, query.limit, query.offset],
      countSql,
      countParams: [...fromParams, ...params]
    },
    searchHint
  }
}

export interface QueueSqlRow {
  id: string
  order_number: string
  service_id: string
  service_name_uk: string
  service_name_en: string
  surname: string
  given_name: string
  patronymic: string | null
  received_at: string
  due_at: string
  paused: number
  status: Status
  channel: Channel
  holder_name: string | null
  holder_clerk_id: string | null
  sync_state: SyncBadge
  is_test: number
}

export function toQueueRow(r: QueueSqlRow): QueueRow {
  return {
    id: r.id,
    orderNumber: r.order_number,
    serviceId: r.service_id,
    serviceNameUk: r.service_name_uk,
    serviceNameEn: r.service_name_en,
    applicantName: [r.surname, r.given_name, r.patronymic].filter((x): x is string => x !== null && x !== '').join(' '),
    receivedAt: r.received_at,
    dueAt: r.due_at,
    paused: r.paused === 1,
    status: r.status,
    channel: r.channel,
    holderName: r.holder_name,
    holderClerkId: r.holder_clerk_id,
    sync: r.sync_state,
    answerBy: null,
    answeredLate: false,
    isTest: r.is_test === 1
  }
}

/**
 * The dates to answer corrections by, and late answers, of one page's rows (issue 16). Read from the
 * records for the page alone (at most a page's worth of rows), not kept in columns: no index or
 * counter needs them, and the tables every sync writes stay as they are.
 */
function withCorrectionDates(db: Db, rows: QueueRow[]): QueueRow[] {
  if (rows.length === 0) return rows
  const found = prepared<{ id: string; answerBy: string | null; late: number | null }>(
    db,
    `SELECT application_id AS id, json_extract(record_json, '$.correction.answerBy') AS answerBy,
            json_extract(record_json, '$.correction.answeredLate') AS late
       FROM application_records WHERE application_id IN (SELECT value FROM json_each(?))`
  ).all(JSON.stringify(rows.map((r) => r.id)))
  const byId = new Map(found.map((f) => [f.id, f]))
  return rows.map((row) => {
    const f = byId.get(row.id)
    if (!f) return row
    return { ...row, answerBy: row.status === 'needs_correction' ? f.answerBy : null, answeredLate: f.late === 1 }
  })
}

/**
 * One page of a queue tab with its filters, search and sort, and the total for the pager. The
 * search applies within the tab. An order number with a wrong check digit matches nothing and
 * comes back with the probable number as a hint, unless another reading of the same digits
 * (an РНОКПП, a phone) found someone.
 */
export function listQueue(db: Db, query: QueueQueryParsed, ctx: QueueContext): QueuePage {
  return logSlow(db, `listQueue(${query.tab}, ${query.sort})`, () => {
    const reportIds = query.report === null ? null : reportSliceIds(db, query.report, ctx.calendar, ctx.now)
    const plan = planQueue(query, ctx, chooseNameLookup(db, query), reportIds)
    if (plan.kind === 'empty') return { rows: [], total: 0, searchHint: plan.searchHint, capped: false }
    const { sql, capCheck } = plan
    // One read transaction: the page and its total come from the same snapshot.
    return db.transaction(() => {
      // The counters leave test applications out (migration 014) but the tab lists them: they are
      // added back for the pager, or a tab holding only tests would show none.
      const total =
        plan.totalFromCounters !== null
          ? countedTabTotal(readStatusCounts(db), plan.totalFromCounters) + testsInTab(db, plan.totalFromCounters, ctx)
          : (prepared<{ n: number }>(db, sql.countSql).get(...sql.countParams)?.n ?? 0)
      const rows =
        total === 0
          ? []
          : withCorrectionDates(
              db,
              prepared<QueueSqlRow>(db, sql.pageSql)
                .all(...sql.pageParams)
                .map(toQueueRow)
            )
      // Did the prefix lookup stop at its cap? One more doclist entry than the cap says so.
      const capped =
        capCheck !== null &&
        (prepared<{ n: number }>(db, `SELECT count(*) AS n FROM (${capCheck.sql.replace(/LIMIT \?$/u, 'LIMIT ? + 1')})`).get(
          ...capCheck.params
        )?.n ?? 0) > SEARCH_MATCH_CAP
      return { rows, total, searchHint: total === 0 ? plan.searchHint : null, capped }
    })()
  })
}

export type CountedTab = Exclude<QueueTab, 'mine' | 'due'>
export const isCountedTab = (tab: QueueTab): tab is CountedTab => tab !== 'mine' && tab !== 'due'

/** application_counts: per status, how many applications have a holder and how many do not. */
export function readStatusCounts(db: Db): { status: string; held: number; n: number }[] {
  return prepared<{ status: string; held: number; n: number }>(db, 'SELECT status, held, n FROM application_counts').all()
}

export function countedTabTotal(counts: readonly { status: string; held: number; n: number }[], tab: CountedTab): number {
  const sum = (keep: (c: { status: string; held: number }) => boolean): number =>
    counts.reduce((total, c) => total + (keep(c) ? c.n : 0), 0)
  switch (tab) {
    case 'new':
      return sum((c) => c.status === 'registered' && c.held === 0)
    case 'waiting':
      return sum((c) => c.status === 'needs_correction')
    case 'forwarded':
      return sum((c) => c.status === 'forwarded')
    case 'all':
      return sum((c) => !isClosed(c.status as Status))
    case 'history':
      return sum((c) => isClosed(c.status as Status))
  }
}

/** How many test applications a tab lists (the few of them, read from their own index, applications_tests). */
function testsInTab(db: Db, tab: QueueTab, ctx: QueueContext): number {
  const c = tabCondition(tab, ctx)
  if (c === null) return 0
  return (
    prepared<{ n: number }>(
      db,
      `SELECT count(*) AS n FROM applications a INDEXED BY applications_tests WHERE a.is_test = 1 AND ${c.sql}`
    ).get(...c.params)?.n ?? 0
  )
}

/**
 * The badge numbers of every tab, from one snapshot: five from the status counters, "mine" and
 * "due" (which depend on the clerk and on today) from their own small covering indexes. Test
 * applications are in none of them (migration 014): the tabs list them, with their badge.
 */
export function countQueue(db: Db, ctx: QueueContext): QueueCounts {
  return logSlow(db, 'countQueue', () =>
    db.transaction(() => {
      const counts = readStatusCounts(db)
      const count = (tab: 'mine' | 'due'): number => {
        const c = tabCondition(tab, ctx)
        if (c === null) return 0
        const all = prepared<{ n: number }>(db, `SELECT count(*) AS n FROM applications a WHERE ${c.sql}`).get(...c.params)?.n ?? 0
        // Test applications are listed but not counted (migration 014).
        return all - testsInTab(db, tab, ctx)
      }
      return {
        new: countedTabTotal(counts, 'new'),
        mine: count('mine'),
        waiting: countedTabTotal(counts, 'waiting'),
        due: count('due'),
        forwarded: countedTabTotal(counts, 'forwarded'),
        all: countedTabTotal(counts, 'all'),
        history: countedTabTotal(counts, 'history')
      }
    })()
  )
}

/** The clerks who hold or held applications in the mirror, for the holder filter's picker. */
export function listHolders(db: Db): QueueHolder[] {
  // DISTINCT over the holder index's leading column: a skip-scan of a few dozen keys, not a scan.
  return prepared<{ clerkId: string; name: string }>(
    db,
    `SELECT h.holder_clerk_id AS clerkId,
       (SELECT holder_name FROM applications WHERE holder_clerk_id = h.holder_clerk_id LIMIT 1) AS name
     FROM (SELECT DISTINCT holder_clerk_id FROM applications WHERE holder_clerk_id IS NOT NULL) h`
  )
    .all()
    .filter((h) => h.name !== null)
    .sort((a, b) => a.name.localeCompare(b.name, 'uk'))
}

/** `EXPLAIN QUERY PLAN` lines of the page and count queries, for tests and for diagnosing a slow tab. */
export function explainQueue(db: Db, query: QueueQueryParsed, ctx: QueueContext): { page: string[]; count: string[] } {
  const plan = planQueue(query, ctx, chooseNameLookup(db, query))
  if (plan.kind === 'empty') return { page: [], count: [] }
  const explain = (sql: string, params: unknown[]): string[] =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail)
  return { page: explain(plan.sql.pageSql, plan.sql.pageParams), count: explain(plan.sql.countSql, plan.sql.countParams) }
}

/** `EXPLAIN QUERY PLAN` lines of the two counters countQueue computes ("mine", "due"); the rest are read from application_counts. */
export function explainCounts(db: Db, ctx: QueueContext): string[] {
  return (['mine', 'due'] as const).flatMap((tab) => {
    const c = tabCondition(tab, ctx)
    if (c === null) return []
    return (
      db.prepare(`EXPLAIN QUERY PLAN SELECT count(*) AS n FROM applications a WHERE ${c.sql}`).all(...c.params) as { detail: string }[]
    ).map((r) => r.detail)
  })
}
