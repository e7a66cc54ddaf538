import Database from 'better-sqlite3-multiple-ciphers'
import { describe, expect, it } from 'vitest'
import { migrate } from '../migrate'
import { MIGRATIONS } from './index'

const insert = (db: Database.Database, id: string, action: string): void => {
  db.prepare(
    `INSERT INTO audit_log (id, at, clerk_id, clerk_name, workstation_id, action, detail_json) VALUES (?, '2026-11-27T08:00:00.000Z', 'c', 'К', 'ws', ?, '{}')`
  ).run(id, action)
}

describe('migration 005 (admin actions in the audit trail)', () => {
  it('keeps every row with its seq and the upload watermark, accepts "admin", and stays append-only', () => {
    const db = new Database(':memory:')
    migrate(db, { migrations: MIGRATIONS.slice(0, 4) })
    insert(db, 'a', 'sign_in')
    insert(db, 'b', 'view')
    insert(db, 'c', 'lock')
    db.prepare('UPDATE audit_upload SET uploaded_through = 2').run()
    expect(() => insert(db, 'x', 'admin')).toThrow(/CHECK constraint/)

    expect(migrate(db, { migrations: MIGRATIONS.slice(0, 5) })).toEqual({ from: 4, to: 5 })
    expect(db.prepare('SELECT seq, id, action FROM audit_log ORDER BY seq').all()).toEqual([
      { seq: 1, id: 'a', action: 'sign_in' },
      { seq: 2, id: 'b', action: 'view' },
      { seq: 3, id: 'c', action: 'lock' }
    ])
    expect(db.prepare('SELECT uploaded_through FROM audit_upload').get()).toEqual({ uploaded_through: 2 })
    insert(db, 'd', 'admin')
    expect(db.prepare("SELECT seq FROM audit_log WHERE id = 'd'").get()).toEqual({ seq: 4 })
    expect(() => insert(db, 'e', 'root')).toThrow(/CHECK constraint/)
    expect(() => db.prepare("UPDATE audit_log SET action = 'view' WHERE id = 'd'").run()).toThrow(/append-only/)
    expect(() => db.prepare("DELETE FROM audit_log WHERE id = 'a'").run()).toThrow(/append-only/)
    const indexes = (
      db
        .prepare(
          "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'audit_log' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
        .all() as { name: string }[]
    ).map((r) => r.name)
    expect(indexes).toEqual(['audit_log_application', 'audit_log_at', 'audit_log_clerk', 'audit_log_order'])
  })
})
