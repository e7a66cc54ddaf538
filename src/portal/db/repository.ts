import type { ApplicationEvent, ApplicationRecord } from '../../shared/domain/application'
import type { CommandEnvelope } from '../../shared/domain/commands'
import type { CommandResult } from '../../shared/protocol'
import { errorCodeSchema } from '../../shared/result'
import type { Queryable } from './portal-db'

/*
 * All portal SQL lives in db/. Every function takes the connection or transaction first, so the
 * same function serves a plain query and a step inside a larger transaction.
 */

export type Role = 'clerk' | 'back_office' | 'supervisor' | 'admin'

export function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'string') return new Date(value).toISOString()
  throw new TypeError(`Expected a timestamp, got ${typeof value}`)
}

const json = (value: unknown): string => JSON.stringify(value)

// ── centres ─────────────────────────────────────────────────────────────

export interface CentreRow {
  id: string
  name: string
  version: number
}

export async function upsertCentre(q: Queryable, c: { id: string; name: string; enrolmentCodeHash: string; now: Date }): Promise<void> {
  await q.query(
    `INSERT INTO centres (id, name, enrolment_code_hash, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, enrolment_code_hash = EXCLUDED.enrolment_code_hash`,
    [c.id, c.name, c.enrolmentCodeHash, c.now]
  )
}

export async function findCentreByCodeHash(q: Queryable, codeHash: string): Promise<CentreRow | null> {
  const rows = await q.query<CentreRow>('SELECT id, name, version FROM centres WHERE enrolment_code_hash = $1', [codeHash])
  return rows[0] ?? null
}

export async function getCentre(q: Queryable, id: string): Promise<CentreRow | null> {
  const rows = await q.query<CentreRow>('SELECT id, name, version FROM centres WHERE id = $1', [id])
  return rows[0] ?? null
}

export async function firstCentre(q: Queryable): Promise<CentreRow | null> {
  const rows = await q.query<CentreRow>('SELECT id, name, version FROM centres ORDER BY created_at, id LIMIT 1')
  return rows[0] ?? null
}

/**
 * Takes `count` consecutive change versions of a centre and returns the first. The UPDATE holds the
 * centre row's lock until the transaction ends, so a second writer of the same centre waits here and
 * then reads the committed counter: versions of one centre commit in increasing order, and a reader's
 * snapshot that contains version V contains every version below V. That is what lets the pull cursor
 * be a plain number that never skips a late commit (sync.md, "Pull").
 */
/** ANALYZE: fresh planner statistics (the embedded database has no autovacuum to do it; portal.ts). */
export async function refreshPlannerStatistics(q: Queryable): Promise<void> {
  await q.query('ANALYZE')
}

export async function takeChangeVersions(q: Queryable, centreId: string, count = 1): Promise<number> {
  const rows = await q.query<{ version: number }>('UPDATE centres SET version = version + $2 WHERE id = $1 RETURNING version', [
    centreId,
    count
  ])
  const row = rows[0]
  if (!row) throw new Error(`takeChangeVersions: no centre ${centreId}`)
  return row.version - count + 1
}

// ── workstations ────────────────────────────────────────────────────────

export interface WorkstationRow {
  id: string
  centreId: string
  node: number
  label: string
  creationNonce: string
  lastSeq: number
  revokedAt: string | null
}

const WS_COLUMNS = `id, centre_id AS "centreId", node, label, creation_nonce AS "creationNonce", last_seq AS "lastSeq", revoked_at AS "revokedAt"`

function wsRow(r: WorkstationRow): WorkstationRow {
  return { ...r, lastSeq: Number(r.lastSeq), revokedAt: r.revokedAt === null ? null : toIso(r.revokedAt) }
}

export async function findWorkstationByTokenHash(q: Queryable, tokenHash: string): Promise<WorkstationRow | null> {
  const rows = await q.query<WorkstationRow>(`SELECT ${WS_COLUMNS} FROM workstations WHERE token_hash = $1`, [tokenHash])
  return rows[0] ? wsRow(rows[0]) : null
}

export async function getWorkstation(q: Queryable, id: string, opts: { lock?: boolean } = {}): Promise<WorkstationRow | null> {
  const rows = await q.query<WorkstationRow>(`SELECT ${WS_COLUMNS} FROM workstations WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`, [id])
  return rows[0] ? wsRow(rows[0]) : null
}

