import type { AddressInfo } from 'node:net'
import { expect, it } from 'vitest'
import { applicationRecordSchema } from '../shared/domain/application'
import { startCitizenSimulator } from './citizen-simulator'
import { seedDemoCentre } from './seed'
import { describeBackends } from './test/backends'
import { command, enrol, pushSigned } from './test/fixtures'

describeBackends('citizen simulator', (fx) => {
  /** One portal serves the file's tests: it listens once. */
  const baseUrl = async (): Promise<string> => {
    const server = fx.portal.app.server
    if (!server.listening) return fx.portal.app.listen({ port: 0, host: '127.0.0.1' })
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  it('submits realistic applications through the public HTTP API', async () => {
    await seedDemoCentre(fx.portal.db, fx.portal.deps)
    const url = await baseUrl()
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

  it('answers remarks the way a citizen does: with the access code it was given', async () => {
    await seedDemoCentre(fx.portal.db, fx.portal.deps)
    const ws = await enrol(fx.portal)
    const url = await baseUrl()
    const errors: unknown[] = []
    const sim = startCitizenSimulator({ baseUrl: url, intervalMs: 60_000, seed: 7, onError: (e) => errors.push(e) })
    try {
      for (let i = 0; i < 3; i++) await sim.tick()
      const ids = (await fx.db.query<{ id: string }>('SELECT id FROM applications ORDER BY order_number')).map((r) => r.id)
      const commands = ids.flatMap((id, i) => [
        command(2 * i + 1, 'claim', id, {}),
        command(2 * i + 2, 'request_correction', id, { items: [], general: 'Додайте скан паспорта' })
      ])
      const pushed = await pushSigned(fx.portal, ws, commands)
      expect(pushed.results.every((r) => r.outcome === 'applied')).toBe(true)
      for (let i = 0; i < 15; i++) await sim.tick()
    } finally {
      await sim.stop()
    }
    expect(errors).toEqual([])
    const answered = await fx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM application_events WHERE event ->> 'kind' = 'answered'`
    )
    expect(answered[0]?.n).toBeGreaterThan(0)
  })
})
