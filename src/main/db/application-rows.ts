import type { ApplicationEvent, ApplicationRecord } from '../../shared/domain/application'
import { orderNumberDigits } from '../../shared/domain/order-number'
import { isClosed } from '../../shared/domain/status'
import { AGGREGATE_CALENDAR, dailySteps, processingCenti } from '../../shared/reports/aggregates'
import { dayOf, reportRowOf, type ReportRow } from '../../shared/reports/definitions'
import { DomainError } from '../../shared/result'
import { givenKey, nameKey } from './search-terms'

/*
 * A record turned into the parameter lists of its table rows. Pure JavaScript with no database:
 * the demo generator's worker thread prepares rows here, so the thread that writes only binds them.
 * The column order is the one of the statements in applications-repository.ts.
 */

export interface ApplicationRows {
  id: string
  orderNumber: string
  serviceId: string
  /** applicants: id, surname, given_name, patronymic, rnokpp, birth_date, phone, email, address, name_key, given_key */
  applicant: readonly (string | null)[]
  /**
   * applications: id, order_number, order_digits, centre_id, service_id, applicant_id, channel, delivery, status,
   * is_open, holder_clerk_id, holder_name, holder_since, received_at, received_at_ms, due_at, due_at_ms, paused,
   * version, updated_at, closed_at, service_version, is_test
   */
  application: readonly (string | number | null)[]
  recordJson: string
  /** report_facts (migration 010): see toReportFactRow. Null for a test application: no report counts it (migration 014). */
  report: readonly (string | number | null)[] | null
}

/** application_events: id, application_id, kind, at, at_ms, actor, command_id, data_json */
export type EventRow = readonly [string, string, string, string, number, string, string | null, string]

function epochMs(iso: string, field: string, id: string): number {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) throw new DomainError('invalid_input', `Заявка ${id}: некоректна дата в полі «${field}»: ${iso}`, field)
  return ms
}

/**
 * A record as the schema has it since issue 17. Records stored before migration 014 (a mirror's
 * JSON, a shadow, a prediction replayed over one of them) lack serviceVersion and isTest: version 1,
 * not a test, as the schema's defaults read them.
 */
export function withTestingDefaults(
  record: Omit<ApplicationRecord, 'serviceVersion' | 'isTest'> & Partial<Pick<ApplicationRecord, 'serviceVersion' | 'isTest'>>
): ApplicationRecord {
  return record.serviceVersion !== undefined && record.isTest !== undefined
    ? (record as ApplicationRecord)
    : { ...record, serviceVersion: record.serviceVersion ?? 1, isTest: record.isTest ?? false }
}

export function toApplicationRows(stored: ApplicationRecord): ApplicationRows {
  const record = withTestingDefaults(stored)
  const a = record.applicant
  return {
    id: record.id,
    orderNumber: record.orderNumber,
    serviceId: record.serviceId,
    // The applicant as stated on this application: its row shares the application's id.
    applicant: [
      record.id,
      a.surname,
      a.givenName,
      a.patronymic,
      a.rnokpp,
      a.birthDate,
      a.phone,
      a.email,
      a.address,
      nameKey(a.surname, a.givenName, a.patronymic),
      givenKey(a.surname, a.givenName)
    ],
    application: [
      record.id,
      record.orderNumber,
      orderNumberDigits(record.orderNumber),
      record.centreId,
      record.serviceId,
      record.id,
      record.channel,
      record.delivery,
      record.status,
      isClosed(record.status) ? 0 : 1,
      record.holder?.clerkId ?? null,
      record.holder?.name ?? null,
      record.holder?.since ?? null,
      record.receivedAt,
      epochMs(record.receivedAt, 'receivedAt', record.id),
      record.dueAt,
      epochMs(record.dueAt, 'dueAt', record.id),
      record.pauses.some((p) => p.to === null) ? 1 : 0,
      record.version,
      record.updatedAt,
      record.closedAt,
      record.serviceVersion,
      record.isTest ? 1 : 0
    ],
    recordJson: JSON.stringify(record),
    report: record.isTest ? null : toReportFactRow(reportRowOf(record))
  }
}

/**
 * report_facts: application_id, service_id, channel, status, holder_clerk_id, holder_name, received_at,
 * received_at_ms, due_at, due_at_ms, outcome, decided_at, decided_at_ms, decided_day, processing_centi, pauses_json,
 * steps_json. The steps (src/shared/reports/aggregates.ts) are what the triggers add to report_daily.
 */
export function toReportFactRow(row: ReportRow): readonly (string | number | null)[] {
  const cal = AGGREGATE_CALENDAR
  return [
    row.id,
    row.serviceId,
    row.channel,
    row.status,
    row.holderClerkId,
    row.holderName,
    row.receivedAt,
    epochMs(row.receivedAt, 'receivedAt', row.id),
    row.dueAt,
    epochMs(row.dueAt, 'dueAt', row.id),
    row.outcome,
    row.decidedAt,
    row.decidedAt === null ? null : epochMs(row.decidedAt, 'decision.decidedAt', row.id),
    row.decidedAt === null ? null : dayOf(row.decidedAt, cal),
    processingCenti(row, cal),
    JSON.stringify(row.pauses),
    JSON.stringify(dailySteps(row, cal))
  ]
}

export function toEventRow(e: ApplicationEvent): EventRow {
  return [e.id, e.applicationId, e.kind, e.at, epochMs(e.at, 'at', e.applicationId), e.actor, e.commandId, JSON.stringify(e.data)]
}
