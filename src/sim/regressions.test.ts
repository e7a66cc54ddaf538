import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase } from '../main/db/connection'
import { getApplication, upsertApplication } from '../main/db/applications-repository'
import { loadCatalogueFile, seedCatalogue } from '../main/db/catalogue-repository'
import { pageUnits, SyncEngine } from '../main/sync/sync-engine'
import { handleEnrol, handlePull, handlePush, seedDemoCentre, submitApplication } from '../portal/index'
import { DEMO_CENTRE, DEMO_CLERKS } from '../shared/demo/clerks'
import { DEFAULT_CALENDAR } from '../shared/domain/calendar'
import type { ApplicationRecord } from '../shared/domain/application'
import type { CommandEnvelope } from '../shared/domain/commands'
import type { Change, PullResponse } from '../shared/protocol'
import { portalHost, simPortalDeps } from './portal-host'
import { simUuid } from './rng'
import { CATALOGUE_PATH } from './sim-workstation'
import { citizenApplication } from './workload'

/*
 * The bugs the simulation found, each pinned by a direct test of its own (the seeds that found them
 * are in the report; a seed's scenario changes whenever the generator does, these tests do not).
 */

const olena = DEMO_CLERKS[0] as (typeof DEMO_CLERKS)[number]
let now = Date.parse('2026-11-27T10:00:00+02:00')
let ids = 0

afterAll(async () => {
  await (await portalHost()).close()
})

async function freshPortal() {
  const host = await portalHost()
  await host.reset()
  const deps = simPortalDeps(host, { clock: () => new Date(now), newId: () => simUuid(0, ++ids), faults: undefined, log: () => undefined })
  await seedDemoCentre(host.db, deps)
  const wsId = simUuid(0x5e000000, 0)
  const enrolment = await handleEnrol(host.db, deps, { enrolmentCode: DEMO_CENTRE.enrolmentCode, workstationId: wsId, creationNonce: 'regression', label: '' })
  const ws = { id: wsId, centreId: enrolment.centreId }
  return { db: host.db, deps, ws }
}

function command(seq: number, type: CommandEnvelope['type'], applicationId: string, payload: unknown): CommandEnvelope {
  return { commandId: simUuid(9, seq), seq, type, v: 1, applicationId, baseVersion: null, clerk: { clerkId: olena.clerkId, name: olena.name }, issuedAt: new Date(now).toISOString(), payload }
}

describe('pull: an event never arrives before its application', () => {
  beforeEach(() => {
    now = Date.parse('2026-11-27T10:00:00+02:00')
  })

  it('a page that holds an application’s older event carries the application’s current record (sim seed 1: FOREIGN KEY failure, sync stalled)', async () => {
    const { db, deps, ws } = await freshPortal()
    await submitApplication(db, deps, citizenApplication(1)) // version 1: A and its 'submitted' event
    await submitApplication(db, deps, citizenApplication(2)) // version 2: B
    const [a] = await db.query<{ id: string }>('SELECT id FROM applications ORDER BY change_version LIMIT 1')
    if (!a) throw new Error('no application')
    const res = await handlePush(db, deps, ws, { workstationId: ws.id, commands: [command(1, 'claim', a.id, {})] }) // A's row moves to version 3
    expect(res.results[0]?.outcome).toBe('applied')

    const page = await handlePull(db, deps, ws, { cursor: 0, limit: 1 })
    expect(page.nextCursor).toBe(1)
    const events = page.changes.filter((c) => c.type === 'event')
    expect(events.map((c) => (c.type === 'event' ? c.event.applicationId : ''))).toEqual([a.id])
    const records = page.changes.filter((c) => c.type === 'application').map((c) => (c.type === 'application' ? c.record : null))
    expect(records.map((r) => r?.id)).toEqual([a.id])
    expect(records[0]?.holder?.clerkId).toBe(olena.clerkId)
  })
})

