import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DEMO_CLERKS } from '../../shared/demo/clerks'
import { DEFAULT_CALENDAR } from '../../shared/domain/calendar'
import { dashboardData } from '../../shared/reports/dashboard'
import { reportRowOf } from '../../shared/reports/definitions'
import { MAX_EXPORT_DOWNLOAD_BYTES } from '../../shared/reports-contract'
import type { ClerkSession } from '../../shared/session'
import { DomainError } from '../../shared/result'
import { upsertApplication } from '../db/applications-repository'
import { searchAudit } from '../db/audit-repository'
import { demoItems, memoryDb, TEST_NOW, testCatalogue } from '../db/test-fixtures'
import { createAuditTrail } from './audit-trail'
import { createReportHandlers, readExportFile } from './report-handlers'
import { createClerkRoster } from './clerk-roster'
import { TransportError, type RosterTransport } from '../sync/transport'
import type { RosterResponse } from '../../shared/protocol'
import { readClerkRoster } from '../db/clerk-roster-repository'

const records = demoItems(800, 5).map((i) => i.record)
const db = memoryDb()
records.forEach((r) => upsertApplication(db, r))
const dataDir = mkdtempSync(join(tmpdir(), 'vikno-report-handlers-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const byRole = (role: string): ClerkSession => {
  const c = DEMO_CLERKS.find((k) => k.role === role)!
  return { clerkId: c.clerkId, name: c.name, role: c.role, centreId: c.centreId }
}
const clock = () => new Date(TEST_NOW)
const progress: { done: number; total: number | null }[] = []
function handlers(clerk: ClerkSession | null) {
  return createReportHandlers({
    progress: (p) => progress.push(p),
    db,
    session: () => clerk,
    clock,
    calendar: DEFAULT_CALENDAR,
    dataDir,
    audit: createAuditTrail({ db, clock, workstationId: 'ws-test' }),
    publisher: () => 'ЦНАП'
  })
}
const filter = { period: { from: '2026-01-01', to: '2026-03-02' } }

function refusal(fn: () => unknown): DomainError {
  try {
    fn()
  } catch (e) {
    if (e instanceof DomainError) return e
    throw e
  }
  throw new Error('not refused')
}
async function asyncRefusal(p: unknown): Promise<DomainError> {
  try {
    await p
  } catch (e) {
    if (e instanceof DomainError) return e
    throw e
  }
  throw new Error('not refused')
}

describe('reports.clerks', () => {
  it('without a roster (no portal), lists the clerks holding undecided applications here, by name, for a supervisor; refuses the stranger', async () => {
    const holders = new Map(records.filter((r) => r.holder !== null && r.decision === null).map((r) => [r.holder!.clerkId, r.holder!.name]))
    expect(holders.size).toBeGreaterThan(0)
    const listed = await handlers(byRole('supervisor'))['reports.clerks']({})
    expect(listed.map((c) => c.clerkId).sort()).toEqual([...holders.keys()].sort())
    expect(listed.every((c) => c.name === holders.get(c.clerkId))).toBe(true)
    for (const role of ['clerk', 'back_office']) {
      expect((await asyncRefusal(handlers(byRole(role))['reports.clerks']({}))).code).toBe('forbidden')
    }
    expect((await asyncRefusal(handlers(null)['reports.clerks']({}))).code).toBe('unauthenticated')
  })
})

describe('reports.clerks with the centre roster from the portal', () => {
  const rosterOf = (...ids: string[]): RosterResponse => ({
    clerks: DEMO_CLERKS.filter((c) => ids.includes(c.clerkId)).map((c) => ({ clerkId: c.clerkId, name: c.name, role: c.role }))
  })
  const [OLENA, TARAS, IRYNA, PETRO, NADIIA] = DEMO_CLERKS.map((c) => c.clerkId) as [string, string, string, string, string]

  /** A workstation of its own: Олена holds every undecided application, nobody signed in here; the portal answers `answer`. */
  function desk() {
    const local = memoryDb()
    for (const { record } of demoItems(80, 9)) {
      upsertApplication(local, {
        ...record,
        holder: record.decision === null ? { clerkId: OLENA, name: DEMO_CLERKS[0]!.name, since: record.receivedAt } : null
      })
    }
    const portal = {
      answer: (): Promise<RosterResponse> => Promise.resolve(rosterOf(...DEMO_CLERKS.map((c) => c.clerkId))),
      asked: [] as number[]
    }
    const transport: RosterTransport = {
      clerks: (timeoutMs) => {
        portal.asked.push(timeoutMs)
        return portal.answer()
      }
    }
    let now = Date.parse(TEST_NOW)
    const roster = createClerkRoster({ db: local, transport, clock: () => new Date(now), log: { warn: () => undefined } })
    const as = (clerk: ClerkSession | null) =>
      createReportHandlers({
        db: local,
        session: () => clerk,
        clock,
        calendar: DEFAULT_CALENDAR,
        dataDir,
        audit: createAuditTrail({ db: local, clock, workstationId: 'ws-roster' }),
        publisher: () => 'ЦНАП',
        roster
      })['reports.clerks']({})
    return { local, portal, as, tick: (ms: number) => (now += ms) }
  }

  it('offers every active clerk of the centre with their role, one who never signed in here and holds nothing too', async () => {
    const { as, portal } = desk()
    const listed = await as(byRole('supervisor'))
    expect(portal.asked).toEqual([3_000])
    expect(listed).toContainEqual({ clerkId: TARAS, name: 'Тарас Мар’янчук', role: 'clerk' })
    expect(listed.map((c) => c.clerkId).sort()).toEqual([OLENA, TARAS, IRYNA, PETRO, NADIIA].sort())
    expect(listed.every((c) => c.role !== null)).toBe(true)
    expect(listed.map((c) => c.name)).toEqual([...listed.map((c) => c.name)].sort((a, b) => a.localeCompare(b, 'uk')))
  })

  it('offline, or refused by the portal, offers the roster fetched last', async () => {
    const { as, portal, local, tick } = desk()
    await as(byRole('supervisor'))
    const fetchedAt = readClerkRoster(local)?.fetchedAtMs
    tick(60_000)
    portal.answer = () => Promise.reject(new TransportError('offline', 'Портал недоступний: timeout'))
    const offline = await as(byRole('supervisor'))
    expect(offline).toContainEqual({ clerkId: TARAS, name: 'Тарас Мар’янчук', role: 'clerk' })
    expect(offline).toHaveLength(5)
    portal.answer = () => Promise.reject(new TransportError('unauthorized', 'Увійдіть', 'sign_in_required'))
    expect(await as(byRole('admin'))).toEqual(offline)
    expect(readClerkRoster(local)?.fetchedAtMs).toBe(fetchedAt)
    expect(portal.asked).toHaveLength(3)
  })

  it('a clerk the portal no longer lists (disabled) is not offered, though she still holds applications here', async () => {
    const { as, portal } = desk()
    expect((await as(byRole('supervisor'))).map((c) => c.clerkId)).toContain(OLENA)
    portal.answer = () => Promise.resolve(rosterOf(TARAS, IRYNA, PETRO, NADIIA))
    const listed = await as(byRole('supervisor'))
    expect(listed.map((c) => c.clerkId)).not.toContain(OLENA)
    expect(listed).toHaveLength(4)
  })

  it('refuses the stranger before asking the portal: a clerk with everything but the role, and nobody signed in', async () => {
    const { as, portal } = desk()
    for (const role of ['clerk', 'back_office']) await expect(as(byRole(role))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(as(null)).rejects.toMatchObject({ code: 'unauthenticated' })
    expect(portal.asked).toEqual([])
  })

  it('concurrent dialogs share one request to the portal', async () => {
    const { as, portal } = desk()
    const [a, b] = await Promise.all([as(byRole('supervisor')), as(byRole('admin'))])
    expect(a).toEqual(b)
    expect(portal.asked).toHaveLength(1)
  })
})

describe('reports.dashboard', () => {
  it('gives a supervisor and an administrator the figures of the definitions over every local application', () => {
    const expected = dashboardData(records.map(reportRowOf), filter, DEFAULT_CALENDAR, new Date(TEST_NOW).toISOString(), testCatalogue())
    expect(handlers(byRole('supervisor'))['reports.dashboard'](filter)).toEqual(expected)
    expect(handlers(byRole('admin'))['reports.dashboard'](filter)).toEqual(expected)
    expect(expected.totals.received).toBeGreaterThan(50)
    expect(expected.totals.overdueNow).toBeGreaterThan(0)
    expect(expected.workload.length).toBeGreaterThan(0)
  })

  it('answers a filter by clerk (not kept in the daily aggregates) from the rows, with the same definitions', () => {
    const now = new Date(TEST_NOW).toISOString()
    const holder = records.find((r) => r.holder !== null)?.holder?.clerkId ?? ''
    const byClerk = { ...filter, holderClerkIds: [holder] }
    const expected = dashboardData(records.map(reportRowOf), byClerk, DEFAULT_CALENDAR, now, testCatalogue())
    expect(handlers(byRole('supervisor'))['reports.dashboard'](byClerk)).toEqual(expected)
    expect(expected.totals.pendingNow).toBeGreaterThan(0)
    const oneService = { ...filter, serviceIds: [records[0]?.serviceId ?? ''], channels: ['portal' as const] }
    expect(handlers(byRole('supervisor'))['reports.dashboard'](oneService)).toEqual(
      dashboardData(records.map(reportRowOf), oneService, DEFAULT_CALENDAR, now, testCatalogue())
    )
  })

  it('refuses the stranger: a signed-in clerk with everything but the supervisor role, and nobody signed in', () => {
    for (const role of ['clerk', 'back_office']) {
      expect(refusal(() => handlers(byRole(role))['reports.dashboard'](filter)).code).toBe('forbidden')
    }
    expect(refusal(() => handlers(null)['reports.dashboard'](filter)).code).toBe('unauthenticated')
  })
})

describe('reports.export', () => {
  it('writes under the data folder and leaves an audit row saying what was exported', async () => {
    const supervisor = byRole('supervisor')
    const out = await handlers(supervisor)['reports.export']({ kind: 'quarterly', from: '2026-01-01', to: '2026-03-02', format: 'csv' })
    expect(out.dir.startsWith(join(dataDir, 'exports'))).toBe(true)
    expect(out.files.map((f) => f.name)).toEqual(['quarterly.csv'])
    // The bar ends full: every application received before the period's end was read.
    const last = progress.at(-1)
    expect(last?.total).toBeGreaterThan(100)
    expect(last?.done).toBe(last?.total)
    expect(readFileSync(join(out.dir, 'quarterly.csv'), 'utf8')).toContain(out.filters)
    const row = searchAudit(db, { action: 'export', offset: 0, limit: 5 }).rows[0]
    expect(row?.clerkId).toBe(supervisor.clerkId)
    expect(row?.detail).toMatchObject({ kind: 'quarterly', format: 'csv', files: 1 })
  })

  it('a list (with names) leaves its own audit row marked as personal data', async () => {
    const supervisor = byRole('admin')
    const out = await handlers(supervisor)['reports.export']({ kind: 'list', from: '2026-02-01', to: '2026-03-02', format: 'xlsx' })
    expect(out.files.map((f) => f.name)).toEqual(['list.xlsx'])
    const rows = searchAudit(db, { action: 'export', offset: 0, limit: 5 }).rows
    expect(rows.map((r) => r.detail)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'list', personalData: true }),
        expect.objectContaining({ kind: 'list', files: 1 })
      ])
    )
  })

  it('refuses the stranger and writes nothing', async () => {
    const before = searchAudit(db, { action: 'export', offset: 0, limit: 50 }).total
    const clerkCall = handlers(byRole('clerk'))['reports.export']({
      kind: 'open-data',
      from: '2026-01-01',
      to: '2026-03-02',
      format: 'csv'
    })
    expect((await asyncRefusal(clerkCall)).code).toBe('forbidden')
    const nobody = handlers(null)['reports.export']({ kind: 'open-data', from: '2026-01-01', to: '2026-03-02', format: 'csv' })
    expect((await asyncRefusal(nobody)).code).toBe('unauthenticated')
    expect(searchAudit(db, { action: 'export', offset: 0, limit: 50 }).total).toBe(before)
    expect(
      existsSync(join(dataDir, 'exports')) ? readdirSync(join(dataDir, 'exports')).filter((n) => n.startsWith('open-data')) : []
    ).toEqual([])
  })
})

