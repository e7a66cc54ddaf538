import type Database from 'better-sqlite3-multiple-ciphers'
import type { ApplicationRecord, ClerkRef } from '../../shared/domain/application'
import { envelopeHead, type CommandEnvelope, type CommandType } from '../../shared/domain/commands'
import { commandSignatureSchema, type CommandSignature } from '../../shared/command-signature'
import { errorCodeSchema, type ErrorCode } from '../../shared/result'

type Db = Database.Database

export type OutboxState = 'pending' | 'applied' | 'rejected'

export interface OutboxRow {
  seq: number
  commandId: string
  type: CommandType
  v: number
  applicationId: string
  baseVersion: number | null
  clerk: ClerkRef
  issuedAt: string
  payload: unknown
  /** The clerk's signature (issue 20); null while the command waits for its clerk to sign in. */
  signature: CommandSignature | null
  state: OutboxState
  resultCode: string | null
  resultMessage: string | null
  resultVersion: number | null
  decidedAt: string | null
  /** The results chain up to this seq (src/shared/results-chain.ts); null until this row and every one below it has its result. */
  resultChain: string | null
}

export interface OutboxSqlRow {
  seq: number
  command_id: string
  type: string
  v: number
  application_id: string
  base_version: number | null
  clerk_id: string
  clerk_name: string
  issued_at: string
  payload_json: string
  signature_json?: string | null
  state: OutboxState
  result_code: string | null
  result_message: string | null
  result_version: number | null
  decided_at: string | null
  result_chain: string | null
}

/** An outbox row as SQLite returns it (SELECT *), as the rest of the workstation reads it. */
export const toRow = (r: OutboxSqlRow): OutboxRow => ({
  seq: r.seq,
  commandId: r.command_id,
  type: r.type as CommandType,
  v: r.v,
  applicationId: r.application_id,
  baseVersion: r.base_version,
  clerk: { clerkId: r.clerk_id, name: r.clerk_name },
  issuedAt: r.issued_at,
  payload: JSON.parse(r.payload_json) as unknown,
  signature: parseSignature(r.signature_json),
  state: r.state,
  resultCode: r.result_code,
  resultMessage: r.result_message,
  resultVersion: r.result_version,
  decidedAt: r.decided_at,
  resultChain: r.result_chain
})

/** The stored signature; null when there is none (or no such column yet: a database migrated only part of the way, in tests). */
function parseSignature(json: string | null | undefined): CommandSignature | null {
  if (json === null || json === undefined) return null
  const parsed = commandSignatureSchema.safeParse(JSON.parse(json))
  return parsed.success ? parsed.data : null
}

export function toEnvelope(row: OutboxRow): CommandEnvelope {
  return { ...envelopeHead(row), clerk: row.clerk, payload: row.payload, ...(row.signature ? { signature: row.signature } : {}) }
}

/**
 * The envelope a push carries. A rejected command is only in a push when the portal lost its result
 * (listPushBatch): it goes again with the rejection the clerk was shown, to be stored, not decided.
 */
export function toPushEnvelope(row: OutboxRow): CommandEnvelope {
  if (row.state !== 'rejected') return toEnvelope(row)
  return {
    ...toEnvelope(row),
    settled: {
      outcome: 'rejected',
      code: toErrorCode(row.resultCode),
      message: row.resultMessage ?? 'Портал відхилив дію',
      version: row.resultVersion,
      decidedAt: row.decidedAt ?? row.issuedAt
    }
  }
}

const toErrorCode = (code: string | null): ErrorCode => {
  const parsed = errorCodeSchema.safeParse(code)
  return parsed.success ? parsed.data : 'conflict'
}

/** The next gap-free seq. Call inside the transaction that inserts the command. */
export function nextSeq(db: Db): number {
  const row = db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM outbox').get() as { next: number }
  return row.next
}

