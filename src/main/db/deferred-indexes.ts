import type { Db } from './sql'

/*
 * Secondary indexes and the name-search index deferred while an EMPTY mirror is filled (the initial
 * sync): each pulled unit then writes its rows and their primary keys only, and every index is
 * built once at the end by sorting, instead of being updated at random places for every row
 * (bench/sync.ts: about three times faster, and each unit blocks the event loop far less).
 *
 * Crash safety: the objects are dropped in ONE transaction that also stores their SQL in the
 * settings table (DEFERRED_KEY), and they are rebuilt in ONE transaction that also deletes it. So a
 * database is always either complete or holds the marker, and openDatabase rebuilds whatever a
 * marker names before anything else reads the file (connection.ts). The SQL stored is the one
 * sqlite_schema held, so the rebuilt schema is exactly the migrated one (schema.snapshot.test.ts).
 *
 * This module imports nothing but types: the database worker (db-worker.ts) runs the rebuild too.
 */

export const DEFERRED_KEY = 'db.deferred_indexes'

/**
 * The mirror's tables, parents first (applications refer to applicants; the rest to applications).
 * Their UNIQUE / PRIMARY KEY indexes have no SQL of their own and stay when indexes are deferred.
 */
export const MIRROR_TABLES = ['applicants', 'applications', 'application_records', 'application_events', 'report_facts'] as const

/**
 * Kept while deferring: the two partial indexes that answer the queue's "mine" and "due" badge
 * counts (countQueue), which the clerk's screen asks for all through the sync. Without them each
 * count scans the growing table on the main thread (bench/sync.ts saw 30 ms per call, up to 700 ms).
 * Partial, so they cost the load little.
 */
const KEPT_INDEXES = ['applications_by_running_due', 'applications_by_holder_due'] as const

/** The triggers that keep application_search (migration 004) in step; the queue counters' triggers stay. */
const SEARCH_TRIGGERS = [
  'application_search_insert',
  'application_search_update',
  'application_search_delete',
  'application_search_applicant'
] as const

/**
 * Fills application_search from the tables, as migration 004 does after creating it. Must index
 * the same text as its triggers: deferred-indexes.test.ts compares a deferred load with a normal one.
 */
const FILL_SEARCH = `
  INSERT INTO application_search (rowid, name, numbers)
    SELECT a.rowid, p.name_key, concat_ws(' ', a.order_digits, p.rnokpp, '0' || substr(p.phone, 5))
    FROM applications a JOIN applicants p ON p.id = a.applicant_id`

interface SchemaObject {
  type: 'index' | 'trigger'
  name: string
  sql: string
}

function isSchemaObject(x: unknown): x is SchemaObject {
  if (typeof x !== 'object' || x === null) return false
  const o = x as Record<string, unknown>
  return (o['type'] === 'index' || o['type'] === 'trigger') && typeof o['name'] === 'string' && typeof o['sql'] === 'string'
}

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`

function settingsExist(db: Db): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'settings'`).get() !== undefined
}

function readMarker(db: Db): SchemaObject[] | null {
  if (!settingsExist(db)) return null
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(DEFERRED_KEY) as { value: string } | undefined
  if (!row) return null
  const parsed: unknown = JSON.parse(row.value)
  if (!Array.isArray(parsed) || !parsed.every(isSchemaObject)) throw new Error(`${DEFERRED_KEY}: unreadable marker`)
  return parsed
}

/** True while indexes are deferred (between deferMirrorIndexes and restoreDeferredIndexes). */
export function hasDeferredIndexes(db: Db): boolean {
  return readMarker(db) !== null
}

/**
 * Drops the mirror's secondary indexes and search triggers, remembering them, in one transaction.
 * Only for an empty mirror: returns false (and changes nothing) when the mirror holds an
 * application, or when indexes are already deferred.
 */
export function deferMirrorIndexes(db: Db): boolean {
  if (db.inTransaction) throw new Error('deferMirrorIndexes: call it outside a transaction')
  return db
    .transaction((): boolean => {
      if (readMarker(db) !== null) return false
      if (db.prepare('SELECT 1 FROM applications LIMIT 1').get() !== undefined) return false
      const objects = db
        .prepare(
          `SELECT type, name, sql FROM sqlite_schema
         WHERE (type = 'index' AND sql IS NOT NULL AND tbl_name IN (${MIRROR_TABLES.map(() => '?').join(', ')})
                AND name NOT IN (${KEPT_INDEXES.map(() => '?').join(', ')}))
            OR (type = 'trigger' AND name IN (${SEARCH_TRIGGERS.map(() => '?').join(', ')}))
         ORDER BY type, name`
        )
        .all(...MIRROR_TABLES, ...KEPT_INDEXES, ...SEARCH_TRIGGERS) as SchemaObject[]
      if (objects.length === 0) return false
      db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(DEFERRED_KEY, JSON.stringify(objects))
      // Names come from sqlite_schema itself, quoted; DROP takes no parameters.
      for (const o of objects) db.exec(`DROP ${o.type === 'index' ? 'INDEX' : 'TRIGGER'} ${quote(o.name)}`)
      return true
    })
    .immediate()
}

/**
 * Builds what deferMirrorIndexes dropped, refills the search index when its triggers were among
 * them, and removes the marker: one transaction. Returns false when nothing was deferred.
 */
export function restoreDeferredIndexes(db: Db): boolean {
  if (db.inTransaction) throw new Error('restoreDeferredIndexes: call it outside a transaction')
  return db
    .transaction((): boolean => {
      const objects = readMarker(db)
      if (objects === null) return false
      const exists = db.prepare('SELECT 1 FROM sqlite_schema WHERE type = ? AND name = ?')
      for (const o of objects) if (exists.get(o.type, o.name) === undefined) db.exec(o.sql)
      if (objects.some((o) => o.type === 'trigger')) {
        // Nothing wrote to the search index while its triggers were gone: fill it from scratch.
        db.exec(`INSERT INTO application_search (application_search) VALUES ('delete-all')`)
        db.exec(FILL_SEARCH)
      }
      db.prepare('DELETE FROM settings WHERE key = ?').run(DEFERRED_KEY)
      return true
    })
    .immediate()
}
