import { createHash } from 'node:crypto'
import type { PortalDb } from './portal-db'

/*
 * Numbered, forward-only migrations, one transaction each, tracked in `schema_migrations`.
 * A migration is never edited once shipped: a change is a new migration. A database migrated by a
 * newer portal is refused rather than guessed at.
 */

export interface Migration {
  version: number
  name: string
  sql: string
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE centres (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  enrolment_code_hash TEXT NOT NULL UNIQUE,
  -- The per-centre change counter: the pull cursor. Taken under this row's lock in every writing
  -- transaction, so versions commit in order (see sync/change-log.ts).
  version BIGINT NOT NULL DEFAULT 0,
  created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE workstations (
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  node INTEGER NOT NULL UNIQUE CHECK (node BETWEEN 2 AND 999),
  label TEXT NOT NULL DEFAULT '',
  token_hash TEXT NOT NULL UNIQUE,
  creation_nonce TEXT NOT NULL,
  last_seq BIGINT NOT NULL DEFAULT 0,
  enrolled_at TIMESTAMPTZ NOT NULL,
  revoked_at TIMESTAMPTZ
);

CREATE TABLE clerks (
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  login TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('clerk', 'back_office', 'supervisor', 'admin')),
  password_hash TEXT NOT NULL,
  disabled_at TIMESTAMPTZ
);

CREATE TABLE applications (
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  order_number TEXT NOT NULL UNIQUE,
  record JSONB NOT NULL,
  version INTEGER NOT NULL,
  change_version BIGINT NOT NULL,
  status TEXT NOT NULL
);
CREATE INDEX applications_centre_change ON applications (centre_id, change_version);
CREATE INDEX applications_attachments ON applications USING GIN ((record -> 'attachments') jsonb_path_ops);

CREATE TABLE application_events (
  id TEXT PRIMARY KEY,
  application_id TEXT NOT NULL REFERENCES applications(id),
  centre_id TEXT NOT NULL REFERENCES centres(id),
  change_version BIGINT NOT NULL,
  -- Order of the events within one change (a decision and its "result ready" come in this order).
  ord INTEGER NOT NULL,
  event JSONB NOT NULL
);
CREATE INDEX application_events_centre_change ON application_events (centre_id, change_version);
CREATE INDEX application_events_application ON application_events (application_id);

-- Every command's final result, kept for good: the audit trail and the de-duplication table.
CREATE TABLE command_results (
  workstation_id TEXT NOT NULL REFERENCES workstations(id),
  seq BIGINT NOT NULL,
  command_id TEXT NOT NULL,
  command_type TEXT NOT NULL,
  application_id TEXT NOT NULL,
  clerk_id TEXT NOT NULL,
  command JSONB NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'rejected')),
  code TEXT,
  message TEXT,
  version INTEGER,
  decided_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (workstation_id, seq)
);
CREATE INDEX command_results_command_id ON command_results (command_id);

CREATE TABLE attachments (
  sha256 TEXT PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  media_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  bytes BYTEA NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);

-- Order-number sequences of the nodes the portal numbers for (node 1) and of nodes reserved by
-- imported data; a node listed here is never given to a new workstation.
CREATE TABLE order_sequences (
  node INTEGER PRIMARY KEY CHECK (node BETWEEN 1 AND 999),
  next_seq BIGINT NOT NULL CHECK (next_seq >= 1)
);
`
  },
  {
    version: 2,
    name: 'audit log',
    // Workstations' audit trails (issue 8; Law 2297-VI). Append-only: a trigger refuses UPDATE and
    // DELETE for every role that writes through the portal. The workstation and centre come from
    // the uploading workstation's token; `at` is the workstation's clock (shown, never trusted),
    // `received_at` the portal's. The trigger function body stays on one line: splitStatements
    // splits at a semicolon that ends a line.
    sql: `
CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  workstation_id TEXT NOT NULL REFERENCES workstations(id),
  centre_id TEXT NOT NULL REFERENCES centres(id),
  at TIMESTAMPTZ NOT NULL,
  received_at TIMESTAMPTZ NOT NULL,
  clerk_id TEXT,
  clerk_name TEXT,
  action TEXT NOT NULL CHECK (action IN ('view', 'change', 'print', 'export', 'sign_in', 'sign_in_failed', 'sign_out', 'lock', 'unlock')),
  application_id TEXT,
  order_number TEXT,
  detail JSONB NOT NULL
);
CREATE INDEX audit_log_centre_at ON audit_log (centre_id, at);
CREATE INDEX audit_log_application ON audit_log (application_id, at);
CREATE INDEX audit_log_clerk ON audit_log (clerk_id, at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege'; END $$;

CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
`
  },
  {
    version: 3,
    name: 'administration',
    // The administration screen (issue 8): when a clerk last signed in through the portal, when a
    // workstation was last seen (written at most once a minute per workstation, see
    // auth/admin.ts), and 'admin' audit entries — every account or workstation change a supervisor
    // or administrator makes is written to audit_log in the same transaction as the change.
    sql: `
ALTER TABLE clerks ADD COLUMN last_sign_in_at TIMESTAMPTZ;
ALTER TABLE workstations ADD COLUMN last_seen_at TIMESTAMPTZ;
ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN ('view', 'change', 'print', 'export', 'sign_in', 'sign_in_failed', 'sign_out', 'lock', 'unlock', 'admin'));
CREATE INDEX clerks_centre ON clerks (centre_id, login);
`
  },
  {
    version: 4,
    name: 'results chain',
    // The results chain (src/shared/results-chain.ts, issue 14): each stored result carries the
    // link over every result of its workstation up to it, and the workstation row the link at its
    // last_seq, so a pull can tell the workstation in one value whether its recorded results are
    // still this portal's. Existing results are chained here in seq order, with exactly the text
    // resultsChainInput builds (migrations.test.ts compares the two). The DO block stays on one
    // line: splitStatements splits at a semicolon that ends a line.
    sql: `
ALTER TABLE command_results ADD COLUMN chain TEXT;
ALTER TABLE workstations ADD COLUMN results_chain TEXT NOT NULL DEFAULT '';
DO $$ DECLARE r RECORD; prev TEXT := ''; ws TEXT := NULL; BEGIN FOR r IN SELECT workstation_id, seq, command_id, outcome, code, version FROM command_results ORDER BY workstation_id, seq LOOP IF ws IS DISTINCT FROM r.workstation_id THEN prev := ''; ws := r.workstation_id; END IF; prev := left(encode(sha256(convert_to(prev || '|' || r.seq::text || '|' || r.command_id || '|' || r.outcome || '|' || coalesce(r.code, '') || '|' || coalesce(r.version::text, ''), 'UTF8')), 'hex'), 32); UPDATE command_results SET chain = prev WHERE workstation_id = r.workstation_id AND seq = r.seq; END LOOP; END $$;
UPDATE workstations w SET results_chain = c.chain FROM command_results c WHERE c.workstation_id = w.id AND c.seq = w.last_seq;
ALTER TABLE command_results ALTER COLUMN chain SET NOT NULL;
`
  },
  {
    version: 5,
    name: 'one-time enrolment codes',
    // Issue 20: a workstation is enrolled only with a code an administrator issued (the screen, or
    // src/portal/admin-cli.ts for the first one): random, hashed here (the code itself is shown once),
    // expiring, single-use. The per-centre static code stays only for a portal started in demo mode
    // (deps.demoEnrolment), so the column may now be empty. An enrolment-code entry issued from the
    // command line has no workstation: audit_log.workstation_id may be NULL.
    sql: `
CREATE TABLE enrolment_codes (
  id TEXT PRIMARY KEY,
  centre_id TEXT NOT NULL REFERENCES centres(id),
  code_hash TEXT NOT NULL UNIQUE,
  issued_by TEXT NOT NULL REFERENCES clerks(id),
  issued_via TEXT NOT NULL CHECK (issued_via IN ('screen', 'cli')),
  issued_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  used_at TIMESTAMPTZ,
  used_by_workstation TEXT REFERENCES workstations(id)
);
CREATE INDEX enrolment_codes_centre ON enrolment_codes (centre_id, issued_at);
ALTER TABLE centres ALTER COLUMN enrolment_code_hash DROP NOT NULL;
ALTER TABLE audit_log ALTER COLUMN workstation_id DROP NOT NULL;
`
  },
  {
    version: 6,
    name: 'clerk signing keys',
    // Issue 20: the Ed25519 public key of a clerk on ONE workstation, registered in an online
    // sign-in (the password checked in the same request). A command counts only with a signature
    // by the active key of its clerk on the workstation that sent it (sync/verify-signature.ts). At
    // most one active key per clerk and workstation; a key is revoked when it is replaced, the
    // clerk is disabled or their password reset, or the workstation is revoked — never deleted,
    // so a command signed with it is answered with the reason.
    sql: `
