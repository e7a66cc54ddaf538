import type { Migration } from './migration'

/**
 * Drops `application_documents`: one row per checklist item (11 per application on average), written
 * with every stored record and read by nothing. Every screen, print and command reads the checklist
 * from the record itself (application_records.record_json), which stays the one copy. For an initial
 * sync of 100,000 applications these were 1.1 million of its ~2 million row writes (bench/sync.ts).
 * A later feature that needs to query checklist items can index them from record_json again.
 */
export const migration006DropChecklistRows: Migration = {
  version: 6,
  name: 'drop the unread checklist rows',
  up(db): void {
    db.exec('DROP TABLE application_documents')
  }
}
