import type { ApplicationEvent, ApplicationRecord } from '../../shared/domain/application'
import type { SyncBadge } from '../../shared/queue'
import { DomainError } from '../../shared/result'
import { toApplicationRows, toEventRow, type ApplicationRows, type EventRow } from './application-rows'
import { ensureServiceRow } from './catalogue-repository'
import { INSERT_REPORT_FACT } from './report-aggregates-repository'
import { getStoredJson, prepared, type Db } from './sql'

export type SyncState = SyncBadge

// ── writes ─────────────────────────────────────────────────────────────

const UPSERT_APPLICANT = `
  INSERT INTO applicants (id, surname, given_name, patronymic, rnokpp, birth_date, phone, email, address, name_key, given_key)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT(id) DO UPDATE SET
    surname = excluded.surname, given_name = excluded.given_name, patronymic = excluded.patronymic,
    rnokpp = excluded.rnokpp, birth_date = excluded.birth_date, phone = excluded.phone, email = excluded.email,
    address = excluded.address, name_key = excluded.name_key, given_key = excluded.given_key`

// sync_state (the last two parameters): a new row is 'confirmed' unless told otherwise; an update
// keeps the badge it had unless told otherwise, because a pull must not hide that a local command
// is still pending.
const UPSERT_APPLICATION = `
  INSERT INTO applications (
    id, order_number, order_digits, centre_id, service_id, applicant_id, channel, delivery, status, is_open,
    holder_clerk_id, holder_name, holder_since, received_at, received_at_ms, due_at, due_at_ms, paused,
    version, updated_at, closed_at, service_version, is_test, sync_state)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, 'confirmed'))
  ON CONFLICT(id) DO UPDATE SET
    order_number = excluded.order_number, order_digits = excluded.order_digits, centre_id = excluded.centre_id,
    service_id = excluded.service_id, applicant_id = excluded.applicant_id, channel = excluded.channel,
    delivery = excluded.delivery, status = excluded.status, is_open = excluded.is_open,
    holder_clerk_id = excluded.holder_clerk_id, holder_name = excluded.holder_name, holder_since = excluded.holder_since,
    received_at = excluded.received_at, received_at_ms = excluded.received_at_ms, due_at = excluded.due_at,
    due_at_ms = excluded.due_at_ms, paused = excluded.paused, version = excluded.version,
    updated_at = excluded.updated_at, closed_at = excluded.closed_at,
    service_version = excluded.service_version, is_test = excluded.is_test,
    sync_state = COALESCE(?, applications.sync_state)`

const UPSERT_RECORD = `
  INSERT INTO application_records (application_id, record_json) VALUES (?, ?)
  ON CONFLICT(application_id) DO UPDATE SET record_json = excluded.record_json`

const UPSERT_REPORT_FACT = `${INSERT_REPORT_FACT}
  ON CONFLICT(application_id) DO UPDATE SET
    service_id = excluded.service_id, channel = excluded.channel, status = excluded.status,
    holder_clerk_id = excluded.holder_clerk_id, holder_name = excluded.holder_name, received_at = excluded.received_at,
    received_at_ms = excluded.received_at_ms, due_at = excluded.due_at, due_at_ms = excluded.due_at_ms, outcome = excluded.outcome,
    decided_at = excluded.decided_at, decided_at_ms = excluded.decided_at_ms, decided_day = excluded.decided_day,
    processing_centi = excluded.processing_centi, pauses_json = excluded.pauses_json, steps_json = excluded.steps_json`

export const INSERT_EVENT = `
  INSERT INTO application_events (id, application_id, kind, at, at_ms, actor, command_id, data_json)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT(id) DO NOTHING`

/**
 * The write behind upsertApplication and the bulk loader, without a transaction of its own:
 * callers wrap it (one record, or ten thousand). A bulk loader may say that the service row
 * already exists (`serviceKnown`).
 */
