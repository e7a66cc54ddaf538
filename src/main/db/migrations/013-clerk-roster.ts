import type { Migration } from './migration'

/*
 * The centre's roster as the portal last answered it (GET /sync/clerks): its ACTIVE clerks, with
 * their roles, for the reassign dialog — a supervisor hands an application to any clerk of the
 * centre, whether or not that clerk ever signed in at this workstation. Replaced whole at each
 * answer (on a clerk's online sign-in, and when the dialog asks); offline, the last one fetched is
 * used. Empty: never fetched (a standalone demo, or a portal that has not answered yet).
 */
export const migration013ClerkRoster: Migration = {
  version: 13,
  name: 'the centre roster for reassignment',
  up(db): void {
    db.exec(`
      CREATE TABLE clerk_roster (
        clerk_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('clerk', 'back_office', 'supervisor', 'admin')),
        fetched_at_ms INTEGER NOT NULL
      ) STRICT;
    `)
  }
}
