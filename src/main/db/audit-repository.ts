import type { AuditAction, AuditDetail, AuditEntry } from '../../shared/audit'
import { prepared, timed, type Db } from './sql'

/*
 * The local audit trail. Only INSERT and SELECT live here: there is no update or delete path in
 * code, and the table's triggers refuse one (migration "audit and local sign-in").
 */

interface AuditRow {
  seq: number
  id: string
  at: string
  clerk_id: string | null
  clerk_name: string | null
  workstation_id: string
  action: AuditAction
  application_id: string | null
  order_number: string | null
  detail_json: string
}

function toEntry(r: AuditRow): AuditEntry {
  let detail: AuditDetail = {}
  try {
    detail = JSON.parse(r.detail_json) as AuditDetail
  } catch {
    detail = {}
  }
  return {
    id: r.id,
    at: r.at,
    clerkId: r.clerk_id,
    clerkName: r.clerk_name,
    workstationId: r.workstation_id,
    action: r.action,
    applicationId: r.application_id,
    orderNumber: r.order_number,
    detail
  }
}

export function insertAudit(db: Db, e: AuditEntry): void {
  prepared(
    db,
    `INSERT INTO audit_log (id, at, clerk_id, clerk_name, workstation_id, action, application_id, order_number, detail_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
  ).run(e.id, e.at, e.clerkId, e.clerkName, e.workstationId, e.action, e.applicationId, e.orderNumber, JSON.stringify(e.detail))
}

/** The latest time this clerk was recorded viewing this application, or null. */
export function lastViewAt(db: Db, clerkId: string, applicationId: string): string | null {
  const row = prepared<{ at: string }>(
    db,
    `SELECT at FROM audit_log WHERE application_id = ? AND clerk_id = ? AND action = 'view' ORDER BY at DESC LIMIT 1`
  ).get(applicationId, clerkId)
  return row?.at ?? null
}

export interface AuditQuery {
  /** Part of the clerk's name (case-insensitive for Cyrillic too) or the exact clerk id. */
  clerk?: string | undefined
  /** Canonical order number. */
  orderNumber?: string | undefined
  action?: AuditAction | undefined
  /** ISO instants (UTC, as stored): from inclusive, to exclusive. */
  fromIso?: string | undefined
  toIso?: string | undefined
  offset: number
  limit: number
}

function where(q: AuditQuery): { sql: string; params: unknown[] } {
  const clauses: string[] = []
  const params: unknown[] = []
  if (q.clerk) {
    // SQLite's LIKE and lower() fold ASCII only and clerks' names are Cyrillic: a Unicode-aware
    // lower case (registered below) matches «олена» to «Олена Коваль».
    clauses.push(`(clerk_id = ? OR instr(vikno_lower(clerk_name), vikno_lower(?)) > 0)`)
    params.push(q.clerk, q.clerk)
  }
  // The plain filters: one column each, applied when given.
  const plain: [clause: string, value: string | undefined][] = [
    ['order_number = ?', q.orderNumber],
    ['action = ?', q.action],
    ['at >= ?', q.fromIso],
    ['at < ?', q.toIso]
  ]
  for (const [clause, value] of plain) {
    if (!value) continue
    clauses.push(clause)
    params.push(value)
  }
  return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params }
}

const registered = new WeakSet<Db>()
function ensureLower(db: Db): void {
  if (registered.has(db)) return
  // Unicode-aware lower case for the clerk-name filter (SQLite's lower() folds ASCII only).
  db.function('vikno_lower', { deterministic: true }, (s: unknown) => (typeof s === 'string' ? s.toLocaleLowerCase('uk') : null))
  registered.add(db)
}

/** Newest first. */
export function searchAudit(db: Db, q: AuditQuery): { rows: AuditEntry[]; total: number } {
  ensureLower(db)
  const w = where(q)
  return timed(db, 'searchAudit', () => {
    const total = (db.prepare(`SELECT count(*) AS n FROM audit_log ${w.sql}`).get(...w.params) as { n: number }).n
    const rows = db
      .prepare(`SELECT * FROM audit_log ${w.sql} ORDER BY at DESC, seq DESC LIMIT ? OFFSET ?`)
      .all(...w.params, q.limit, q.offset) as AuditRow[]
    return { rows: rows.map(toEntry), total }
  })
}

/** Entries the portal has not acknowledged yet, oldest first, with their local sequence. */
export function listUnuploadedAudit(db: Db, limit: number): { seq: number; entry: AuditEntry }[] {
  const rows = prepared<AuditRow>(
    db,
    'SELECT * FROM audit_log WHERE seq > (SELECT uploaded_through FROM audit_upload WHERE id = 1) ORDER BY seq LIMIT ?'
  ).all(limit)
  return rows.map((r) => ({ seq: r.seq, entry: toEntry(r) }))
}

export function markAuditUploaded(db: Db, throughSeq: number, at: string): void {
  prepared(db, 'UPDATE audit_upload SET uploaded_through = max(uploaded_through, ?), uploaded_at = ? WHERE id = 1').run(throughSeq, at)
}

/**
 * Everything goes to the portal again: it was restored from a backup and lost the entries uploaded
 * since. Harmless for those it still has: it keeps each entry once (by id).
 */
export function rewindAuditUpload(db: Db): void {
  prepared(db, 'UPDATE audit_upload SET uploaded_through = 0 WHERE id = 1').run()
}

export function countUnuploadedAudit(db: Db): number {
  const row = prepared<{ n: number }>(
    db,
    'SELECT count(*) AS n FROM audit_log WHERE seq > (SELECT uploaded_through FROM audit_upload WHERE id = 1)'
  ).get()
  return row?.n ?? 0
}
