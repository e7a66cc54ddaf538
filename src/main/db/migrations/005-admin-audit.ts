import type { Migration } from './migration'

/**
 * 'admin' entries in the audit trail (issue 8, the administration screen): a supervisor or an
 * administrator creating, re-roling, disabling, re-enabling an account, resetting its password or
 * revoking a workstation from this desk.
 *
 * SQLite cannot change a CHECK constraint in place, so the table is rebuilt (SQLite's documented
 * procedure): every row is copied with its `seq` — the upload watermark (`audit_upload`) counts in
 * it, and AUTOINCREMENT continues after the highest copied value — then the indexes and the
 * append-only triggers are created again exactly as migration 3 made them. This is the one place
 * code removes audit rows, and only to put the same rows back in the same transaction.
 */
export const migration005AdminAudit: Migration = {
  version: 5,
  name: 'admin actions in the audit trail',
  foreignKeysOff: true,
  up(db): void {
    db.exec(`
      CREATE TABLE audit_log_next (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        at TEXT NOT NULL,
        clerk_id TEXT,
        clerk_name TEXT,
        workstation_id TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('view', 'change', 'print', 'export', 'sign_in', 'sign_in_failed', 'sign_out', 'lock', 'unlock', 'admin')),
        application_id TEXT,
        order_number TEXT,
        detail_json TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
      INSERT INTO audit_log_next (seq, id, at, clerk_id, clerk_name, workstation_id, action, application_id, order_number, detail_json)
        SELECT seq, id, at, clerk_id, clerk_name, workstation_id, action, application_id, order_number, detail_json FROM audit_log ORDER BY seq;
      DROP TABLE audit_log;
      ALTER TABLE audit_log_next RENAME TO audit_log;
      CREATE INDEX audit_log_at ON audit_log(at);
      CREATE INDEX audit_log_clerk ON audit_log(clerk_id, at);
      CREATE INDEX audit_log_application ON audit_log(application_id, at);
      CREATE INDEX audit_log_order ON audit_log(order_number, at);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be changed'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be deleted'); END;
    `)
  }
}
