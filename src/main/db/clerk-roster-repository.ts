import { z } from 'zod'
import { rosterClerkSchema, type RosterClerk } from '../../shared/protocol'
import { prepared, type Db } from './sql'

/*
 * The centre's roster (migration 013): the portal's last answer to GET /sync/clerks, replaced whole.
 * Empty means never fetched: the reassign dialog then falls back to the clerks this workstation
 * knows by itself (report-aggregates-repository.ts knownClerks).
 */

const rosterRowSchema = z.strictObject({ clerk_id: z.string(), name: z.string(), role: z.string(), fetched_at_ms: z.number().int() })

/** The roster the portal just answered replaces the one kept, in one transaction. */
export function replaceClerkRoster(db: Db, clerks: readonly RosterClerk[], fetchedAtMs: number): void {
  const checked = clerks.map((c) => rosterClerkSchema.parse(c))
  db.transaction(() => {
    prepared(db, 'DELETE FROM clerk_roster').run()
    const insert = prepared(db, 'INSERT INTO clerk_roster (clerk_id, name, role, fetched_at_ms) VALUES (?, ?, ?, ?)')
    for (const c of checked) insert.run(c.clerkId, c.name, c.role, fetchedAtMs)
  })()
}

/** The roster kept here and when it was fetched; null when none ever was. */
export function readClerkRoster(db: Db): { clerks: RosterClerk[]; fetchedAtMs: number } | null {
  const rows = prepared(db, 'SELECT clerk_id, name, role, fetched_at_ms FROM clerk_roster ORDER BY clerk_id')
    .all()
    .map((raw) => rosterRowSchema.parse(raw))
  const first = rows[0]
  if (!first) return null
  return {
    clerks: rows.map((r) => rosterClerkSchema.parse({ clerkId: r.clerk_id, name: r.name, role: r.role })),
    fetchedAtMs: first.fetched_at_ms
  }
}
