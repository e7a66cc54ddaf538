import type { ApplicationEvent, ApplicationRecord } from '../../shared/domain/application'
import { toApplicationRows, toEventRow, type ApplicationRows, type EventRow } from './application-rows'
import { INSERT_EVENT, writeApplicationRows, type SyncState } from './applications-repository'
import { ensureServiceRow } from './catalogue-repository'
import { prepared, type Db } from './sql'

export interface BulkItem {
  record: ApplicationRecord
  events: readonly ApplicationEvent[]
}

/** A BulkItem already turned into row parameters (see toBulkRows), e.g. by another thread. */
export interface BulkRows {
  rows: ApplicationRows
  events: readonly EventRow[]
}

export function toBulkRows(item: BulkItem): BulkRows {
  return { rows: toApplicationRows(item.record), events: item.events.map(toEventRow) }
}

export interface BulkLoadOptions {
  syncState?: SyncState
  /**
   * The database holds no applications yet (a new demo file, a first sync): secondary indexes are
   * built once at the end and foreign keys checked once at the end, instead of for every row —
   * about twice as fast for a million rows. Refused when applications already exist.
   */
  freshDatabase?: boolean
  /**
   * The file is thrown away if the load does not finish (the demo generator builds a .partial
   * file): no journal at all while loading, so every page is written once instead of twice.
   */
  scratchFile?: boolean
}

export interface BulkLoader {
  /** Stores one batch in ONE transaction: a batch is stored whole or not at all. */
  write(batch: readonly BulkItem[]): void
  /** The same for batches whose rows were prepared elsewhere. */
  writeRows(batch: readonly BulkRows[]): void
  /** Rebuilds what was deferred and restores the connection's settings. Call it also after a failure. */
  finish(): void
}

// The tables a load fills; their indexes are the deferred ones (UNIQUE and PRIMARY KEY indexes have
// no SQL of their own and stay: they are what makes the load idempotent).
const LOADED_TABLES = ['applicants', 'applications', 'application_records', 'application_events', 'report_facts'] as const

/**
 * Stores many applications fast: the same writes as upsertApplication and insertEvents, with the
 * statements prepared once and one transaction per batch instead of one per record.
 *
 * While it runs, commits do not wait for the disk (`synchronous = OFF`): a power cut can lose the
 * batches of this load, never the consistency of a WAL database, and the caller starts over.
 */
export function startBulkLoad(db: Db, opts: BulkLoadOptions = {}): BulkLoader {
  const syncState = opts.syncState ?? null
  const fresh = opts.freshDatabase === true
  // PRAGMA synchronous / foreign_keys are silently ignored inside a transaction.
  if (db.inTransaction) throw new Error('startBulkLoad: call it outside a transaction')
  if (fresh && prepared(db, 'SELECT 1 FROM applications LIMIT 1').get() !== undefined) {
    throw new Error('startBulkLoad: freshDatabase was set but the database already holds applications')
  }
  const insertEvent = prepared(db, INSERT_EVENT)
  const servicesSeen = new Set<string>()
  const writeBatch = db.transaction((batch: readonly BulkRows[]) => {
    for (const { rows, events } of batch) {
      if (!servicesSeen.has(rows.serviceId)) {
        ensureServiceRow(db, rows.serviceId)
        servicesSeen.add(rows.serviceId)
      }
      writeApplicationRows(db, rows, syncState, { serviceKnown: true })
      for (const e of events) insertEvent.run(...e)
    }
  })

  const synchronous = Number(db.pragma('synchronous', { simple: true }))
  const cacheSize = Number(db.pragma('cache_size', { simple: true }))
  const foreignKeys = Number(db.pragma('foreign_keys', { simple: true }))
  const journalMode = String(db.pragma('journal_mode', { simple: true }))
  if (opts.scratchFile) db.pragma('journal_mode = OFF')
  db.pragma('synchronous = OFF')
  // Index pages of a million-row table do not fit the default 2 MB cache; evicting and re-reading
  // them is most of the cost of a large load.
  db.pragma('cache_size = -262144')
  let deferred: { name: string; sql: string }[] = []
  if (fresh) {
    db.pragma('foreign_keys = OFF')
    deferred = db
      .prepare(
        `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${LOADED_TABLES.map(() => '?').join(', ')})`
      )
      .all(...LOADED_TABLES) as { name: string; sql: string }[]
    db.transaction(() => {
      // Names come from sqlite_schema itself, quoted; DROP INDEX takes no parameters.
      for (const { name } of deferred) db.exec(`DROP INDEX "${name.replaceAll('"', '""')}"`)
    })()
  }

  let finished = false
  return {
    write(batch) {
      this.writeRows(batch.map(toBulkRows))
    },
    writeRows(batch) {
      if (finished) throw new Error('BulkLoader.write after finish')
      writeBatch(batch)
    },
    finish() {
      if (finished) return
      finished = true
      try {
        if (deferred.length > 0) db.transaction(() => deferred.forEach(({ sql }) => db.exec(sql)))()
        if (fresh) {
          const broken = LOADED_TABLES.reduce((n, table) => n + (db.pragma(`foreign_key_check(${table})`) as unknown[]).length, 0)
          if (broken > 0) throw new Error(`Bulk load left ${broken} rows pointing at missing parents`)
        }
      } finally {
        if (opts.scratchFile) db.pragma(`journal_mode = ${journalMode}`)
        db.pragma(`foreign_keys = ${foreignKeys}`)
        db.pragma(`synchronous = ${synchronous}`)
        db.pragma(`cache_size = ${cacheSize}`)
      }
    }
  }
}

/** Loads an iterable in batches of `batchSize` (default 10,000); returns how many were stored. */
export function bulkLoadApplications(
  db: Db,
  items: Iterable<BulkItem>,
  opts: BulkLoadOptions & { batchSize?: number; onBatch?: (stored: number) => void } = {}
): number {
  const batchSize = opts.batchSize ?? 10_000
  const loader = startBulkLoad(db, opts)
  let stored = 0
  try {
    let batch: BulkItem[] = []
    for (const item of items) {
      batch.push(item)
      if (batch.length >= batchSize) {
        loader.write(batch)
        stored += batch.length
        batch = []
        opts.onBatch?.(stored)
      }
    }
    if (batch.length > 0) {
      loader.write(batch)
      stored += batch.length
      opts.onBatch?.(stored)
    }
  } finally {
    loader.finish()
  }
  return stored
}

/**
 * Planner statistics for the tables just filled, so the first queries already get good plans.
 * Sampled (analysis_limit, as PRAGMA optimize does): exact counts of a million rows plan no better.
 */
export function analyzeDatabase(db: Db): void {
  db.pragma('analysis_limit = 2000')
  db.exec('ANALYZE')
  db.pragma('analysis_limit = 0')
}
