import { serviceSchema } from '../../../shared/catalogue'
import { cardFromCatalogueService } from '../../../shared/catalogue/from-file'
import type { Migration } from './migration'

/*
 * Issue 17, item 5: the desk keeps every card version of its centre, so an application is shown,
 * reviewed and printed against the version it was submitted under, and the intake form and the
 * checklist come from the card.
 *
 * service_cards holds the versions (the portal's catalogue as the last pull brought it, or the
 * catalogue file's cards as version-1 published ones until then). `services` stays the one row per
 * service the queue, the reports and the picker join on, kept equal to the service's current
 * version (the live one, else the newest held); `listed` = 0 for a service with no live version
 * (in testing only, or withdrawn): applications keep their service, the intake picker does not
 * offer it. catalogue_state says where the cards came from and, from the portal, which revision of
 * the centre's catalogue they are (shared/catalogue/desk-catalogue.ts).
 *
 * The backfill turns each stored file card into its version row, so a workstation upgraded offline
 * shows and prints exactly what it did before.
 */
export const migration015ServiceCards: Migration = {
  version: 15,
  name: 'card versions on the desk',
  up(db): void {
    db.exec(`
      CREATE TABLE service_cards (
        service_id TEXT NOT NULL REFERENCES services(id),
        version INTEGER NOT NULL CHECK (version >= 1),
        stage TEXT NOT NULL CHECK (stage IN ('testing', 'published', 'withdrawn')),
        live INTEGER NOT NULL CHECK (live IN (0, 1) AND (live = 0 OR stage = 'published')),
        card_json TEXT NOT NULL,
        PRIMARY KEY (service_id, version)
      ) STRICT, WITHOUT ROWID;
      CREATE UNIQUE INDEX service_cards_one_live ON service_cards(service_id) WHERE live = 1;

      CREATE TABLE catalogue_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        source TEXT NOT NULL CHECK (source IN ('file', 'portal')),
        revision INTEGER CHECK (revision >= 0),
        revision_id TEXT,
        CHECK ((source = 'file') = (revision IS NULL AND revision_id IS NULL))
      ) STRICT;
      INSERT INTO catalogue_state (id, source) VALUES (1, 'file');

      ALTER TABLE services ADD COLUMN listed INTEGER NOT NULL DEFAULT 1 CHECK (listed IN (0, 1));
    `)
    const insert = db.prepare(`INSERT INTO service_cards (service_id, version, stage, live, card_json) VALUES (?, ?, 'published', 1, ?)`)
    const rows = db.prepare(`SELECT id, version, card_json FROM services WHERE placeholder = 0`).all() as {
      id: string
      version: number
      card_json: string
    }[]
    for (const row of rows) {
      // Every stored card was checked by serviceSchema when seeded; one that no longer parses (a
      // hand-edited file, say) gets no version row and is read as before, from `services`.
      const service = serviceSchema.safeParse(JSON.parse(row.card_json))
      if (!service.success) continue
      const card = (() => {
        try {
          return cardFromCatalogueService(service.data)
        } catch {
          return null
        }
      })()
      if (card !== null) insert.run(row.id, row.version, JSON.stringify(card))
    }
  }
}
