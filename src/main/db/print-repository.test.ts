import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, type Db } from './connection'
import { insertEvents, upsertApplication } from './applications-repository'
import { loadCatalogueFile, seedCatalogue } from './catalogue-repository'
import { ALL_PRINT_QUERIES_FOR_TESTS, forwardedBodyOf, listIssuedBetween, listReceivedBetween, registeredByOf, wasPrinted } from './print-repository'
import { sampleRecords } from '../print/samples'

const catalogue = loadCatalogueFile(join(__dirname, '../../../resources/catalog/services.json'))
let db: Db
beforeEach(() => {
  db = openDatabase(':memory:')
  seedCatalogue(db, catalogue)
})
afterEach(() => closeDatabase(db))

const day = (date: string) => [Date.parse(`${date}T00:00:00+02:00`), Date.parse(`${date}T24:00:00+02:00`)] as const

describe('print repository', () => {
  it('reads registers of a day in the centre zone, in time order', () => {
    const s = sampleRecords(catalogue)
    for (const r of s.all) upsertApplication(db, r)
    // 23:30 Kyiv on 1 March is 21:30Z: still 1 March, not in the register of the 2nd.
    upsertApplication(db, { ...s.receipt, id: 'late', orderNumber: '002-000999-6', receivedAt: '2026-03-01T21:30:00.000Z' })
    const received = listReceivedBetween(db, ...day('2026-03-02')).map((r) => r.receivedAt)
    expect(received).toEqual([...received].sort((a, b) => Date.parse(a) - Date.parse(b)))
    expect(received).not.toContain('2026-03-01T21:30:00.000Z')
    expect(listReceivedBetween(db, ...day('2026-03-01')).map((r) => r.id)).toContain('late')
    expect(listIssuedBetween(db, ...day('2026-03-02')).map((r) => r.id).sort()).toEqual(s.issued.map((r) => r.id).sort())
    expect(listIssuedBetween(db, ...day('2026-03-03'))).toEqual([])
  })

  it('knows who registered a walk-in, what was printed, where a batch went', () => {
    const s = sampleRecords(catalogue)
    upsertApplication(db, s.receipt)
    insertEvents(db, [
      { id: 'e1', applicationId: s.receipt.id, kind: 'registered_walk_in', at: s.receipt.receivedAt, actor: 'Олена Коваль', commandId: 'c1', data: {} },
      { id: 'e2', applicationId: s.receipt.id, kind: 'printed', at: s.receipt.receivedAt, actor: 'Олена Коваль', commandId: 'c2', data: { document: 'receipt', copy: false } },
      { id: 'e3', applicationId: s.receipt.id, kind: 'forwarded', at: s.receipt.receivedAt, actor: 'Олена Коваль', commandId: 'c3', data: { body: ' ДАБК ' } }
    ])
    expect(registeredByOf(db, s.receipt.id)).toBe('Олена Коваль')
    expect(wasPrinted(db, s.receipt.id, 'receipt')).toBe(true)
    expect(wasPrinted(db, s.receipt.id, 'refusal_letter')).toBe(false)
    expect(forwardedBodyOf(db, s.receipt.id)).toBe('ДАБК')
  })

  it.each(Object.entries(ALL_PRINT_QUERIES_FOR_TESTS))('%s reads through an index', (_name, sql) => {
    const params = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => null)
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ')
    expect(plan).not.toMatch(/SCAN (applications|application_events|outbox)\b/)
    expect(plan).toMatch(/USING (COVERING )?INDEX/)
  })
})
