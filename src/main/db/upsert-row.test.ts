import { afterEach, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase } from './connection'
import { upsertRow, type Db } from './sql'

let db: Db | null = null
afterEach(() => {
  if (db) closeDatabase(db)
  db = null
})

describe('upsertRow', () => {
  it('inserts a new key, replaces the other columns of an existing one, and leaves other rows alone', () => {
    db = openDatabase(':memory:')
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, a TEXT, b INTEGER)')
    upsertRow(db, 't', 'k', { k: 'x', a: 'first', b: 1 })
    upsertRow(db, 't', 'k', { k: 'y', a: 'other', b: 2 })
    upsertRow(db, 't', 'k', { k: 'x', a: 'second', b: null })
    expect(db.prepare('SELECT k, a, b FROM t ORDER BY k').all()).toEqual([
      { k: 'x', a: 'second', b: null },
      { k: 'y', a: 'other', b: 2 }
    ])
  })
})
