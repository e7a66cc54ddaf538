import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase, closeDatabase, type Db } from '../db/connection'
import { getApplication, getSyncState } from '../db/applications-repository'
import { loadCatalogueFile, seedCatalogue } from '../db/catalogue-repository'
import { countPending, getShadow, listAllOutbox, listOpenConflicts } from '../db/sync-repository'
import { DEFAULT_CALENDAR } from '../../shared/domain/calendar'
import type { ClerkSession } from '../../shared/contract'
import { DomainError } from '../../shared/result'
import { SyncEngine } from './sync-engine'
import { MemoryPortal } from './testing/memory-portal'
import { sampleRecord } from './testing/fixtures'

const olena: ClerkSession = { clerkId: 'olena', name: 'Олена Коваль', role: 'clerk', centreId: 'c1' }
const taras: ClerkSession = { clerkId: 'taras', name: 'Тарас Мар’янчук', role: 'clerk', centreId: 'c1' }
const catalogue = loadCatalogueFile(join(__dirname, '../../../resources/catalog/services.json'))

let dir: string
let dbs: Db[] = []
let ids = 0

function workstation(portal: MemoryPortal, name: string, file?: string) {
  const db = openDatabase(file ?? join(dir, `${name}.sqlite`))
  dbs.push(db)
  seedCatalogue(db, catalogue)
  const transport = portal.transport(name)
  const events: string[] = []
  const engine = new SyncEngine({
    db,
    clock: () => new Date('2026-11-30T10:00:00.000Z'),
    newId: () => `id-${++ids}`,
    transport,
    calendar: DEFAULT_CALENDAR,
    centreId: 'c1',
    workstationId: name,
    log: { info: () => {}, warn: () => {} },
    emit: (event) => events.push(event)
  })
  return { db, engine, transport, events }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vikno-sync-'))
  dbs = []
})
afterEach(() => {
  for (const db of dbs) closeDatabase(db)
  rmSync(dir, { recursive: true, force: true })
})