describe('pageUnits: a page applied in bounded units', () => {
  const record = (id: string): ApplicationRecord => ({ id }) as unknown as ApplicationRecord
  const app = (id: string, version: number): Change => ({ type: 'application', version, record: record(id) })
  const event = (id: string, applicationId: string, version: number): Change => ({
    type: 'event',
    version,
    event: { id, applicationId, kind: 'note', at: '2026-11-27T10:00:00+02:00', actor: 'x', commandId: null, data: {} }
  })
  const page = (changes: Change[], nextCursor: number): PullResponse => ({ changes, nextCursor, hasMore: true, lastSeq: 0, reset: false })

  it('never splits a version, stores each unit’s last version as its cursor and the page’s cursor last', () => {
    const units = pageUnits(page([app('a', 1), event('e1', 'a', 1), event('e2', 'a', 1), app('b', 2), event('e3', 'b', 2), app('c', 3)], 5), 2)
    expect(units.map((u) => u.changes.length)).toEqual([3, 2, 1])
    expect(units.map((u) => u.cursor)).toEqual([1, 2, 5])
    expect(units.map((u) => u.last)).toEqual([false, false, true])
  })

  it('moves an application’s row forward to the unit of its first event (sim seed 3: FOREIGN KEY failure after splitting)', () => {
    // X's row carries version 4 (its latest change); its older event is at version 1.
    const units = pageUnits(page([event('e1', 'x', 1), app('y', 2), event('e2', 'y', 2), app('x', 4), event('e3', 'x', 4)], 4), 1)
    const seen = new Set<string>()
    for (const unit of units) {
      for (const c of unit.changes) if (c.type === 'application') seen.add(c.record.id)
      for (const c of unit.changes) if (c.type === 'event') expect(seen.has(c.event.applicationId), `event ${c.event.id} before its application`).toBe(true)
    }
    expect(units.flatMap((u) => u.changes)).toHaveLength(5)
  })

  it('records the portal ships ahead of the page go with the first unit; the cursor never passes them', () => {
    const units = pageUnits(page([app('z', 9), event('e1', 'z', 1), app('a', 2), event('e2', 'a', 2)], 2), 1)
    expect(units[0]?.changes.map((c) => c.version)).toEqual([9, 1])
    expect(units.map((u) => u.cursor)).toEqual([1, 2])
  })
})

describe('clocks are shown, never trusted', () => {
  it('a workstation whose clock is days behind predicts a return of an application waiting for corrections (sim seed 23: RangeError)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vikno-regression-'))
    const db = openDatabase(join(dir, 'ws.sqlite'))
    try {
      seedCatalogue(db, loadCatalogueFile(CATALOGUE_PATH))
      const requestedAt = '2026-11-27T19:39:25+02:00'
      const waiting = {
        ...({} as ApplicationRecord),
        id: 'app-1',
        orderNumber: '001-000001-8',
        centreId: DEMO_CENTRE.id,
        serviceId: 'residence-registration',
        channel: 'portal',
        delivery: 'in_person',
        applicant: { surname: 'Шевченко', givenName: 'Марія', patronymic: null, rnokpp: null, birthDate: '1980-01-01', phone: null, email: null, address: 'м. Хмельницький' },
        fields: {},
        attachments: [],
        documents: [],
        status: 'needs_correction',
        holder: { clerkId: olena.clerkId, name: olena.name, since: '2026-11-27T10:00:00+02:00' },
        takenIntoWorkAt: '2026-11-27T10:00:00+02:00',
        receivedAt: '2026-11-27T09:00:00+02:00',
        dueAt: '2026-11-27T21:59:59+02:00',
        pauses: [{ from: requestedAt, to: null }],
        correction: { items: [], general: 'Уточніть адресу', requestedAt, requestedBy: { clerkId: olena.clerkId, name: olena.name }, answeredAt: null, answer: null },
        forwardedAt: null,
        forwardDueAt: null,
        decision: null,
        issuedTo: null,
        closedAt: null,
        version: 3,
        updatedAt: requestedAt
      } satisfies ApplicationRecord
      upsertApplication(db, waiting, 'confirmed')
      const engine = new SyncEngine({
        db,
        clock: () => new Date('2026-11-25T19:30:30.000Z'), // two days behind the portal
        newId: () => `id-${++ids}`,
        transport: null,
        calendar: DEFAULT_CALENDAR,
        centreId: DEMO_CENTRE.id,
        workstationId: 'ws',
        log: { info: () => undefined, warn: () => undefined },
        emit: () => undefined
      })
      const session = { clerkId: olena.clerkId, name: olena.name, role: olena.role, centreId: olena.centreId }
      engine.submit({ type: 'decide', applicationId: 'app-1', payload: { kind: 'return', ground: null, text: 'Повернуто', appeal: null } }, session)
      const predicted = getApplication(db, 'app-1')
      expect(predicted?.status).toBe('returned')
      const pause = predicted?.pauses[0]
      expect(pause?.to).not.toBeNull()
      expect(Date.parse(pause?.to ?? '')).toBeGreaterThanOrEqual(Date.parse(requestedAt))
    } finally {
      closeDatabase(db)
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('the portal’s clock stepped back does not turn a decision into an internal error (sim seed 186)', async () => {
    now = Date.parse('2026-11-27T10:00:00+02:00')
    const { db, deps, ws } = await freshPortal()
    await submitApplication(db, deps, citizenApplication(3))
    const [a] = await db.query<{ id: string }>('SELECT id FROM applications LIMIT 1')
    if (!a) throw new Error('no application')
    await handlePush(db, deps, ws, {
      workstationId: ws.id,
      commands: [command(1, 'claim', a.id, {}), command(2, 'request_correction', a.id, { items: [{ field: 'address', remark: 'Уточніть' }], general: '' })]
    })
    now -= 5 * 60_000 // NTP steps the clock back five minutes
    const res = await handlePush(db, deps, ws, { workstationId: ws.id, commands: [command(3, 'decide', a.id, { kind: 'return', ground: null, text: 'Повернуто', appeal: null })] })
    expect(res.results[0]).toMatchObject({ outcome: 'applied' })
  })
})