export function writeApplicationRows(
  db: Db,
  rows: ApplicationRows,
  syncState: SyncState | null,
  known: { serviceKnown?: boolean } = {}
): void {
  if (!known.serviceKnown) ensureServiceRow(db, rows.serviceId)
  prepared(db, UPSERT_APPLICANT).run(...rows.applicant)
  try {
    prepared(db, UPSERT_APPLICATION).run(...rows.application, syncState, syncState)
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw new DomainError('conflict', `Номер заяви ${rows.orderNumber} вже належить іншій заяві`, 'orderNumber')
    }
    throw error
  }
  prepared(db, UPSERT_RECORD).run(rows.id, rows.recordJson)
  // A test application is in no report (migration 014): no facts row, and none left from before.
  if (rows.report === null) prepared(db, 'DELETE FROM report_facts WHERE application_id = ?').run(rows.id)
  else prepared(db, UPSERT_REPORT_FACT).run(...rows.report)
}

/**
 * Stores a whole record (applicant, application, checklist); storing the same record again
 * changes nothing. No version check: the caller decides what is newer (pulled portal state may
 * legitimately replace a locally predicted record with the same or a lower version).
 */
export function upsertApplication(db: Db, record: ApplicationRecord, syncState?: SyncState): void {
  const rows = toApplicationRows(record)
  db.transaction(() => writeApplicationRows(db, rows, syncState ?? null))()
}

/** How many applications the mirror holds (every status). */
export function countApplications(db: Db): number {
  return prepared<{ n: number }>(db, 'SELECT count(*) AS n FROM applications').get()?.n ?? 0
}

/** Exactly the record that was stored. */
export function getApplication(db: Db, id: string): ApplicationRecord | null {
  // Only writeApplicationRows writes this column, from a typed record.
  return getStoredJson<ApplicationRecord>(db, 'SELECT record_json AS json FROM application_records WHERE application_id = ?', id)
}

export function getSyncState(db: Db, id: string): SyncState | null {
  const row = prepared<{ sync_state: SyncState }>(db, 'SELECT sync_state FROM applications WHERE id = ?').get(id)
  return row?.sync_state ?? null
}

/** False when there is no such application. */
export function setSyncState(db: Db, id: string, state: SyncState): boolean {
  return prepared(db, 'UPDATE applications SET sync_state = ? WHERE id = ?').run(state, id).changes === 1
}

/** Removes the application with its checklist, timeline and applicant row. False when absent. */
export function deleteApplication(db: Db, id: string): boolean {
  return db.transaction(() => {
    const applicantId = prepared<{ applicant_id: string }>(db, 'SELECT applicant_id FROM applications WHERE id = ?').get(id)?.applicant_id
    if (applicantId === undefined) return false
    prepared(db, 'DELETE FROM applications WHERE id = ?').run(id)
    prepared(db, 'DELETE FROM applicants WHERE id = ? AND NOT EXISTS (SELECT 1 FROM applications WHERE applicant_id = ?)').run(
      applicantId,
      applicantId
    )
    return true
  })()
}

/** Adds timeline events; an id already stored is skipped, so a re-pulled page is harmless. Returns how many were new. */
export function insertEvents(db: Db, events: readonly ApplicationEvent[]): number {
  return insertEventRows(db, events.map(toEventRow))
}

/** The same, for events already turned into rows (a pulled page, prepared off the main thread). */
export function insertEventRows(db: Db, rows: readonly EventRow[]): number {
  const insert = prepared(db, INSERT_EVENT)
  return db.transaction(() => rows.reduce((added, row) => added + insert.run(...row).changes, 0))()
}

/** An application_events row as SQLite returns it. */
export interface EventSqlRow {
  id: string
  application_id: string
  kind: ApplicationEvent['kind']
  at: string
  actor: string
  command_id: string | null
  data_json: string
}

/** The timeline in time order; events of the same instant in the order they arrived. */
export function listEvents(db: Db, applicationId: string): ApplicationEvent[] {
  return prepared<EventSqlRow>(
    db,
    `SELECT id, application_id, kind, at, actor, command_id, data_json FROM application_events
     WHERE application_id = ? ORDER BY at_ms, rowid`
  )
    .all(applicationId)
    .map(eventFromRow)
}

/** One stored event row as the domain's event (the simulation's invariants read rows through it too). */
export function eventFromRow(r: EventSqlRow): ApplicationEvent {
  return {
    id: r.id,
    applicationId: r.application_id,
    kind: r.kind,
    at: r.at,
    actor: r.actor,
    commandId: r.command_id,
    data: JSON.parse(r.data_json) as Record<string, unknown>
  }
}
