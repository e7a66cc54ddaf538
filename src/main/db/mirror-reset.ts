import { existsSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { closeDatabase, openDatabase, type Db } from './connection'
import { deferMirrorIndexes, MIRROR_TABLES } from './deferred-indexes'

/*
 * A mirror reset (sync.md, "Pull"): when the portal cannot serve the workstation's cursor (restored
 * from a backup, history it no longer has), the whole mirror is pulled again INTO A SEPARATE FILE
 * with the same schema, and swapped in with one transaction. Until the swap the clerk works on the
 * old mirror; a crash before it leaves the old mirror and the old cursor (the next pull asks for the
 * reset again, and the half-built file is thrown away); after it, nothing of the old history is
 * left (an application the portal no longer has disappears: re-pulling into the live tables would
 * have kept it). The outbox, conflicts, the audit trail and the settings are never touched.
 */

let memoryResets = 0

/** Where the new mirror of `db` is built: beside the database file, or in the temp folder for an in-memory one. */
export function stagingPathFor(db: Db): string {
  if (db.memory || db.name === '' || db.name === ':memory:')
    return join(tmpdir(), `vikno-mirror-reset-${process.pid}-${++memoryResets}.sqlite`)
  return `${db.name}.reset`
}

/** Removes a staging file (and its WAL) left behind by a reset that did not finish. */
export function discardStagedMirror(path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) rmSync(file, { force: true })
}

/**
 * Opens a fresh, empty database with the workstation's schema to build the new mirror in. It is
 * thrown away if anything goes wrong, so its commits need not wait for the disk.
 */
export function openStagedMirror(path: string): Db {
  discardStagedMirror(path)
  const staged = openDatabase(path)
  staged.pragma('synchronous = OFF')
  // Only the rows are copied out of this file (swapInStagedMirror), so its secondary and search
  // indexes would be built for nothing: deferred, and never restored. Keys and UNIQUE stay.
  deferMirrorIndexes(staged)
  return staged
}

/**
 * Replaces the live mirror tables of `db` with those of the staged file, in ONE transaction, and
 * runs `after` inside it (the caller stores the new cursor and replays pending commands there).
 * The staged connection must be closed first (closeDatabase checkpoints it into its file).
 */
export function swapInStagedMirror(db: Db, path: string, after: () => void): void {
  db.prepare('ATTACH DATABASE ? AS staged').run(path)
  try {
    db.transaction(() => {
      // Children first: the delete triggers keep the queue counters and the search index right.
      for (const table of [...MIRROR_TABLES].reverse()) db.prepare(`DELETE FROM main.${table}`).run()
      db.prepare('DELETE FROM main.mirror_shadow').run()
      // Services the new mirror met that the catalogue here does not know (placeholders, as a normal pull makes).
      db.prepare('INSERT OR IGNORE INTO main.services SELECT * FROM staged.services').run()
      for (const table of MIRROR_TABLES) db.prepare(`INSERT INTO main.${table} SELECT * FROM staged.${table}`).run()
      after()
    }).immediate()
  } finally {
    db.prepare('DETACH DATABASE staged').run()
  }
}

/** Empties the staged mirror (the portal asked for a reset again while it was being built). */
export function emptyStagedMirror(staged: Db): void {
  staged.transaction(() => {
    for (const table of [...MIRROR_TABLES].reverse()) staged.prepare(`DELETE FROM ${table}`).run()
  })()
}

/** Applications with local commands the new mirror does not reflect yet: their view is the mirror plus a replay. */
export function applicationsWithUnreflectedCommands(db: Db, ackedSeq: number): string[] {
  return (
    db
      .prepare(
        `SELECT DISTINCT application_id AS id FROM outbox WHERE state = 'pending' OR (state = 'applied' AND seq > ?) ORDER BY application_id`
      )
      .all(ackedSeq) as { id: string }[]
  ).map((r) => r.id)
}

export { closeDatabase as closeStagedMirror }
