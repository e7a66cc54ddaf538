import { checkMigrationList, latestVersion, MIGRATIONS, type Migration } from './migrations/index'
import type { Db } from './sql'

export function userVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number
}

/**
 * Applies every migration newer than the file's `user_version`, each in its own transaction with
 * the version bump inside it: a failure rolls back that step only and leaves the file at the last
 * good version, from which the next start retries.
 */
export function migrate(
  db: Db,
  opts: { migrations?: readonly Migration[]; log?: (msg: string) => void } = {}
): { from: number; to: number } {
  const list = opts.migrations ?? MIGRATIONS
  checkMigrationList(list)
  const from = userVersion(db)
  const latest = latestVersion(list)
  if (from > latest) throw new RangeError(`migrate: database is at version ${from}, newer than the newest migration ${latest}`)

  for (const m of list) {
    if (m.version <= from) continue
    const fkWasOn = db.pragma('foreign_keys', { simple: true }) === 1
    if (m.foreignKeysOff && fkWasOn) db.pragma('foreign_keys = OFF')
    try {
      db.transaction(() => {
        m.up(db)
        if (m.foreignKeysOff) {
          const broken = db.pragma('foreign_key_check') as unknown[]
          if (broken.length > 0) throw new Error(`Migration ${m.version} (${m.name}) left ${broken.length} broken foreign key reference(s)`)
        }
        // Integer from our own list, not input: interpolation is safe, and PRAGMA takes no parameters.
        db.pragma(`user_version = ${m.version}`)
      }).immediate()
    } finally {
      if (m.foreignKeysOff && fkWasOn) db.pragma('foreign_keys = ON')
    }
    opts.log?.(`database migrated to version ${m.version} (${m.name})`)
  }
  return { from, to: Math.max(from, latest) }
}
