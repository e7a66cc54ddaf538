import Database from 'better-sqlite3-multiple-ciphers'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DomainError } from '../../shared/result'
import { closeDatabase, openDatabase } from './connection'
import { migrate, userVersion } from './migrate'
import { latestVersion } from './migrations/index'
import { migration001Initial } from './migrations/001-initial'
import { writeSetting, type SettingKey } from './settings'
import { SLOW_QUERY_MS, logSlow } from './sql'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vikno-db-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

const backups = (where: string): string[] => readdirSync(where).filter((f) => f.endsWith('.bak'))

describe('openDatabase', () => {
  it('creates a new file at the newest schema, in WAL mode with durable commits', () => {
    const file = join(dir, 'w.sqlite')
    const db = openDatabase(file)
    expect(userVersion(db)).toBe(latestVersion())
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('synchronous', { simple: true })).toBe(2) // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
    closeDatabase(db)
    expect(backups(dir)).toEqual([]) // nothing to back up in a new file
  })

  it('opens an in-memory database migrated', () => {
    const db = openDatabase(':memory:')
    expect(userVersion(db)).toBe(latestVersion())
    closeDatabase(db)
  })

  it('backs up a non-empty version-0 file before migrating it, beside the file by default', () => {
    const file = join(dir, 'legacy.sqlite')
    const legacy = new Database(file)
    legacy.exec(`CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('до міграції')`)
    legacy.close()

    const log: string[] = []
    const db = openDatabase(file, { log: (m) => log.push(m) })
    expect(userVersion(db)).toBe(latestVersion())
    closeDatabase(db)

    const [backup] = backups(dir)
    expect(backup).toBe(`legacy.sqlite.v0-to-v${latestVersion()}.bak`)
    const copy = new Database(join(dir, backup as string), { readonly: true })
    expect(copy.pragma('user_version', { simple: true })).toBe(0)
    expect(copy.prepare('SELECT text FROM notes').get()).toEqual({ text: 'до міграції' })
    copy.close()
    expect(statSync(join(dir, backup as string)).mode & 0o777).toBe(0o600)
    expect(log.some((m) => m.includes('backed up'))).toBe(true)
  })

  it('backs up a file of an older schema into backupDir, and again under a new name next time', () => {
    if (latestVersion() < 2) return // needs a second migration to have an "older" schema
    const file = join(dir, 'w.sqlite')
    const old = new Database(file)
    migrate(old, { migrations: [migration001Initial] })
    writeSetting(old, 'workstation.id', 'abc')
    old.close()
    const backupDir = join(dir, 'backups')

    closeDatabase(openDatabase(file, { backupDir }))
    expect(backups(backupDir)).toEqual([`w.sqlite.v1-to-v${latestVersion()}.bak`])

    // Same from/to again (e.g. a restored file): the first backup is kept.
    const again = new Database(file)
    again.pragma('user_version = 1')
    again.close()
    expect(() => openDatabase(file, { backupDir })).toThrow() // 002's tables exist already: migration fails…
    expect(backups(backupDir).sort()).toEqual([`w.sqlite.v1-to-v${latestVersion()}-2.bak`, `w.sqlite.v1-to-v${latestVersion()}.bak`])
    const db = new Database(file)
    expect(db.pragma('user_version', { simple: true })).toBe(1) // …and leaves the file as it was
    db.close()
  })

  it('does not back up a file already at the newest schema', () => {
    const file = join(dir, 'w.sqlite')
    closeDatabase(openDatabase(file))
    closeDatabase(openDatabase(file))
    expect(backups(dir)).toEqual([])
  })

  it('refuses a database from a newer Vikno and leaves the file untouched', () => {
    const file = join(dir, 'future.sqlite')
    const future = new Database(file)
    future.exec('CREATE TABLE t (x TEXT)')
    future.pragma('user_version = 99')
    future.close()

    let error: unknown
    try {
      openDatabase(file)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(DomainError)
    expect((error as DomainError).code).toBe('database_newer_than_app')
    expect((error as DomainError).message).toBe('База даних створена новішою версією Vikno (схема 99); оновіть програму')

    const check = new Database(file, { readonly: true })
    expect(check.pragma('user_version', { simple: true })).toBe(99)
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete')
    check.close()
    expect(backups(dir)).toEqual([])
  })
})

describe('closeDatabase', () => {
  it('checkpoints the WAL so the main file is complete on its own', () => {
    const file = join(dir, 'w.sqlite')
    const db = openDatabase(file)
    const key: SettingKey = 'workstation.centre_name'
    writeSetting(db, key, 'v')
    closeDatabase(db)
    expect(!existsSync(`${file}-wal`) || statSync(`${file}-wal`).size === 0).toBe(true)
    const copy = new Database(file, { readonly: true })
    expect(copy.prepare('SELECT value FROM settings WHERE key = ?').get(key)).toEqual({ value: 'v' })
    copy.close()
    expect(() => closeDatabase(db)).not.toThrow() // twice is harmless
  })
})

describe('slow query log', () => {
  it(`logs queries slower than ${SLOW_QUERY_MS} ms through the connection's logger, without parameters`, () => {
    const log: string[] = []
    const db = openDatabase(':memory:', { log: (m) => log.push(m) })
    log.length = 0
    logSlow(db, 'fast', () => 1)
    logSlow(db, 'slow', () => {
      const until = performance.now() + SLOW_QUERY_MS + 5
      while (performance.now() < until) {
        /* busy */
      }
    })
    expect(log).toHaveLength(1)
    expect(log[0]).toMatch(/^slow query slow: \d+\.\d ms$/)
    closeDatabase(db)
  })
})
