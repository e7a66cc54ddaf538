import type { Migration } from './migration'

/**
 * The workstation side of sync (sync.md). The outbox schema is small and meant to stay frozen:
 * commands written by an older version must still be pushable after an upgrade.
 */
export const migration002Sync: Migration = {
  version: 2,
  name: 'sync',
  up(db): void {
    db.exec(`
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY,
        command_id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        v INTEGER NOT NULL,
        application_id TEXT NOT NULL,
        base_version INTEGER,
        clerk_id TEXT NOT NULL,
        clerk_name TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        payload_json TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'applied', 'rejected')),
        result_code TEXT,
        result_message TEXT,
        result_version INTEGER,
        decided_at TEXT
      );
      CREATE INDEX outbox_by_state ON outbox(state, seq);
      CREATE INDEX outbox_by_application ON outbox(application_id, seq);

      -- The portal's copy of an application while local commands are replayed over it.
      -- record_json NULL: the portal does not have it yet (a walk-in registered here).
      CREATE TABLE mirror_shadow (
        application_id TEXT PRIMARY KEY,
        record_json TEXT
      );

      CREATE TABLE conflicts (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE REFERENCES outbox(seq),
        application_id TEXT NOT NULL,
        rejected_at TEXT NOT NULL,
        code TEXT NOT NULL,
        reason TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'discarded', 'reissued', 'kept_as_note')),
        resolved_at TEXT
      );
      CREATE INDEX conflicts_open ON conflicts(status, rejected_at);
    `)
  }
}
