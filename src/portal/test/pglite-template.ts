import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { migrate, schemaFingerprint } from '../db/migrations'
import { PgliteDb } from '../db/pglite-db'

const CACHE_DIR = fileURLToPath(new URL('../../../node_modules/.cache/vikno-portal/', import.meta.url))

/**
 * A migrated PGlite data folder to open test databases from (`PgliteDb.open({ loadDataDir })`):
 * initdb and the migrations cost seconds, loading a dump a fraction of that. Cached on disk, keyed
 * by the schema's fingerprint, and shared by the portal's tests and the simulation.
 */
export async function migratedPgliteTemplate(): Promise<Blob> {
  const file = join(CACHE_DIR, `pglite-${schemaFingerprint()}.tar`)
  try {
    return new Blob([await readFile(file)])
  } catch {
    const fresh = await PgliteDb.open()
    await migrate(fresh)
    const dump = await fresh.dump()
    await fresh.close()
    await mkdir(CACHE_DIR, { recursive: true })
    // Written under a temporary name and renamed: parallel test files never read half a file.
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`
    await writeFile(tmp, Buffer.from(await dump.arrayBuffer()))
    await rename(tmp, file)
    return dump
  }
}