export function insertOutbox(db: Db, env: CommandEnvelope): void {
  db.prepare(
    `INSERT INTO outbox (seq, command_id, type, v, application_id, base_version, clerk_id, clerk_name, issued_at, payload_json, signature_json, state)
     VALUES (@seq, @commandId, @type, @v, @applicationId, @baseVersion, @clerkId, @clerkName, @issuedAt, @payloadJson, @signatureJson, 'pending')`
  ).run({
    ...envelopeHead(env),
    clerkId: env.clerk.clerkId,
    clerkName: env.clerk.name,
    payloadJson: JSON.stringify(env.payload),
    signatureJson: env.signature ? JSON.stringify(env.signature) : null
  })
}

export function listPendingOutbox(db: Db, limit: number): OutboxRow[] {
  const rows = db.prepare(`SELECT * FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?`).all(limit) as OutboxSqlRow[]
  return rows.map(toRow)
}

/**
 * What the next push carries, in seq order: the pending commands and, from `resendRejectedFrom` on,
 * the rejected ones too (a portal restored from a backup lost their results; they go again with
 * the rejection recorded here, see toEnvelope). Without them the portal's gap never closes.
 */
export function listPushBatch(db: Db, limit: number, resendRejectedFrom: number | null): OutboxRow[] {
  if (resendRejectedFrom === null) return listPendingOutbox(db, limit)
  const rows = db
    .prepare(`SELECT * FROM outbox WHERE state = 'pending' OR (state = 'rejected' AND seq >= ?) ORDER BY seq LIMIT ?`)
    .all(resendRejectedFrom, limit) as OutboxSqlRow[]
  return rows.map(toRow)
}

/** The highest seq of a rejected command from `from` on; null when there is none. */
export function highestRejectedFrom(db: Db, from: number): number | null {
  return (db.prepare(`SELECT MAX(seq) AS s FROM outbox WHERE state = 'rejected' AND seq >= ?`).get(from) as { s: number | null }).s
}

export function getOutboxBySeq(db: Db, seq: number): OutboxRow | null {
  const row = db.prepare('SELECT * FROM outbox WHERE seq = ?').get(seq) as OutboxSqlRow | undefined
  return row ? toRow(row) : null
}

export function getOutboxByCommandId(db: Db, commandId: string): OutboxRow | null {
  const row = db.prepare('SELECT * FROM outbox WHERE command_id = ?').get(commandId) as OutboxSqlRow | undefined
  return row ? toRow(row) : null
}

/** Commands whose effect the mirror does not show yet: still pending, or applied after the last caught-up pull. */
export function listUnreflectedForApplication(db: Db, applicationId: string, ackedSeq: number): OutboxRow[] {
  const rows = db
    .prepare(`SELECT * FROM outbox WHERE application_id = ? AND (state = 'pending' OR (state = 'applied' AND seq > ?)) ORDER BY seq`)
    .all(applicationId, ackedSeq) as OutboxSqlRow[]
  return rows.map(toRow)
}

export function listOutboxForApplication(db: Db, applicationId: string): OutboxRow[] {
  const rows = db.prepare('SELECT * FROM outbox WHERE application_id = ? ORDER BY seq').all(applicationId) as OutboxSqlRow[]
  return rows.map(toRow)
}

export function countPending(db: Db): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'`).get() as { n: number }).n
}

export function lowestPendingSeq(db: Db): number | null {
  const row = db.prepare(`SELECT MIN(seq) AS s FROM outbox WHERE state = 'pending'`).get() as { s: number | null }
  return row.s
}

export function recordResult(
  db: Db,
  seq: number,
  result: { outcome: 'applied' | 'rejected'; code: string | null; message: string | null; version: number | null; decidedAt: string }
): void {
  db.prepare(
    `UPDATE outbox SET state = ?, result_code = ?, result_message = ?, result_version = ?, decided_at = ? WHERE seq = ? AND state = 'pending'`
  ).run(result.outcome, result.code, result.message, result.version, result.decidedAt, seq)
}

/**
 * The portal lost commands it had acknowledged (restored from a backup): make them pending again.
 * Every link of the results chain from `seq` on goes with them (a rejected command's link hangs on
 * the results below it): they are linked again as the results come back (chainRecordedResults).
 */