export async function listWorkstations(q: Queryable, centreId: string): Promise<WorkstationRow[]> {
  const rows = await q.query<WorkstationRow>(`SELECT ${WS_COLUMNS} FROM workstations WHERE centre_id = $1 ORDER BY node`, [centreId])
  return rows.map(wsRow)
}

/** Serialises node allocation: two enrolments at once must not pick the same node. */
export async function lockNodeAllocation(q: Queryable): Promise<void> {
  await q.query('SELECT pg_advisory_xact_lock($1)', [7_400_002])
}

/** The lowest node 2..999 that no workstation holds and no imported data has used. */
export async function freeNode(q: Queryable): Promise<number | null> {
  const rows = await q.query<{ n: number }>(
    `SELECT n FROM generate_series(2, 999) AS n
      WHERE NOT EXISTS (SELECT 1 FROM workstations w WHERE w.node = n)
        AND NOT EXISTS (SELECT 1 FROM order_sequences s WHERE s.node = n)
      ORDER BY n LIMIT 1`
  )
  return rows[0]?.n ?? null
}

export async function insertWorkstation(
  q: Queryable,
  w: { id: string; centreId: string; node: number; label: string; tokenHash: string; creationNonce: string; now: Date }
): Promise<void> {
  await q.query(
    `INSERT INTO workstations (id, centre_id, node, label, token_hash, creation_nonce, enrolled_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [w.id, w.centreId, w.node, w.label, w.tokenHash, w.creationNonce, w.now]
  )
}

export async function rotateWorkstationToken(q: Queryable, id: string, tokenHash: string, label: string): Promise<void> {
  await q.query('UPDATE workstations SET token_hash = $2, label = $3 WHERE id = $1', [id, tokenHash, label])
}

export async function setLastSeq(q: Queryable, id: string, seq: number): Promise<void> {
  await q.query('UPDATE workstations SET last_seq = $2 WHERE id = $1', [id, seq])
}

export async function revokeWorkstationRow(q: Queryable, id: string, now: Date): Promise<boolean> {
  const rows = await q.query<{ id: string }>('UPDATE workstations SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1 RETURNING id', [
    id,
    now
  ])
  return rows.length > 0
}

export async function lastSeqOf(q: Queryable, id: string): Promise<number> {
  const rows = await q.query<{ lastSeq: number }>('SELECT last_seq AS "lastSeq" FROM workstations WHERE id = $1', [id])
  return Number(rows[0]?.lastSeq ?? 0)
}

// ── clerks ──────────────────────────────────────────────────────────────

export interface ClerkRow {
  id: string
  centreId: string
  login: string
  name: string
  role: Role
  passwordHash: string
  disabledAt: string | null
}

const CLERK_COLUMNS = `id, centre_id AS "centreId", login, name, role, password_hash AS "passwordHash", disabled_at AS "disabledAt"`

export async function upsertClerk(
  q: Queryable,
  c: { id: string; centreId: string; login: string; name: string; role: Role; passwordHash: string }
): Promise<void> {
  await q.query(
    `INSERT INTO clerks (id, centre_id, login, name, role, password_hash) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (id) DO UPDATE SET centre_id = EXCLUDED.centre_id, login = EXCLUDED.login, name = EXCLUDED.name,
       role = EXCLUDED.role, password_hash = EXCLUDED.password_hash`,
    [c.id, c.centreId, c.login, c.name, c.role, c.passwordHash]
  )
}

export async function findClerkByLogin(q: Queryable, login: string): Promise<ClerkRow | null> {
  const rows = await q.query<ClerkRow>(`SELECT ${CLERK_COLUMNS} FROM clerks WHERE login = $1`, [login])
  return rows[0] ?? null
}

export async function getClerk(q: Queryable, id: string): Promise<ClerkRow | null> {
  const rows = await q.query<ClerkRow>(`SELECT ${CLERK_COLUMNS} FROM clerks WHERE id = $1`, [id])
  return rows[0] ?? null
}

/** Disables a clerk (the first time counts; disabling again changes nothing). */
export async function disableClerk(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query('UPDATE clerks SET disabled_at = coalesce(disabled_at, $2) WHERE id = $1', [id, now])
}

// ── applications and their events ───────────────────────────────────────

export interface StoredApplication {
  record: ApplicationRecord
  centreId: string
  changeVersion: number
}

export async function getApplication(q: Queryable, id: string, opts: { lock?: boolean } = {}): Promise<StoredApplication | null> {
  const rows = await q.query<{ record: ApplicationRecord; centreId: string; changeVersion: number }>(
    `SELECT record, centre_id AS "centreId", change_version AS "changeVersion" FROM applications WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`,
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
    `SELECT record, centre_id AS "centreId", change_version AS "changeVersion" FROM applications WHERE order_number = $1${opts.lock ? ' FOR UPDATE' : ''}`,
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
    `INSERT INTO applications (id, centre_id, order_number, record, version, change_version, status) VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7)`,
    [record.id, record.centreId, record.orderNumber, json(record), record.version, changeVersion, record.status]
  )
}

export async function updateApplication(q: Queryable, record: ApplicationRecord, changeVersion: number): Promise<void> {
  await q.query(`UPDATE applications SET record = $2::jsonb, version = $3, change_version = $4, status = $5 WHERE id = $1`, [
    record.id,
    json(record),
    record.version,
    changeVersion,
    record.status
  ])
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
    [centreId, changeVersion, json(events)]
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
    `INSERT INTO applications (id, centre_id, order_number, record, version, change_version, status)
     SELECT x -> 'r' ->> 'id', x -> 'r' ->> 'centreId', x -> 'r' ->> 'orderNumber', x -> 'r', (x -> 'r' ->> 'version')::int, (x ->> 'v')::bigint, x -> 'r' ->> 'status'
       FROM jsonb_array_elements($1::jsonb) AS x`,
    [json(payload)]
  )
  const events = items.flatMap((it, i) => it.events.map((e) => ({ v: baseVersion + i, e })))
  if (events.length === 0) return
  await q.query(
    `INSERT INTO application_events (id, application_id, centre_id, change_version, ord, event)
     SELECT x -> 'e' ->> 'id', x -> 'e' ->> 'applicationId', $1, (x ->> 'v')::bigint, ord, x -> 'e'
       FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(x, ord)`,
    [centreId, json(events)]
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
    `SELECT id, record, centre_id AS "centreId", change_version AS "changeVersion" FROM applications WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
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
    `INSERT INTO applications (id, centre_id, order_number, record, version, change_version, status)
     SELECT x -> 'r' ->> 'id', x -> 'r' ->> 'centreId', x -> 'r' ->> 'orderNumber', x -> 'r', (x -> 'r' ->> 'version')::int, (x ->> 'v')::bigint, x -> 'r' ->> 'status'
       FROM jsonb_array_elements($1::jsonb) AS x`,
    [json(items.map((it) => ({ v: it.changeVersion, r: it.record })))]
  )
}

