import Database from 'better-sqlite3-multiple-ciphers'
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { DomainError } from '../../shared/result'
import { applyDatabaseKey, DatabaseKeyError, PLAIN_SQLITE_HEADER, rekeyDatabase } from './db-key'
import { startDbWorker, type DbWorker, type DbWorkerOptions } from './db-worker-client'
import { restoreDeferredIndexes } from './deferred-indexes'
import { migrate, userVersion } from './migrate'
import { latestVersion, MIGRATIONS } from './migrations/index'
import { setQueryLogger, type Db } from './sql'

export type { Db } from './sql'
export { DatabaseKeyError, DATABASE_KEY_BYTES } from './db-key'

export interface OpenDatabaseOptions {
  /** Where the pre-migration copy goes; default: the database file's folder. */
  backupDir?: string
  /** Migrations, backups and slow queries are reported here. */
  log?: (msg: string) => void
  /**
   * A better-sqlite3 binary built for another ABI (Electron's): node_modules keeps Node's build for
   * tests and the web shell, so the Electron shell passes its own (scripts/rebuild-electron.ts).
   */
  nativeBinding?: string
  /**
   * Write-ahead-log checkpoints on a second thread (db-worker.ts) instead of inside the commits of
   * this connection: a checkpoint copies the log into the file and waits for the disk, which on the
   * main thread froze the clerk's screen for hundreds of ms during an initial sync (bench/sync.ts).
   * Only for the workstation's own long-lived connection: tests and tools that open many databases
   * leave it off. closeDatabase stops the worker.
   */
  worker?: boolean | Omit<DbWorkerOptions, 'nativeBinding'>
  /**
   * The write-ahead log's file is cut back to this size (default 64 MiB) by the first commit after
   * a checkpoint has copied all of it into the database (SQLite's journal_size_limit). Without it the
   * file keeps the size of the biggest burst of writes (an initial sync: hundreds of MB) for good.
   */
  walSizeLimitBytes?: number
  /**
   * The database's key (32 bytes; services/key-slots.ts): the file, its write-ahead log and its
   * pre-migration copies are encrypted with it. Without a key the file is plain (tests, tools, and a
   * workstation's database from before encryption until its first sign-in). A wrong key, or a
   * missing one for an encrypted file, throws DatabaseKeyError before anything is written.
   */
  key?: Uint8Array | null
}

/** See OpenDatabaseOptions.walSizeLimitBytes. */
export const DEFAULT_WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024

const workers = new WeakMap<Db, DbWorker>()
/** How a connection's worker was started, to start it again with a key (encryptOpenDatabase). */
const workerSettings = new WeakMap<Db, { file: string; opts: DbWorkerOptions }>()

/** The database worker of a connection opened with `worker`; null otherwise. */
export function dbWorkerOf(db: Db): DbWorker | null {
  const w = workers.get(db)
  return w?.running ? w : null
}

/**
 * Opens (creating if needed) the workstation database and brings its schema up to date.
 *
 * Refuses a file written by a newer Vikno before touching it: an older app would misread the newer
 * schema, and even switching the journal mode writes to the file.
 */
