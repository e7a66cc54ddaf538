import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_CENTRE, DEMO_CLERKS } from '../shared/demo/clerks'
import type { KnownClerk } from '../shared/reports-contract'
import type { Result } from '../shared/result'
import { createWorkstation, type Workstation } from '../main/workstation'
import { readClerkRoster } from '../main/db/clerk-roster-repository'
import { createPortal, type Portal } from '../portal/portal'
import { disableClerk } from '../portal/db/clerks-repository'
import { openTestDb, type TestDb } from '../portal/test/backends'
import { seedDemoCentre } from '../portal/seed'

/*
 * The reassign dialog's list through the real composition: a supervisor's workstation
 * (createWorkstation, its HTTP transport) and the real portal over HTTP. The dashboard spec's
 * failure: Тарас never signed in at Петро's workstation and held nothing there, so he was not offered.
 * Now the centre's roster comes from the portal (GET /sync/clerks) at Петро's sign-in and when the
 * dialog asks; a disabled clerk leaves it; with the portal gone, the roster fetched last is offered.
 */

const CATALOG = join(__dirname, '../../resources/catalog/services.json')
const TARAS = DEMO_CLERKS[1]!
const PETRO = DEMO_CLERKS[3]!
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, close: async () => undefined }

let testDb: TestDb
let portal: Portal
let url: string
let ws: Workstation
const dirs: string[] = []

beforeAll(async () => {
  testDb = await openTestDb('pglite')
  portal = await createPortal({ db: testDb.db, rateLimit: false, closeDb: false, demoEnrolment: true })
  await seedDemoCentre(portal.db, portal.deps)
  const address = (await portal.app.listen({ port: 0, host: '127.0.0.1' }), portal.app.server.address() as AddressInfo)
  url = `http://127.0.0.1:${address.port}`
  const dir = mkdtempSync(join(tmpdir(), 'vikno-roster-'))
  dirs.push(dir)
  ws = await createWorkstation({
    dataDir: dir,
    shell: 'web',
    appVersion: '0.0.0-test',
    catalogPath: CATALOG,
    log: silent,
    portal: { url, enrolmentCode: DEMO_CENTRE.enrolmentCode, login: PETRO.login, password: PETRO.password }
  })
})

afterAll(async () => {
  await ws?.close()
  await portal?.close()
  await testDb?.drop()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

async function clerks(): Promise<KnownClerk[]> {
  const result = (await ws.dispatch('reports.clerks' as never, {} as never)) as Result<KnownClerk[]>
  if (!result.ok) throw new Error(`reports.clerks: ${result.error.code} ${result.error.message}`)
  return result.value
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('the reassign dialog offers the centre roster (GET /sync/clerks)', () => {
  it("Петро's online sign-in fetches the roster: Тарас, never signed in here and holding nothing, is offered with his role", async () => {
    await until(() => readClerkRoster(ws.db) !== null)
    expect(
      readClerkRoster(ws.db)
        ?.clerks.map((c) => c.clerkId)
        .sort()
    ).toEqual(DEMO_CLERKS.map((c) => c.clerkId).sort())
    const verifiers = ws.db.prepare('SELECT clerk_id FROM clerk_verifiers').all() as { clerk_id: string }[]
    expect(verifiers.map((v) => v.clerk_id)).toEqual([PETRO.clerkId])
    const offered = await clerks()
    expect(offered).toContainEqual({ clerkId: TARAS.clerkId, name: TARAS.name, role: 'clerk' })
    expect(offered).toHaveLength(DEMO_CLERKS.length)
  })

  it('a clerk disabled on the portal is no longer offered: the dialog asks the portal again', async () => {
    await disableClerk(portal.db, TARAS.clerkId, new Date())
    const offered = await clerks()
    expect(offered.map((c) => c.clerkId)).not.toContain(TARAS.clerkId)
    expect(offered).toHaveLength(DEMO_CLERKS.length - 1)
  })

  it('with the portal gone, the roster fetched last is offered', async () => {
    const before = readClerkRoster(ws.db)
    await portal.close()
    const offered = await clerks()
    expect(offered.map((c) => c.clerkId).sort()).toEqual(
      DEMO_CLERKS.filter((c) => c !== TARAS)
        .map((c) => c.clerkId)
        .sort()
    )
    expect(readClerkRoster(ws.db)).toEqual(before)
  })
})
