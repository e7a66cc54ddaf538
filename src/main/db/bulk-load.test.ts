import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { seedCatalogue } from './catalogue-repository'
import { closeDatabase, openDatabase } from './connection'
import { getApplication, insertEvents, listEvents, upsertApplication } from './applications-repository'
import { bulkLoadApplications, startBulkLoad } from './bulk-load'
import type { Db } from './sql'
import { demoItems, memoryDb, testCatalogue } from './test-fixtures'

const items = demoItems(400, 21)

/** Every row of every table the load fills, in a stable order. */
function dump(db: Db): unknown {
  return ['applicants', 'applications', 'application_records', 'application_events'].map((t) =>
    db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()
  )
}
const schema = (db: Db): unknown => db.prepare(`SELECT type, name, sql FROM sqlite_schema ORDER BY name`).all()

describe('bulkLoadApplications', () => {
  it('stores exactly what upsertApplication + insertEvents store', () => {
    const one = memoryDb()
    for (const { record, events } of items) {
      upsertApplication(one, record)
      insertEvents(one, events)
    }
    for (const fresh of [false, true]) {
      const bulk = memoryDb()
      const batches: number[] = []
      expect(bulkLoadApplications(bulk, items, { batchSize: 150, freshDatabase: fresh, onBatch: (n) => batches.push(n) })).toBe(400)
      expect(batches).toEqual([150, 300, 400])
      expect(dump(bulk)).toEqual(dump(one))
      expect(schema(bulk)).toEqual(schema(one)) // deferred indexes are back
      expect(getApplication(bulk, items[7]!.record.id)).toEqual(items[7]!.record)
      expect(listEvents(bulk, items[7]!.record.id)).toEqual(items[7]!.events)
    }
  })

  it('restores the connection settings it changed', () => {
    const db = memoryDb()
    const before = ['synchronous', 'cache_size', 'foreign_keys'].map((p) => db.pragma(p, { simple: true }))
    bulkLoadApplications(db, items.slice(0, 10), { freshDatabase: true })
    expect(['synchronous', 'cache_size', 'foreign_keys'].map((p) => db.pragma(p, { simple: true }))).toEqual(before)
  })

  it('is idempotent when not fresh: loading twice changes nothing', () => {
    const db = memoryDb()
    bulkLoadApplications(db, items)
    const once = dump(db)
    bulkLoadApplications(db, items)
    expect(dump(db)).toEqual(once)
  })

  it('refuses a "fresh" load into a database that has applications', () => {
    const db = memoryDb()
    upsertApplication(db, items[0]!.record)
    expect(() => startBulkLoad(db, { freshDatabase: true })).toThrow(/already holds applications/)
  })

  it('finds events pointing at missing applications at the end of a fresh load, and still restores the schema', () => {
    const db = memoryDb()
    const before = schema(db)
    const orphan = { ...items[0]!.events[0]!, id: 'orphan', applicationId: 'missing' }
    const loader = startBulkLoad(db, { freshDatabase: true })
    loader.write([{ record: items[0]!.record, events: [orphan] }])
    expect(() => loader.finish()).toThrow(/1 rows pointing at missing parents/)
    expect(schema(db)).toEqual(before)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
  })
})

describe('bulkLoadApplications into a scratch file', () => {
  it('loads without a journal and hands back a WAL database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vikno-bulk-'))
    try {
      const file = join(dir, 'demo.sqlite.partial')
      const db = openDatabase(file)
      seedCatalogue(db, testCatalogue())
      expect(bulkLoadApplications(db, items.slice(0, 50), { freshDatabase: true, scratchFile: true })).toBe(50)
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(getApplication(db, items[49]!.record.id)).toEqual(items[49]!.record)
      closeDatabase(db)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
