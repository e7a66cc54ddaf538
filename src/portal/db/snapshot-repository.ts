import { DATA_TABLES } from './maintenance-repository'
import type { PortalDb, Queryable } from './portal-db'

/*
 * A copy of the portal's data tables, taken in one snapshot, in another schema of the same database:
 * what a streaming replica that lags holds (a consistent, older prefix of the primary). The
 * portal's tests read pulls through it as through a read replica (sync/pull-replica.test.ts), and
 * the simulation keeps one that it refreshes and promotes (src/sim/portal-host.ts). Production
 * reads a real replica (portal.ts, readDb); nothing here runs there.
 */

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

function checked(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new TypeError(`Not a schema name: ${schema}`)
  return schema
}

/** Every data table of `db`, as of one snapshot, into `schema` (an earlier copy there is replaced). */
export async function snapshotInto(db: PortalDb, schema: string): Promise<void> {
  const to = checked(schema)
  await db.transaction(
    async (tx) => {
      await tx.query(`DROP SCHEMA IF EXISTS ${to} CASCADE`)
      await tx.query(`CREATE SCHEMA ${to}`)
      // Unqualified names: the tables of the connection's own schema (search_path), the primary's.
      for (const t of DATA_TABLES) await tx.query(`CREATE TABLE ${to}.${t} AS SELECT * FROM ${t}`)
    },
    { isolation: 'repeatable read' }
  )
}

/** Drops the copy (nothing if there is none). */
export async function dropSnapshot(q: Queryable, schema: string): Promise<void> {
  await q.query(`DROP SCHEMA IF EXISTS ${checked(schema)} CASCADE`)
}

/**
 * The database as the copy in `schema` shows it: every statement runs in a transaction whose
 * search_path is that schema, so the portal's unqualified SQL reads the copy. A read replica.
 */
export function snapshotView(db: PortalDb, schema: string): PortalDb {
  const on = checked(schema)
  const view: PortalDb = {
    kind: db.kind,
    transaction: (fn, opts) =>
      db.transaction(async (tx) => {
        await tx.query(`SELECT set_config('search_path', $1, true)`, [on])
        return fn(tx)
      }, opts),
    query: (sql, params) => view.transaction((tx) => tx.query(sql, params), { readOnly: true }),
    close: () => Promise.resolve()
  }
  return view
}