CREATE TABLE clerk_keys (
  key_id TEXT PRIMARY KEY,
  clerk_id TEXT NOT NULL REFERENCES clerks(id),
  workstation_id TEXT NOT NULL REFERENCES workstations(id),
  public_key TEXT NOT NULL,
  registered_at TIMESTAMPTZ NOT NULL,
  revoked_at TIMESTAMPTZ,
  revoked_reason TEXT CHECK (revoked_reason IN ('replaced', 'clerk_disabled', 'password_reset', 'workstation_revoked'))
);
CREATE UNIQUE INDEX clerk_keys_active ON clerk_keys (clerk_id, workstation_id) WHERE revoked_at IS NULL;
CREATE INDEX clerk_keys_workstation ON clerk_keys (workstation_id, clerk_id);
`
  },
  {
    version: 7,
    name: 'last online sign-in per workstation',
    // Issue 20: a workstation reads personal data (pull, attachments) only while some clerk has
    // signed in on it through the portal recently (sync/pull-access.ts): a freshly enrolled token,
    // or one copied off a disk long after, reads nothing.
    sql: `
ALTER TABLE workstations ADD COLUMN last_online_sign_in_at TIMESTAMPTZ;
`
  },
  {
    version: 8,
    name: 'access codes',
    // Issue 16: the code that opens an application to its applicant. Only a slow salted hash is kept
    // (scrypt, src/shared/domain/access-code.ts), one current code per application, apart from the
    // record (which every workstation of the centre pulls). A new code replaces the row: the old one
    // stops working. access_attempts counts tries at codes per application (by order number, so an
    // unknown number is counted like a known one) and per client address, in fixed windows; kept
    // here, not in a process's memory, so that several portal processes behind a load balancer share it.
    sql: `
CREATE TABLE access_codes (
  application_id TEXT PRIMARY KEY REFERENCES applications(id),
  order_number TEXT NOT NULL UNIQUE,
  code_hash TEXT NOT NULL,
  issued_at TIMESTAMPTZ NOT NULL,
  -- 'portal' (made at submission) or the id of the workstation that sent it (walk-in, reissue).
  issued_by TEXT NOT NULL
);

CREATE TABLE access_attempts (
  scope TEXT NOT NULL CHECK (scope IN ('application', 'address')),
  key TEXT NOT NULL,
  window_started_at TIMESTAMPTZ NOT NULL,
  attempts INTEGER NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX access_attempts_window ON access_attempts (window_started_at);
`
  },
  {
    version: 9,
    name: 'shared process state',
    // Issue 19: several portal processes on one database keep nothing that must be shared in their
    // memory. rate_limits: the per-address limit of the public routes (one counter per route and
    // address, fixed windows), read and bumped by whichever process a request reaches. portal_secrets:
    // keys every process must hold alike (the key that seals the citizens' pages' cookies and signs
    // their CSRF tokens: a form served by one process is posted to another).
    sql: `
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  window_started_at TIMESTAMPTZ NOT NULL,
  hits INTEGER NOT NULL
);
CREATE INDEX rate_limits_window ON rate_limits (window_started_at);

CREATE TABLE portal_secrets (
  name TEXT PRIMARY KEY,
  value BYTEA NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);
`
  },
  {
    version: 10,
    name: 'centre id in every key of centre data',
    // Issue 19, item 6: every table of centre data is keyed by its centre, so a region can be sharded
    // by centre (README, "Sharding by centre"): centre_id leads every primary key and every foreign
    // key between tables of centre data. command_results, clerk_keys and access_codes get the column,
    // backfilled from their parent row (SET NOT NULL fails loudly on an orphan). The old single-column
    // ids stay looked up on their own where the centre is not known yet, through plain (not unique)
    // indexes. Regional tables (centres, order_sequences, attachments, access_attempts, rate_limits,
    // portal_secrets, schema_migrations) are unchanged; schema-keys.test.ts lists them and fails on
    // any other table that lacks the centre in its keys.
    sql: `
ALTER TABLE application_events DROP CONSTRAINT application_events_application_id_fkey;
ALTER TABLE access_codes DROP CONSTRAINT access_codes_application_id_fkey;
ALTER TABLE command_results DROP CONSTRAINT command_results_workstation_id_fkey;
ALTER TABLE audit_log DROP CONSTRAINT audit_log_workstation_id_fkey;
ALTER TABLE enrolment_codes DROP CONSTRAINT enrolment_codes_issued_by_fkey;
ALTER TABLE enrolment_codes DROP CONSTRAINT enrolment_codes_used_by_workstation_fkey;
ALTER TABLE clerk_keys DROP CONSTRAINT clerk_keys_clerk_id_fkey;
ALTER TABLE clerk_keys DROP CONSTRAINT clerk_keys_workstation_id_fkey;

