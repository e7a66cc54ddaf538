import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_CALENDAR } from '../../shared/domain/calendar'
import type { PullResponse } from '../../shared/protocol'
import { SyncEngine } from '../sync/sync-engine'
import { MemoryPortal } from '../sync/testing/memory-portal'
import { TransportError, type SyncTransport } from '../sync/transport'
import { insertEvents, upsertApplication } from './applications-repository'
import { seedCatalogue } from './catalogue-repository'
import { openDatabase } from './connection'
import { DEFERRED_KEY, deferMirrorIndexes, hasDeferredIndexes, restoreDeferredIndexes } from './deferred-indexes'
import { hasSetting } from './settings'
import type { Db } from './sql'
import { demoItems, testCatalogue } from './test-fixtures'

const items = demoItems(120, 5)

let dir: string
let open: Db[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vikno-deferred-'))
  open = []
})
afterEach(() => {
  for (const db of open) if (db.open) db.close()
  rmSync(dir, { recursive: true, force: true })
})

function fileDb(name: string): Db {
  const db = openDatabase(join(dir, name))
  open.push(db)
  seedCatalogue(db, testCatalogue())
  return db
}

/** The schema as sqlite_schema states it (root pages aside): the rebuilt one must be the migrated one, text and all. */
const schemaOf = (db: Db): unknown => db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name').all()

/** What the name and number search finds for a few prefixes of every kind. */
function searches(db: Db): unknown {
  const match = db.prepare('SELECT rowid AS r FROM application_search WHERE application_search MATCH ? ORDER BY rowid')
  const terms = new Set<string>()
  for (const { record } of items.slice(0, 30)) {
    terms.add(`name:"${record.applicant.surname.toLowerCase().replaceAll(/['’ʼ]/g, '').slice(0, 3)}"*`)
    terms.add(`numbers:"${record.orderNumber.replaceAll(/\D/g, '').slice(0, 6)}"*`)
  }
  return [...terms].map((t) => [t, match.all(t)])
}

function load(db: Db): void {
  db.transaction(() => {
    for (const { record, events } of items) {
      upsertApplication(db, record, 'confirmed')
      insertEvents(db, events)
    }
  })()
}

const integrity = (db: Db): unknown => db.pragma('integrity_check', { simple: true })

describe('deferred mirror indexes', () => {
  it('drops the secondary and search indexes of an empty mirror and rebuilds exactly the migrated schema and search', () => {
    const normal = fileDb('normal.sqlite')
    load(normal)
    const deferred = fileDb('deferred.sqlite')
    const before = schemaOf(deferred)
    expect(deferMirrorIndexes(deferred)).toBe(true)
    expect(hasDeferredIndexes(deferred)).toBe(true)
    expect(deferMirrorIndexes(deferred)).toBe(false) // already deferred
    const indexes = (db: Db): string[] =>
      (
        db
          .prepare(
            `SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('applicants', 'applications', 'application_events') ORDER BY name`
          )
          .all() as { name: string }[]
      ).map((r) => r.name)
    // Only the two partial indexes behind the queue's badge counts stay while deferred.
    expect(indexes(deferred)).toEqual(['applications_by_holder_due', 'applications_by_running_due'])
    load(deferred)
    expect(restoreDeferredIndexes(deferred)).toBe(true)
    expect(restoreDeferredIndexes(deferred)).toBe(false)
    expect(hasSetting(deferred, DEFERRED_KEY)).toBe(false)
    expect(schemaOf(deferred)).toEqual(before)
    expect(searches(deferred)).toEqual(searches(normal))
    expect((searches(normal) as [string, unknown[]][]).some(([, rows]) => rows.length > 0)).toBe(true)
    expect(integrity(deferred)).toBe('ok')
  })

  it('refuses a mirror that already holds applications', () => {
    const db = fileDb('full.sqlite')
    load(db)
    expect(deferMirrorIndexes(db)).toBe(false)
    expect(hasDeferredIndexes(db)).toBe(false)
  })

  it('a database left with deferred indexes (a crash) gets them back when it is opened', () => {
    const file = join(dir, 'crashed.sqlite')
    const reference = schemaOf(fileDb('reference.sqlite'))
    const crashed = fileDb('crashed.sqlite')
    expect(deferMirrorIndexes(crashed)).toBe(true)
    load(crashed)
    // The process dies: the handle is abandoned as it is (no close, no checkpoint), the file reopened.
    const reopened = openDatabase(file)
    open.push(reopened)
    expect(hasDeferredIndexes(reopened)).toBe(false)
    expect(schemaOf(reopened)).toEqual(reference)
    expect(integrity(reopened)).toBe('ok')
    const n = (sql: string): number => (reopened.prepare(sql).get() as { n: number }).n
    expect(n('SELECT count(*) AS n FROM application_search')).toBe(items.length)
  })
})

// ————— the initial sync —————