export function markPendingFrom(db: Db, seq: number): number {
  db.prepare('UPDATE outbox SET result_chain = NULL WHERE seq >= ?').run(seq)
  return db
    .prepare(
      `UPDATE outbox SET state = 'pending', result_code = NULL, result_message = NULL, result_version = NULL, decided_at = NULL WHERE seq >= ? AND state = 'applied'`
    )
    .run(seq).changes
}

/**
 * The lowest row whose result is recorded but not linked yet, with the link below it ('' for seq 1),
 * and the rows from it on up to the first one still waiting for its result. Empty when nothing can be
 * linked now (no such row, or the row below it is still pending).
 */
export function unchainedResults(db: Db, limit: number): { previous: string; rows: OutboxRow[] } | null {
  const first = (
    db.prepare(`SELECT MIN(seq) AS s FROM outbox WHERE result_chain IS NULL AND state <> 'pending'`).get() as { s: number | null }
  ).s
  if (first === null) return null
  let previous = ''
  if (first > 1) {
    const below = db.prepare('SELECT state, result_chain FROM outbox WHERE seq = ?').get(first - 1) as
      { state: OutboxState; result_chain: string | null } | undefined
    if (!below || below.state === 'pending' || below.result_chain === null) return null
    previous = below.result_chain
  }
  const rows = (db.prepare('SELECT * FROM outbox WHERE seq >= ? ORDER BY seq LIMIT ?').all(first, limit) as OutboxSqlRow[]).map(toRow)
  const end = rows.findIndex((r, i) => r.state === 'pending' || r.seq !== first + i)
  return { previous, rows: end < 0 ? rows : rows.slice(0, end) }
}

export function setResultChain(db: Db, seq: number, chain: string): void {
  db.prepare('UPDATE outbox SET result_chain = ? WHERE seq = ?').run(chain, seq)
}

/**
 * The portal's result replaces the one recorded here, whatever that was (results-chain.ts: the portal,
 * restored from a backup, decided the command again). The link goes too; it is made again from the
 * results below.
 */
export function replaceResult(
  db: Db,
  seq: number,
  result: { outcome: 'applied' | 'rejected'; code: string | null; message: string | null; version: number | null; decidedAt: string }
): void {
  db.prepare(
    `UPDATE outbox SET state = ?, result_code = ?, result_message = ?, result_version = ?, decided_at = ?, result_chain = NULL WHERE seq = ?`
  ).run(result.outcome, result.code, result.message, result.version, result.decidedAt, seq)
  db.prepare('UPDATE outbox SET result_chain = NULL WHERE seq > ?').run(seq)
}

/** Applications that have commands the mirror does not reflect yet. */
export function listApplicationsWithShadow(db: Db): string[] {
  return (db.prepare('SELECT application_id FROM mirror_shadow').all() as { application_id: string }[]).map((r) => r.application_id)
}

export type ShadowState = { exists: false } | { exists: true; record: ApplicationRecord | null }

export function getShadow(db: Db, applicationId: string): ShadowState {
  const row = db.prepare('SELECT record_json FROM mirror_shadow WHERE application_id = ?').get(applicationId) as
    { record_json: string | null } | undefined
  if (!row) return { exists: false }
  return { exists: true, record: row.record_json === null ? null : (JSON.parse(row.record_json) as ApplicationRecord) }
}

export function putShadow(db: Db, applicationId: string, record: ApplicationRecord | null): void {
  db.prepare(
    `INSERT INTO mirror_shadow (application_id, record_json) VALUES (?, ?)
     ON CONFLICT(application_id) DO UPDATE SET record_json = excluded.record_json`
  ).run(applicationId, record === null ? null : JSON.stringify(record))
}

export function deleteShadow(db: Db, applicationId: string): void {
  db.prepare('DELETE FROM mirror_shadow WHERE application_id = ?').run(applicationId)
}

