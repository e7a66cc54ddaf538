import Database from 'better-sqlite3-multiple-ciphers'
import { describe, expect, it } from 'vitest'
import { migrate, userVersion } from './migrate'
import { checkMigrationList, latestVersion, MIGRATIONS, type Migration } from './migrations/index'

const tableExists = (db: Database.Database, name: string): boolean =>
  db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?`).get(name) !== undefined

describe('migrate', () => {
  it('ships a list numbered 1..N without gaps', () => {
    expect(() => checkMigrationList(MIGRATIONS)).not.toThrow()
    expect(latestVersion()).toBe(MIGRATIONS.length)
  })

  it('refuses a list with a gap or out of order', () => {
    const up = (): void => {}
    expect(() =>
      checkMigrationList([
        { version: 1, name: 'a', up },
        { version: 3, name: 'c', up }
      ])
    ).toThrow(/version 3 at position 2/)
  })

  it('applies each migration in its own transaction: a failing one rolls back alone', () => {
    const db = new Database(':memory:')
    const list: Migration[] = [
      { version: 1, name: 'one', up: (d) => void d.exec('CREATE TABLE one (x TEXT)') },
      {
        version: 2,
        name: 'two',
        up: (d) => {
          d.exec('CREATE TABLE two (x TEXT)')
          throw new Error('boom')
        }
      }
    ]
    expect(() => migrate(db, { migrations: list })).toThrow('boom')
    expect(userVersion(db)).toBe(1)
    expect(tableExists(db, 'one')).toBe(true)
    expect(tableExists(db, 'two')).toBe(false)
  })

  it('runs a table rebuild with foreign keys off and checks them before committing', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    const list: Migration[] = [
      {
        version: 1,
        name: 'parent and child',
        up: (d) =>
          void d.exec(
            `CREATE TABLE p (id TEXT PRIMARY KEY); CREATE TABLE c (p_id TEXT REFERENCES p(id)); INSERT INTO p VALUES ('x'); INSERT INTO c VALUES ('x')`
          )
      },
      {
        version: 2,
        name: 'rebuild parent',
        foreignKeysOff: true,
        up: (d) =>
          void d.exec(
            `CREATE TABLE p_new (id TEXT PRIMARY KEY, label TEXT); INSERT INTO p_new (id) SELECT id FROM p; DROP TABLE p; ALTER TABLE p_new RENAME TO p`
          )
      }
    ]
    migrate(db, { migrations: list })
    expect(userVersion(db)).toBe(2)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)

    const broken: Migration = { version: 3, name: 'orphans', foreignKeysOff: true, up: (d) => void d.exec(`DELETE FROM p`) }
    expect(() => migrate(db, { migrations: [...list, broken] })).toThrow(/broken foreign key/)
    expect(userVersion(db)).toBe(2)
    expect(db.prepare('SELECT count(*) AS n FROM p').get()).toEqual({ n: 1 })
  })

  it('reports each step', () => {
    const log: string[] = []
    migrate(new Database(':memory:'), { log: (m) => log.push(m) })
    expect(log).toHaveLength(MIGRATIONS.length)
    expect(log[0]).toBe('database migrated to version 1 (initial)')
  })
})