function portalWithItems(): MemoryPortal {
  const portal = new MemoryPortal()
  for (const { record, events } of items) {
    portal.put(record)
    for (const e of events) portal.addEvent(e)
  }
  return portal
}

/** The portal's transport, failing the pull number `failAt` in the way asked. */
function flaky(inner: SyncTransport, failAt: number, how: 'offline' | 'hang'): SyncTransport & { pulls: number } {
  const t = {
    pulls: 0,
    pull(cursor: number, limit: number, after?: Parameters<SyncTransport['pull']>[2]): Promise<PullResponse> {
      t.pulls++
      if (t.pulls === failAt)
        return how === 'offline' ? Promise.reject(new TransportError('offline', 'no network')) : new Promise<PullResponse>(() => undefined)
      return inner.pull(cursor, limit, after)
    },
    push: inner.push.bind(inner),
    blob: inner.blob.bind(inner)
  }
  return t
}

function engineOn(db: Db, transport: SyncTransport): SyncEngine {
  return new SyncEngine({
    db,
    clock: () => new Date('2026-11-30T10:00:00.000Z'),
    newId: () => crypto.randomUUID(),
    transport,
    calendar: DEFAULT_CALENDAR,
    centreId: 'khm-cnap',
    workstationId: 'w1',
    log: { info: () => undefined, warn: () => undefined },
    emit: () => undefined,
    pullPageSize: 100,
    applyUnitSize: 40
  })
}

const mirrorCounts = (db: Db): unknown =>
  db
    .prepare(
      'SELECT (SELECT count(*) FROM applications) AS apps, (SELECT count(*) FROM application_events) AS events, (SELECT count(*) FROM application_search) AS search'
    )
    .get()

describe('initial sync with deferred indexes', () => {
  it('defers while pulling into an empty mirror and ends with the full schema and search', async () => {
    const portal = portalWithItems()
    const reference = fileDb('reference.sqlite')
    load(reference)
    const db = fileDb('w.sqlite')
    const schema = schemaOf(db)
    const t = flaky(portal.transport('w1'), -1, 'offline')
    let deferredSeen = false
    const inner = t.pull.bind(t)
    t.pull = (cursor, limit, after) => {
      if (t.pulls > 1) deferredSeen ||= hasDeferredIndexes(db)
      return inner(cursor, limit, after)
    }
    await engineOn(db, t).syncNow()
    expect(t.pulls).toBeGreaterThan(3)
    expect(deferredSeen).toBe(true)
    expect(hasDeferredIndexes(db)).toBe(false)
    expect(schemaOf(db)).toEqual(schema)
    expect(mirrorCounts(db)).toEqual(mirrorCounts(reference))
    expect(searches(db)).toEqual(searches(reference))
  })

  it('a pull that fails half-way rebuilds the indexes at once; the next sync finishes without deferring', async () => {
    const portal = portalWithItems()
    const reference = fileDb('reference.sqlite')
    load(reference)
    const db = fileDb('w.sqlite')
    const schema = schemaOf(db)
    const t = flaky(portal.transport('w1'), 3, 'offline')
    const engine = engineOn(db, t)
    await expect(engine.syncNow()).rejects.toThrow(TransportError)
    expect(hasDeferredIndexes(db)).toBe(false)
    expect(schemaOf(db)).toEqual(schema)
    await engine.syncNow()
    expect(mirrorCounts(db)).toEqual(mirrorCounts(reference))
    expect(searches(db)).toEqual(searches(reference))
  })

  it('a crash during a deferred initial sync: the reopened file has every index, and the sync resumes to the same mirror', async () => {
    const portal = portalWithItems()
    const reference = fileDb('reference.sqlite')
    load(reference)
    const file = join(dir, 'w.sqlite')
    const db = fileDb('w.sqlite')
    const schema = schemaOf(db)
    const t = flaky(portal.transport('w1'), 4, 'hang')
    void engineOn(db, t).syncNow()
    for (let i = 0; i < 200 && t.pulls < 4; i++) await new Promise((resolve) => setTimeout(resolve, 5))
    // The sync hangs on its 4th pull with pages applied and the indexes still deferred.
    expect(hasDeferredIndexes(db)).toBe(true)
    expect((mirrorCounts(db) as { apps: number }).apps).toBeGreaterThan(0)
    // The process dies there: the handle is abandoned as it is, and the file opened again.
    const reopened = openDatabase(file)
    open.push(reopened)
    expect(hasDeferredIndexes(reopened)).toBe(false)
    expect(schemaOf(reopened)).toEqual(schema)
    expect(integrity(reopened)).toBe('ok')
    await engineOn(reopened, portal.transport('w1')).syncNow()
    expect(mirrorCounts(reopened)).toEqual(mirrorCounts(reference))
    expect(searches(reopened)).toEqual(searches(reference))
    expect(existsSync(file)).toBe(true)
  })
})
