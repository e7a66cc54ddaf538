import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase, closeDatabase, type Db } from '../db/connection'
import { getApplication, getSyncState } from '../db/applications-repository'
import { loadCatalogueFile, seedCatalogue } from '../db/catalogue-repository'
import { countPending, getShadow, listAllOutbox, listOpenConflicts } from '../db/sync-repository'
import { DEFAULT_CALENDAR } from '../../shared/domain/calendar'
import type { ClerkSession } from '../../shared/session'
import { DomainError } from '../../shared/result'
import { SyncEngine, type SyncEngineDeps } from './sync-engine'
import { MemoryPortal } from './testing/memory-portal'
import { TransportError } from './transport'
import { behindPage } from '../../shared/protocol'
import { writeSetting } from '../db/settings'
import { sampleRecord, TEST_ACCESS_CODE_HASH } from './testing/fixtures'

const olena: ClerkSession = { clerkId: 'olena', name: 'Олена Коваль', role: 'clerk', centreId: 'c1' }
const taras: ClerkSession = { clerkId: 'taras', name: 'Тарас Мар’янчук', role: 'clerk', centreId: 'c1' }
const catalogue = loadCatalogueFile(join(__dirname, '../../../resources/catalog/services.json'))

let dir: string
let dbs: Db[] = []
let ids = 0