export async function updateApplicationsVersioned(q: Queryable, items: readonly VersionedRecord[]): Promise<void> {
  if (items.length === 0) return
  await q.query(
    `UPDATE applications AS a
        SET record = x.r, version = (x.r ->> 'version')::int, change_version = x.v, status = x.r ->> 'status'
       FROM (SELECT e -> 'r' AS r, (e ->> 'v')::bigint AS v FROM jsonb_array_elements($1::jsonb) AS e) AS x
      WHERE a.id = x.r ->> 'id'`,
    [json(items.map((it) => ({ v: it.changeVersion, r: it.record })))]
  )
}

/** Events of several changes at once: each with its own change version and its order within that change. */
export async function insertEventsVersioned(
  q: Queryable,
  centreId: string,
  items: readonly { changeVersion: number; ord: number; event: ApplicationEvent }[]
): Promise<void> {
  if (items.length === 0) return
  await q.query(
    `INSERT INTO application_events (id, application_id, centre_id, change_version, ord, event)
     SELECT x -> 'e' ->> 'id', x -> 'e' ->> 'applicationId', $1, (x ->> 'v')::bigint, (x ->> 'o')::int, x -> 'e'
       FROM jsonb_array_elements($2::jsonb) AS x`,
    [centreId, json(items.map((it) => ({ v: it.changeVersion, o: it.ord, e: it.event })))]
  )
}

