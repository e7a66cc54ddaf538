import Database from 'better-sqlite3-multiple-ciphers'
import { describe, expect, it } from 'vitest'
import { migrate } from '../migrate'
import { getApplication, upsertApplication } from '../applications-repository'
import { demoItems } from '../test-fixtures'
import { MIGRATIONS } from './index'

describe('migration 006 (drop the unread checklist rows)', () => {
  it('drops application_documents of a mirror that has them and keeps every record with its checklist', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(db, { migrations: MIGRATIONS.slice(0, 5) })
    const [item] = demoItems(1, 6)
    const record = item!.record
    // What version 5 wrote for every application: its rows, and one checklist row per item.
    db.prepare(`INSERT INTO services (id, name_uk, name_en, category_uk, category_en, card_json) VALUES (?, 'п', 's', 'к', 'c', '{}')`).run(
      record.serviceId
    )
    const a = record.applicant
    db.prepare(
      `INSERT INTO applicants (id, surname, given_name, birth_date, address, name_key, given_key) VALUES (?, ?, ?, ?, ?, '', '')`
    ).run(record.id, a.surname, a.givenName, a.birthDate, a.address)
    db.prepare(
      `INSERT INTO applications (id, order_number, order_digits, centre_id, service_id, applicant_id, channel, delivery, status, is_open, received_at, received_at_ms, due_at, due_at_ms, paused, version, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, 0, ?, 0, 0, ?, ?)`
    ).run(
      record.id,
      record.orderNumber,
      '1',
      record.centreId,
      record.serviceId,
      record.id,
      record.channel,
      record.delivery,
      record.status,
      record.receivedAt,
      record.dueAt,
      record.version,
      record.updatedAt
    )
    db.prepare('INSERT INTO application_records (application_id, record_json) VALUES (?, ?)').run(record.id, JSON.stringify(record))
    record.documents.forEach((d, i) =>
      db
        .prepare('INSERT INTO application_documents (application_id, position, name, required, received) VALUES (?, ?, ?, ?, ?)')
        .run(record.id, i, d.name, d.required ? 1 : 0, d.received ? 1 : 0)
    )
    expect(record.documents.length).toBeGreaterThan(0)

    expect(migrate(db, { migrations: MIGRATIONS.slice(0, 6) })).toEqual({ from: 5, to: 6 })
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE name = 'application_documents'`).get()).toEqual({ n: 0 })
    expect(getApplication(db, record.id)?.documents).toEqual(record.documents)
    // And storing records goes on without the table (today's code writes today's schema: the rest of the migrations first).
    migrate(db)
    const next = { ...record, documents: record.documents.slice(1), version: record.version + 1 }
    upsertApplication(db, next)
    expect(getApplication(db, record.id)).toEqual(next)
  })
})