function workstation(portal: MemoryPortal, name: string, file?: string, extra: Partial<SyncEngineDeps> = {}) {
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
    emit: (event) => events.push(event),
    ...extra
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
  it('hands over the attachment hashes of every record a pull stores, after its commit (the scans are cached for offline review)', async () => {
    const portal = new MemoryPortal()
    const scan = (n: number) => ({
      sha256: String(n).repeat(64).slice(0, 64),
      name: `скан-${n}.pdf`,
      mediaType: 'application/pdf' as const
    })
    portal.put(sampleRecord('a1', { attachments: [scan(1), scan(2)] }))
    portal.put(sampleRecord('a2', { orderNumber: '001-000124-5', attachments: [] }))
    portal.put(sampleRecord('a3', { orderNumber: '001-000125-6', attachments: [scan(3)] }))
    const handed: string[][] = []
    let committed = true
    const w = workstation(portal, 'w1', undefined, {
      onPulledAttachments: (hashes) => {
        committed = !w.db.inTransaction && getApplication(w.db, 'a3') !== null
        handed.push([...hashes])
      }
    })
    await w.engine.syncNow()
    expect(handed.flat().sort()).toEqual([scan(1).sha256, scan(2).sha256, scan(3).sha256])
    expect(committed).toBe(true)
  })

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

  it('is stalled only while pushes fail with the portal answering: not while offline, not merely idle (issue 14)', async () => {
    const portal = new MemoryPortal()
    portal.put(sampleRecord('a1'))
    let now = Date.parse('2026-11-30T10:00:00.000Z')
    const warnings: string[] = []
    const refusing = { refuse: false }
    const base = portal.transport('w1')
    const transport = {
      ...base,
      pull: base.pull.bind(base),
      push: (req: Parameters<typeof base.push>[0]) =>
        refusing.refuse ? Promise.reject(new TransportError('server', 'Портал відповів 503', 'unavailable')) : base.push(req)
    }
    const w = workstation(portal, 'w1', undefined, {
      clock: () => new Date(now),
      transport,
      stallAfterMs: 60_000,
      log: { info: () => {}, warn: (m) => warnings.push(m) }
    })
    await w.engine.syncNow()
    w.engine.submit({ type: 'note', applicationId: 'a1', payload: { text: 'Нотатка' } }, olena)
    // Idle for an hour with a pending command: nobody asked it to sync, nothing is stuck.
    now += 3_600_000
    expect(w.engine.status().stalled).toBe(false)
    // Offline for an hour: that is 'offline', not stalled.
    base.offline = true
    await expect(w.engine.syncNow()).rejects.toThrow()
    now += 3_600_000
    expect(w.engine.status()).toMatchObject({ online: false, stalled: false })
    // The portal answers pulls, but every push fails: stalled once that lasts past stallAfterMs, with the reason.
    base.offline = false
    refusing.refuse = true
    await expect(w.engine.syncNow()).rejects.toThrow()
    expect(w.engine.status().stalled).toBe(false)
    now += 61_000
    await expect(w.engine.syncNow()).rejects.toThrow()
    expect(w.engine.status()).toMatchObject({ stalled: true, pendingCommands: 1, lastError: 'Портал відповів 503' })
    await expect(w.engine.syncNow()).rejects.toThrow()
    expect(warnings.filter((m) => m.startsWith('sync stalled'))).toHaveLength(1)
    // One push that gets results ends it.
    refusing.refuse = false
    await w.engine.syncNow()
    expect(w.engine.status()).toMatchObject({ stalled: false, pendingCommands: 0 })
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
    portal.put(
      sampleRecord('a1', {
        status: 'in_review',
        holder: { clerkId: 'taras', name: 'Тарас', since: '2026-11-30T08:00:00.000Z' },
        version: 2
      })
    )
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
          delivery: 'in_person',
          accessCodeHash: TEST_ACCESS_CODE_HASH,
          serviceVersion: 1
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

  describe('walk-in scans', () => {
    const scan = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a])
    const sha = (n: number): string => String(n).repeat(64).slice(0, 64)
    function walkIn(w: ReturnType<typeof workstation>, id: string, n: number, hashes: string[]): void {
      w.engine.submit(
        {
          type: 'register_walk_in',
          applicationId: id,
          payload: {
            orderNumber: `002-00000${n}-0`,
            serviceId: 'residence-registration',
            applicant: sampleRecord(id).applicant,
            fields: {},
            attachments: hashes.map((h, i) => ({ sha256: h, name: `скан ${i + 1}`, mediaType: 'application/pdf' as const })),
            documents: [],
            delivery: 'in_person',
            accessCodeHash: TEST_ACCESS_CODE_HASH,
            serviceVersion: 1
          }
        },
        olena
      )
    }

    it('go to the portal before the walk-in that refers to them; a missing or refused scan does not hold the command back', async () => {
      const portal = new MemoryPortal()
      const warnings: string[] = []
      const kept = new Map([[sha(1), scan]])
      const w = workstation(portal, 'w1', undefined, {
        scans: { read: async (h) => kept.get(h) ?? null },
        log: { info: () => {}, warn: (m) => warnings.push(m) }
      })
      w.transport.offline = true
      walkIn(w, 'walk1', 1, [sha(1), sha(2)])
      // Offline: nothing is uploaded, the command waits.
      await expect(w.engine.pushOnce()).rejects.toThrow()
      expect(portal.blobs.size).toBe(0)

      w.transport.offline = false
      await w.engine.syncNow()
      expect(portal.blobs.get(sha(1))).toMatchObject({ mediaType: 'application/pdf', executedBefore: 0 })
      expect(portal.executed.map((c) => c.type)).toEqual(['register_walk_in'])
      // sha(2) is not on this desk: logged, and the walk-in still reached the portal.
      expect(warnings.some((m) => m.includes('missing'))).toBe(true)
      expect(countPending(w.db)).toBe(0)

      portal.refuseBlobs = true
      walkIn(w, 'walk2', 2, [sha(1)])
      await w.engine.syncNow()
      expect(warnings.some((m) => m.includes('refused'))).toBe(true)
      expect(portal.executed).toHaveLength(2)
      expect(countPending(w.db)).toBe(0)
    })
  })

  describe('mirror reset', () => {
    /** An application and its "submitted" event at a new version, as the portal's intake stores them. */
    function submitted(portal: MemoryPortal, id: string, n: number): void {
      portal.put(sampleRecord(id, { orderNumber: `001-00050${n}-${n}` }))
      portal.addEvent({
        id: `ev-${id}`,
        applicationId: id,
        kind: 'submitted',
        at: '2026-11-30T08:00:00.000Z',
        actor: 'Заявник',
        commandId: null,
        data: {}
      })
    }
    const ids = (db: Db): string[] => (db.prepare('SELECT id FROM applications ORDER BY id').all() as { id: string }[]).map((r) => r.id)
    const counted = (db: Db): number => (db.prepare('SELECT coalesce(sum(n), 0) AS n FROM application_counts').get() as { n: number }).n

    it('a portal restored from a backup whose counter passed the cursor: the mirror is rebuilt apart and swapped in; lost rows go, pending commands replay', async () => {
      const portal = new MemoryPortal()
      submitted(portal, 'a1', 1)
      const backup = portal.snapshot()
      submitted(portal, 'a2', 2)
      const file = join(dir, 'w1.sqlite')
      const w = workstation(portal, 'w1', file)
      await w.engine.syncNow()
      expect(ids(w.db)).toEqual(['a1', 'a2'])
      expect(w.engine.cursorEvent()).toEqual({ version: 2, id: 'ev-a2' })

      w.transport.offline = true
      w.engine.submit({ type: 'claim', applicationId: 'a1', payload: {} }, olena)
      // The portal is restored from the backup taken at version 1 and goes on: versions 2 and 3
      // now hold other applications. The cursor (2) alone is servable.
      portal.restore(backup)
      submitted(portal, 'a3', 3)
      submitted(portal, 'a4', 4)
      expect(portal.pull('w1', 2, 100).reset).toBe(false)

      w.transport.offline = false
      await w.engine.syncNow()
      // a2 existed only in the lost history: gone. a3 (at the cursor's own version) is not skipped.
      expect(ids(w.db)).toEqual(['a1', 'a3', 'a4'])
      expect(getApplication(w.db, 'a1')?.holder?.clerkId).toBe('olena')
      expect(countPending(w.db)).toBe(0)
      // The queue counters and the search index follow the swap (kept by the triggers).
      expect(counted(w.db)).toBe(3)
      expect(existsSync(`${file}.reset`)).toBe(false)
      // Caught up on the new history: the next pull is served from the new cursor.
      await w.engine.syncNow()
      expect(ids(w.db)).toEqual(['a1', 'a3', 'a4'])
    })

    it('a portal restored again while the reset is pulled: the staged mirror starts over, nothing of the first attempt survives', async () => {
      const portal = new MemoryPortal()
      for (const [i, id] of ['a1', 'a2'].entries()) submitted(portal, id, i + 1)
      const w = workstation(portal, 'w1', undefined, { pullPageSize: 1 })
      await w.engine.syncNow()
      portal.restore({ records: new Map(), changes: [], version: 0 })
      submitted(portal, 'b1', 3)
      submitted(portal, 'b2', 4)
      const pull = w.transport.pull.bind(w.transport)
      let pulls = 0
      w.transport.pull = async (c, limit, held) => {
        // The 3rd request is the reset's second page: meanwhile the portal lost b2 and got c1.
        if (++pulls === 3) {
          portal.restore({ records: new Map(), changes: [], version: 0 })
          submitted(portal, 'c1', 5)
          return { changes: [], nextCursor: 0, hasMore: true, lastSeq: 0, reset: true }
        }
        return pull(c, limit, held)
      }
      await w.engine.syncNow()
      expect(ids(w.db)).toEqual(['c1'])
      expect(counted(w.db)).toBe(1)
    })

    it('a reset cut short before the swap leaves the old mirror and cursor, and the half-built file is thrown away', async () => {
      const portal = new MemoryPortal()
      for (const [i, id] of ['a1', 'a2', 'a3', 'a4'].entries()) submitted(portal, id, i + 1)
      const file = join(dir, 'w1.sqlite')
      const w = workstation(portal, 'w1', file, { pullPageSize: 1 })
      await w.engine.syncNow()
      const cursor = w.engine.cursor()
      // Restored to nothing, then two new applications: a reset pulled in two pages.
      portal.restore({ records: new Map(), changes: [], version: 0 })
      submitted(portal, 'b1', 5)
      submitted(portal, 'b2', 6)
      const pull = w.transport.pull.bind(w.transport)
      let pulls = 0
      w.transport.pull = async (c, limit, held) => {
        if (++pulls === 3) throw new TransportError('offline', 'the network went down mid-reset')
        return pull(c, limit, held)
      }
      await expect(w.engine.syncNow()).rejects.toThrow(/mid-reset/)
      expect(ids(w.db)).toEqual(['a1', 'a2', 'a3', 'a4'])
      expect(w.engine.cursor()).toBe(cursor)
      expect(existsSync(`${file}.reset`)).toBe(false)

      w.transport.pull = pull
      await w.engine.syncNow()
      expect(ids(w.db)).toEqual(['b1', 'b2'])
      expect(counted(w.db)).toBe(2)
    })
  })

  describe('a read replica that lags (issue 19): `behind` is "nothing new yet", never a reset or a loss', () => {
    function submitted(portal: MemoryPortal, id: string, n: number): void {
      portal.put(sampleRecord(id, { orderNumber: `001-00060${n}-${n}` }))
      portal.addEvent({
        id: `ev-${id}`,
        applicationId: id,
        kind: 'submitted',
        at: '2026-11-30T08:00:00.000Z',
        actor: 'Заявник',
        commandId: null,
        data: {}
      })
    }
    const ids = (db: Db): string[] => (db.prepare('SELECT id FROM applications ORDER BY id').all() as { id: string }[]).map((r) => r.id)

    it('a replica below the cursor: mirror, cursor and held event kept, no reset file, retried until it catches up', async () => {
      const portal = new MemoryPortal()
      submitted(portal, 'a1', 1)
      portal.replicaNow()
      const lagging = portal.replica
      submitted(portal, 'a2', 2)
      const warned: string[] = []
      const file = join(dir, 'w1.sqlite')
      const w = workstation(portal, 'w1', file, { log: { info: () => {}, warn: (m) => warned.push(m) } })
      portal.replica = null
      await w.engine.syncNow()
      expect(w.engine.cursor()).toBe(2)
      // From now on pulls read the replica, which is at version 1.
      portal.replica = lagging
      expect(portal.pull('w1', 2, 100, { version: 2, id: 'ev-a2' }).behind).toBe(true)
      await w.engine.syncNow()
      expect(w.engine.portalBehind).toBe(true)
      expect(ids(w.db)).toEqual(['a1', 'a2'])
      expect(w.engine.cursor()).toBe(2)
      expect(w.engine.cursorEvent()).toEqual({ version: 2, id: 'ev-a2' })
      expect(existsSync(`${file}.reset`)).toBe(false)
      expect(warned.filter((m) => /reset/.test(m))).toEqual([])
      expect(w.engine.status()).toMatchObject({ online: true, lastError: null })
      // pullOnce the same.
      const page = await w.engine.pullOnce()
      expect(page).toMatchObject({ behind: true, nextCursor: 2, changes: [] })
      expect(w.engine.cursor()).toBe(2)
      // The replica catches up (and passes the primary's next change): the next run pulls on.
      submitted(portal, 'a3', 3)
      portal.replicaNow()
      await w.engine.syncNow()
      expect(w.engine.portalBehind).toBe(false)
      expect(ids(w.db)).toEqual(['a1', 'a2', 'a3'])
      expect(w.engine.cursor()).toBe(3)
      expect(warned.filter((m) => /reset/.test(m))).toEqual([])
    })

    it('a replica whose last seq is below what this workstation recorded: nothing reopened, nothing resent, the claim stays shown', async () => {
      const portal = new MemoryPortal()
      submitted(portal, 'a1', 1)
      const warned: string[] = []
      const w = workstation(portal, 'w1', undefined, { log: { info: () => {}, warn: (m) => warned.push(m) } })
      await w.engine.syncNow()
      // The replica has everything up to now, but not the claim about to be pushed.
      portal.replicaNow()
      w.engine.submit({ type: 'claim', applicationId: 'a1', payload: {} }, olena)
      await w.engine.syncNow()
      expect(portal.lastSeq.get('w1')).toBe(1)
      expect(w.engine.portalBehind).toBe(true)
      expect(listAllOutbox(w.db).map((r) => r.state)).toEqual(['applied'])
      expect(countPending(w.db)).toBe(0)
      expect(getApplication(w.db, 'a1')?.holder?.clerkId).toBe('olena')
      expect(warned.filter((m) => /fewer results|reset/.test(m))).toEqual([])
      expect(portal.executed).toHaveLength(1)
      // Caught up: the claim is in the mirror, and still nothing was sent twice.
      portal.replicaNow()
      await w.engine.syncNow()
      expect(w.engine.portalBehind).toBe(false)
      expect(getApplication(w.db, 'a1')?.holder?.clerkId).toBe('olena')
      expect(getShadow(w.db, 'a1').exists).toBe(false)
      expect(portal.executed).toHaveLength(1)
    })

    it('a primary restored from a backup, replica or not: reset as before (the retry on the primary answers it)', async () => {
      const portal = new MemoryPortal()
      submitted(portal, 'a1', 1)
      const backup = portal.snapshot()
      submitted(portal, 'a2', 2)
      const file = join(dir, 'w1.sqlite')
      const w = workstation(portal, 'w1', file)
      await w.engine.syncNow()
      portal.restore(backup)
      submitted(portal, 'a3', 2)
      // The replica follows the restored primary; it cannot serve the old history, nor can the primary.
      portal.replicaNow(true)
      await w.engine.syncNow()
      expect(w.engine.portalBehind).toBe(false)
      expect(ids(w.db)).toEqual(['a1', 'a3'])
      expect(w.engine.cursorEvent()).toEqual({ version: 2, id: 'ev-a3' })
    })

    it('a reset cut short by a `behind` page: the old mirror and cursor stay, the next run finishes it', async () => {
      const portal = new MemoryPortal()
      submitted(portal, 'a1', 1)
      submitted(portal, 'a2', 2)
      const file = join(dir, 'w1.sqlite')
      const w = workstation(portal, 'w1', file, { pullPageSize: 1 })
      await w.engine.syncNow()
      // Forced ahead: the primary answers reset; the reset's second page meets a replica at version 1.
      writeSetting(w.db, 'sync.cursor', 9)
      let pulls = 0
      const real = w.transport.pull.bind(w.transport)
      w.transport.pull = (cursor, limit, held) => {
        if (++pulls === 3) return Promise.resolve(behindPage(cursor, 0))
        return real(cursor, limit, held)
      }
      await expect(w.engine.syncNow()).rejects.toThrow(/перезавантаження/)
      expect(w.engine.cursor()).toBe(9)
      expect(ids(w.db)).toEqual(['a1', 'a2'])
      expect(existsSync(`${file}.reset`)).toBe(false)
      await w.engine.syncNow()
      expect(w.engine.cursor()).toBe(2)
      expect(ids(w.db)).toEqual(['a1', 'a2'])
    })
  })
})
