import type Database from 'better-sqlite3-multiple-ciphers'

export type Db = Database.Database

/** Signal Desktop logs queries slower than this; a clerk notices a list that lags by more. */
export const SLOW_QUERY_MS = 40

type Log = (msg: string) => void

const loggers = new WeakMap<Db, Log>()
const statements = new WeakMap<Db, Map<string, Database.Statement>>()

/** Where slow-query lines go for this connection; openDatabase registers its `log` here. */
export function setQueryLogger(db: Db, log: Log | undefined): void {
  if (log) loggers.set(db, log)
  else loggers.delete(db)
}

/**
 * A prepared statement cached per connection. Preparing is a parse + plan each time; the queue and
 * the bulk loader run the same few statements thousands of times.
 */
export function prepared<Row = unknown>(db: Db, sql: string): Database.Statement<unknown[], Row> {
  let cache = statements.get(db)
  if (!cache) {
    cache = new Map()
    statements.set(db, cache)
  }
  let stmt = cache.get(sql)
  if (!stmt) {
    stmt = db.prepare(sql)
    cache.set(sql, stmt)
  }
  return stmt as Database.Statement<unknown[], Row>
}

/**
 * Runs `fn` and logs it when it took longer than SLOW_QUERY_MS. The label names the query, never
 * its parameters: those can be a citizen's name or РНОКПП (Law 2297-VI).
 */
export function logSlow<T>(db: Db, label: string, fn: () => T): T {
  const started = performance.now()
  try {
    return fn()
  } finally {
    const ms = performance.now() - started
    if (ms > SLOW_QUERY_MS) loggers.get(db)?.(`slow query ${label}: ${ms.toFixed(1)} ms`)
  }
}

/** The same as logSlow, under the name other modules already use. */
export const timed = logSlow

/**
 * The JSON column (selected `AS json`) of the one row `sql` finds, as the typed value our own code
 * stored there; null when there is no row. Only for columns written from a typed value: it is not
 * validated again (that would cost more than it proves, and zod's trims would break the round trip).
 */
export function getStoredJson<T>(db: Db, sql: string, ...params: unknown[]): T | null {
  const row = prepared<{ json: string }>(db, sql).get(...params)
  return row ? (JSON.parse(row.json) as T) : null
}

/**
 * Inserts `row` (column → value) into `table`, or, when a row with the same `key` exists, replaces
 * its other columns: the one-row upsert the repositories share. Table and column names come from
 * our own code, never from input; the statement is prepared once per shape.
 */
export function upsertRow(db: Db, table: string, key: string, row: Record<string, unknown>): void {
  const columns = Object.keys(row)
  const update = columns.filter((c) => c !== key).map((c) => `${c} = excluded.${c}`)
  prepared(
    db,
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
     ON CONFLICT(${key}) DO UPDATE SET ${update.join(', ')}`
  ).run(...columns.map((c) => row[c]))
}
