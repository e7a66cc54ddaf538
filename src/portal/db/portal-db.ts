/*
 * The portal's one database seam. Two implementations speak the same SQL dialect (PostgreSQL):
 * PGlite embedded (pilot, demo, fast tests) and node-postgres against a real server. Everything
 * above this file sees only `Queryable` and `PortalDb`.
 */

export interface Queryable {
  /** Runs one statement with `$1..$n` parameters and returns its rows. */
  query<T>(sql: string, params?: readonly unknown[]): Promise<T[]>
  /**
   * The one text value that `sql` yields (one row, one column, not NULL; anything else throws), as
   * its UTF-8 bytes, never decoded into a JS string. Optional, for values that only pass through
   * the portal (a pull page, megabytes): only PGlite's transactions offer it (pglite-db.ts), where
   * decoding such a value into a string and encoding it back for the reply was ~30% of a pull's CPU.
   * COPY cannot take parameters, so `sql` has none: the caller passes strings through
   * set_config/current_setting and inlines only integers it has checked. Without it, `query`.
   */
  queryTextBytes?(sql: string): Promise<Uint8Array>
}

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable'

export interface TxOptions {
  isolation?: IsolationLevel
  readOnly?: boolean
}

export interface PortalDb extends Queryable {
  readonly kind: 'pglite' | 'postgres'
  /** One transaction on one connection; committed when `fn` resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, opts?: TxOptions): Promise<T>
  close(): Promise<void>
}

/**
 * The database cannot be reached (server down, connection lost, the embedded engine closed).
 * Nothing can be decided: the HTTP layer answers 503 and the caller retries later.
 */
export class DbUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'DbUnavailableError'
  }
}

/** The SQLSTATE of a database error, when it has one. */
export function sqlState(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null
  const code = (error as { code: unknown }).code
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null
}

/** serialization_failure and deadlock_detected: the transaction can simply run again. */
export function isRetryable(error: unknown): boolean {
  const state = sqlState(error)
  return state === '40001' || state === '40P01'
}

export function beginStatement(opts: TxOptions | undefined): string {
  const parts = ['BEGIN']
  if (opts?.isolation) parts.push(`ISOLATION LEVEL ${opts.isolation.toUpperCase()}`)
  if (opts?.readOnly) parts.push('READ ONLY')
  return parts.join(' ')
}
