import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe } from 'vitest'
import { PgDb } from '../db/pg-db'
import { PgliteDb } from '../db/pglite-db'
import type { PortalDb } from '../db/portal-db'
import { truncateAll } from '../db/maintenance-repository'
import { createPortal, type CreatePortalOptions, type Portal } from '../portal'
import type { PortalHooks } from '../deps'
import { migratedPgliteTemplate } from './pglite-template'

/*
 * Portal tests run on PGlite always, and ALSO on a real PostgreSQL server when
 * PORTAL_TEST_DATABASE_URL is set (CI does). One database per test file, truncated between tests.
 * PGlite starts from a migrated data folder cached on disk (initdb costs seconds); on PostgreSQL each
 * file gets its own schema, so files running in parallel do not see each other's rows.
 */

export type BackendKind = 'pglite' | 'postgres'

export const PG_URL = process.env.PORTAL_TEST_DATABASE_URL ?? ''

export function backendKinds(): BackendKind[] {
  return PG_URL ? ['pglite', 'postgres'] : ['pglite']
}

export interface TestDb {
  db: PortalDb
  drop(): Promise<void>
}

export async function openTestDb(kind: BackendKind, poolSize = 10): Promise<TestDb> {
  if (kind === 'pglite') {
    const db = await PgliteDb.open({ loadDataDir: await migratedPgliteTemplate() })
    return { db, drop: () => db.close() }
  }
  const schema = `t_${randomBytes(6).toString('hex')}`
  const admin = new PgDb({ connectionString: PG_URL, max: 1 })
  await admin.query(`CREATE SCHEMA ${schema}`)
  await admin.close()
  const db = new PgDb({ connectionString: PG_URL, max: poolSize, options: `-c search_path=${schema}` })
  return {
    db,
    drop: async () => {
      await db.close()
      const a = new PgDb({ connectionString: PG_URL, max: 1 })
      await a.query(`DROP SCHEMA ${schema} CASCADE`)
      await a.close()
    }
  }
}

export class ManualClock {
  ms: number
  constructor(readonly startIso = '2026-11-27T10:00:00+02:00') {
    this.ms = Date.parse(startIso)
  }
  now = (): Date => new Date(this.ms)
  advance(ms: number): void {
    this.ms += ms
  }
  reset(): void {
    this.ms = Date.parse(this.startIso)
  }
}

export interface PortalFixture {
  readonly kind: BackendKind
  readonly portal: Portal
  readonly db: PortalDb
  readonly clock: ManualClock
  /** Mutable per test; cleared before each test. */
  readonly hooks: PortalHooks
}

/**
 * One portal per backend per file: `fn` registers its tests for each backend. The rate limit is off
 * unless the options turn it on; the clock is manual.
 */
export function describeBackends(
  name: string,
  fn: (fx: PortalFixture) => void,
  options: Partial<Omit<CreatePortalOptions, 'db'>> = {}
): void {
  for (const kind of backendKinds()) {
    describe(`${name} [${kind}]`, () => {
      let portal: Portal | null = null
      let testDb: TestDb | null = null
      const clock = new ManualClock()
      const hooks: PortalHooks = {}
      const fx: PortalFixture = {
        kind,
        get portal() {
          if (!portal) throw new Error('portal not started')
          return portal
        },
        get db() {
          if (!testDb) throw new Error('db not open')
          return testDb.db
        },
        clock,
        hooks
      }
      beforeAll(async () => {
        testDb = await openTestDb(kind)
        portal = await createPortal({ rateLimit: false, ...options, db: testDb.db, clock: clock.now, hooks, closeDb: false })
      })
      afterAll(async () => {
        await portal?.close()
        await testDb?.drop()
      })
      beforeEach(async () => {
        await truncateAll(fx.db)
        clock.reset()
        for (const key of Object.keys(hooks) as (keyof PortalHooks)[]) delete hooks[key]
      })
      fn(fx)
    })
  }
}
