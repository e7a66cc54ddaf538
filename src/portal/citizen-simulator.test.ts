import { expect, it } from 'vitest'
import { applicationRecordSchema } from '../shared/domain/application'
import { startCitizenSimulator } from './citizen-simulator'
import { seedDemoCentre } from './seed'
import { describeBackends } from './test/backends'

describeBackends('citizen simulator', (fx) => {
  it('submits realistic applications through the public HTTP API', async () => {
    await seedDemoCentre(fx.portal.db, fx.portal.deps)
    const url = await fx.portal.app.listen({ port: 0, host: '127.0.0.1' })
    const errors: unknown[] = []
    const sim = startCitizenSimulator({ baseUrl: url, intervalMs: 60_000, seed: 5, onError: (e) => errors.push(e) })
    try {
      for (let i = 0; i < 5; i++) expect(await sim.tick()).toMatch(/^001-\d{6}-\d$/)
    } finally {
      await sim.stop()
    }
    expect(errors).toEqual([])
    const rows = await fx.db.query<{ record: unknown }>('SELECT record FROM applications')
    expect(rows).toHaveLength(5)
    for (const r of rows) {
      const record = applicationRecordSchema.parse(r.record)
      expect(record.channel).toBe('portal')
      expect(record.attachments.length).toBeGreaterThan(0)
    }
  })
})
