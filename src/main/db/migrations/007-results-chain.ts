import { createHash } from 'node:crypto'
import { nextResultsChain } from '../../../shared/results-chain'
import type { Migration } from './migration'

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')

/**
 * The results chain (src/shared/results-chain.ts, issue 14), and conflicts the portal overturned.
 *
 * - `outbox.result_chain`: the link over every recorded result up to this seq, as the portal keeps
 *   it; NULL while this row or one below it waits for its result. Existing results are chained here
 *   in seq order, up to the first command still pending.
 * - `conflicts.status` may be 'overturned': the clerk was shown a rejection, and the portal (restored
 *   from a backup, then reached by a request the network had held back) applied the command after all.
 *   SQLite cannot change a CHECK in place: the table is rebuilt (foreign keys off around it).
 */
export const migration007ResultsChain: Migration = {
  version: 7,
  name: 'results chain',
  foreignKeysOff: true,
  up(db): void {
    db.exec(`
      ALTER TABLE outbox ADD COLUMN result_chain TEXT;
      CREATE INDEX outbox_unchained ON outbox(seq) WHERE result_chain IS NULL;

      CREATE TABLE conflicts_new (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE REFERENCES outbox(seq),
        application_id TEXT NOT NULL,
        rejected_at TEXT NOT NULL,
        code TEXT NOT NULL,
        reason TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'discarded', 'reissued', 'kept_as_note', 'overturned')),
        resolved_at TEXT
      );
      INSERT INTO conflicts_new SELECT id, seq, application_id, rejected_at, code, reason, status, resolved_at FROM conflicts;
      DROP TABLE conflicts;
      ALTER TABLE conflicts_new RENAME TO conflicts;
      CREATE INDEX conflicts_open ON conflicts(status, rejected_at);
    `)
    const rows = db.prepare(`SELECT seq, command_id, state, result_code, result_version FROM outbox ORDER BY seq`).all() as {
      seq: number
      command_id: string
      state: 'pending' | 'applied' | 'rejected'
      result_code: string | null
      result_version: number | null
    }[]
    const set = db.prepare('UPDATE outbox SET result_chain = ? WHERE seq = ?')
    let chain = ''
    for (const [i, r] of rows.entries()) {
      if (r.state === 'pending' || r.seq !== i + 1) break
      chain = nextResultsChain(
        chain,
        { seq: r.seq, commandId: r.command_id, outcome: r.state, code: r.result_code, version: r.result_version },
        sha256Hex
      )
      set.run(chain, r.seq)
    }
  }
}
