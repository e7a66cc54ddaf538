import type { ApplicationEvent, ApplicationRecord } from '../../shared/domain/application'
import type { Queryable } from './portal-db'
import { RECORD_WITH_TESTING } from './pull-repository'
import { insertBatch, jsonParam } from './sql'

// Applications and their events, one row or many at a time, each write tagged with its change version.

export interface StoredApplication {
  record: ApplicationRecord
  centreId: string
  changeVersion: number
}

export async function getApplication(q: Queryable, id: string, opts: { lock?: boolean } = {}): Promise<StoredApplication | null> {
  const rows = await q.query<{ record: ApplicationRecord; centreId: string; changeVersion: number }>(
    `SELECT ${RECORD_WITH_TESTING} AS record, centre_id AS "centreId", change_version AS "changeVersion" FROM applications WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`,
    [id]
  )
  const r = rows[0]
  return r ? { record: r.record, centreId: r.centreId, changeVersion: Number(r.changeVersion) } : null
}

export async function getApplicationByOrderNumber(
  q: Queryable,
  orderNumber: string,
  opts: { lock?: boolean } = {}
): Promise<StoredApplication | null> {
  const rows = await q.query<{ record: ApplicationRecord; centreId: string; changeVersion: number }>(
    `SELECT ${RECORD_WITH_TESTING} AS record, centre_id AS "centreId", change_version AS "changeVersion" FROM applications WHERE order_number = $1${opts.lock ? ' FOR UPDATE' : ''}`,
    [orderNumber]
  )
  const r = rows[0]
  return r ? { record: r.record, centreId: r.centreId, changeVersion: Number(r.changeVersion) } : null
}

export async function orderNumberTaken(q: Queryable, orderNumber: string): Promise<boolean> {
  const rows = await q.query<{ one: number }>('SELECT 1 AS one FROM applications WHERE order_number = $1', [orderNumber])
  return rows.length > 0
}

export async function insertApplication(q: Queryable, record: ApplicationRecord, changeVersion: number): Promise<void> {
  await q.query(
    `INSERT INTO applications (id, centre_id, order_number, record, version, change_version, status, service_version, is_test)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9)`,
    [
      record.id,
      record.centreId,
      record.orderNumber,
      jsonParam(record),
      record.version,
      changeVersion,
      record.status,
      record.serviceVersion,
      record.isTest
    ]
  )
}

export async function updateApplication(q: Queryable, record: ApplicationRecord, changeVersion: number): Promise<void> {
  await q.query(
    `UPDATE applications SET record = $3::jsonb, version = $4, change_version = $5, status = $6 WHERE centre_id = $1 AND id = $2`,
    [record.centreId, record.id, jsonParam(record), record.version, changeVersion, record.status]
  )
}

export async function insertEvents(
  q: Queryable,
  centreId: string,
  changeVersion: number,
  events: readonly ApplicationEvent[]
): Promise<void> {
  if (events.length === 0) return
  // One statement for the batch: unnest keeps the parameter count fixed whatever the size.
  await q.query(
    `INSERT INTO application_events (id, application_id, centre_id, change_version, ord, event)
     SELECT e ->> 'id', e ->> 'applicationId', $1, $2, ord, e FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS x(e, ord)`,
    [centreId, changeVersion, jsonParam(events)]
  )
}

/** Bulk load for demo seeding: each item gets its own change version, base, base+1, … */
export async function insertApplicationsBulk(
  q: Queryable,
  items: readonly { record: ApplicationRecord; events: readonly ApplicationEvent[] }[],
  baseVersion: number
): Promise<void> {
  if (items.length === 0) return
  const centreId = items[0]?.record.centreId
  const payload = items.map((it, i) => ({ v: baseVersion + i, r: it.record }))
  await q.query(
    `INSERT INTO applications (id, centre_id, order_number, record, version, change_version, status, service_version, is_test)
     SELECT x -> 'r' ->> 'id', x -> 'r' ->> 'centreId', x -> 'r' ->> 'orderNumber', x -> 'r', (x -> 'r' ->> 'version')::int, (x ->> 'v')::bigint, x -> 'r' ->> 'status',
            coalesce((x -> 'r' ->> 'serviceVersion')::int, 1), coalesce((x -> 'r' ->> 'isTest')::boolean, false)
       FROM jsonb_array_elements($1::jsonb) AS x`,
    [jsonParam(payload)]
  )
  const events = items.flatMap((it, i) => it.events.map((e) => ({ v: baseVersion + i, e })))
  if (events.length === 0) return
  await q.query(
    `INSERT INTO application_events (id, application_id, centre_id, change_version, ord, event)
     SELECT x -> 'e' ->> 'id', x -> 'e' ->> 'applicationId', $1, (x ->> 'v')::bigint, ord, x -> 'e'
       FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(x, ord)`,
    [centreId, jsonParam(events)]
  )
}

/**
 * Locks and reads the given applications (sync/push.ts, a batch). Locked in id order, in ONE
 * statement (LockRows runs above the sort): two batches that share applications take their locks
 * in the same order and cannot deadlock each other.
 */
