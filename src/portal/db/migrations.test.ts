import { expect, it } from 'vitest'
import { applicationRecordSchema } from '../../shared/domain/application'
import { parseOrderNumber } from '../../shared/domain/order-number'
import { submitApplication } from '../intake/intake'
import { describeBackends } from '../test/backends'
import { validApplication } from '../test/fixtures'
import { DatabaseNewerThanPortalError, migrate, MIGRATIONS, schemaVersion, splitStatements } from './migrations'

describeBackends('migrations and demo seed', (fx) => {
  it('migrations are tracked, run once, and a newer database is refused', async () => {
    // The newest migration's number (migration 10 lives on another branch until merged: numbers, not a count).
    expect(await schemaVersion(fx.db)).toBe(Math.max(...MIGRATIONS.map((m) => m.version)))
    expect(await migrate(fx.db)).toBe(0)
    await fx.db.query('INSERT INTO schema_migrations (version, name) VALUES (999, $1)', ['from the future'])
    try {
      await expect(migrate(fx.db)).rejects.toBeInstanceOf(DatabaseNewerThanPortalError)
    } finally {
      await fx.db.query('DELETE FROM schema_migrations WHERE version = 999')
    }
  })

  it('splits migration SQL into single statements without losing any', () => {
    expect(splitStatements('CREATE TABLE a (x INT);\n-- a comment; with a semicolon\nCREATE INDEX i ON a (x);\n')).toEqual([
      'CREATE TABLE a (x INT)',
      'CREATE INDEX i ON a (x)'
    ])
  })

  it('seeds the demo as it stood days ago: everything happened before then, so open work is overdue now', async () => {
    const thenMs = fx.clock.now().getTime() - 20 * 86_400_000
    await fx.portal.seedDemo({ count: 150, seed: 1, daysAgo: 20 })
    const records = (await fx.db.query<{ record: unknown }>('SELECT record FROM applications')).map((r) =>
      applicationRecordSchema.parse(r.record)
    )
    expect(records).toHaveLength(150)
    expect(records.every((r) => Date.parse(r.receivedAt) < thenMs && Date.parse(r.updatedAt) < thenMs)).toBe(true)
    const open = records.filter((r) => r.closedAt === null)
    const overdueNow = open.filter((r) => r.status !== 'needs_correction' && Date.parse(r.dueAt) < fx.clock.now().getTime())
    expect(overdueNow.length).toBeGreaterThan(0)
  })

  it('refuses an age that is not a whole number of days ≥ 0 before writing anything', async () => {
    await expect(fx.portal.seedDemo({ count: 5, seed: 1, daysAgo: -1 })).rejects.toThrow(/daysAgo/)
    await expect(fx.portal.seedDemo({ count: 5, seed: 1, daysAgo: 1.5 })).rejects.toThrow(/daysAgo/)
    expect(await fx.db.query('SELECT 1 FROM applications')).toHaveLength(0)
    expect(await fx.db.query('SELECT 1 FROM clerks')).toHaveLength(0)
  })

  it('seeds the demo: valid records, real attachments, change versions, numbering continues after it', async () => {
    const summary = await fx.portal.seedDemo({ count: 120, seed: 42 })
    expect(summary.applications).toBe(120)
    const rows = await fx.db.query<{ record: unknown; change_version: number }>(
      'SELECT record, change_version FROM applications ORDER BY change_version'
    )
    expect(rows).toHaveLength(120)
    for (const r of rows) applicationRecordSchema.parse(r.record)
    expect(new Set(rows.map((r) => Number(r.change_version))).size).toBe(120)
    expect(Math.max(...rows.map((r) => Number(r.change_version)))).toBe(summary.version)
    const dangling = await fx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM applications a, jsonb_array_elements(a.record -> 'attachments') att
        WHERE NOT EXISTS (SELECT 1 FROM attachments b WHERE b.sha256 = att ->> 'sha256' AND b.media_type = att ->> 'mediaType')`
    )
    expect(dangling[0]?.n).toBe(0)
    const demoMax = Math.max(
      ...(await fx.db.query<{ order_number: string }>('SELECT order_number FROM applications')).map((r) => {
        const p = parseOrderNumber(r.order_number)
        return p.ok && p.node === 1 ? p.seq : 0
      })
    )
    const created = await submitApplication(fx.portal.db, fx.portal.deps, validApplication())
    const parsed = parseOrderNumber(created.orderNumber)
    expect(parsed.ok && parsed.seq).toBe(demoMax + 1)
  })
})
