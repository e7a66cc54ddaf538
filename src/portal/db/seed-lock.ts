import { PgDb } from './pg-db'
import type { PortalDb } from './portal-db'

/*
 * Several portal processes starting together on one empty PostgreSQL database would each see "no
 * centre" and each seed the demo (issue 19, the cluster). The check and the seeding run under one
 * session-level advisory lock, held on a connection of its own for as long as the seeding takes (it
 * is many transactions): the second process waits, then finds the centre and seeds nothing. A
 * process that dies while seeding loses its session, and with it the lock. PGlite is one process's
 * database: nothing to lock.
 */

/** An arbitrary constant, the same in every process: "the demo's seeding". */
const DEMO_SEED_LOCK = 0x76_69_6b_6e_6f_01

export async function withDemoSeedLock<T>(db: PortalDb, fn: () => Promise<T>): Promise<T> {
  if (!(db instanceof PgDb)) return fn()
  const client = await db.pool.connect()
  let broken: Error | undefined
  try {
    await client.query('SELECT pg_advisory_lock($1)', [DEMO_SEED_LOCK])
    try {
      return await fn()
    } finally {
      try {
        await client.query('SELECT pg_advisory_unlock($1)', [DEMO_SEED_LOCK])
      } catch (error) {
        broken = error instanceof Error ? error : new Error(String(error))
      }
    }
  } finally {
    client.release(broken)
  }
}