export function openDatabase(file: string, opts: OpenDatabaseOptions = {}): Db {
  const inMemory = file === ':memory:' || file === ''
  const existed = !inMemory && existsSync(file) && statSync(file).size > 0
  if (!inMemory) ownerOnly(file)
  const db = new Database(file, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {})
  try {
    if (opts.key && !inMemory) applyDatabaseKey(db, opts.key)
    // First, so that even the version check waits for another connection's write instead of failing.
    db.pragma('busy_timeout = 5000')
    if (existed) probeKey(db, file, opts.key ?? null)

    const current = userVersion(db)
    const latest = latestVersion(MIGRATIONS)
    if (current > latest) {
      throw new DomainError('database_newer_than_app', `База даних створена новішою версією Vikno (схема ${current}); оновіть програму`)
    }

    if (!inMemory) {
      const mode = db.pragma('journal_mode = WAL', { simple: true })
      if (mode !== 'wal') opts.log?.(`journal_mode is ${String(mode)}, not wal`)
      db.pragma(`journal_size_limit = ${Math.max(0, Math.floor(opts.walSizeLimitBytes ?? DEFAULT_WAL_SIZE_LIMIT_BYTES))}`)
    }
    // better-sqlite3's NORMAL in WAL mode can lose the last committed transactions on power loss;
    // a clerk's decision that vanished after a power cut is worse than a slower commit (sync.md).
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')

    // An initial sync that stopped (a crash, a kill) with its indexes deferred: rebuild them before
    // anything reads the file, and before migrations, which expect the schema they left.
    if (existed && restoreDeferredIndexes(db)) opts.log?.('indexes deferred by an unfinished initial sync were rebuilt')

    if (current < latest && existed && hasSchema(db)) {
      const path = backupBeforeMigrating(db, file, opts.backupDir ?? dirname(file), current, latest)
      opts.log?.(`database backed up to ${path} before migrating ${current} → ${latest}`)
    }
    migrate(db, opts.log ? { log: opts.log } : {})
    setQueryLogger(db, opts.log)
    if (opts.worker && !inMemory) {
      const workerOpts = opts.worker === true ? {} : opts.worker
      db.pragma('wal_autocheckpoint = 0')
      const onLost = (reason: string): void => {
        // Back to SQLite's own checkpoints on this thread: slower commits, but a bounded log.
        if (db.open) db.pragma('wal_autocheckpoint = 1000')
        opts.log?.(`database worker lost (${reason}); checkpoints are back on the main thread`)
      }
      workers.set(
        db,
        startDbWorker(file, {
          ...workerOpts,
          onLost,
          ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
          ...(opts.key ? { key: opts.key } : {})
        })
      )
      workerSettings.set(db, {
        file,
        opts: { ...workerOpts, onLost, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) }
      })
    }
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/**
 * Whether the file at `file` is an encrypted database: it exists, is not empty, and does not start
 * with SQLite's plain header. (An encrypted file's first bytes are random: the cipher's salt.)
 */
export function isEncryptedDatabaseFile(file: string): boolean {
  if (!existsSync(file) || statSync(file).size === 0) return false
  const head = Buffer.alloc(PLAIN_SQLITE_HEADER.length)
  const fd = openSync(file, 'r')
  try {
    readSync(fd, head, 0, head.length, 0)
  } finally {
    closeSync(fd)
  }
  return !head.equals(PLAIN_SQLITE_HEADER)
}

/**
 * Encrypts a PLAIN database in place on its open connection (the upgrade of a workstation's file
 * from before encryption): the checkpoint worker is stopped, the log folded into the file, the
 * journal switched out of WAL (the cipher cannot rekey in WAL mode), every page rewritten encrypted
 * in one transaction (a crash leaves the plain file, never a half-encrypted one), then WAL and the
 * worker, keyed, come back. The same connection goes on being used: nothing above it notices.
 */
export function encryptOpenDatabase(db: Db, key: Uint8Array): void {
  if (db.memory) throw new DatabaseKeyError('bad_key', 'an in-memory database is not encrypted')
  const settings = workerSettings.get(db)
  workers.get(db)?.stop()
  workers.delete(db)
  db.pragma('wal_checkpoint(TRUNCATE)')
  const mode = db.pragma('journal_mode = DELETE', { simple: true })
  if (mode !== 'delete') throw new Error(`cannot leave WAL mode to encrypt the database (journal_mode is ${String(mode)})`)
  rekeyDatabase(db, key)
  db.pragma('journal_mode = WAL')
  if (settings) workers.set(db, startDbWorker(settings.file, { ...settings.opts, key }))
}

/** A wrong key, or no key for an encrypted file, reads as "file is not a database": say which. */
function probeKey(db: Db, file: string, key: Uint8Array | null): void {
  try {
    db.prepare('SELECT count(*) AS n FROM sqlite_schema').get()
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'SQLITE_NOTADB')) throw error
    if (!key) throw new DatabaseKeyError('key_required', `the database ${basename(file)} is encrypted: it opens only with its key`)
    if (!isEncryptedDatabaseFile(file)) {
      throw new DatabaseKeyError(
        'wrong_key',
        `the database ${basename(file)} is not encrypted: encrypt it (encryptOpenDatabase) instead of keying it`
      )
    }
    throw new DatabaseKeyError('wrong_key', `the key does not open the database ${basename(file)}`)
  }
}

/** Checkpoints the WAL into the main file and closes: a copied .sqlite file is then complete on its own. */
export function closeDatabase(db: Db): void {
  if (!db.open) return
  // First the worker's connection, so that ours is the last one and its checkpoint the final word.
  workers.get(db)?.stop()
  workers.delete(db)
  try {
    // Refreshes planner statistics only where they have drifted; cheap, and recommended at close.
    db.pragma('optimize')
    if (!db.memory) db.pragma('wal_checkpoint(TRUNCATE)')
  } finally {
    setQueryLogger(db, undefined)
    db.close()
  }
}

/**
 * Citizens' personal data (Law 2297-VI): the file is created 0600 before SQLite opens it, because
 * SQLite creates it 0644 (less the umask) and gives its -wal and -shm files the same mode as the
 * database file. An existing file is narrowed to 0600 too. Where the file system has no Unix modes
 * (Windows), the profile folder's ACL is what protects it.
 */
function ownerOnly(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600))
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      if (existsSync(f)) chmodSync(f, 0o600)
    } catch {
      /* not ours to change (a read-only mount): opening will say what is wrong */
    }
  }
}

function hasSchema(db: Db): boolean {
  const row = db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }
  return row.n > 0
}

/**
 * A consistent copy of the whole file before the schema changes, so a failed or wrong migration
 * can be undone by hand. `VACUUM INTO` rather than better-sqlite3's `backup()`: that one is
 * asynchronous only to yield to the event loop between pages, which buys nothing at start-up, and
 * it would make opening the database asynchronous for every caller. The copy holds personal data:
 * readable by the owner only.
 */
function backupBeforeMigrating(db: Db, file: string, dir: string, from: number, to: number): string {
  mkdirSync(dir, { recursive: true })
  const stem = `${basename(file)}.v${from}-to-v${to}`
  let path = join(dir, `${stem}.bak`)
  for (let n = 2; existsSync(path); n++) path = join(dir, `${stem}-${n}.bak`)
  db.prepare('VACUUM INTO ?').run(path)
  chmodSync(path, 0o600)
  return path
}