ALTER TABLE command_results ADD COLUMN centre_id TEXT REFERENCES centres(id);
UPDATE command_results c SET centre_id = w.centre_id FROM workstations w WHERE w.id = c.workstation_id;
ALTER TABLE command_results ALTER COLUMN centre_id SET NOT NULL;
ALTER TABLE clerk_keys ADD COLUMN centre_id TEXT REFERENCES centres(id);
UPDATE clerk_keys k SET centre_id = w.centre_id FROM workstations w WHERE w.id = k.workstation_id;
ALTER TABLE clerk_keys ALTER COLUMN centre_id SET NOT NULL;
ALTER TABLE access_codes ADD COLUMN centre_id TEXT REFERENCES centres(id);
UPDATE access_codes c SET centre_id = a.centre_id FROM applications a WHERE a.id = c.application_id;
ALTER TABLE access_codes ALTER COLUMN centre_id SET NOT NULL;

ALTER TABLE applications DROP CONSTRAINT applications_pkey;
ALTER TABLE applications ADD CONSTRAINT applications_pkey PRIMARY KEY (centre_id, id);
CREATE INDEX applications_id ON applications (id);
ALTER TABLE workstations DROP CONSTRAINT workstations_pkey;
ALTER TABLE workstations ADD CONSTRAINT workstations_pkey PRIMARY KEY (centre_id, id);
CREATE INDEX workstations_id ON workstations (id);
ALTER TABLE clerks DROP CONSTRAINT clerks_pkey;
ALTER TABLE clerks ADD CONSTRAINT clerks_pkey PRIMARY KEY (centre_id, id);
CREATE INDEX clerks_id ON clerks (id);

ALTER TABLE application_events DROP CONSTRAINT application_events_pkey;
ALTER TABLE application_events ADD CONSTRAINT application_events_pkey PRIMARY KEY (centre_id, id);
ALTER TABLE application_events ADD CONSTRAINT application_events_application_fkey FOREIGN KEY (centre_id, application_id) REFERENCES applications (centre_id, id);
DROP INDEX application_events_application;
CREATE INDEX application_events_application ON application_events (centre_id, application_id);

ALTER TABLE access_codes DROP CONSTRAINT access_codes_pkey;
ALTER TABLE access_codes ADD CONSTRAINT access_codes_pkey PRIMARY KEY (centre_id, application_id);
ALTER TABLE access_codes ADD CONSTRAINT access_codes_application_fkey FOREIGN KEY (centre_id, application_id) REFERENCES applications (centre_id, id);

ALTER TABLE command_results DROP CONSTRAINT command_results_pkey;
ALTER TABLE command_results ADD CONSTRAINT command_results_pkey PRIMARY KEY (centre_id, workstation_id, seq);
ALTER TABLE command_results ADD CONSTRAINT command_results_workstation_fkey FOREIGN KEY (centre_id, workstation_id) REFERENCES workstations (centre_id, id);
DROP INDEX command_results_command_id;
CREATE INDEX command_results_command_id ON command_results (centre_id, command_id);

ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY (centre_id, id);
ALTER TABLE audit_log ADD CONSTRAINT audit_log_workstation_fkey FOREIGN KEY (centre_id, workstation_id) REFERENCES workstations (centre_id, id);
DROP INDEX audit_log_application;
CREATE INDEX audit_log_application ON audit_log (centre_id, application_id, at);
DROP INDEX audit_log_clerk;
CREATE INDEX audit_log_clerk ON audit_log (centre_id, clerk_id, at);

ALTER TABLE enrolment_codes DROP CONSTRAINT enrolment_codes_pkey;
ALTER TABLE enrolment_codes ADD CONSTRAINT enrolment_codes_pkey PRIMARY KEY (centre_id, id);
ALTER TABLE enrolment_codes ADD CONSTRAINT enrolment_codes_issued_by_fkey FOREIGN KEY (centre_id, issued_by) REFERENCES clerks (centre_id, id);
ALTER TABLE enrolment_codes ADD CONSTRAINT enrolment_codes_used_by_workstation_fkey FOREIGN KEY (centre_id, used_by_workstation) REFERENCES workstations (centre_id, id);