export interface ConflictRow {
  id: string
  seq: number
  applicationId: string
  rejectedAt: string
  code: string
  reason: string
  /** 'overturned': the portal applied the command after all (replaceResult); nothing is left to resolve. */
  status: 'open' | 'discarded' | 'reissued' | 'kept_as_note' | 'overturned'
  resolvedAt: string | null
}

export function insertConflict(db: Db, c: Omit<ConflictRow, 'status' | 'resolvedAt'>): void {
  db.prepare(
    `INSERT OR IGNORE INTO conflicts (id, seq, application_id, rejected_at, code, reason, status) VALUES (?, ?, ?, ?, ?, ?, 'open')`
  ).run(c.id, c.seq, c.applicationId, c.rejectedAt, c.code, c.reason)
}

/**
 * A rejection recorded again (replaceResult): the conflict is open again with the portal's reason,
 * or new; a clerk's earlier choice on it stands only if it was already a rejection then.
 */
export function reopenConflict(db: Db, c: Omit<ConflictRow, 'status' | 'resolvedAt'>): void {
  db.prepare(
    `INSERT INTO conflicts (id, seq, application_id, rejected_at, code, reason, status) VALUES (?, ?, ?, ?, ?, ?, 'open')
     ON CONFLICT(seq) DO UPDATE SET rejected_at = excluded.rejected_at, code = excluded.code, reason = excluded.reason,
       status = CASE WHEN conflicts.status = 'overturned' THEN 'open' ELSE conflicts.status END,
       resolved_at = CASE WHEN conflicts.status = 'overturned' THEN NULL ELSE conflicts.resolved_at END`
  ).run(c.id, c.seq, c.applicationId, c.rejectedAt, c.code, c.reason)
}

/** The command of this conflict was applied after all (replaceResult). */
export function overturnConflict(db: Db, seq: number, at: string): void {
  db.prepare(`UPDATE conflicts SET status = 'overturned', resolved_at = ? WHERE seq = ?`).run(at, seq)
}

/** Every conflict, whatever became of it, in seq order. */
export function listConflicts(db: Db): ConflictRow[] {
  return listConflictsWhere(db, '1 = 1 ORDER BY seq')
}

export function listOpenConflicts(db: Db): ConflictRow[] {
  return listConflictsWhere(db, `status = 'open' ORDER BY rejected_at, seq`)
}

export function getConflict(db: Db, id: string): ConflictRow | null {
  return listConflictsWhere(db, 'id = ?', id)[0] ?? null
}

function listConflictsWhere(db: Db, where: string, ...args: (string | number)[]): ConflictRow[] {
  const rows = db
    .prepare(`SELECT id, seq, application_id, rejected_at, code, reason, status, resolved_at FROM conflicts WHERE ${where}`)
    .all(...args) as {
    id: string
    seq: number
    application_id: string
    rejected_at: string
    code: string
    reason: string
    status: ConflictRow['status']
    resolved_at: string | null
  }[]
  return rows.map((r) => ({
    id: r.id,
    seq: r.seq,
    applicationId: r.application_id,
    rejectedAt: r.rejected_at,
    code: r.code,
    reason: r.reason,
    status: r.status,
    resolvedAt: r.resolved_at
  }))
}

export function countOpenConflicts(db: Db): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM conflicts WHERE status = 'open'`).get() as { n: number }).n
}

export function countOpenConflictsFor(db: Db, applicationId: string): number {
  return (
    db.prepare(`SELECT COUNT(*) AS n FROM conflicts WHERE status = 'open' AND application_id = ?`).get(applicationId) as { n: number }
  ).n
}

export function resolveConflict(db: Db, id: string, status: 'discarded' | 'reissued' | 'kept_as_note', at: string): boolean {
  return db.prepare(`UPDATE conflicts SET status = ?, resolved_at = ? WHERE id = ? AND status = 'open'`).run(status, at, id).changes === 1
}

/** Every (seq → outcome) known locally, for the simulation's invariant checks. */
export function listAllOutbox(db: Db): OutboxRow[] {
  return (db.prepare('SELECT * FROM outbox ORDER BY seq').all() as OutboxSqlRow[]).map(toRow)
}
