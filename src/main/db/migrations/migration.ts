import type { Db } from '../sql'

/**
 * One forward-only schema step. The runner applies it in ONE transaction together with
 * `PRAGMA user_version = version`, so a crash leaves the file either before or after it, never half.
 */
export interface Migration {
  version: number
  name: string
  /**
   * SQLite's table-rebuild procedure (CREATE new → copy → DROP old → RENAME) needs foreign keys
   * off, and `PRAGMA foreign_keys` is a no-op inside a transaction; set this and the runner turns
   * them off around the transaction and runs `foreign_key_check` before committing.
   */
  foreignKeysOff?: boolean
  up(db: Db): void
}