ALTER TABLE clerk_keys DROP CONSTRAINT clerk_keys_pkey;
ALTER TABLE clerk_keys ADD CONSTRAINT clerk_keys_pkey PRIMARY KEY (centre_id, key_id);
CREATE INDEX clerk_keys_key_id ON clerk_keys (key_id);
ALTER TABLE clerk_keys ADD CONSTRAINT clerk_keys_clerk_fkey FOREIGN KEY (centre_id, clerk_id) REFERENCES clerks (centre_id, id);
ALTER TABLE clerk_keys ADD CONSTRAINT clerk_keys_workstation_fkey FOREIGN KEY (centre_id, workstation_id) REFERENCES workstations (centre_id, id);
DROP INDEX clerk_keys_active;
CREATE UNIQUE INDEX clerk_keys_active ON clerk_keys (centre_id, clerk_id, workstation_id) WHERE revoked_at IS NULL;
DROP INDEX clerk_keys_workstation;
CREATE INDEX clerk_keys_workstation ON clerk_keys (centre_id, workstation_id, clerk_id);
`
  },
  {
    version: 11,
    name: 'service catalogue versions',
    // Issue 17: the catalogue as versioned data, per centre (db/catalogue-repository.ts). A version
    // moves draft → testing → published → withdrawn (src/shared/catalogue/lifecycle.ts); who moved it
    // and when is kept per step. At most one LIVE version per service (published and not superseded)
    // and at most one being worked on (a draft or in testing). A version that left the draft never
    // changes its card again: the trigger refuses it whatever the code above tries. Test links:
    // only the SHA-256 of the token is kept. Applications record the version they were submitted
    // under (existing ones: 1, the seeded version) and whether they came through a test link.
    // Keyed by centre first (as migration 10 keys every table of centre data).
    sql: `
CREATE TABLE service_card_versions (
  centre_id TEXT NOT NULL REFERENCES centres(id),
  service_id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  stage TEXT NOT NULL CHECK (stage IN ('draft', 'testing', 'published', 'withdrawn')),
  card JSONB NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  created_by TEXT,
  updated_at TIMESTAMPTZ NOT NULL,
  updated_by TEXT,
  testing_at TIMESTAMPTZ,
  testing_by TEXT,
  published_at TIMESTAMPTZ,
  published_by TEXT,
  superseded_at TIMESTAMPTZ,
  withdrawn_at TIMESTAMPTZ,
  withdrawn_by TEXT,
  PRIMARY KEY (centre_id, service_id, version)
);
CREATE UNIQUE INDEX service_card_versions_live ON service_card_versions (centre_id, service_id) WHERE stage = 'published' AND superseded_at IS NULL;
CREATE UNIQUE INDEX service_card_versions_open ON service_card_versions (centre_id, service_id) WHERE stage IN ('draft', 'testing');

CREATE FUNCTION service_card_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF OLD.stage <> 'draft' AND NEW.card IS DISTINCT FROM OLD.card THEN RAISE EXCEPTION 'a % card version is immutable', OLD.stage USING ERRCODE = 'integrity_constraint_violation'; END IF; IF TG_OP = 'UPDATE' AND (NEW.centre_id, NEW.service_id, NEW.version) IS DISTINCT FROM (OLD.centre_id, OLD.service_id, OLD.version) THEN RAISE EXCEPTION 'a card version keeps its key' USING ERRCODE = 'integrity_constraint_violation'; END IF; RETURN NEW; END $$;

CREATE TRIGGER service_card_versions_no_change BEFORE UPDATE ON service_card_versions FOR EACH ROW EXECUTE FUNCTION service_card_versions_immutable();

CREATE TABLE service_test_links (
  centre_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  token_hash TEXT NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  created_at TIMESTAMPTZ NOT NULL,
  created_by TEXT NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  revoked_at TIMESTAMPTZ,
  PRIMARY KEY (centre_id, service_id, version, token_hash),
  FOREIGN KEY (centre_id, service_id, version) REFERENCES service_card_versions (centre_id, service_id, version)
);
CREATE UNIQUE INDEX service_test_links_token ON service_test_links (token_hash);

ALTER TABLE applications ADD COLUMN service_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE applications ADD COLUMN is_test BOOLEAN NOT NULL DEFAULT false;
`
  },
  {
    version: 12,
    name: 'application removals',
    // Issue 17: a service's test applications are deleted in one step when its testing ends
    // (catalogue/staff.ts deleteTestApplications). Their rows go; each removal stays here under the
    // change version that removed it, and pull sends it as a `removed` change (protocol.ts) so every
    // workstation drops the application too. Read in version order per centre, like the other two
    // sources of a pull page; the partial index finds a service's test applications to delete.
    sql: `
