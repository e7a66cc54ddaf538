import type { Migration } from './migration'

/*
 * Issue 17, item 4: an application records the service card version it was submitted under and
 * whether it is a test (submitted through a service's test link while the service was in testing).
 * Both come with the synced record (serviceVersion, isTest; a record without them is version 1, not
 * a test) and are kept here as columns of the queue's row.
 *
 * Test applications are listed in the queue with a «ТЕСТ» badge (staff review them) but are left
 * out of every figure: the counters kept by the triggers below (the tabs' badges), the "mine" and
 * "due" counts (queue-repository.ts subtracts them, read through applications_tests), and the
 * reports (their report_facts rows are not written, applications-repository.ts; the report and
 * export reads skip them). A partial index holds the few test applications, so leaving them out
 * costs a read of those few, never of the rest.
 *
 * A mirror pulled before this version holds records without the two keys: they read as version 1,
 * not a test, until their next change comes (the portal had no testing stage before this release).
 */
export const migration014TestApplications: Migration = {
  version: 14,
  name: 'card versions and test applications',
  up(db): void {
    db.exec(`
      ALTER TABLE applications ADD COLUMN service_version INTEGER NOT NULL DEFAULT 1 CHECK (service_version >= 1);
      ALTER TABLE applications ADD COLUMN is_test INTEGER NOT NULL DEFAULT 0 CHECK (is_test IN (0, 1));
      CREATE INDEX applications_tests ON applications(is_test, holder_clerk_id, is_open, paused, due_at_ms, status) WHERE is_test = 1;

      DROP TRIGGER application_counts_insert;
      DROP TRIGGER application_counts_delete;
      DROP TRIGGER application_counts_update;
      CREATE TRIGGER application_counts_insert AFTER INSERT ON applications WHEN NEW.is_test = 0 BEGIN
        INSERT INTO application_counts (status, held, n) SELECT NEW.status, NEW.holder_clerk_id IS NOT NULL, 0
          WHERE NOT EXISTS (SELECT 1 FROM application_counts WHERE status = NEW.status AND held = (NEW.holder_clerk_id IS NOT NULL));
        UPDATE application_counts SET n = n + 1 WHERE status = NEW.status AND held = (NEW.holder_clerk_id IS NOT NULL);
      END;
      CREATE TRIGGER application_counts_delete AFTER DELETE ON applications WHEN OLD.is_test = 0 BEGIN
        UPDATE application_counts SET n = n - 1 WHERE status = OLD.status AND held = (OLD.holder_clerk_id IS NOT NULL);
      END;
      CREATE TRIGGER application_counts_update AFTER UPDATE OF status, holder_clerk_id, is_test ON applications
      WHEN OLD.status IS NOT NEW.status OR (OLD.holder_clerk_id IS NULL) IS NOT (NEW.holder_clerk_id IS NULL) OR OLD.is_test IS NOT NEW.is_test BEGIN
        UPDATE application_counts SET n = n - 1
          WHERE OLD.is_test = 0 AND status = OLD.status AND held = (OLD.holder_clerk_id IS NOT NULL);
        INSERT INTO application_counts (status, held, n) SELECT NEW.status, NEW.holder_clerk_id IS NOT NULL, 0
          WHERE NEW.is_test = 0
            AND NOT EXISTS (SELECT 1 FROM application_counts WHERE status = NEW.status AND held = (NEW.holder_clerk_id IS NOT NULL));
        UPDATE application_counts SET n = n + 1
          WHERE NEW.is_test = 0 AND status = NEW.status AND held = (NEW.holder_clerk_id IS NOT NULL);
      END;
    `)
  }
}
