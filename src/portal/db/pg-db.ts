import pg from 'pg'
import { beginStatement, DbUnavailableError, sqlState, type PortalDb, type Queryable, type TxOptions } from './portal-db'

/*
 * node-postgres against a real PostgreSQL server (production, CI). BIGINT columns (the change
 * counters) come back as JS numbers, as they do from PGlite: the counters stay far below 2^53.
 */

const INT8_OID = 20
export const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value)
    return format === undefined ? pg.types.getTypeParser(oid) : pg.types.getTypeParser(oid, format)
  }) as pg.CustomTypesConfig['getTypeParser']
}

/** Errors that mean "no database", not "this statement failed". */
function isConnectionError(error: unknown): boolean {
  const state = sqlState(error)
  if (state !== null) {
    // 08: connection exception; 57P01-03: admin shutdown, crash shutdown, cannot connect now; 53300: too many connections.
    return state.startsWith('08') || state === '57P01' || state === '57P02' || state === '57P03' || state === '53300'
  }
  if (typeof error === 'object' && error !== null && 'code' in error && typeof (error as { code: unknown }).code === 'string') {
    const code = (error as { code: string }).code
    return code.startsWith('E') // ECONNREFUSED, ECONNRESET, ETIMEDOUT, ENOTFOUND, EPIPE …
  }
  const message = error instanceof Error ? error.message : String(error)
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end/i.test(
    message
  )
}

function wrap(error: unknown): unknown {
  return isConnectionError(error) ? new DbUnavailableError('Сервер бази даних недоступний', { cause: error }) : error
}

export interface PgDbOptions {
  connectionString: string
  max?: number
  /** Extra startup options, e.g. `-c search_path=test_schema` for isolated test schemas. */
  options?: string
}

export class PgDb implements PortalDb {
  readonly kind = 'postgres' as const
  readonly pool: pg.Pool

  constructor(readonly config: PgDbOptions) {
    const opts = config
    this.pool = new pg.Pool({
      connectionString: opts.connectionString,
      max: opts.max ?? 10,
      connectionTimeoutMillis: 5_000,
      types: typeParsers,
      ...(opts.options !== undefined ? { options: opts.options } : {})
    })
    // An idle client losing its connection must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined)
  }

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    try {
      const res = await this.pool.query(sql, [...params])
      return res.rows as T[]
    } catch (error) {
      throw wrap(error)
    }
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>, opts?: TxOptions): Promise<T> {
    let client: pg.PoolClient
    try {
      client = await this.pool.connect()
    } catch (error) {
      throw wrap(error)
    }
    let broken: unknown = undefined
    try {
      await client.query(beginStatement(opts))
      const tx: Queryable = {
        query: async <R>(sql: string, params: readonly unknown[] = []): Promise<R[]> => (await client.query(sql, [...params])).rows as R[]
      }
      const result = await fn(tx)
      await client.query('COMMIT')
      return result
    } catch (error) {
      try {
        await client.query('ROLLBACK')
      } catch (rollbackError) {
        broken = rollbackError
      }
      if (isConnectionError(error)) broken = error
      throw wrap(error)
    } finally {
      // A client whose connection broke is destroyed rather than returned to the pool.
      client.release(broken === undefined ? undefined : broken instanceof Error ? broken : new Error(String(broken)))
    }
  }

  async close(): Promise<void> {
    await this.pool.end()
  }
}