export async function countApplications(q: Queryable, centreId?: string): Promise<number> {
  const rows = centreId
    ? await q.query<{ n: number }>('SELECT count(*)::int AS n FROM applications WHERE centre_id = $1', [centreId])
    : await q.query<{ n: number }>('SELECT count(*)::int AS n FROM applications')
  return rows[0]?.n ?? 0
}

// ── command results ─────────────────────────────────────────────────────

interface ResultRow {
  seq: number
  commandId: string
  outcome: 'applied' | 'rejected'
  code: string | null
  message: string | null
  version: number | null
  decidedAt: unknown
}

function toResult(r: ResultRow): CommandResult {
  const code = r.code === null ? null : errorCodeSchema.catch('internal').parse(r.code)
  return {
    seq: Number(r.seq),
    commandId: r.commandId,
    outcome: r.outcome,
    code,
    message: r.message,
    version: r.version,
    decidedAt: toIso(r.decidedAt)
  }
}

export async function getCommandResult(q: Queryable, workstationId: string, seq: number): Promise<CommandResult | null> {
  const rows = await q.query<ResultRow>(
    `SELECT seq, command_id AS "commandId", outcome, code, message, version, decided_at AS "decidedAt"
       FROM command_results WHERE workstation_id = $1 AND seq = $2`,
    [workstationId, seq]
  )
  return rows[0] ? toResult(rows[0]) : null
}

export async function insertCommandResult(q: Queryable, workstationId: string, cmd: CommandEnvelope, result: CommandResult): Promise<void> {
  await q.query(
    `INSERT INTO command_results (workstation_id, seq, command_id, command_type, application_id, clerk_id, command, outcome, code, message, version, decided_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11, $12)`,
    [
      workstationId,
      result.seq,
      result.commandId,
      cmd.type,
      cmd.applicationId,
      cmd.clerk.clerkId,
      json(cmd),
      result.outcome,
      result.code,
      result.message,
      result.version,
      new Date(result.decidedAt)
    ]
  )
}

/** The stored results of the given seqs of one workstation (a batch's duplicates), by seq. */
export async function getCommandResults(q: Queryable, workstationId: string, seqs: readonly number[]): Promise<Map<number, CommandResult>> {
  if (seqs.length === 0) return new Map()
  const rows = await q.query<ResultRow>(
    `SELECT seq, command_id AS "commandId", outcome, code, message, version, decided_at AS "decidedAt"
       FROM command_results WHERE workstation_id = $1 AND seq = ANY($2::bigint[])`,
    [workstationId, [...seqs]]
  )
  return new Map(rows.map((r) => [Number(r.seq), toResult(r)]))
}

/** Many results in one statement: the same columns as insertCommandResult. */
export async function insertCommandResults(
  q: Queryable,
  workstationId: string,
  items: readonly { cmd: CommandEnvelope; result: CommandResult }[]
): Promise<void> {
  if (items.length === 0) return
  await q.query(
    `INSERT INTO command_results (workstation_id, seq, command_id, command_type, application_id, clerk_id, command, outcome, code, message, version, decided_at)
     SELECT $1, (x ->> 'seq')::bigint, x ->> 'commandId', x -> 'c' ->> 'type', x -> 'c' ->> 'applicationId', x -> 'c' -> 'clerk' ->> 'clerkId', x -> 'c',
            x ->> 'outcome', x ->> 'code', x ->> 'message', (x ->> 'version')::int, (x ->> 'decidedAt')::timestamptz
       FROM jsonb_array_elements($2::jsonb) AS x`,
    [workstationId, json(items.map(({ cmd, result }) => ({ ...result, c: cmd })))]
  )
}

/** Test-only: the planted "re-execute a duplicate" bug (deps.faults.reexecuteDuplicates) overwrites a result. */
export async function deleteCommandResult(q: Queryable, workstationId: string, seq: number): Promise<void> {
  await q.query('DELETE FROM command_results WHERE workstation_id = $1 AND seq = $2', [workstationId, seq])
}

export async function countCommandResults(q: Queryable, workstationId: string): Promise<number> {
  const rows = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM command_results WHERE workstation_id = $1', [workstationId])
  return rows[0]?.n ?? 0
}

