import { PGlite } from '@electric-sql/pglite'
import { singleTextFromCopyBinary } from './copy-binary'
import { beginStatement, DbUnavailableError, type PortalDb, type Queryable, type TxOptions } from './portal-db'

export interface PgliteDbOptions {
  /** A folder for the data; omitted → in memory. */
  dataDir?: string
  /** A tarball from `dumpDataDir` to start from (skips initdb, which costs seconds). */
  loadDataDir?: Blob
}

function wrap(error: unknown, closed: boolean): unknown {
  if (closed) return new DbUnavailableError('Вбудована база даних закрита', { cause: error })
  return error
}

/**
 * PGlite is one connection: its own mutex serialises transactions, so a statement issued on the
 * instance while a transaction is open waits for that transaction. Code inside a transaction must
 * therefore use the `tx` it was given, never the instance.
 * Only the transaction offers queryTextBytes: its callers pass values with set_config(..., true),
 * which outlives a statement only inside a transaction.
 */
export class PgliteDb implements PortalDb {
  readonly kind = 'pglite' as const
  private closed = false

  private constructor(readonly pg: PGlite) {}

  static async open(opts: PgliteDbOptions = {}): Promise<PgliteDb> {
    const pg = await PGlite.create({
      ...(opts.dataDir !== undefined ? { dataDir: opts.dataDir } : {}),
      ...(opts.loadDataDir !== undefined ? { loadDataDir: opts.loadDataDir } : {})
    })
    return new PgliteDb(pg)
  }

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    if (this.closed) throw new DbUnavailableError('Вбудована база даних закрита')
    try {
      const res = await this.pg.query<T>(sql, [...params])
      return res.rows
    } catch (error) {
      throw wrap(error, this.closed)
    }
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>, opts?: TxOptions): Promise<T> {
    if (this.closed) throw new DbUnavailableError('Вбудована база даних закрита')
    // PGlite's transaction() issues a bare BEGIN; the isolation level is set by the first statement.
    try {
      return await this.pg.transaction(async (t) => {
        const first = beginStatement(opts).replace(/^BEGIN/, 'SET TRANSACTION')
        if (first !== 'SET TRANSACTION') await t.query(first)
        const tx: Queryable = {
          query: async <R>(sql: string, params: readonly unknown[] = []): Promise<R[]> => (await t.query<R>(sql, [...params])).rows,
          // PGlite hands COPY's output over as the bytes PostgreSQL wrote: no protocol parse of the
          // value, no UTF-8 decode into a string (pull pages are megabytes; portal-db.ts).
          queryTextBytes: async (sql: string): Promise<Uint8Array> => {
            const res = await t.query(`COPY (${sql}) TO '/dev/blob' WITH (FORMAT binary)`)
            if (!res.blob) throw new Error('COPY TO /dev/blob returned no data')
            return singleTextFromCopyBinary(new Uint8Array(await res.blob.arrayBuffer()))
          }
        }
        return fn(tx)
      })
    } catch (error) {
      throw wrap(error, this.closed)
    }
  }

  async dump(): Promise<Blob> {
    return this.pg.dumpDataDir('none')
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.pg.close()
  }
}
