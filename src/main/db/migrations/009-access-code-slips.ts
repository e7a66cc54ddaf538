import type { Migration } from './migration'

/**
 * An applicant's access code between the moment the desk makes it (a walk-in, or a new code for one
 * who lost theirs; issue 16) and the receipt that carries it. Only its hash goes to the portal; the
 * code itself must reach paper once, so it waits here, local to this desk (never synced), and is
 * erased when the first receipt with it is printed or exported, or an hour after it was made
 * (db/access-code-slips-repository.ts). Lost before that: the clerk issues a new one.
 */
export const migration009AccessCodeSlips: Migration = {
  version: 9,
  name: 'access codes waiting for their receipt',
  up(db): void {
    db.exec(`
      CREATE TABLE access_code_slips (
        application_id TEXT PRIMARY KEY,
        code TEXT NOT NULL,
        issued_at TEXT NOT NULL
      ) STRICT;
    `)
  }
}