// ── attachments ─────────────────────────────────────────────────────────

export async function insertAttachment(
  q: Queryable,
  a: { sha256: string; mediaType: string; bytes: Uint8Array; now: Date }
): Promise<void> {
  await q.query(
    `INSERT INTO attachments (sha256, media_type, size, bytes, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING`,
    [a.sha256, a.mediaType, a.bytes.byteLength, a.bytes, a.now]
  )
}

export async function getAttachment(q: Queryable, sha256: string): Promise<{ mediaType: string; bytes: Buffer } | null> {
  const rows = await q.query<{ mediaType: string; bytes: Uint8Array }>(
    'SELECT media_type AS "mediaType", bytes FROM attachments WHERE sha256 = $1',
    [sha256]
  )
  const r = rows[0]
  return r ? { mediaType: r.mediaType, bytes: Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength) } : null
}

export async function attachmentTypes(q: Queryable, shas: readonly string[]): Promise<Map<string, string>> {
  if (shas.length === 0) return new Map()
  const rows = await q.query<{ sha256: string; mediaType: string }>(
    `SELECT sha256, media_type AS "mediaType" FROM attachments WHERE sha256 = ANY($1::text[])`,
    [[...shas]]
  )
  return new Map(rows.map((r) => [r.sha256, r.mediaType]))
}

/** A workstation may fetch a blob only when an application of its centre refers to it. */
export async function attachmentVisibleToCentre(q: Queryable, sha256: string, centreId: string): Promise<boolean> {
  const rows = await q.query<{ one: number }>(
    `SELECT 1 AS one FROM applications WHERE centre_id = $1 AND record -> 'attachments' @> $2::jsonb LIMIT 1`,
    [centreId, json([{ sha256 }])]
  )
  return rows.length > 0
}

// ── order sequences ─────────────────────────────────────────────────────

/** The next sequence number of a node, taken under the row's lock (held to the end of the transaction). */
export async function takeOrderSeq(q: Queryable, node: number): Promise<number> {
  const rows = await q.query<{ seq: number }>(
    `INSERT INTO order_sequences (node, next_seq) VALUES ($1, 2)
     ON CONFLICT (node) DO UPDATE SET next_seq = order_sequences.next_seq + 1
     RETURNING next_seq - 1 AS seq`,
    [node]
  )
  const row = rows[0]
  if (!row) throw new Error('takeOrderSeq: no row')
  return Number(row.seq)
}

/** Records that numbers up to `nextSeq - 1` of `node` exist (imported data), and reserves the node. */
export async function reserveOrderSeq(q: Queryable, node: number, nextSeq: number): Promise<void> {
  await q.query(
    `INSERT INTO order_sequences (node, next_seq) VALUES ($1, $2)
     ON CONFLICT (node) DO UPDATE SET next_seq = greatest(order_sequences.next_seq, EXCLUDED.next_seq)`,
    [node, nextSeq]
  )
}

// ── pull ────────────────────────────────────────────────────────────────

/**
 * Settings for the rest of a pull's read-only transaction (set_config(..., true): this transaction
 * only), so that a page costs what it should whatever the planner knows:
 *   - the embedded portal (PGlite) has no autovacuum, so its tables are never ANALYZEd; without
 *     statistics the planner guesses ~0.5% of the rows match the centre, and once the page limit
 *     exceeds that guess it reads EVERY row after the cursor (bitmap scan + top-N sort) instead of
 *     the first limit + 1 in index order: 24 s instead of 1 s of pageBounds over a 100k initial
 *     sync at limit 5000 (bench/diagnostics/portal-pull.ts), and the same at limit 2000 on a smaller centre. Every
 *     pull query has an index in the right order ((centre_id, change_version), the primary key),
 *     so the plain index scans are always right here;
 *   - pageChangesJson's aggregate sorts the page's rows WITH their text: past work_mem (4 MB by
 *     default; a page of 5,000 changes is about that) the sort spills to temporary files.
 */
export async function preparePullReads(q: Queryable): Promise<void> {
  await q.query(
    `SELECT set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true), set_config('work_mem', '64MB', true)`
  )
}

