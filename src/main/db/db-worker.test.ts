import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { insertEvents, upsertApplication } from './applications-repository'
import { seedCatalogue } from './catalogue-repository'
import { closeDatabase, dbWorkerOf, openDatabase } from './connection'
import { liveDbWorkers, startDbWorker } from './db-worker-client'
import { deferMirrorIndexes, hasDeferredIndexes } from './deferred-indexes'
import { writeSetting } from './settings'
import { demoItems, testCatalogue } from './test-fixtures'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vikno-dbworker-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('the database worker (checkpoints off the main thread)', () => {
  it('starts with the connection, checkpoints the log, rebuilds deferred indexes, and stops with closeDatabase', async () => {
    const before = liveDbWorkers()
    const file = join(dir, 'w.sqlite')
    // A long interval: this test asks for its checkpoints itself.
    const db = openDatabase(file, { worker: { intervalMs: 60_000 }, walSizeLimitBytes: 0 })
    try {
      expect(liveDbWorkers()).toBe(before + 1)
      const worker = dbWorkerOf(db)
      expect(worker?.running).toBe(true)
      // The main connection never checkpoints by itself any more.
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
      seedCatalogue(db, testCatalogue())
      expect(deferMirrorIndexes(db)).toBe(true)
      db.transaction(() => {
        for (const { record, events } of demoItems(50, 3)) {
          upsertApplication(db, record, 'confirmed')
          insertEvents(db, events)
        }
      })()
      const result = await worker?.checkpoint()
      expect(result?.busy).toBe(false)
      expect(result?.frames).toBeGreaterThan(0)
      expect(result?.checkpointed).toBe(result?.frames)
      // The worker only ever runs PASSIVE checkpoints (a TRUNCATE one holds the writer's lock and
      // made the main thread's writes fail); the main connection's next commit starts the log over
      // and cuts its file back to the size limit (here 0: just that commit's frames).
      const walBefore = statSync(`${file}-wal`).size
      writeSetting(db, 'workstation.centre_name', 'x')
      const walAfter = statSync(`${file}-wal`).size
      expect(walBefore).toBeGreaterThan(100 * 4096)
      expect(walAfter).toBeLessThan(10 * 4096)

      expect(await worker?.restoreDeferred()).toBe(true)
      expect(hasDeferredIndexes(db)).toBe(false)
      expect((db.prepare('SELECT count(*) AS n FROM application_search').get() as { n: number }).n).toBe(50)
    } finally {
      closeDatabase(db)
    }
    expect(liveDbWorkers()).toBe(before)
    expect(dbWorkerOf(db)).toBeNull()
    // Ours was the last connection: the log was checkpointed into the file and removed.
    expect(existsSync(`${file}-wal`)).toBe(false)
  })

  it('is off unless asked for: tests and tools that open many databases start no thread', () => {
    const before = liveDbWorkers()
    const dbs = [0, 1, 2].map((i) => openDatabase(join(dir, `t${i}.sqlite`)))
    expect(liveDbWorkers()).toBe(before)
    for (const db of dbs) {
      expect(dbWorkerOf(db)).toBeNull()
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
      closeDatabase(db)
    }
    const memory = openDatabase(':memory:', { worker: true })
    expect(dbWorkerOf(memory)).toBeNull() // nothing to checkpoint
    closeDatabase(memory)
    expect(liveDbWorkers()).toBe(before)
  })

  it('reports a worker that cannot start (e.g. a packaging problem), so the connection takes checkpoints back', async () => {
    const file = join(dir, 'lost.sqlite')
    const db = openDatabase(file)
    try {
      const reasons: string[] = []
      let signal = (): void => undefined
      const lost = new Promise<void>((resolve) => (signal = resolve))
      const worker = startDbWorker(file, {
        nativeBinding: join(dir, 'no-such-binding.node'),
        onLost: (reason) => {
          reasons.push(reason)
          signal()
        }
      })
      await lost
      expect(reasons).toHaveLength(1)
      expect(worker.running).toBe(false)
      worker.stop() // a no-op now
    } finally {
      closeDatabase(db)
    }
  })
})
