import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { closeDatabase, openDatabase, type Db } from '../db/connection'
import { countApplications, getApplication, listEvents } from '../db/applications-repository'
import { loadCatalogueFile, seedCatalogue } from '../db/catalogue-repository'
import { countPending, getShadow } from '../db/sync-repository'
import { DEFAULT_CALENDAR } from '../../shared/domain/calendar'
import type { ClerkSession } from '../../shared/session'
import { SyncEngine } from './sync-engine'
import { MemoryPortal } from './testing/memory-portal'
import { sampleRecord } from './testing/fixtures'

/*
 * A `removed` change in the pull stream (issue 17: a service's test applications deleted on the
 * portal when its testing ended) takes the application out of the mirror, with its timeline; with
 * a command still pending, the portal's copy becomes "none" and the replay decides.
 */

const olena: ClerkSession = { clerkId: 'olena', name: 'Олена Коваль', role: 'clerk', centreId: 'c1' }
const catalogue = loadCatalogueFile(join(__dirname, '../../../resources/catalog/services.json'))
let dir: string
let dbs: Db[] = []
let ids = 0

function workstation(portal: MemoryPortal, name: string): { db: Db; engine: SyncEngine; changed: string[][] } {
  const db = openDatabase(join(dir, `${name}.sqlite`))
  dbs.push(db)
  seedCatalogue(db, catalogue)
  const changed: string[][] = []
  const engine = new SyncEngine({
    db,
    clock: () => new Date('2026-11-30T10:00:00.000Z'),
    newId: () => `id-${++ids}`,
    transport: portal.transport(name),
    calendar: DEFAULT_CALENDAR,
    centreId: 'c1',
    workstationId: name,
    log: { info: () => {}, warn: () => {} },
    emit: (event, payload) => {
      if (event === 'applications.changed') changed.push((payload as { ids: string[] }).ids)
    }
  })
  return { db, engine, changed }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vikno-removal-'))
  dbs = []
})
afterEach(() => {
  for (const db of dbs) closeDatabase(db)
  rmSync(dir, { recursive: true, force: true })
})

describe('a removed application', () => {
  it('leaves the mirror with its timeline; the others stay; the screen is told', async () => {
    const portal = new MemoryPortal()
    portal.put({ ...sampleRecord('t1'), isTest: true })
    portal.addEvent({
      id: 'e-t1',
      applicationId: 't1',
      kind: 'submitted',
      at: '2026-11-30T09:00:00.000Z',
      actor: 'Заявник',
      commandId: null,
      data: {}
    })
    portal.put(sampleRecord('a1', { orderNumber: '001-000124-1' }))
    const w = workstation(portal, 'w1')
    await w.engine.syncNow()
    expect(getApplication(w.db, 't1')).toMatchObject({ isTest: true, serviceVersion: 1 })
    expect(listEvents(w.db, 't1')).toHaveLength(1)

    portal.remove('t1')
    await w.engine.syncNow()
    expect(getApplication(w.db, 't1')).toBeNull()
    expect(listEvents(w.db, 't1')).toEqual([])
    expect(getApplication(w.db, 'a1')).toEqual(portal.records.get('a1'))
    expect(countApplications(w.db)).toBe(1)
    expect(w.changed.flat()).toContain('t1')

    // A workstation that never had it: the removal is harmless.
    const fresh = workstation(portal, 'w2')
    await fresh.engine.syncNow()
    expect(countApplications(fresh.db)).toBe(1)
  })

  it('with a command pending on it, the replay over "none" drops it; the command stays in the outbox for the portal to judge', async () => {
    const portal = new MemoryPortal()
    portal.put({ ...sampleRecord('t1'), isTest: true })
    const w = workstation(portal, 'w1')
    await w.engine.syncNow()
    w.engine.submit({ type: 'claim', applicationId: 't1', payload: {} }, olena)
    expect(getShadow(w.db, 't1').exists).toBe(true)
    portal.remove('t1')
    await w.engine.pullOnce()
    expect(getApplication(w.db, 't1')).toBeNull()
    expect(countPending(w.db)).toBe(1)
  })
})
