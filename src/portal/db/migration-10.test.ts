import { describe, expect, it } from 'vitest'
import { backendKinds, openTestDb } from '../test/backends'
import { migrate, MIGRATIONS, schemaVersion } from './migrations'
import { PgliteDb } from './pglite-db'
import type { PortalDb } from './portal-db'
import { centreKeyViolations } from './schema-keys'

/*
 * Migration 10 (centre id in every key, issue 19 item 6) on a database an older portal left at
 * migration 9, with rows in every table and two centres: every row survives unchanged, the new
 * centre_id columns come from the parent rows, and the new keys hold from then on.
 */

const TABLES = [
  'centres',
  'workstations',
  'clerks',
  'applications',
  'application_events',
  'command_results',
  'attachments',
  'order_sequences',
  'audit_log',
  'enrolment_codes',
  'clerk_keys',
  'access_codes',
  'access_attempts',
  'rate_limits',
  'portal_secrets'
] as const

/** Tables that get a centre_id column in migration 10: compared without it. */
const GAINS_CENTRE = new Set(['command_results', 'clerk_keys', 'access_codes'])

async function seedAtNine(db: PortalDb): Promise<void> {
  const q = (sql: string, params: unknown[] = []): Promise<unknown> => db.query(sql, params)
  await q(`INSERT INTO centres (id, name, enrolment_code_hash, version, created_at) VALUES
             ('c1', 'ЦНАП Лівий берег', 'h1', 7, '2026-11-01T08:00:00Z'), ('c2', 'ЦНАП Правий берег', NULL, 3, '2026-11-02T08:00:00Z')`)
  await q(`INSERT INTO workstations (id, centre_id, node, label, token_hash, creation_nonce, last_seq, enrolled_at, results_chain, last_seen_at) VALUES
             ('w1', 'c1', 2, 'Стіл 1', 't1', 'n1', 2, '2026-11-03T08:00:00Z', 'chain-w1', '2026-11-05T08:00:00Z'),
             ('w2', 'c2', 3, 'Стіл 2', 't2', 'n2', 1, '2026-11-03T09:00:00Z', 'chain-w2', NULL)`)
  await q(`INSERT INTO clerks (id, centre_id, login, name, role, password_hash) VALUES
             ('k1', 'c1', 'nadiia', 'Надія', 'admin', 'ph1'), ('k2', 'c2', 'taras', 'Тарас', 'clerk', 'ph2')`)
  for (const [id, centre, n, v] of [
    ['a1', 'c1', '001-000001-5', 5],
    ['a2', 'c1', '002-000001-3', 7],
    ['a3', 'c2', '003-000001-1', 3]
  ] as const)
    await q(
      `INSERT INTO applications (id, centre_id, order_number, record, version, change_version, status) VALUES ($1, $2, $3, $4::jsonb, 1, $5, 'registered')`,
      [id, centre, n, JSON.stringify({ id, centreId: centre, orderNumber: n, attachments: [{ sha256: 'a'.repeat(64) }] }), v]
    )
  await q(`INSERT INTO application_events (id, application_id, centre_id, change_version, ord, event) VALUES
             ('e1', 'a1', 'c1', 5, 1, '{"kind":"registered"}'), ('e2', 'a2', 'c1', 7, 1, '{"kind":"claimed"}'),
             ('e3', 'a2', 'c1', 7, 2, '{"kind":"note"}'), ('e4', 'a3', 'c2', 3, 1, '{"kind":"registered"}')`)
  await q(`INSERT INTO command_results (workstation_id, seq, command_id, command_type, application_id, clerk_id, command, outcome, code, message, version, decided_at, chain) VALUES
             ('w1', 1, 'cmd-1', 'claim', 'a2', 'k1', '{}', 'applied', NULL, NULL, 2, '2026-11-04T08:00:00Z', 'x1'),
             ('w1', 2, 'cmd-2', 'note', 'a2', 'k1', '{}', 'rejected', 'conflict', 'Зайнято', 2, '2026-11-04T08:01:00Z', 'x2'),
             ('w2', 1, 'cmd-3', 'claim', 'a3', 'k2', '{}', 'applied', NULL, NULL, 2, '2026-11-04T08:02:00Z', 'x3')`)
  await q(
    `INSERT INTO attachments (sha256, media_type, size, bytes, created_at) VALUES ($1, 'application/pdf', 5, $2, '2026-11-01T10:00:00Z')`,
    ['a'.repeat(64), new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d])]
  )
  await q(`INSERT INTO order_sequences (node, next_seq) VALUES (1, 2)`)
  await q(`INSERT INTO audit_log (id, workstation_id, centre_id, at, received_at, clerk_id, clerk_name, action, application_id, order_number, detail) VALUES
             ('au1', 'w1', 'c1', '2026-11-04T08:00:00Z', '2026-11-04T08:00:05Z', 'k1', 'Надія', 'view', 'a2', '002-000001-3', '{}'),
             ('au2', NULL, 'c1', '2026-11-03T07:00:00Z', '2026-11-03T07:00:00Z', 'k1', 'Надія', 'admin', NULL, NULL, '{"op":"issue_enrolment_code"}'),
             ('au3', 'w2', 'c2', '2026-11-04T09:00:00Z', '2026-11-04T09:00:01Z', 'k2', 'Тарас', 'sign_in', NULL, NULL, '{}')`)
  await q(`INSERT INTO enrolment_codes (id, centre_id, code_hash, issued_by, issued_via, issued_at, expires_at, used_at, used_by_workstation) VALUES
             ('ec1', 'c1', 'ch1', 'k1', 'cli', '2026-11-03T07:00:00Z', '2026-11-04T07:00:00Z', '2026-11-03T08:00:00Z', 'w1'),
             ('ec2', 'c2', 'ch2', 'k2', 'screen', '2026-11-03T07:00:00Z', '2026-11-04T07:00:00Z', NULL, NULL)`)
  await q(`INSERT INTO clerk_keys (key_id, clerk_id, workstation_id, public_key, registered_at, revoked_at, revoked_reason) VALUES
             ('key-1', 'k1', 'w1', 'pk1', '2026-11-03T08:00:00Z', '2026-11-03T09:00:00Z', 'replaced'),
             ('key-2', 'k1', 'w1', 'pk2', '2026-11-03T09:00:00Z', NULL, NULL),
             ('key-3', 'k2', 'w2', 'pk3', '2026-11-03T09:00:00Z', NULL, NULL)`)
  await q(`INSERT INTO access_codes (application_id, order_number, code_hash, issued_at, issued_by) VALUES
             ('a1', '001-000001-5', 'sc1', '2026-11-03T08:00:00Z', 'portal'), ('a3', '003-000001-1', 'sc3', '2026-11-03T08:00:00Z', 'w2')`)
  await q(
    `INSERT INTO access_attempts (scope, key, window_started_at, attempts) VALUES ('application', '001-000001-5', '2026-11-04T08:00:00Z', 2)`
  )
  await q(`INSERT INTO rate_limits (key, window_started_at, hits) VALUES ('/api/v1:127.0.0.1', '2026-11-04T08:00:00Z', 3)`)
  await q(`INSERT INTO portal_secrets (name, value, created_at) VALUES ('citizen-cookie', $1, '2026-11-01T08:00:00Z')`, [
    new Uint8Array([1, 2, 3])
  ])
}