/**
 * Where a pull page after `cursor` can end without splitting a version (see sync/pull.ts), from
 * the first `limit + 1` changed rows after the cursor in version order: `rows` how many there are
 * (at most limit + 1), `last` the version of the last of them (the (limit+1)-th when there are
 * that many), `belowLast` the highest version among them below `last` (null if all share it).
 * One row back instead of limit + 1: a page's bounds cost no per-row decoding in the driver.
 */
export async function pageBounds(
  q: Queryable,
  centreId: string,
  cursor: number,
  limit: number
): Promise<{ rows: number; last: number | null; belowLast: number | null }> {
  const rows = await q.query<{ n: number; last: number | string | null; below: number | string | null }>(
    `WITH first_rows AS (
       SELECT v FROM (
         (SELECT change_version AS v FROM applications WHERE centre_id = $1 AND change_version > $2 ORDER BY change_version LIMIT $3)
         UNION ALL
         (SELECT change_version AS v FROM application_events WHERE centre_id = $1 AND change_version > $2 ORDER BY change_version LIMIT $3)
       ) AS u ORDER BY v LIMIT $3
     )
     SELECT count(*)::int AS n, max(v) AS last, max(v) FILTER (WHERE v < (SELECT max(v) FROM first_rows)) AS below FROM first_rows`,
    [centreId, cursor, limit + 1]
  )
  const row = rows[0]
  return {
    rows: Number(row?.n ?? 0),
    last: row?.last === null || row?.last === undefined ? null : Number(row.last),
    belowLast: row?.below === null || row?.below === undefined ? null : Number(row.below)
  }
}

/**
 * The changes of versions cursor < v <= upTo, as the JSON text of a pull page's `changes` array
 * WITHOUT its brackets (empty when none), in the page's order (sync/pull.ts):
 *   1. the current records of applications whose row has moved past `upTo` but which have an event
 *      in the page (their events would otherwise arrive before their row; see sync/pull.ts),
 *      by version then id;
 *   2. then the page's versions in order; within a version its applications (by id) before its
 *      events (by ord).
 * Built in ONE statement as ONE text value, from `jsonb::text`: the portal never parses the
 * records into objects nor serialises them again, and the driver decodes one value per page
 * instead of two per change (per-row decoding in PGlite's JavaScript was about half of a pull's
 * CPU). jsonb's text output is valid JSON and is the very text the drivers parsed before.
 * The element shapes match `Change` (type, version, record|event), keys in that order.
 *
 * Where the connection offers queryTextBytes (PGlite's transactions) the text comes back as its
 * UTF-8 bytes and is sent as is: PGlite decoding the megabytes into a string (TextDecoder) and the
 * reply encoding them back to UTF-8 were ~30% of the embedded portal's CPU per page (an initial
 * sync of 100k applications: ~14 → ~10-11 portal CPU seconds, bench/diagnostics/portal-pull.ts).
 * Same statement, only bound differently: COPY takes no parameters, so the centre travels through
 * a setting of this transaction (set_config(..., true); never spliced into the SQL) and the two
 * versions are inlined as checked integers. Elsewhere (node-postgres) it is a string, as before.
 */
export async function pageChangesJson(q: Queryable, centreId: string, cursor: number, upTo: number): Promise<string | Uint8Array> {
  if (q.queryTextBytes) {
    await q.query(`SELECT set_config('vikno.pull_centre', $1, true)`, [centreId])
    return q.queryTextBytes(pageChangesSql(`current_setting('vikno.pull_centre')`, sqlInteger(cursor), sqlInteger(upTo)))
  }
  const rows = await q.query<{ changes: string }>(pageChangesSql('$1', '$2', '$3'), [centreId, cursor, upTo])
  return rows[0]?.changes ?? ''
}

/** An integer as a SQL literal, for statements that cannot take parameters (COPY). */
function sqlInteger(n: number): string {
  if (!Number.isSafeInteger(n)) throw new TypeError(`Expected a safe integer for SQL, got ${String(n)}`)
  return String(n)
}