export async function lockApplications(q: Queryable, ids: readonly string[]): Promise<Map<string, StoredApplication>> {
  if (ids.length === 0) return new Map()
  const rows = await q.query<{ id: string; record: ApplicationRecord; centreId: string; changeVersion: number }>(
    `SELECT id, ${RECORD_WITH_TESTING} AS record, centre_id AS "centreId", change_version AS "changeVersion" FROM applications WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
    [[...ids]]
  )
  return new Map(rows.map((r) => [r.id, { record: r.record, centreId: r.centreId, changeVersion: Number(r.changeVersion) }]))
}

/** The final state of applications written by a push batch, each with the change version of its last change. */
export interface VersionedRecord {
  record: ApplicationRecord
  changeVersion: number
}

export async function insertApplicationsVersioned(q: Queryable, items: readonly VersionedRecord[]): Promise<void> {
  if (items.length === 0) return
  await q.query(
    `INSERT INTO applications (id, centre_id, order_number, record, version, change_version, status, service_version, is_test)
     SELECT x -> 'r' ->> 'id', x -> 'r' ->> 'centreId', x -> 'r' ->> 'orderNumber', x -> 'r', (x -> 'r' ->> 'version')::int, (x ->> 'v')::bigint, x -> 'r' ->> 'status',
            coalesce((x -> 'r' ->> 'serviceVersion')::int, 1), coalesce((x -> 'r' ->> 'isTest')::boolean, false)
       FROM jsonb_array_elements($1::jsonb) AS x`,
    [jsonParam(items.map((it) => ({ v: it.changeVersion, r: it.record })))]
  )
}

export async function updateApplicationsVersioned(q: Queryable, items: readonly VersionedRecord[]): Promise<void> {
  if (items.length === 0) return
  await q.query(
    `UPDATE applications AS a
        SET record = x.r, version = (x.r ->> 'version')::int, change_version = x.v, status = x.r ->> 'status'
       FROM (SELECT e -> 'r' AS r, (e ->> 'v')::bigint AS v FROM jsonb_array_elements($1::jsonb) AS e) AS x
      WHERE a.centre_id = x.r ->> 'centreId' AND a.id = x.r ->> 'id'`,
    [jsonParam(items.map((it) => ({ v: it.changeVersion, r: it.record })))]
  )
}

/** Events of several changes at once: each with its own change version and its order within that change. */
export async function insertEventsVersioned(
  q: Queryable,
  centreId: string,
  items: readonly { changeVersion: number; ord: number; event: ApplicationEvent }[]
): Promise<void> {
  await insertBatch(
    q,
    `INSERT INTO application_events (id, application_id, centre_id, change_version, ord, event)
     SELECT x -> 'e' ->> 'id', x -> 'e' ->> 'applicationId', $1, (x ->> 'v')::bigint, (x ->> 'o')::int, x -> 'e'
       FROM jsonb_array_elements($2::jsonb) AS x`,
    centreId,
    items.map((it) => ({ v: it.changeVersion, o: it.ord, e: it.event }))
  )
}

export async function countApplications(q: Queryable, centreId?: string): Promise<number> {
  const rows = centreId
    ? await q.query<{ n: number }>('SELECT count(*)::int AS n FROM applications WHERE centre_id = $1', [centreId])
    : await q.query<{ n: number }>('SELECT count(*)::int AS n FROM applications')
  return rows[0]?.n ?? 0
}

/**
 * A service's test applications in the centre (issue 17), locked in id order as lockApplications
 * locks them (a push deciding one of them waits, then finds it gone).
 */
export async function lockTestApplications(q: Queryable, centreId: string, serviceId: string): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `SELECT id FROM applications WHERE centre_id = $1 AND record ->> 'serviceId' = $2 AND is_test ORDER BY id FOR UPDATE`,
    [centreId, serviceId]
  )
  return rows.map((r) => r.id)
}

/**
 * Deletes applications with their history and access codes, and records each removal under
 * `changeVersion` (migration 12), which pull sends as a `removed` change. The command results that
 * name them stay: they are the workstations' audit trail, as the audit log is.
 */
export async function removeApplications(
  q: Queryable,
  centreId: string,
  ids: readonly string[],
  removal: { changeVersion: number; serviceId: string; at: Date; by: string }
): Promise<void> {
  if (ids.length === 0) return
  const list = [...ids]
  // Their events stay countable as history (migration 14): a desk may hold one as its cursor's event.
  await q.query(
    `INSERT INTO removed_events (centre_id, id, change_version)
     SELECT centre_id, id, change_version FROM application_events WHERE centre_id = $1 AND application_id = ANY($2::text[])
     ON CONFLICT DO NOTHING`,
    [centreId, list]
  )
  await q.query('DELETE FROM application_events WHERE centre_id = $1 AND application_id = ANY($2::text[])', [centreId, list])
  await q.query('DELETE FROM access_codes WHERE centre_id = $1 AND application_id = ANY($2::text[])', [centreId, list])
  await q.query('DELETE FROM applications WHERE centre_id = $1 AND id = ANY($2::text[])', [centreId, list])
  await q.query(
    `INSERT INTO application_removals (centre_id, change_version, application_id, service_id, removed_at, removed_by)
     SELECT $1, $2, id, $3, $4, $5 FROM unnest($6::text[]) AS id`,
    [centreId, removal.changeVersion, removal.serviceId, removal.at, removal.by, list]
  )
}
