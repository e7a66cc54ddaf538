import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PgliteDb, loadCatalogue, makeDeps, migrate, type PortalDb, type PortalDeps, type Queryable } from '../portal/index'
import { schemaFingerprint } from '../portal/db/migrations'
import { DATA_TABLES, truncateAll } from '../portal/db/maintenance-repository'
import type { Service } from '../shared/catalogue'
import { dropSnapshot, snapshotInto, snapshotView } from '../portal/db/snapshot-repository'

/*
 * ONE PGlite instance per process, shared by every seed: initdb costs seconds, a TRUNCATE of the
 * data tables milliseconds. It starts from the same cached, migrated data folder the portal's own
 * tests use (node_modules/.cache/vikno-portal, keyed by the schema's fingerprint).
 */

const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/vikno-portal/', import.meta.url))

async function migratedTemplate(): Promise<Blob> {
  const file = join(CACHE_DIR, `pglite-${schemaFingerprint()}.tar`)
  try {
    return new Blob([await readFile(file)])
  } catch {
    const fresh = await PgliteDb.open()
    await migrate(fresh)
    const dump = await fresh.dump()
    await fresh.close()
    await mkdir(CACHE_DIR, { recursive: true })
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`
    await writeFile(tmp, Buffer.from(await dump.arrayBuffer()))
    await rename(tmp, file)
    return dump
  }
}

export interface PortalHost {
  db: PgliteDb
  catalogue: readonly Service[]
  /** Empties every table (the schema stays) and drops any backup: the next seed starts from nothing. */
  reset(): Promise<void>
  /** A backup of every data table, in the same PGlite (schema `sim_backup`); replaces an earlier one. Rows per table. */
  backup(): Promise<Record<string, number>>
  /** Every data table back to the backup, in one transaction. Rows per table before → after. Throws without a backup. */
  restore(): Promise<Record<string, [number, number]>>
  /**
   * The read replica (issue 19): a copy of every data table in schema `sim_replica`, as of its last
   * catch-up, frozen in between (the lag). `replica` reads it as a PortalDb; replicaCatchUp()
   * replays the primary into it (takes a new copy).
   */
  replica: PortalDb
  replicaCatchUp(): Promise<void>
  /** The primary dies and the replica is promoted: every data table back to the replica's copy, in one transaction. */
  promoteReplica(): Promise<Record<string, [number, number]>>
  close(): Promise<void>
}

/*
 * The portal restored from a backup (simulation.ts, ops portalBackup / portalRestore). The copy is
 * the tables' rows, as pg_dump --data-only would take them; the schema and the migrations stay.
 * DATA_TABLES lists children before their parents (the order TRUNCATE would need one by one), so
 * the rows go back in its reverse: centres, clerks, workstations, …, applications, their events,
 * command results, the audit log. No data table has a sequence or an identity column (ids are
 * UUIDs, the change counter is centres.version, order numbers come from order_sequences): the
 * restored rows carry every counter the portal has. The audit log's append-only trigger is a row
 * trigger on UPDATE and DELETE: TRUNCATE and INSERT pass it, as a restore by the database's owner would.
 */
const BACKUP_SCHEMA = 'sim_backup'
/** The read replica's copy (src/portal/db/snapshot-repository.ts): what a streaming replica holds at its last catch-up. */
const REPLICA_SCHEMA = 'sim_replica'
const RESTORE_ORDER = [...DATA_TABLES].reverse()

async function counts(q: Queryable, schema: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const t of RESTORE_ORDER)
    out[t] = Number((await q.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${schema}.${t}`))[0]?.n ?? 0)
  return out
}

async function backupTables(db: PortalDb): Promise<Record<string, number>> {
  return db.transaction(
    async (tx) => {
      await tx.query(`DROP SCHEMA IF EXISTS ${BACKUP_SCHEMA} CASCADE`)
      await tx.query(`CREATE SCHEMA ${BACKUP_SCHEMA}`)
      for (const t of RESTORE_ORDER) await tx.query(`CREATE TABLE ${BACKUP_SCHEMA}.${t} AS SELECT * FROM public.${t}`)
      return counts(tx, BACKUP_SCHEMA)
    },
    { isolation: 'repeatable read' }
  )
}

async function restoreTables(db: PortalDb, from: string = BACKUP_SCHEMA): Promise<Record<string, [number, number]>> {
  return db.transaction(async (tx) => {
    const exists = await tx.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [from])
    if (exists.length === 0) throw new Error(`portal restore without a copy in ${from}`)
    const before = await counts(tx, 'public')
    await tx.query(`TRUNCATE ${DATA_TABLES.map((t) => `public.${t}`).join(', ')}`)
    for (const t of RESTORE_ORDER) await tx.query(`INSERT INTO public.${t} SELECT * FROM ${from}.${t}`)
    const after = await counts(tx, 'public')
    return Object.fromEntries(RESTORE_ORDER.map((t) => [t, [before[t] ?? 0, after[t] ?? 0]]))
  })
}

let shared: Promise<PortalHost> | null = null

export function portalHost(): Promise<PortalHost> {
  shared ??= (async () => {
    const db = await PgliteDb.open({ loadDataDir: await migratedTemplate() })
    await migrate(db)
    const catalogue = loadCatalogue()
    return {
      db,
      catalogue,
      reset: async () => {
        await db.query(`DROP SCHEMA IF EXISTS ${BACKUP_SCHEMA} CASCADE`)
        await dropSnapshot(db, REPLICA_SCHEMA)
        await truncateAll(db)
      },
      backup: () => backupTables(db),
      restore: () => restoreTables(db),
      replica: snapshotView(db, REPLICA_SCHEMA),
      replicaCatchUp: () => snapshotInto(db, REPLICA_SCHEMA),
      promoteReplica: () => restoreTables(db, REPLICA_SCHEMA),
      close: async () => {
        shared = null
        await db.close()
      }
    }
  })()
  return shared
}

/** The portal's injected world for one seed: its clock, its ids, its test seams. */
export function simPortalDeps(
  host: PortalHost,
  world: { clock: () => Date; newId: () => string; faults: PortalDeps['faults']; log: PortalDeps['log'] }
): PortalDeps {
  const { clock, newId, faults, log } = world
  return makeDeps({
    clock,
    newId,
    log,
    catalogue: host.catalogue,
    hooks: {},
    // PGlite serialises transactions: no serialization failures to back off from, and no real time.
    sleep: () => Promise.resolve(),
    // The simulation's workstations enrol with the demo centre's static code (issue 20: demo mode).
    demoEnrolment: true,
    ...(faults ? { faults } : {})
  })
}