/** Every row of every table as JSON text, sorted; `without` drops the columns migration 10 added. */
async function snapshot(db: PortalDb, without: boolean): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {}
  for (const t of TABLES) {
    const expr = without && GAINS_CENTRE.has(t) ? `to_jsonb(t) - 'centre_id'` : 'to_jsonb(t)'
    const rows = await db.query<{ j: string }>(`SELECT (${expr})::text AS j FROM ${t} AS t ORDER BY 1`)
    out[t] = rows.map((r) => r.j)
  }
  return out
}

describe('migration 10: centre id in every key', () => {
  for (const kind of backendKinds()) {
    it(`a database at migration 9 with data in every table migrates to 10 with nothing lost [${kind}]`, async () => {
      const fresh = async () => {
        const db = await PgliteDb.open()
        return { db, drop: () => db.close() }
      }
      const test = kind === 'pglite' ? await fresh() : await openTestDb('postgres')
      const { db } = test
      try {
        await migrate(
          db,
          MIGRATIONS.filter((m) => m.version <= 9)
        )
        expect(await schemaVersion(db)).toBe(9)
        await seedAtNine(db)
        // The check of schema-keys.test.ts refuses the schema as it stood.
        expect((await centreKeyViolations(db)).length).toBeGreaterThan(5)
        const before = await snapshot(db, false)

        await migrate(
          db,
          MIGRATIONS.filter((m) => m.version <= 10)
        )
        expect(await schemaVersion(db)).toBe(10)
        expect(await snapshot(db, true)).toEqual(before)
        expect(Object.values(before).every((rows) => rows.length > 0)).toBe(true)

        // The new columns come from the parent rows.
        expect(await db.query('SELECT workstation_id, seq, centre_id FROM command_results ORDER BY 1, 2')).toEqual([
          { workstation_id: 'w1', seq: expect.anything(), centre_id: 'c1' },
          { workstation_id: 'w1', seq: expect.anything(), centre_id: 'c1' },
          { workstation_id: 'w2', seq: expect.anything(), centre_id: 'c2' }
        ])
        expect(await db.query('SELECT key_id, centre_id FROM clerk_keys ORDER BY 1')).toEqual([
          { key_id: 'key-1', centre_id: 'c1' },
          { key_id: 'key-2', centre_id: 'c1' },
          { key_id: 'key-3', centre_id: 'c2' }
        ])
        expect(await db.query('SELECT application_id, centre_id FROM access_codes ORDER BY 1')).toEqual([
          { application_id: 'a1', centre_id: 'c1' },
          { application_id: 'a3', centre_id: 'c2' }
        ])
        expect(await centreKeyViolations(db)).toEqual([])

        // The keys hold from now on: an event, a result, a key or a code pointing into another centre is refused.
        await expect(
          db.query(
            `INSERT INTO application_events (id, application_id, centre_id, change_version, ord, event) VALUES ('e9', 'a3', 'c1', 8, 1, '{}')`
          )
        ).rejects.toThrow(/foreign key/)
        await expect(
          db.query(
            `INSERT INTO command_results (centre_id, workstation_id, seq, command_id, command_type, application_id, clerk_id, command, outcome, decided_at, chain)
             VALUES ('c1', 'w2', 9, 'cmd-9', 'note', 'a1', 'k1', '{}', 'applied', now(), 'x')`
          )
        ).rejects.toThrow(/foreign key/)
        await expect(
          db.query(
            `INSERT INTO clerk_keys (centre_id, key_id, clerk_id, workstation_id, public_key, registered_at) VALUES ('c1', 'key-9', 'k2', 'w1', 'pk', now())`
          )
        ).rejects.toThrow(/foreign key/)
        await expect(
          db.query(
            `INSERT INTO access_codes (centre_id, application_id, order_number, code_hash, issued_at, issued_by) VALUES ('c2', 'a2', '002-000001-3', 'h', now(), 'portal')`
          )
        ).rejects.toThrow(/foreign key/)
        // and the rest of the migrations still apply on top
        await migrate(db)
        expect(await schemaVersion(db)).toBe(MIGRATIONS.length)
      } finally {
        await test.drop()
      }
    }, 60_000)
  }

  it('refuses (and rolls back whole) a database whose rows would leave a centre id empty', async () => {
    const db = await PgliteDb.open()
    try {
      await migrate(
        db,
        MIGRATIONS.filter((m) => m.version <= 9)
      )
      await seedAtNine(db)
      // An orphan only a hand-edited database can hold: a result of a workstation that is gone.
      await db.query('ALTER TABLE command_results DROP CONSTRAINT command_results_workstation_id_fkey')
      await db.query(
        `INSERT INTO command_results (workstation_id, seq, command_id, command_type, application_id, clerk_id, command, outcome, decided_at, chain)
         VALUES ('gone', 1, 'cmd-x', 'note', 'a1', 'k1', '{}', 'applied', now(), 'x')`
      )
      await db.query(
        'ALTER TABLE command_results ADD CONSTRAINT command_results_workstation_id_fkey FOREIGN KEY (workstation_id) REFERENCES workstations (id) NOT VALID'
      )
      await expect(
        migrate(
          db,
          MIGRATIONS.filter((m) => m.version <= 10)
        )
      ).rejects.toThrow(/null value|not-null/)
      expect(await schemaVersion(db)).toBe(9)
      const cols = await db.query(
        `SELECT 1 FROM information_schema.columns WHERE table_name = 'command_results' AND column_name = 'centre_id'`
      )
      expect(cols).toHaveLength(0)
    } finally {
      await db.close()
    }
  }, 60_000)
})
