import { createHash } from 'node:crypto'
import Database from 'better-sqlite3-multiple-ciphers'
import { describe, expect, it } from 'vitest'
import { nextResultsChain } from '../../../shared/results-chain'
import { migrate } from '../migrate'
import { listAllOutbox, listConflicts, overturnConflict } from '../sync-repository'
import { MIGRATIONS } from './index'

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')

describe('migration 007 (results chain, overturned conflicts)', () => {
  it('links the results an older version recorded up to the first pending command, and keeps every conflict', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(db, { migrations: MIGRATIONS.slice(0, 6) })
    const insert = db.prepare(
      `INSERT INTO outbox (seq, command_id, type, v, application_id, base_version, clerk_id, clerk_name, issued_at, payload_json, state, result_code, result_message, result_version, decided_at)
       VALUES (?, ?, 'claim', 1, 'a1', NULL, 'olena', 'Олена', '2026-11-27T10:00:00Z', '{}', ?, ?, ?, ?, ?)`
    )
    insert.run(1, 'cmd-1', 'applied', null, null, 3, '2026-11-27T10:00:01Z')
    insert.run(2, 'cmd-2', 'rejected', 'conflict', 'Заявку взяла Ірина', 3, '2026-11-27T10:00:02Z')
    insert.run(3, 'cmd-3', 'pending', null, null, null, null)
    insert.run(4, 'cmd-4', 'applied', null, null, 5, '2026-11-27T10:00:04Z')
    db.prepare(
      `INSERT INTO conflicts (id, seq, application_id, rejected_at, code, reason, status, resolved_at) VALUES ('k1', 2, 'a1', '2026-11-27T10:00:02Z', 'conflict', 'Заявку взяла Ірина', 'discarded', '2026-11-27T11:00:00Z')`
    ).run()

    expect(migrate(db, { migrations: MIGRATIONS.slice(0, 7) })).toEqual({ from: 6, to: 7 })

    const first = nextResultsChain('', { seq: 1, commandId: 'cmd-1', outcome: 'applied', code: null, version: 3 }, sha256Hex)
    const second = nextResultsChain(first, { seq: 2, commandId: 'cmd-2', outcome: 'rejected', code: 'conflict', version: 3 }, sha256Hex)
    // Seq 4 waits: the link hangs on seq 3's result, which is not known yet.
    expect(listAllOutbox(db).map((r) => r.resultChain)).toEqual([first, second, null, null])
    expect(listConflicts(db)).toEqual([
      {
        id: 'k1',
        seq: 2,
        applicationId: 'a1',
        rejectedAt: '2026-11-27T10:00:02Z',
        code: 'conflict',
        reason: 'Заявку взяла Ірина',
        status: 'discarded',
        resolvedAt: '2026-11-27T11:00:00Z'
      }
    ])
    // The rebuilt table takes the new status and still refers to the outbox.
    overturnConflict(db, 2, '2026-11-28T09:00:00Z')
    expect(listConflicts(db)[0]).toMatchObject({ status: 'overturned', resolvedAt: '2026-11-28T09:00:00Z' })
    expect(() =>
      db
        .prepare(
          `INSERT INTO conflicts (id, seq, application_id, rejected_at, code, reason, status) VALUES ('k2', 99, 'a1', 'x', 'conflict', 'r', 'open')`
        )
        .run()
    ).toThrow(/FOREIGN KEY/)
    expect(db.pragma('foreign_key_check')).toEqual([])
  })
})
