import type { Migration } from './migration'

/*
 * The workstation's mirror of its centre: the service catalogue, applications with their applicant,
 * checklist and timeline. Tables are STRICT so a wrong type is an error at the write, not a surprise
 * at a later read.
 *
 * Status, channel and delivery carry no CHECK list on purpose: the state machine lives in
 * src/shared and is enforced by its zod schemas, and widening a CHECK in SQLite means rebuilding a
 * table of a million rows. Flags and the sync badge are closed sets that will not grow.
 */
export const migration001Initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      -- One row per service card. card_json is the whole card as verified by serviceSchema; the
      -- other columns are copies for joins and filters. placeholder = 1: a card the portal referred
      -- to before this workstation's catalogue had it (see ensureServiceRow); never listed.
      CREATE TABLE services (
        id TEXT PRIMARY KEY,
        position INTEGER NOT NULL DEFAULT 0,
        national_code TEXT,
        name_uk TEXT NOT NULL,
        name_en TEXT NOT NULL,
        category_uk TEXT NOT NULL,
        category_en TEXT NOT NULL,
        term_value REAL,
        term_unit TEXT,
        verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
        card_json TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        approved_at TEXT,
        placeholder INTEGER NOT NULL DEFAULT 0 CHECK (placeholder IN (0, 1))
      ) STRICT;

      -- The applicant as stated on one application, with the application's id as its own (search
      -- relies on that): names, phones and addresses change between applications and the portal has
      -- no identity of a person to merge on. name_key / given_key are "surname given" / "given surname", lower-cased, apostrophes
      -- removed, so one prefix range finds Мар'яненко typed with any apostrophe, in either order.
      CREATE TABLE applicants (
        id TEXT PRIMARY KEY,
        surname TEXT NOT NULL,
        given_name TEXT NOT NULL,
        patronymic TEXT,
        rnokpp TEXT,
        birth_date TEXT NOT NULL,
        phone TEXT,
        email TEXT,
        address TEXT NOT NULL,
        name_key TEXT NOT NULL,
        given_key TEXT NOT NULL
      ) STRICT;
      -- id in the index: a name search reads the ids it needs from the index alone.
      CREATE INDEX applicants_by_name_key ON applicants(name_key, id);
      CREATE INDEX applicants_by_given_key ON applicants(given_key, id);
      CREATE INDEX applicants_by_rnokpp ON applicants(rnokpp) WHERE rnokpp IS NOT NULL;
      CREATE INDEX applicants_by_phone ON applicants(phone) WHERE phone IS NOT NULL;

      -- One row per application with what the queue filters, sorts and shows, all derived from the
      -- record (application_records). *_ms columns are epoch milliseconds: ISO strings with
      -- different offsets do not sort in time order as text.
      CREATE TABLE applications (
        id TEXT PRIMARY KEY,
        order_number TEXT NOT NULL UNIQUE,
        order_digits TEXT NOT NULL UNIQUE,
        centre_id TEXT NOT NULL,
        service_id TEXT NOT NULL REFERENCES services(id),
        applicant_id TEXT NOT NULL REFERENCES applicants(id),
        channel TEXT NOT NULL,
        delivery TEXT NOT NULL,
        status TEXT NOT NULL,
        is_open INTEGER NOT NULL CHECK (is_open IN (0, 1)),
        holder_clerk_id TEXT,
        holder_name TEXT,
        holder_since TEXT,
        received_at TEXT NOT NULL,
        received_at_ms INTEGER NOT NULL,
        due_at TEXT NOT NULL,
        due_at_ms INTEGER NOT NULL,
        paused INTEGER NOT NULL CHECK (paused IN (0, 1)),
        version INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        closed_at TEXT,
        sync_state TEXT NOT NULL DEFAULT 'confirmed' CHECK (sync_state IN ('confirmed', 'pending', 'rejected'))
      ) STRICT;

      -- Queue indexes: (what the tab filters on by equality, what the list is sorted by). The rowid
      -- that ends every index entry is the tie-breaker, so "ORDER BY x, rowid" is read straight
      -- from the index with no sort step, in both directions.
      --   all / history / due  → is_open        (due: a range on due_at_ms inside is_open = 1)
      --   new / waiting / forwarded, and the status filter → status
      --   mine, and the holder filter → holder_clerk_id, is_open (two equalities, so the planner
      --     prefers it to the is_open index; partial: most rows have no holder)
      CREATE INDEX applications_by_open_due ON applications(is_open, due_at_ms);
      CREATE INDEX applications_by_open_received ON applications(is_open, received_at_ms);
      CREATE INDEX applications_by_open_number ON applications(is_open, order_digits);
      CREATE INDEX applications_by_status_due ON applications(status, due_at_ms);
      CREATE INDEX applications_by_status_received ON applications(status, received_at_ms);
      CREATE INDEX applications_by_status_number ON applications(status, order_digits);
      CREATE INDEX applications_by_holder_due ON applications(holder_clerk_id, is_open, due_at_ms) WHERE holder_clerk_id IS NOT NULL;
      CREATE INDEX applications_by_holder_received ON applications(holder_clerk_id, is_open, received_at_ms) WHERE holder_clerk_id IS NOT NULL;
      CREATE INDEX applications_by_holder_number ON applications(holder_clerk_id, is_open, order_digits) WHERE holder_clerk_id IS NOT NULL;
      -- The due tab (open, clock running, deadline up to today): a range of this index, which also
      -- answers its count without reading the table. Two equalities, so the planner prefers it to
      -- applications_by_open_due; partial on exactly the due tab's terms, so closed applications
      -- (most of them) cost nothing and no other tab can mistake it for its own.
      CREATE INDEX applications_by_running_due ON applications(is_open, paused, due_at_ms) WHERE is_open = 1 AND paused = 0;
      -- The service and category filters, on every tab.
      CREATE INDEX applications_by_service ON applications(service_id, is_open, due_at_ms);
      -- The foreign key check when an applicant row is deleted.
      CREATE INDEX applications_by_applicant ON applications(applicant_id);

      -- How many applications are in each status, with and without a holder, kept by triggers: the
      -- tab badges and the totals of unfiltered tabs are read here instead of counting up to a
      -- million index entries on every refresh. Rows are created as statuses first appear (with
      -- NOT EXISTS, not INSERT OR IGNORE: an outer UPSERT overrides a trigger's conflict clause).
      CREATE TABLE application_counts (
        status TEXT NOT NULL,
        held INTEGER NOT NULL CHECK (held IN (0, 1)),
        n INTEGER NOT NULL,
        PRIMARY KEY (status, held)
      ) STRICT, WITHOUT ROWID;
      CREATE TRIGGER application_counts_insert AFTER INSERT ON applications BEGIN
        INSERT INTO application_counts (status, held, n) SELECT NEW.status, NEW.holder_clerk_id IS NOT NULL, 0
          WHERE NOT EXISTS (SELECT 1 FROM application_counts WHERE status = NEW.status AND held = (NEW.holder_clerk_id IS NOT NULL));
        UPDATE application_counts SET n = n + 1 WHERE status = NEW.status AND held = (NEW.holder_clerk_id IS NOT NULL);
      END;
      CREATE TRIGGER application_counts_delete AFTER DELETE ON applications BEGIN
        UPDATE application_counts SET n = n - 1 WHERE status = OLD.status AND held = (OLD.holder_clerk_id IS NOT NULL);
      END;
      CREATE TRIGGER application_counts_update AFTER UPDATE OF status, holder_clerk_id ON applications
      WHEN OLD.status IS NOT NEW.status OR (OLD.holder_clerk_id IS NULL) IS NOT (NEW.holder_clerk_id IS NULL) BEGIN
        UPDATE application_counts SET n = n - 1 WHERE status = OLD.status AND held = (OLD.holder_clerk_id IS NOT NULL);
        INSERT INTO application_counts (status, held, n) SELECT NEW.status, NEW.holder_clerk_id IS NOT NULL, 0
          WHERE NOT EXISTS (SELECT 1 FROM application_counts WHERE status = NEW.status AND held = (NEW.holder_clerk_id IS NOT NULL));
        UPDATE application_counts SET n = n + 1 WHERE status = NEW.status AND held = (NEW.holder_clerk_id IS NOT NULL);
      END;

      -- The ApplicationRecord exactly as received, the source of truth for reading one application.
      -- Its own table because it is ~3.5 KB of UTF-8 a row: inside applications it would leave one
      -- row per page, and every queue page, count and filter would read ten times the pages.
      CREATE TABLE application_records (
        application_id TEXT PRIMARY KEY REFERENCES applications(id) ON DELETE CASCADE,
        record_json TEXT NOT NULL
      ) STRICT;

      -- The reception checklist (опис вхідного пакета), one row per document of the service card.
      CREATE TABLE application_documents (
        application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        required INTEGER NOT NULL CHECK (required IN (0, 1)),
        received INTEGER NOT NULL CHECK (received IN (0, 1)),
        PRIMARY KEY (application_id, position)
      ) STRICT, WITHOUT ROWID;

      -- The timeline. Events that share an instant (decided + result_ready) keep their arrival
      -- order through the rowid at the end of the index entry.
      CREATE TABLE application_events (
        id TEXT PRIMARY KEY,
        application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        at TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        actor TEXT NOT NULL,
        command_id TEXT,
        data_json TEXT NOT NULL
      ) STRICT;
      CREATE INDEX application_events_by_application ON application_events(application_id, at_ms);
    `)
  }
}
