import { afterEach, describe, expect, it } from 'vitest'
import type { AuditEntry } from '../../shared/audit'
import { insertAudit, searchAudit } from './audit-repository'
import { closeDatabase, openDatabase } from './connection'
import type { Db } from './sql'

let db: Db | null = null
afterEach(() => {
  if (db) closeDatabase(db)
  db = null
})

const entry = (id: string, at: string, over: Partial<AuditEntry> = {}): AuditEntry => ({
  id,
  at,
  clerkId: 'c-olena',
  clerkName: 'Олена Коваль',
  workstationId: 'ws-1',
  action: 'view',
  applicationId: 'app-1',
  orderNumber: 'ЦНАП-2026-000001',
  detail: {},
  ...over
})

function seeded(): Db {
  if (db) closeDatabase(db)
  const d = openDatabase(':memory:')
  insertAudit(d, entry('a1', '2026-03-01T08:00:00.000Z'))
  insertAudit(d, entry('a2', '2026-03-02T08:00:00.000Z', { action: 'sign_in', applicationId: null, orderNumber: null }))
  insertAudit(
    d,
    entry('a3', '2026-03-03T08:00:00.000Z', { orderNumber: 'ЦНАП-2026-000002', clerkId: 'c-ivan', clerkName: 'Іван Петренко' })
  )
  insertAudit(d, entry('a4', '2026-03-04T08:00:00.000Z', { action: 'sign_in', clerkId: 'c-ivan', clerkName: 'Іван Петренко' }))
  db = d
  return d
}

const ids = (q: Parameters<typeof searchAudit>[1]): string[] => searchAudit(seeded(), q).rows.map((r) => r.id)

describe('searchAudit filters', () => {
  it('with no filter returns everything, newest first', () => {
    expect(ids({ offset: 0, limit: 10 })).toEqual(['a4', 'a3', 'a2', 'a1'])
  })

  it('filters by order number, action, and the half-open time window', () => {
    expect(ids({ orderNumber: 'ЦНАП-2026-000002', offset: 0, limit: 10 })).toEqual(['a3'])
    expect(ids({ action: 'sign_in', offset: 0, limit: 10 })).toEqual(['a4', 'a2'])
    expect(ids({ fromIso: '2026-03-02T08:00:00.000Z', toIso: '2026-03-04T08:00:00.000Z', offset: 0, limit: 10 })).toEqual(['a3', 'a2'])
  })

  it('combines filters with AND, matches a clerk by a part of the name in any case, and counts before paging', () => {
    const d = seeded()
    const r = searchAudit(d, { clerk: 'іван', action: 'sign_in', offset: 0, limit: 10 })
    expect(r.rows.map((x) => x.id)).toEqual(['a4'])
    const page = searchAudit(d, { clerk: 'c-olena', offset: 1, limit: 1 })
    expect(page.total).toBe(2)
    expect(page.rows.map((x) => x.id)).toEqual(['a1'])
  })

  it('treats an empty filter as no filter', () => {
    expect(ids({ orderNumber: '', fromIso: '', offset: 0, limit: 10 })).toHaveLength(4)
  })
})
