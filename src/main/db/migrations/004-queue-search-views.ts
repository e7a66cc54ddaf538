import type { Migration } from './migration'

/*
 * The queue's name search and the clerks' saved views (issue 5).
 *
 * application_search is a contentless FTS5 index keyed by applications.rowid, so a match joins back
 * to its application by integer primary key. It holds only normalised keys, never display text:
 *   name    — applicants.name_key: "surname given patronymic", lower-cased, every apostrophe removed
 *             (search-terms.ts normalizeName; the typed text is normalised the same way), so ʼ ' ’
 *             and case never matter and a prefix of any of the three names finds the person;
 *   numbers — order-number digits, РНОКПП and the phone in its local 0XXXXXXXXX form, for digit
 *             prefixes (exact numbers are answered by their own B-tree indexes).
 * Prefix indexes of 2–4 characters make a short surname prefix ("Мар") one doclist read instead
 * of a merge over every term that starts with it. remove_diacritics 0: й and ї are letters of
 * their own in Ukrainian, not и and і with accents.
 *
 * Triggers keep it in step with every write path (upsertApplication, the bulk loader, deletes):
 * rows are replaced when what they index changes. contentless_delete (SQLite 3.43+) allows the
 * deletes; the table stores no copy of personal data beyond what applicants already holds.
 */
export const migration004QueueSearchViews: Migration = {
  version: 4,
  name: 'queue search and saved views',
  up(db): void {
    db.exec(`
      CREATE VIRTUAL TABLE application_search USING fts5(
        name, numbers,
        content = '', contentless_delete = 1,
        prefix = '2 3 4',
        tokenize = 'unicode61 remove_diacritics 0'
      );

      CREATE TRIGGER application_search_insert AFTER INSERT ON applications BEGIN
        INSERT INTO application_search (rowid, name, numbers)
          SELECT NEW.rowid, p.name_key, concat_ws(' ', NEW.order_digits, p.rnokpp, '0' || substr(p.phone, 5))
          FROM applicants p WHERE p.id = NEW.applicant_id;
      END;
      CREATE TRIGGER application_search_update AFTER UPDATE OF order_digits, applicant_id ON applications
      WHEN OLD.order_digits IS NOT NEW.order_digits OR OLD.applicant_id IS NOT NEW.applicant_id BEGIN
        DELETE FROM application_search WHERE rowid = OLD.rowid;
        INSERT INTO application_search (rowid, name, numbers)
          SELECT NEW.rowid, p.name_key, concat_ws(' ', NEW.order_digits, p.rnokpp, '0' || substr(p.phone, 5))
          FROM applicants p WHERE p.id = NEW.applicant_id;
      END;
      CREATE TRIGGER application_search_delete AFTER DELETE ON applications BEGIN
        DELETE FROM application_search WHERE rowid = OLD.rowid;
      END;
      -- A corrected name, РНОКПП or phone: the applicant row is updated in place before its application.
      CREATE TRIGGER application_search_applicant AFTER UPDATE OF name_key, rnokpp, phone ON applicants
      WHEN OLD.name_key IS NOT NEW.name_key OR OLD.rnokpp IS NOT NEW.rnokpp OR OLD.phone IS NOT NEW.phone BEGIN
        DELETE FROM application_search WHERE rowid IN (SELECT rowid FROM applications WHERE applicant_id = NEW.id);
        INSERT INTO application_search (rowid, name, numbers)
          SELECT a.rowid, NEW.name_key, concat_ws(' ', a.order_digits, NEW.rnokpp, '0' || substr(NEW.phone, 5))
          FROM applications a WHERE a.applicant_id = NEW.id;
      END;

      INSERT INTO application_search (rowid, name, numbers)
        SELECT a.rowid, p.name_key, concat_ws(' ', a.order_digits, p.rnokpp, '0' || substr(p.phone, 5))
        FROM applications a JOIN applicants p ON p.id = a.applicant_id;

      -- The channel filter (portal or walk-in) on every tab: two equalities, then the deadline.
      CREATE INDEX applications_by_channel ON applications(channel, is_open, due_at_ms);

      -- A clerk's saved queue views: a tab, filters and a sort under a name of their choosing.
      CREATE TABLE queue_views (
        id TEXT PRIMARY KEY,
        clerk_id TEXT NOT NULL,
        name TEXT NOT NULL,
        view_json TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX queue_views_by_clerk ON queue_views(clerk_id, name);
    `)
  }
}
