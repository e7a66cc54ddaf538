import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { insertEvents, upsertApplication } from './applications-repository'
import {
  ALL_PRINT_QUERIES_FOR_TESTS,
  forwardedBodyOf,
  latestPendingCommand,
  listIssuedBetween,
  listReceivedBetween,
  registeredByOf,
  wasPrinted
} from './print-repository'
import type { Db } from './sql'
import { demoItems, memoryDb } from './test-fixtures'
import { addCalendarDays, DEFAULT_CALENDAR, kyivDate, localTimeToMs } from '../../shared/domain/calendar'
import type { DemoItem } from '../../shared/demo/generate'

// Generated once (deterministic); each test gets a fresh database with them.
const items: DemoItem[] = demoItems(600)
let db: Db
beforeEach(() => {
  db = memoryDb()
  db.transaction(() => {
    for (const { record, events } of items) {
      upsertApplication(db, record)
      insertEvents(db, events)
    }
  })()
})
afterEach(() => db.close())

const tz = DEFAULT_CALENDAR.timeZone
const range = (date: string) => [localTimeToMs(date, 0, 0, 0, tz), localTimeToMs(addCalendarDays(date, 1), 0, 0, 0, tz)] as const
const localDate = (iso: string) => kyivDate(iso, DEFAULT_CALENDAR)

/** The busiest day of the demo for the given instant of each record. */
function busiest(at: (item: DemoItem) => string | null): string {
  const counts = new Map<string, number>()
  for (const item of items) {
    const iso = at(item)
    if (iso) counts.set(localDate(iso), (counts.get(localDate(iso)) ?? 0) + 1)
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '2026-03-02'
}

describe('print repository (demo data)', () => {
  it('daily register: exactly the applications received that day in Kyiv, in time order', () => {
    const day = busiest((i) => i.record.receivedAt)
    const got = listReceivedBetween(db, ...range(day))
    const expected = items.filter((i) => localDate(i.record.receivedAt) === day).map((i) => i.record.id)
    expect(got.length).toBeGreaterThan(1)
    expect(new Set(got.map((r) => r.id))).toEqual(new Set(expected))
    const times = got.map((r) => Date.parse(r.receivedAt))
    expect(times).toEqual([...times].sort((a, b) => a - b))
  })

  it('issue register: exactly the results issued that day', () => {
    const day = busiest((i) => i.record.issuedTo?.at ?? null)
    const got = listIssuedBetween(db, ...range(day))
    const expected = items.filter((i) => i.record.issuedTo && localDate(i.record.issuedTo.at) === day).map((i) => i.record.id)
    expect(got.length).toBeGreaterThan(0)
    expect(new Set(got.map((r) => r.id))).toEqual(new Set(expected))
  })

  it('knows who registered a walk-in at the desk; portal submissions have no one', () => {
    const walkIn = items.find((i) => i.record.channel === 'walk_in')
    const portal = items.find((i) => i.record.channel === 'portal')
    const registered = walkIn?.events.find((e) => e.kind === 'registered_walk_in')
    expect(registered).toBeDefined()
    expect(registeredByOf(db, walkIn?.record.id ?? '')).toBe(registered?.actor)
    expect(registeredByOf(db, portal?.record.id ?? '')).toBeNull()
  })

  it('sees earlier prints (confirmed events) per document, and forwarded bodies', () => {
    const record = items.find((i) => !i.events.some((e) => e.kind === 'printed' || e.kind === 'forwarded'))?.record
    if (!record) throw new Error('no demo application without prints')
    expect(wasPrinted(db, record.id, 'receipt')).toBe(false)
    insertEvents(db, [
      {
        id: 'p1',
        applicationId: record.id,
        kind: 'printed',
        at: record.receivedAt,
        actor: 'Олена Коваль',
        commandId: 'c1',
        data: { document: 'receipt', copy: false }
      },
      {
        id: 'f1',
        applicationId: record.id,
        kind: 'forwarded',
        at: record.receivedAt,
        actor: 'Олена Коваль',
        commandId: 'c2',
        data: { body: ' Управління ДАБК ' }
      }
    ])
    expect(wasPrinted(db, record.id, 'receipt')).toBe(true)
    expect(wasPrinted(db, record.id, 'refusal_letter')).toBe(false)
    expect(forwardedBodyOf(db, record.id)).toBe('Управління ДАБК')
    expect(latestPendingCommand(db, record.id, ['decide'])).toBeNull()
  })

  it.each(Object.entries(ALL_PRINT_QUERIES_FOR_TESTS))('%s reads through an index', (_name, sql) => {
    const params = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => null)
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ')
    expect(plan).not.toMatch(/SCAN (applications|application_events|outbox)\b/)
    expect(plan).toMatch(/USING (COVERING )?INDEX/)
  })
})
