import { expect, it } from 'vitest'
import { openTestDb } from './test/backends'
import { createPortal } from './portal'

/*
 * The embedded database has no autovacuum: without statistics the planner guessed a pull page's
 * bounds query into a scan of every row after the cursor (src/portal/sync/pull.ts). The portal
 * refreshes them itself: at start and after seeding.
 */
it('the embedded portal refreshes planner statistics at start and after seeding the demo data', async () => {
  const { db, drop } = await openTestDb('pglite')
  const reltuples = async (): Promise<number> =>
    Number((await db.query<{ n: number }>(`SELECT reltuples AS n FROM pg_class WHERE relname = 'application_events'`))[0]?.n ?? -1)
  const portal = await createPortal({ db, rateLimit: false, closeDb: false, analyzeEveryMs: false })
  try {
    await portal.seedDemo({ count: 40 })
    // ANALYZE records the row count it saw; never analysed, PostgreSQL keeps -1 or 0.
    expect(await reltuples()).toBeGreaterThan(40)
  } finally {
    await portal.close()
    await drop()
  }
}, 60_000)
