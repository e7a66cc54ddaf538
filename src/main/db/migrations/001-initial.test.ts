import Database from 'better-sqlite3-multiple-ciphers'
import { describe, expect, it } from 'vitest'
import { migrate, userVersion } from '../migrate'
import { migration001Initial } from './001-initial'

const names = (db: Database.Database, type: 'table' | 'index' | 'trigger'): string[] =>
  (
    db.prepare(`SELECT name FROM sqlite_schema WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name`).all(type) as { name: string }[]
  ).map((r) => r.name)

describe('migration 001 (initial)', () => {
  it('brings an empty database to version 1 with every table and queue index', () => {
    const db = new Database(':memory:')
    expect(migrate(db, { migrations: [migration001Initial] })).toEqual({ from: 0, to: 1 })
    expect(userVersion(db)).toBe(1)
    expect(names(db, 'table')).toEqual([
      'applicants',
      'application_counts',
      'application_documents',
      'application_events',
      'application_records',
      'applications',
      'services',
      'settings'
    ])
    expect(names(db, 'index')).toEqual([
      'applicants_by_given_key',
      'applicants_by_name_key',
      'applicants_by_phone',
      'applicants_by_rnokpp',
      'application_events_by_application',
      'applications_by_applicant',
      'applications_by_holder_due',
      'applications_by_holder_number',
      'applications_by_holder_received',
      'applications_by_open_due',
      'applications_by_open_number',
      'applications_by_open_received',
      'applications_by_running_due',
      'applications_by_service',
      'applications_by_status_due',
      'applications_by_status_number',
      'applications_by_status_received'
    ])
    expect(names(db, 'trigger')).toEqual(['application_counts_delete', 'application_counts_insert', 'application_counts_update'])
  })

  it('makes the tables STRICT and keeps the sync badge to its three values', () => {
    const db = new Database(':memory:')
    migrate(db, { migrations: [migration001Initial] })
    const strict = db.prepare(`SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'`).all() as {
      name: string
      strict: number
    }[]
    expect(strict.every((t) => t.strict === 1)).toBe(true)
    db.prepare(
      `INSERT INTO services (id, name_uk, name_en, category_uk, category_en, card_json) VALUES ('s', 'x', 'x', 'x', 'x', '{}')`
    ).run()
    db.prepare(
      `INSERT INTO applicants (id, surname, given_name, birth_date, address, name_key, given_key) VALUES ('a', 'x', 'x', '2000-01-01', 'адреса', 'x', 'x')`
    ).run()
    const insert = (syncState: string): unknown =>
      db
        .prepare(
          `INSERT INTO applications (id, order_number, order_digits, centre_id, service_id, applicant_id, channel, delivery, status, is_open,
             received_at, received_at_ms, due_at, due_at_ms, paused, version, updated_at, sync_state)
           VALUES ('a', '001-000001-1', '0010000011', 'c', 's', 'a', 'portal', 'in_person', 'registered', 1, 'r', 0, 'd', 0, 0, 1, 'u', ?)`
        )
        .run(syncState)
    expect(() => insert('lost')).toThrow(/CHECK constraint failed/)
    expect(() => insert('pending')).not.toThrow()
  })

  it('is applied once: migrating again changes nothing', () => {
    const db = new Database(':memory:')
    migrate(db, { migrations: [migration001Initial] })
    expect(migrate(db, { migrations: [migration001Initial] })).toEqual({ from: 1, to: 1 })
  })
})
