import { describe, expect, it } from 'vitest'
import type { ApplicationEvent, ApplicationRecord } from '../../shared/domain/application'
import { DomainError } from '../../shared/result'
import {
  countApplications,
  deleteApplication,
  getApplication,
  getSyncState,
  insertEvents,
  listEvents,
  setSyncState,
  upsertApplication
} from './applications-repository'
import { getService, listServices } from './catalogue-repository'
import type { Db } from './sql'
import { demoItems, memoryDb } from './test-fixtures'

const items = demoItems(300)
const first = (items[0] as (typeof items)[number]).record

const tableCounts = (db: Db): Record<string, number> =>
  Object.fromEntries(
    ['applications', 'applicants', 'application_records', 'application_events'].map((t) => [
      t,
      (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n
    ])
  )

describe('upsertApplication / getApplication', () => {
  it('round-trips every generated record exactly', () => {
    const db = memoryDb()
    for (const { record } of items) upsertApplication(db, record)
    for (const { record } of items) expect(getApplication(db, record.id)).toEqual(record)
    expect(countApplications(db)).toBe(items.length)
  })

  it('keeps the exact text of names, whatever the apostrophe, and of long free text', () => {
    const db = memoryDb()
    const record: ApplicationRecord = {
      ...first,
      applicant: { ...first.applicant, surname: 'Мар\u02BCяненко', givenName: "Дар'я", patronymic: 'Лук’янівна' },
      fields: { note: 'Рядок 1\nРядок 2 — «лапки»' }
    }
    upsertApplication(db, record)
    expect(getApplication(db, record.id)).toEqual(record)
  })

  it('is idempotent and replaces the checklist instead of appending to it', () => {
    const db = memoryDb()
    upsertApplication(db, first)
    const once = tableCounts(db)
    upsertApplication(db, first)
    expect(tableCounts(db)).toEqual(once)

    const fewer = { ...first, documents: first.documents.slice(0, 1), version: first.version + 1 }
    upsertApplication(db, fewer)
    expect(getApplication(db, first.id)).toEqual(fewer)
  })

  it('gives new rows the badge asked for (confirmed by default) and keeps it on later upserts unless told', () => {
    const db = memoryDb()
    upsertApplication(db, first)
    expect(getSyncState(db, first.id)).toBe('confirmed')
    expect(setSyncState(db, first.id, 'pending')).toBe(true)
    upsertApplication(db, { ...first, version: first.version + 1 })
    expect(getSyncState(db, first.id)).toBe('pending')
    upsertApplication(db, first, 'rejected')
    expect(getSyncState(db, first.id)).toBe('rejected')
    expect(setSyncState(db, 'missing', 'confirmed')).toBe(false)
    expect(getSyncState(db, 'missing')).toBeNull()
  })

  it('refuses a second application with the same order number', () => {
    const db = memoryDb()
    upsertApplication(db, first)
    const clash = { ...first, id: 'other-id' }
    expect(() => upsertApplication(db, clash)).toThrow(DomainError)
    try {
      upsertApplication(db, clash)
    } catch (e) {
      expect((e as DomainError).code).toBe('conflict')
    }
    expect(getApplication(db, 'other-id')).toBeNull()
  })

  it('stores a record of a service this catalogue does not have yet, without listing a fake card', () => {
    const db = memoryDb()
    const before = listServices(db).length
    upsertApplication(db, { ...first, serviceId: 'new-service-2027' })
    expect(getApplication(db, first.id)?.serviceId).toBe('new-service-2027')
    expect(getService(db, 'new-service-2027')).toBeNull()
    expect(listServices(db)).toHaveLength(before)
  })

  it('rejects a record whose dates cannot be read', () => {
    const db = memoryDb()
    expect(() => upsertApplication(db, { ...first, dueAt: 'скоро' })).toThrow(/dueAt/)
    expect(countApplications(db)).toBe(0)
  })
})

describe('events', () => {
  it('are stored once per id and listed in time order, same-instant events in arrival order', () => {
    const db = memoryDb()
    upsertApplication(db, first)
    const base = { applicationId: first.id, actor: 'Олена Коваль', commandId: null, data: {} }
    const events: ApplicationEvent[] = [
      { ...base, id: 'e3', kind: 'decided', at: '2026-03-02T10:00:00+02:00', data: { kind: 'approve' } },
      { ...base, id: 'e4', kind: 'result_ready', at: '2026-03-02T10:00:00+02:00' },
      // Earlier in time although written with a later-looking offset: ordered by the instant, not the text.
      { ...base, id: 'e1', kind: 'submitted', at: '2026-03-02T07:00:00Z' },
      { ...base, id: 'e2', kind: 'claimed', at: '2026-03-02T09:30:00+02:00' }
    ]
    expect(insertEvents(db, events)).toBe(4)
    expect(insertEvents(db, events)).toBe(0)
    expect(listEvents(db, first.id).map((e) => e.id)).toEqual(['e1', 'e2', 'e3', 'e4'])
    expect(listEvents(db, first.id)[2]).toEqual(events[0])
  })

  it('of generated applications round-trip', () => {
    const db = memoryDb()
    for (const { record, events } of items.slice(0, 50)) {
      upsertApplication(db, record)
      insertEvents(db, events)
      expect(listEvents(db, record.id)).toEqual(events)
    }
  })
})

describe('deleteApplication', () => {
  it('removes the application with its applicant, record (and so its checklist) and timeline', () => {
    const db = memoryDb()
    const [a, b] = items
    for (const it of [a, b]) {
      upsertApplication(db, it!.record)
      insertEvents(db, it!.events)
    }
    const withOne = tableCounts(db)
    expect(deleteApplication(db, a!.record.id)).toBe(true)
    expect(deleteApplication(db, a!.record.id)).toBe(false)
    expect(getApplication(db, a!.record.id)).toBeNull()
    expect(listEvents(db, a!.record.id)).toEqual([])
    expect(getApplication(db, b!.record.id)).toEqual(b!.record)
    const after = tableCounts(db)
    expect(after['applications']).toBe((withOne['applications'] ?? 0) - 1)
    expect(after['applicants']).toBe((withOne['applicants'] ?? 0) - 1)
    expect(after['application_records']).toBe((withOne['application_records'] ?? 0) - 1)
    expect(after['application_events']).toBe((withOne['application_events'] ?? 0) - a!.events.length)
  })
})

describe('status counters (application_counts)', () => {
  const recount = (db: Db): unknown =>
    db.prepare('SELECT status, holder_clerk_id IS NOT NULL AS held, count(*) AS n FROM applications GROUP BY 1, 2 ORDER BY 1, 2').all()
  const counters = (db: Db): unknown => db.prepare('SELECT status, held, n FROM application_counts WHERE n > 0 ORDER BY 1, 2').all()

  it('follow inserts, status and holder changes, re-upserts and deletes', () => {
    const db = memoryDb()
    for (const { record } of items) upsertApplication(db, record)
    expect(counters(db)).toEqual(recount(db))
    for (const { record } of items.slice(0, 100)) upsertApplication(db, record) // no change
    expect(counters(db)).toEqual(recount(db))
    const registered = items
      .map((i) => i.record)
      .filter((r) => r.status === 'registered')
      .slice(0, 20)
    for (const r of registered) {
      upsertApplication(db, {
        ...r,
        status: 'in_review',
        holder: { clerkId: 'clerk-taras', name: 'Тарас Мар’янчук', since: r.receivedAt },
        version: r.version + 1
      })
    }
    expect(counters(db)).toEqual(recount(db))
    for (const r of registered.slice(0, 10)) deleteApplication(db, r.id)
    expect(counters(db)).toEqual(recount(db))
  })
})
