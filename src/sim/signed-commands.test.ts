import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_CENTRE, DEMO_CLERKS } from '../shared/demo/clerks'
import type { Result } from '../shared/result'
import type { SyncStatus } from '../shared/contract'
import { createWorkstation, type Workstation } from '../main/workstation'
import { insertOutbox } from '../main/db/sync-repository'
import { createPortal, type Portal } from '../portal/portal'
import { openTestDb, type TestDb } from '../portal/test/backends'
import { seedDemoCentre } from '../portal/seed'
import { submitApplication } from '../portal/intake/intake'
import { validApplication } from '../portal/test/fixtures'

/*
 * Issue 20 through the real composition: a workstation (createWorkstation, its HTTP transport) and
 * the real portal over HTTP. The clerk's key is made and registered in her online sign-in; her
 * commands are signed as they are stored and apply in her name; a command stored without a
 * signature (before this version) waits until she signs in again here, and goes then, signed.
 */

const CATALOG = join(__dirname, '../../resources/catalog/services.json')
const OLENA = DEMO_CLERKS[0]!
const TARAS = DEMO_CLERKS[1]!
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, close: async () => undefined }

let testDb: TestDb
let portal: Portal
let url: string
const dirs: string[] = []

beforeAll(async () => {
  testDb = await openTestDb('pglite')
  portal = await createPortal({ db: testDb.db, rateLimit: false, closeDb: false, demoEnrolment: true })
  await seedDemoCentre(portal.db, portal.deps)
  const address = (await portal.app.listen({ port: 0, host: '127.0.0.1' }), portal.app.server.address() as AddressInfo)
  url = `http://127.0.0.1:${address.port}`
})

afterAll(async () => {
  await portal?.close()
  await testDb?.drop()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

async function workstation(login: string): Promise<Workstation> {
  const dir = mkdtempSync(join(tmpdir(), 'vikno-signed-'))
  dirs.push(dir)
  return createWorkstation({
    dataDir: dir,
    shell: 'web',
    appVersion: '0.0.0-test',
    catalogPath: CATALOG,
    log: silent,
    portal: { url, enrolmentCode: DEMO_CENTRE.enrolmentCode, login, password: OLENA.password }
  })
}

async function call<T>(ws: Workstation, method: string, input: unknown): Promise<T> {
  const result = (await ws.dispatch(method as never, input as never)) as Result<T>
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`)
  return result.value
}

async function holderOnPortal(id: string): Promise<string | null> {
  const rows = await portal.db.query<{ holder: string | null }>(
    `SELECT record -> 'holder' ->> 'clerkId' AS holder FROM applications WHERE id = $1`,
    [id]
  )
  return rows[0]?.holder ?? null
}

describe('signed commands through the real composition (issue 20)', () => {
  it('an online sign-in registers the clerk’s key; her command is signed, pushed and applied in her name', async () => {
    const { orderNumber } = await submitApplication(portal.db, portal.deps, validApplication())
    const [app] = await portal.db.query<{ id: string }>('SELECT id FROM applications WHERE order_number = $1', [orderNumber])
    const ws = await workstation(OLENA.login)
    try {
      const keys = await portal.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM clerk_keys WHERE clerk_id = $1 AND workstation_id = $2 AND revoked_at IS NULL',
        [OLENA.clerkId, ws.workstationId]
      )
      expect(keys[0]?.n).toBe(1)
      await ws.engine.syncNow()
      await call(ws, 'command.submit', { type: 'claim', applicationId: app!.id, payload: {} })
      const stored = ws.db.prepare('SELECT signature_json FROM outbox').get() as { signature_json: string | null }
      expect(JSON.parse(stored.signature_json ?? 'null')).toMatchObject({ keyId: expect.stringMatching(/^key-/) })
      await ws.engine.syncNow()
      expect(await holderOnPortal(app!.id)).toBe(OLENA.clerkId)
      const result = await portal.db.query<{ outcome: string }>('SELECT outcome FROM command_results WHERE workstation_id = $1', [
        ws.workstationId
      ])
      expect(result).toEqual([{ outcome: 'applied' }])
    } finally {
      await ws.close()
    }
  })

  it('a command in the outbox without a signature waits (and the sync screen says whose), then goes once its clerk signs in', async () => {
    const { orderNumber } = await submitApplication(portal.db, portal.deps, validApplication())
    const [app] = await portal.db.query<{ id: string }>('SELECT id FROM applications WHERE order_number = $1', [orderNumber])
    const ws = await workstation(TARAS.login)
    try {
      await ws.engine.syncNow()
      // As an older version left it: Olena's claim, stored before signatures existed, first in the queue.
      insertOutbox(ws.db, {
        commandId: '0195aa00-0000-7000-8000-00000000a001',
        seq: 1,
        type: 'claim',
        v: 1,
        applicationId: app!.id,
        baseVersion: 1,
        clerk: { clerkId: OLENA.clerkId, name: OLENA.name },
        issuedAt: new Date().toISOString(),
        payload: {}
      })
      await call(ws, 'command.submit', { type: 'note', applicationId: app!.id, payload: { text: 'Тарас: після Олениної дії' } })
      await ws.engine.syncNow()
      const status = await call<SyncStatus>(ws, 'sync.status', {})
      expect(status.pendingCommands).toBe(2)
      expect(status.awaitingSignature).toEqual([{ clerkName: OLENA.name, count: 1 }])
      expect(await holderOnPortal(app!.id)).toBeNull()
      const none = await portal.db.query('SELECT seq FROM command_results WHERE workstation_id = $1', [ws.workstationId])
      expect(none).toEqual([])

      // Olena signs in here with the portal reachable: her key is made, registered, and signs her waiting claim.
      await call(ws, 'session.signIn', { login: OLENA.login, password: OLENA.password })
      await ws.engine.syncNow()
      expect(await holderOnPortal(app!.id)).toBe(OLENA.clerkId)
      const results = await portal.db.query<{ seq: number; outcome: string }>(
        'SELECT seq::int AS seq, outcome FROM command_results WHERE workstation_id = $1 ORDER BY seq',
        [ws.workstationId]
      )
      expect(results).toEqual([
        { seq: 1, outcome: 'applied' },
        { seq: 2, outcome: 'applied' }
      ])
      expect((await call<SyncStatus>(ws, 'sync.status', {})).awaitingSignature).toEqual([])
    } finally {
      await ws.close()
    }
  })
})
