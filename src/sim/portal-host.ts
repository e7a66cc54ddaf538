import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PgliteDb, loadCatalogue, makeDeps, migrate, type PortalDeps } from '../portal/index'
import { schemaFingerprint } from '../portal/db/migrations'
import { truncateAll } from '../portal/db/repository'
import type { Service } from '../shared/catalogue'

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
  /** Empties every table (the schema stays): the next seed starts from nothing. */
  reset(): Promise<void>
  close(): Promise<void>
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
      reset: () => truncateAll(db),
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
    ...(faults ? { faults } : {})
  })
}
