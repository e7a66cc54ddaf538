import type Database from 'better-sqlite3-multiple-ciphers'

/*
 * The local database's encryption (issue 20 item 4), in one place for both connections (ours and
 * the checkpoint worker's; db-worker.ts imports this file, so it stays free of anything heavier).
 *
 * SQLite3 Multiple Ciphers (inside better-sqlite3-multiple-ciphers) with its ChaCha20-Poly1305 cipher:
 * every page of the file, the write-ahead log and VACUUM INTO copies is encrypted and authenticated.
 * The key is 32 random bytes (services/key-slots.ts keeps it wrapped per clerk) given as a RAW key,
 * `x'<64 hex digits>'`, so the library's passphrase KDF is skipped: the key is already random, and
 * the KDF that protects it is the clerk's scrypt in the key slot.
 */

export const DATABASE_KEY_BYTES = 32
export const DATABASE_CIPHER = 'chacha20'

/** Why a database did not open: a wrong key, or a key needed (or offered) where the file says otherwise. */
export class DatabaseKeyError extends Error {
  constructor(
    readonly code: 'wrong_key' | 'key_required' | 'no_cipher' | 'bad_key',
    message: string
  ) {
    super(message)
    this.name = 'DatabaseKeyError'
  }
}

function rawKey(key: Uint8Array): string {
  if (key.length !== DATABASE_KEY_BYTES) throw new DatabaseKeyError('bad_key', `the database key must be ${DATABASE_KEY_BYTES} bytes`)
  return `"x'${Buffer.from(key).toString('hex')}'"`
}

/** Must run first on a new connection, before any statement reads the file. */
export function applyDatabaseKey(db: Database.Database, key: Uint8Array): void {
  db.pragma(`cipher = '${DATABASE_CIPHER}'`)
  // A driver built without the cipher (a stale plain better-sqlite3 binary) ignores both pragmas
  // and would write the file in the clear: refuse rather than pretend.
  if (db.pragma('cipher', { simple: true }) !== DATABASE_CIPHER) {
    throw new DatabaseKeyError('no_cipher', 'this SQLite build has no encryption (is a plain better-sqlite3 binary loaded?)')
  }
  db.pragma(`key = ${rawKey(key)}`)
}

/** Encrypts (or re-keys) the database open on `db`: the journal must not be WAL while it runs. */
export function rekeyDatabase(db: Database.Database, key: Uint8Array): void {
  db.pragma(`cipher = '${DATABASE_CIPHER}'`)
  if (db.pragma('cipher', { simple: true }) !== DATABASE_CIPHER) {
    throw new DatabaseKeyError('no_cipher', 'this SQLite build has no encryption (is a plain better-sqlite3 binary loaded?)')
  }
  db.pragma(`rekey = ${rawKey(key)}`)
}

/** SQLite's own header: a plain database file starts with these 16 bytes; an encrypted one does not. */
export const PLAIN_SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1')