describe('reports.exportFile', () => {
  it('hands a supervisor the bytes of a file an export listed, and nothing outside the exports folder; refuses the stranger', async () => {
    const supervisor = handlers(byRole('supervisor'))
    const out = await supervisor['reports.export']({ kind: 'quarterly', from: '2026-01-01', to: '2026-03-02', format: 'xlsx' })
    const file = await supervisor['reports.exportFile']({ dir: out.dir, name: 'quarterly.xlsx' })
    expect(file.name).toBe('quarterly.xlsx')
    expect(file.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(Buffer.from(file.base64, 'base64').equals(readFileSync(join(out.dir, 'quarterly.xlsx')))).toBe(true)
    const manifest = await supervisor['reports.exportFile']({ dir: out.dir, name: 'manifest.json' })
    expect(JSON.parse(Buffer.from(manifest.base64, 'base64').toString('utf8'))).toMatchObject({ kind: 'quarterly', format: 'xlsx' })

    // A file that is not there, a folder that is not an export's, a path in the name: not found, nothing read.
    writeFileSync(join(dataDir, 'secret.txt'), 'не для браузера')
    for (const [dir, name] of [
      [out.dir, 'nothing.csv'],
      [dataDir, 'secret.txt'],
      [join(dataDir, 'exports'), basename(out.dir)],
      [join(out.dir, '..', '..'), 'secret.txt'],
      [out.dir, '../../secret.txt'],
      [out.dir, '.']
    ] as const) {
      expect(refusal(() => readExportFile(dataDir, dir, name)).code, `${dir} ${name}`).toBe('not_found')
    }
    // A symbolic link inside an export's folder that leads out of it.
    symlinkSync(join(dataDir, 'secret.txt'), join(out.dir, 'link.csv'))
    expect(refusal(() => readExportFile(dataDir, out.dir, 'link.csv')).code).toBe('not_found')

    for (const role of ['clerk', 'back_office']) {
      expect(refusal(() => handlers(byRole(role))['reports.exportFile']({ dir: out.dir, name: 'quarterly.xlsx' })).code).toBe('forbidden')
    }
    expect(refusal(() => handlers(null)['reports.exportFile']({ dir: out.dir, name: 'quarterly.xlsx' })).code).toBe('unauthenticated')
  })

  it('refuses a file too big for one answer with a clear message naming its folder', async () => {
    const out = await handlers(byRole('admin'))['reports.export']({
      kind: 'quarterly',
      from: '2026-01-01',
      to: '2026-03-02',
      format: 'csv'
    })
    truncateSync(join(out.dir, 'quarterly.csv'), MAX_EXPORT_DOWNLOAD_BYTES + 1)
    const refused = refusal(() => readExportFile(dataDir, out.dir, 'quarterly.csv'))
    expect(refused.code).toBe('payload_too_large')
    expect(refused.message).toContain(out.dir)
  })
})
