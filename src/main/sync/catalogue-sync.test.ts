import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { closeDatabase, openDatabase, type Db } from '../db/connection'
import { catalogueRevision, listCardVersions, loadCatalogueFile, seedCatalogue } from '../db/catalogue-repository'
import { pullCursor } from '../db/sync-state'
import { cardFromCatalogueService } from '../../shared/catalogue/from-file'
import type { DeskCatalogue } from '../../shared/catalogue/desk-catalogue'
import type { Service } from '../../shared/catalogue'
import { DEFAULT_CALENDAR } from '../../shared/domain/calendar'
import type { PullResponse } from '../../shared/protocol'
import { HttpTransport } from './http-transport'
import { SyncEngine } from './sync-engine'

/*
 * The workstation's half of the synced catalogue (issue 17, item 5), through the real HTTP transport
 * (its zod check of the page) and the real engine: the desk names the revision it holds with every
 * pull (`catalogue=<revision>.<id>` or `none`), replaces its cards with the catalogue that comes with
 * a page in the transaction of the page's last unit, and says so to the renderer ('catalogue.changed').
 */

const file = loadCatalogueFile(join(__dirname, '../../../resources/catalog/services.json'))
function service(i: number): Service {
  const s = file[i]
  if (!s) throw new Error(`the catalogue file has no service ${i}`)
  return s
}
const s0 = service(0)
const s1 = service(1)
const c0 = cardFromCatalogueService(s0)
const c1 = cardFromCatalogueService(s1)

function catalogue(revision: number, revisionId: string, renamed = 'нова редакція'): DeskCatalogue {
  return {
    revision,
    revisionId,
    cards: [
      { serviceId: s0.id, version: 1, stage: 'published', live: false, card: c0 },
      { serviceId: s0.id, version: 2, stage: 'published', live: true, card: { ...c0, name_uk: `${c0.name_uk} (${renamed})` } },
      { serviceId: s0.id, version: 3, stage: 'testing', live: false, card: c0 },
      { serviceId: s1.id, version: 1, stage: 'withdrawn', live: false, card: c1 }
    ]
  }
}

let dir: string
let dbs: Db[] = []
const transports: HttpTransport[] = []

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vikno-catsync-'))
  dbs = []
})
afterEach(() => {
  for (const t of transports.splice(0)) t.close()
  for (const db of dbs) closeDatabase(db)
  rmSync(dir, { recursive: true, force: true })
})

/** A portal answering /sync/pull with `answer(catalogueParam)`; every param it was sent is kept. */
function desk(answer: (held: string | null) => unknown) {
  const db = openDatabase(join(dir, 'desk.sqlite'))
  dbs.push(db)
  seedCatalogue(db, file)
  const asked: (string | null)[] = []
  const transport = new HttpTransport(
    'http://portal.test',
    'ws-token',
    async (url) => {
      const u = new URL(String(url))
      if (u.pathname !== '/sync/pull') return Response.json({ error: { code: 'not_found', message: 'немає' } }, { status: 404 })
      const held = u.searchParams.get('catalogue')
      asked.push(held)
      return Response.json(answer(held))
    },
    { decodeInline: true }
  )
  transports.push(transport)
  const events: { event: string; payload: unknown }[] = []
  const engine = new SyncEngine({
    db,
    clock: () => new Date('2026-12-08T10:00:00.000Z'),
    newId: () => 'id-1',
    transport,
    calendar: DEFAULT_CALENDAR,
    centreId: 'c1',
    workstationId: 'w1',
    log: { info: () => {}, warn: () => {} },
    emit: (event, payload) => events.push({ event, payload })
  })
  return { db, engine, asked, events }
}

/** The desk's versions of the services the catalogue sends (one it no longer sends keeps its versions, never live: applications name them). */
function heldOf(db: Db, sent: DeskCatalogue): DeskCatalogue['cards'] {
  const ids = new Set(sent.cards.map((c) => c.serviceId))
  const all = listCardVersions(db)
  expect(all.filter((c) => !ids.has(c.serviceId) && c.live)).toEqual([])
  return all.filter((c) => ids.has(c.serviceId))
}

const byKey = (cards: DeskCatalogue['cards']): DeskCatalogue['cards'] =>
  [...cards].sort((a, b) => (a.serviceId < b.serviceId ? -1 : a.serviceId > b.serviceId ? 1 : a.version - b.version))

const page = (extra: Partial<PullResponse> = {}): PullResponse => ({
  changes: [],
  nextCursor: 0,
  hasMore: false,
  lastSeq: 0,
  reset: false,
  ...extra
})

describe('the catalogue in the workstation’s pull', () => {
  it('names what it holds; takes the whole catalogue that arrives, in the page’s transaction, and announces it; nothing when it holds it; a restored portal’s other id replaces it', async () => {
    let current = catalogue(1, 'rev-a')
    const w = desk((held) => page(held === `${current.revision}.${current.revisionId}` ? {} : { catalogue: current }))
    expect(catalogueRevision(w.db)).toBeNull()
    await w.engine.syncNow()
    expect(w.asked).toEqual(['none'])
    expect(catalogueRevision(w.db)).toEqual({ revision: 1, revisionId: 'rev-a' })
    expect(heldOf(w.db, current)).toEqual(byKey(current.cards))
    expect(w.events.filter((e) => e.event === 'catalogue.changed')).toEqual([{ event: 'catalogue.changed', payload: { revision: 1 } }])

    await w.engine.syncNow()
    expect(w.asked).toEqual(['none', '1.rev-a'])
    expect(w.events.filter((e) => e.event === 'catalogue.changed')).toHaveLength(1)

    // The portal restored from a backup: the same number, another id, other cards.
    current = catalogue(1, 'rev-b', 'після відновлення')
    await w.engine.syncNow()
    expect(w.asked.at(-1)).toBe('1.rev-a')
    expect(catalogueRevision(w.db)).toEqual({ revision: 1, revisionId: 'rev-b' })
    expect(heldOf(w.db, current)).toEqual(byKey(current.cards))
    expect(w.events.filter((e) => e.event === 'catalogue.changed')).toHaveLength(2)
  })

  it('a `behind` page changes nothing, whatever it carries', async () => {
    const w = desk(() => ({ ...page({ behind: true }), catalogue: catalogue(7, 'rev-from-a-replica') }))
    const before = listCardVersions(w.db)
    await w.engine.syncNow()
    expect(catalogueRevision(w.db)).toBeNull()
    expect(listCardVersions(w.db)).toEqual(before)
    expect(w.events.some((e) => e.event === 'catalogue.changed')).toBe(false)
  })

  it('a malformed catalogue fails the page as any malformed page does: nothing of it is applied, the cursor stays', async () => {
    const bad = catalogue(2, 'rev-bad')
    // Two live versions of one service.
    bad.cards[0] = { ...(bad.cards[0] as DeskCatalogue['cards'][number]), live: true }
    const w = desk(() => page({ nextCursor: 5, catalogue: bad }))
    const before = listCardVersions(w.db)
    await expect(w.engine.syncNow()).rejects.toThrow(/формат|Дві чинні/)
    expect(pullCursor(w.db)).toBe(0)
    expect(catalogueRevision(w.db)).toBeNull()
    expect(listCardVersions(w.db)).toEqual(before)
    const noId = desk(() => page({ nextCursor: 5, catalogue: { ...catalogue(2, 'x'), revisionId: 'not an id!' } as DeskCatalogue }))
    await expect(noId.engine.syncNow()).rejects.toThrow()
    expect(pullCursor(noId.db)).toBe(0)
  })
})