describe('SyncEngine', () => {
  it('stores a command and its optimistic effect in one transaction, shown as pending', async () => {
    const portal = new MemoryPortal()
    portal.put(sampleRecord('a1'))
    const w = workstation(portal, 'w1')
    await w.engine.syncNow()
    expect(getApplication(w.db, 'a1')?.status).toBe('registered')

    w.transport.offline = true
    w.engine.submit({ type: 'claim', applicationId: 'a1', payload: {} }, olena)
    const view = getApplication(w.db, 'a1')
    expect(view?.status).toBe('in_review')
    expect(view?.holder?.name).toBe('Олена Коваль')
    expect(getSyncState(w.db, 'a1')).toBe('pending')
    expect(getShadow(w.db, 'a1')).toMatchObject({ exists: true, record: { status: 'registered', holder: null } })
    expect(countPending(w.db)).toBe(1)
  })

  it('keeps replaying an applied command until a caught-up pull reflects it, then drops the shadow', async () => {
    const portal = new MemoryPortal()
    portal.put(sampleRecord('a1'))
    const w = workstation(portal, 'w1')
    await w.engine.syncNow()
    w.engine.submit({ type: 'claim', applicationId: 'a1', payload: {} }, olena)
    expect(await w.engine.pushOnce()).toBe(1)
    // Applied on the portal but not pulled yet: the view still shows the prediction, as pending.
    expect(getApplication(w.db, 'a1')?.holder?.clerkId).toBe('olena')
    expect(getSyncState(w.db, 'a1')).toBe('pending')
    await w.engine.pullOnce()
    expect(getShadow(w.db, 'a1').exists).toBe(false)
    expect(getSyncState(w.db, 'a1')).toBe('confirmed')
    expect(getApplication(w.db, 'a1')).toEqual(portal.records.get('a1'))
  })

  it('first claim to reach the portal wins; the loser gets a conflict naming the holder, and its view reverts', async () => {
    const portal = new MemoryPortal()
    portal.put(sampleRecord('a1'))
    const w1 = workstation(portal, 'w1')
    const w2 = workstation(portal, 'w2')
    await w1.engine.syncNow()
    await w2.engine.syncNow()
    w1.transport.offline = true
    w2.transport.offline = true
    w1.engine.submit({ type: 'claim', applicationId: 'a1', payload: {} }, olena)
    w2.engine.submit({ type: 'claim', applicationId: 'a1', payload: {} }, taras)
    w2.transport.offline = false
    await w2.engine.syncNow()
    w1.transport.offline = false
    await w1.engine.syncNow()

    expect(getApplication(w1.db, 'a1')?.holder?.clerkId).toBe('taras')
    expect(getSyncState(w1.db, 'a1')).toBe('rejected')
    const [conflict] = listOpenConflicts(w1.db)
    expect(conflict?.code).toBe('conflict')
    expect(conflict?.reason).toContain('Тарас Мар’янчук')
    expect(countPending(w1.db)).toBe(0)
    // A rejected command is never retried by itself.
    const executedBefore = portal.executed.length
    await w1.engine.syncNow()
    expect(portal.executed.length).toBe(executedBefore)
  })

  it('a lost response is harmless: the resend gets the stored result, nothing runs twice', async () => {
    const portal = new MemoryPortal()
    portal.put(sampleRecord('a1'))
    const w = workstation(portal, 'w1')
    await w.engine.syncNow()
    w.engine.submit({ type: 'claim', applicationId: 'a1', payload: {} }, olena)
    w.engine.submit({ type: 'note', applicationId: 'a1', payload: { text: 'Паспорт старого зразка' } }, olena)
    w.transport.dropResponses = true
    await expect(w.engine.pushOnce()).rejects.toThrow()
    w.transport.dropResponses = false
    await w.engine.syncNow()
    expect(portal.executed.map((c) => c.seq)).toEqual([1, 2])
    expect(listAllOutbox(w.db).map((r) => r.state)).toEqual(['applied', 'applied'])
    expect(getSyncState(w.db, 'a1')).toBe('confirmed')
  })

  it('refuses locally what the local state already forbids, writing nothing', async () => {
    const portal = new MemoryPortal()
    portal.put(sampleRecord('a1', { status: 'in_review', holder: { clerkId: 'taras', name: 'Тарас', since: '2026-11-30T08:00:00.000Z' }, version: 2 }))
    const w = workstation(portal, 'w1')
    await w.engine.syncNow()
    expect(() => w.engine.submit({ type: 'claim', applicationId: 'a1', payload: {} }, olena)).toThrow(DomainError)
    expect(countPending(w.db)).toBe(0)
    expect(getShadow(w.db, 'a1').exists).toBe(false)
  })

  it('replays pending commands over a newer mirror page (rebase), without losing them', async () => {
    const portal = new MemoryPortal()
    portal.put(sampleRecord('a1'))
    const w = workstation(portal, 'w1')
    await w.engine.syncNow()
    w.transport.offline = true
    w.engine.submit({ type: 'claim', applicationId: 'a1', payload: {} }, olena)
    // Meanwhile the portal changes something else about the application.
    portal.put({ ...portal.records.get('a1')!, delivery: 'post', version: 2 })
    w.transport.offline = false
    await w.engine.pullOnce()
    const view = getApplication(w.db, 'a1')
    expect(view?.delivery).toBe('post')
    expect(view?.holder?.clerkId).toBe('olena')
    expect(getSyncState(w.db, 'a1')).toBe('pending')
  })

  it('survives a crash after the local commit: the outbox is in the file when it is reopened', async () => {
    const portal = new MemoryPortal()
    portal.put(sampleRecord('a1'))
    const file = join(dir, 'crash.sqlite')
    const w = workstation(portal, 'w1', file)
    await w.engine.syncNow()
    w.engine.submit({ type: 'claim', applicationId: 'a1', payload: {} }, olena)
    // Abandon the handle without a checkpoint, as a power cut would.
    w.db.close()
    dbs = dbs.filter((d) => d !== w.db)
    const again = workstation(portal, 'w1', file)
    expect(countPending(again.db)).toBe(1)
    await again.engine.syncNow()
    expect(portal.records.get('a1')?.holder?.clerkId).toBe('olena')
    expect(getSyncState(again.db, 'a1')).toBe('confirmed')
  })

  it('a rejected walk-in disappears from the view and stays in the conflict inbox', async () => {
    const portal = new MemoryPortal()
    const w = workstation(portal, 'w1')
    await w.engine.syncNow()
    const existing = sampleRecord('dup')
    portal.put(existing) // the portal already has an application with this id
    w.transport.offline = true
    w.engine.submit(
      {
        type: 'register_walk_in',
        applicationId: 'dup',
        payload: {
          orderNumber: '002-000001-' + '0',
          serviceId: 'residence-registration',
          applicant: existing.applicant,
          fields: {},
          attachments: [],
          documents: [],
          delivery: 'in_person'
        }
      },
      olena
    )
    expect(getApplication(w.db, 'dup')?.channel).toBe('walk_in')
    w.transport.offline = false
    await w.engine.syncNow()
    expect(listOpenConflicts(w.db)).toHaveLength(1)
    expect(getApplication(w.db, 'dup')?.channel).toBe('portal')
  })
})
