import { expect, it } from 'vitest'
import { describeBackends, type PortalFixture } from '../test/backends'
import { centreKeyViolations } from './schema-keys'

/*
 * Issue 19, item 6: the schema stays distribution-ready. The check reads pg_catalog of the schema the
 * portal migrated (both databases); each probe below builds a table inside a transaction that is
 * rolled back, so the check is shown to fail on exactly the mistakes it exists for.
 */

class RolledBack extends Error {}

/** The violations seen with `ddl` applied, the DDL then rolled back. */
async function violationsWith(fx: PortalFixture, ddl: string[]): Promise<string[]> {
  let seen: string[] = []
  await expect(
    fx.db.transaction(async (tx) => {
      for (const statement of ddl) await tx.query(statement)
      seen = await centreKeyViolations(tx)
      throw new RolledBack()
    })
  ).rejects.toBeInstanceOf(RolledBack)
  return seen
}

describeBackends('schema keys: centre id in every key of centre data', (fx) => {
  it('the migrated schema has centre_id in every primary key and every foreign key of centre data', async () => {
    expect(await centreKeyViolations(fx.db)).toEqual([])
  })

  it('fails on a new table of centre data keyed without its centre', async () => {
    const seen = await violationsWith(fx, [
      'CREATE TABLE probe_notes (id TEXT PRIMARY KEY, centre_id TEXT NOT NULL REFERENCES centres(id), note TEXT)'
    ])
    expect(seen).toEqual(['probe_notes: primary key (id) lacks centre_id'])
    const none = await violationsWith(fx, ['CREATE TABLE probe_log (at TIMESTAMPTZ NOT NULL, note TEXT)'])
    expect(none).toEqual(['probe_log: a table of centre data without a primary key'])
    expect(await centreKeyViolations(fx.db)).toEqual([])
  })

  it('fails on a foreign key between tables of centre data that does not carry the centre, and on an unlisted global unique key', async () => {
    const seen = await violationsWith(fx, [
      `CREATE TABLE probe_parent (centre_id TEXT NOT NULL REFERENCES centres(id), id TEXT NOT NULL, PRIMARY KEY (centre_id, id), CONSTRAINT probe_parent_id UNIQUE (id))`,
      `CREATE TABLE probe_child (centre_id TEXT NOT NULL, id TEXT NOT NULL, parent_id TEXT CONSTRAINT probe_child_parent REFERENCES probe_parent (id), PRIMARY KEY (centre_id, id))`
    ])
    expect(seen).toEqual([
      'probe_child.probe_child_parent: foreign key (parent_id) → probe_parent(id) lacks centre_id → centre_id',
      'probe_parent.probe_parent_id: unique key probe_parent(id) lacks centre_id and is not a listed regional lookup'
    ])
    // centre_id present but paired with another column: the child's rows could point into another centre
    const crossed = await violationsWith(fx, [
      `CREATE TABLE probe_crossed (centre_id TEXT NOT NULL, id TEXT NOT NULL, application_id TEXT NOT NULL, PRIMARY KEY (centre_id, id),
         CONSTRAINT probe_crossed_app FOREIGN KEY (application_id, centre_id) REFERENCES applications (centre_id, id))`
    ])
    expect(crossed).toEqual([
      'probe_crossed.probe_crossed_app: foreign key (application_id, centre_id) → applications(centre_id, id) lacks centre_id → centre_id'
    ])
  })

  it('fails on a regional table that refers to centre data; a table keyed by its centre passes', async () => {
    const seen = await violationsWith(fx, [
      `ALTER TABLE order_sequences ADD COLUMN centre_id TEXT, ADD COLUMN workstation_id TEXT,
         ADD CONSTRAINT probe_sequence_ws FOREIGN KEY (centre_id, workstation_id) REFERENCES workstations (centre_id, id)`
    ])
    expect(seen).toEqual(['order_sequences.probe_sequence_ws: a regional table refers to centre data (workstations)'])
    const good = await violationsWith(fx, [
      `CREATE TABLE probe_good (centre_id TEXT NOT NULL REFERENCES centres(id), id TEXT NOT NULL, application_id TEXT NOT NULL,
         PRIMARY KEY (centre_id, id), FOREIGN KEY (centre_id, application_id) REFERENCES applications (centre_id, id),
         UNIQUE (centre_id, application_id))`
    ])
    expect(good).toEqual([])
  })
})
