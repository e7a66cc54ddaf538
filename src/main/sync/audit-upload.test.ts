import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, closeDatabase, type Db } from '../db/connection'
import { countUnuploadedAudit } from '../db/audit-repository'
import { loadCatalogueFile, seedCatalogue } from '../db/catalogue-repository'
import { join } from 'node:path'
import { createAuditTrail } from '../services/audit-trail'
import { DEFAULT_CALENDAR } from '../../shared/domain/calendar'
import type { AuditUploadRequest, AuditUploadResponse } from '../../shared/audit'
import type { ClerkSession } from '../../shared/session'
import { SyncEngine } from './sync-engine'
import { MemoryPortal } from './testing/memory-portal'
import { sampleRecord } from './testing/fixtures'
import { TransportError } from './transport'

const olena: ClerkSession = { clerkId: 'olena', name: 'Олена Коваль', role: 'clerk', centreId: 'c1' }
const catalogue = loadCatalogueFile(join(__dirname, '../../../resources/catalog/services.json'))

let db: Db
let ids = 0
let received: Map<string, AuditUploadRequest['entries'][number]>
let uploads: number[]
let failNext: TransportError | null
let loseNextAnswer: boolean

function setup() {
  db = openDatabase(':memory:')
  seedCatalogue(db, catalogue)
  const portal = new MemoryPortal()
  portal.put(sampleRecord('a1'))
  const clock = () => new Date('2026-11-30T10:00:00.000Z')
  const audit = createAuditTrail({ db, clock, workstationId: 'w1' })
  const transport = Object.assign(portal.transport('w1'), {
    async uploadAudit(req: AuditUploadRequest): Promise<AuditUploadResponse> {
      if (failNext) {
        const e = failNext
        failNext = null
        throw e
      }
      uploads.push(req.entries.length)
      let stored = 0
      for (const e of req.entries) {
        if (!received.has(e.id)) stored++
        received.set(e.id, e)
      }
      if (loseNextAnswer) {
        loseNextAnswer = false
        throw new TransportError('offline', 'response lost')
      }
      return { received: req.entries.length, stored }
    }
  })
  const engine = new SyncEngine({
    db,
    clock,
    newId: () => `id-${++ids}`,
    transport,
    calendar: DEFAULT_CALENDAR,
    centreId: 'c1',
    workstationId: 'w1',
    log: { info: () => undefined, warn: () => undefined },
    emit: () => undefined,
    auditCommand: (entry) => audit.command(entry)
  })
  return { engine, audit, portal }
}

beforeEach(() => {
  received = new Map()
  uploads = []
  failNext = null
  loseNextAnswer = false
})
afterEach(() => closeDatabase(db))

describe('audit upload', () => {
  it('goes after the commands, in batches of 500, and moves the watermark only after the portal answers', async () => {
    const { engine, audit } = setup()
    await engine.syncNow()
    engine.submit({ type: 'claim', applicationId: 'a1', payload: {} }, olena)
    for (let i = 0; i < 700; i++) audit.record({ action: 'view', clerk: olena, applicationId: 'a1', orderNumber: null, detail: { i } })
    expect(countUnuploadedAudit(db)).toBe(701)
    await engine.syncNow()
    expect(uploads).toEqual([500, 201])
    expect(countUnuploadedAudit(db)).toBe(0)
    const change = [...received.values()].find((e) => e.action === 'change')
    expect(change).toMatchObject({ clerkId: 'olena', applicationId: 'a1', detail: { type: 'claim', seq: 1 } })
    await engine.syncNow()
    expect(uploads).toEqual([500, 201])
  })

  it('resends a batch whose answer was lost; the portal keeps each entry once', async () => {
    const { engine, audit } = setup()
    audit.record({ action: 'sign_in', clerk: olena, detail: { mode: 'offline' } })
    loseNextAnswer = true
    await expect(engine.syncNow()).rejects.toThrow(/response lost/)
    expect(countUnuploadedAudit(db)).toBe(1)
    await engine.syncNow()
    expect(uploads).toEqual([1, 1])
    expect(received.size).toBe(1)
    expect(countUnuploadedAudit(db)).toBe(0)
  })

  it('an upload the portal refuses as malformed does not stop the pull; the entries wait', async () => {
    const { engine, audit } = setup()
    audit.record({ action: 'lock', clerk: olena, detail: { reason: 'idle' } })
    failNext = new TransportError('protocol', 'Такої адреси немає')
    await engine.syncNow()
    expect(db.prepare('SELECT count(*) AS n FROM applications').get()).toEqual({ n: 1 })
    expect(countUnuploadedAudit(db)).toBe(1)
    await engine.syncNow()
    expect(countUnuploadedAudit(db)).toBe(0)
  })

  it('goes again whole after the portal was restored from a backup (a mirror reset); the portal keeps each entry once', async () => {
    const { engine, audit, portal } = setup()
    audit.record({ action: 'sign_in', clerk: olena, detail: { mode: 'online' } })
    await engine.syncNow()
    const backup = portal.snapshot()
    const trailInBackup = new Map(received)
    engine.submit({ type: 'claim', applicationId: 'a1', payload: {} }, olena)
    audit.record({ action: 'view', clerk: olena, applicationId: 'a1', orderNumber: null, detail: {} })
    await engine.syncNow()
    expect(received.size).toBe(3)
    // Restored: the portal's change counter and its audit trail go back to the backup.
    portal.restore(backup)
    received = trailInBackup
    await engine.syncNow() // answered 'reset': the mirror is rebuilt, and the trail uploaded again
    expect(received.size).toBe(3)
    expect([...received.values()].map((e) => e.action).sort()).toEqual(['change', 'sign_in', 'view'])
    expect(countUnuploadedAudit(db)).toBe(0)
  })
})