/** pageChangesJson's statement over SQL expressions for the centre id, the cursor and upTo. */
function pageChangesSql(centreId: string, cursor: string, upTo: string): string {
  return `WITH ev AS (
       SELECT change_version AS v, ord, application_id, event FROM application_events
        WHERE centre_id = ${centreId} AND change_version > ${cursor} AND change_version <= ${upTo}
     ), items AS (
       SELECT 0 AS g, change_version AS v, 0 AS k, id, 0 AS ord,
              '{"type":"application","version":' || change_version || ',"record":' || record::text || '}' AS j
         FROM applications WHERE centre_id = ${centreId} AND change_version > ${upTo} AND id IN (SELECT application_id FROM ev)
       UNION ALL
       SELECT 1, change_version, 0, id, 0,
              '{"type":"application","version":' || change_version || ',"record":' || record::text || '}'
         FROM applications WHERE centre_id = ${centreId} AND change_version > ${cursor} AND change_version <= ${upTo}
       UNION ALL
       SELECT 1, v, 1, '', ord, '{"type":"event","version":' || v || ',"event":' || event::text || '}' FROM ev
     )
     SELECT coalesce(string_agg(j, ',' ORDER BY g, v, k, id, ord), '') AS changes FROM items`
}

/*
 * The changes as objects: only the planted timestamp-cursor bug (sync/pull.ts) reads these.
 */
export async function applicationsInVersions(
  q: Queryable,
  centreId: string,
  after: number,
  upTo: number
): Promise<{ v: number; record: ApplicationRecord }[]> {
  const rows = await q.query<{ v: number; record: ApplicationRecord }>(
    `SELECT change_version AS v, record FROM applications WHERE centre_id = $1 AND change_version > $2 AND change_version <= $3 ORDER BY change_version, id`,
    [centreId, after, upTo]
  )
  return rows.map((r) => ({ v: Number(r.v), record: r.record }))
}

export async function eventsInVersions(
  q: Queryable,
  centreId: string,
  after: number,
  upTo: number
): Promise<{ v: number; event: ApplicationEvent }[]> {
  const rows = await q.query<{ v: number; event: ApplicationEvent }>(
    `SELECT change_version AS v, event FROM application_events WHERE centre_id = $1 AND change_version > $2 AND change_version <= $3 ORDER BY change_version, ord`,
    [centreId, after, upTo]
  )
  return rows.map((r) => ({ v: Number(r.v), event: r.event }))
}

/**
 * The newest event of the versions cursor < v <= upTo, as the workstation's newestEvent finds it in
 * the page: the highest version, the last of that version in page order (by ord). Null when none.
 */
export async function newestEventIn(
  q: Queryable,
  centreId: string,
  cursor: number,
  upTo: number
): Promise<{ version: number; id: string } | null> {
  const rows = await q.query<{ v: number | string; id: string }>(
    `SELECT change_version AS v, id FROM application_events
      WHERE centre_id = $1 AND change_version > $2 AND change_version <= $3
      ORDER BY change_version DESC, ord DESC LIMIT 1`,
    [centreId, cursor, upTo]
  )
  const row = rows[0]
  return row ? { version: Number(row.v), id: row.id } : null
}

/**
 * Does this centre's history, up to `cursor`, end with the event the workstation says it holds
 * (sync/pull.ts)? True when that event is stored at that version AND no event stands between it and
 * the cursor. False after a restore from a backup that lost the event or reused its versions.
 */
export async function historyEndsWith(
  q: Queryable,
  centreId: string,
  cursor: number,
  event: { version: number; id: string }
): Promise<boolean> {
  const rows = await q.query<{ top: number | string | null; known: boolean }>(
    `SELECT (SELECT max(change_version) FROM application_events WHERE centre_id = $1 AND change_version <= $2) AS top,
            EXISTS (SELECT 1 FROM application_events WHERE id = $3 AND centre_id = $1 AND change_version = $4) AS known`,
    [centreId, cursor, event.id, event.version]
  )
  const row = rows[0]
  return row !== undefined && row.known === true && row.top !== null && Number(row.top) === event.version
}

// ── tests and tools ─────────────────────────────────────────────────────

export const DATA_TABLES = [
  'audit_log',
  'command_results',
  'application_events',
  'applications',
  'attachments',
  'order_sequences',
  'workstations',
  'clerks',
  'centres'
] as const

export async function truncateAll(q: Queryable): Promise<void> {
  await q.query(`TRUNCATE ${DATA_TABLES.join(', ')}`)
}
