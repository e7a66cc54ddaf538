import type { Migration } from './migration'

/**
 * Local sign-in and the audit trail (issue 8; domain.md "Personal data and audit").
 *
 * `audit_log` is append-only: no code path updates or deletes a row, and the triggers refuse it
 * anyway, so a bug or a curious hand with the sqlite3 shell cannot quietly rewrite history (it can
 * still drop the table or the file: that is what the portal's copy and disk permissions are for).
 * Whether a row has reached the portal lives in `audit_upload`, a watermark over `seq`, so the rows
 * themselves are never touched after they are written.
 *
 * `clerk_verifiers` hold what offline sign-in needs: an scrypt verifier, never the password.
 * `sign_in_failures` keeps the lockout back-off across restarts.
 */
export const migration003AuditSession: Migration = {
  version: 3,
  name: 'audit and local sign-in',
  up(db): void {
    db.exec(`
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        at TEXT NOT NULL,
        clerk_id TEXT,
        clerk_name TEXT,
        workstation_id TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('view', 'change', 'print', 'export', 'sign_in', 'sign_in_failed', 'sign_out', 'lock', 'unlock')),
        application_id TEXT,
        order_number TEXT,
        detail_json TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
      CREATE INDEX audit_log_at ON audit_log(at);
      CREATE INDEX audit_log_clerk ON audit_log(clerk_id, at);
      CREATE INDEX audit_log_application ON audit_log(application_id, at);
      CREATE INDEX audit_log_order ON audit_log(order_number, at);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be changed'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be deleted'); END;

      -- How far the portal has acknowledged the audit trail (audit_log.seq); one row.
      CREATE TABLE audit_upload (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        uploaded_through INTEGER NOT NULL DEFAULT 0,
        uploaded_at TEXT
      ) STRICT;
      INSERT INTO audit_upload (id, uploaded_through) VALUES (1, 0);

      CREATE TABLE clerk_verifiers (
        login TEXT PRIMARY KEY,
        clerk_id TEXT NOT NULL,
        clerk_json TEXT NOT NULL,
        verifier TEXT NOT NULL,
        verified_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX clerk_verifiers_clerk ON clerk_verifiers(clerk_id);

      CREATE TABLE sign_in_failures (
        key TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        locked_until TEXT
      ) STRICT;
    `)
  }
}