CREATE TABLE application_removals (
  centre_id TEXT NOT NULL REFERENCES centres(id),
  change_version BIGINT NOT NULL,
  application_id TEXT NOT NULL,
  service_id TEXT NOT NULL,
  removed_at TIMESTAMPTZ NOT NULL,
  removed_by TEXT NOT NULL,
  PRIMARY KEY (centre_id, change_version, application_id)
);
CREATE INDEX applications_tests ON applications (centre_id, (record ->> 'serviceId')) WHERE is_test;
`
  },
  {
    version: 13,
    name: 'catalogue revisions',
    // Issue 17, item 5: the revision of each centre's catalogue as its desks hold it (every non-draft
    // card version, shared/catalogue/desk-catalogue.ts). Bumped in the same transaction as every
    // change a desk sees (a version to testing or back to draft, publish, withdraw, seeding the
    // centre's cards; catalogue/revision.ts); a pull sends the whole catalogue to a workstation that
    // holds another (revision, revision_id). The id is random per revision: a portal restored from a
    // backup that counts to the same number again is told apart. Centres that already have cards
    // start at revision 1.
    sql: `
CREATE TABLE catalogue_revisions (
  centre_id TEXT NOT NULL REFERENCES centres(id),
  revision BIGINT NOT NULL CHECK (revision >= 1),
  revision_id TEXT NOT NULL CHECK (revision_id ~ '^[A-Za-z0-9_-]{1,64}$'),
  PRIMARY KEY (centre_id)
);
INSERT INTO catalogue_revisions (centre_id, revision, revision_id)
SELECT DISTINCT centre_id, 1, gen_random_uuid()::text FROM service_card_versions;
`
  },
  {
    version: 14,
    name: 'removed events',
    // The events of deleted test applications (migration 12), by id and the version they had. A
    // workstation names the newest event it holds with its cursor, and the portal checks that its
    // history up to the cursor ends with that event (pull-repository.ts pullHead); when that event
    // belonged to a deleted test application it is gone from application_events, and without this
    // table the portal would take the deletion for a lost history and make EVERY desk of the centre
    // rebuild its mirror (found by the digitisation e2e). A removed event is history the portal
    // removed on purpose, so it still counts; a portal restored from a backup taken before the event
    // has neither row and answers reset as before.
    sql: `
CREATE TABLE removed_events (
  centre_id TEXT NOT NULL REFERENCES centres(id),
  id TEXT NOT NULL,
  change_version BIGINT NOT NULL,
  PRIMARY KEY (centre_id, id)
);
CREATE INDEX removed_events_by_version ON removed_events (centre_id, change_version);
`
  }
]

/** Changes whenever a migration is added: keys cached test databases. */
export function schemaFingerprint(): string {
  return createHash('sha256')
    .update(MIGRATIONS.map((m) => `${m.version}:${m.sql}`).join('\n'))
    .digest('hex')
    .slice(0, 16)
}

export class DatabaseNewerThanPortalError extends Error {
  constructor(found: number, known: number) {
    super(`База даних порталу має версію схеми ${found}, а ця версія порталу знає лише до ${known}: оновіть портал`)
    this.name = 'DatabaseNewerThanPortalError'
  }
}

/** PGlite's extended protocol takes one statement at a time; migrations hold no `;` inside literals. */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0)
}

// Two portal processes starting at once against one server must not both migrate.
const MIGRATION_LOCK = 7_400_001

export async function migrate(db: PortalDb, migrations: readonly Migration[] = MIGRATIONS): Promise<number> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`)
  const known = migrations.reduce((max, m) => Math.max(max, m.version), 0)
  let applied = 0
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
      const rows = await tx.query<{ version: number }>('SELECT max(version) AS version FROM schema_migrations')
      const current = rows[0]?.version ?? 0
      if (current > known) throw new DatabaseNewerThanPortalError(current, known)
      if (current >= m.version) return false
      for (const statement of splitStatements(m.sql)) await tx.query(statement)
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name])
      return true
    })
    if (done) applied++
  }
  if (migrations.length === 0) {
    const rows = await db.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations')
    const current = rows[0]?.version ?? 0
    if (current > known) throw new DatabaseNewerThanPortalError(current, known)
  }
  return applied
}

export async function schemaVersion(db: PortalDb): Promise<number> {
  const rows = await db.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations')
  return rows[0]?.version ?? 0
}
