import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase } from '../main/db/connection'
import { getApplication, getSyncState, upsertApplication } from '../main/db/applications-repository'
import { loadCatalogueFile, seedCatalogue } from '../main/db/catalogue-repository'
import { countPending, listAllOutbox, listConflicts, listOpenConflicts } from '../main/db/sync-repository'
import { SyncEngine } from '../main/sync/sync-engine'
import { TransportError } from '../main/sync/transport'
import { handleEnrol, handlePull, handlePush, handleResults, seedDemoCentre, submitApplication } from '../portal/index'
import type { PushRequest } from '../shared/protocol'
import { DEMO_CENTRE, DEMO_CLERKS } from '../shared/demo/clerks'
import { DEFAULT_CALENDAR } from '../shared/domain/calendar'
import type { ApplicationRecord } from '../shared/domain/application'
import type { CommandEnvelope } from '../shared/domain/commands'
import { portalHost, simPortalDeps, type PortalHost } from './portal-host'
import { registerSimKeys } from './signatures'
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
  const enrolment = await handleEnrol(host.db, deps, {
    enrolmentCode: DEMO_CENTRE.enrolmentCode,
    workstationId: wsId,
    creationNonce: 'regression',
    label: ''
  })
  const ws = { id: wsId, centreId: enrolment.centreId }
  // The demo clerks' signing keys on this workstation (issue 20), as their online sign-ins would register them.
  const signer = await registerSimKeys(
    host.db,
    deps,
    ws,
    DEMO_CLERKS.map((c) => c.clerkId),
    'regression'
  )
  /** A command as this workstation sends it: signed by its clerk. */
  const signed = (cmd: CommandEnvelope): CommandEnvelope => {
    const signature = signer.sign(cmd)
    return signature ? { ...cmd, signature } : cmd
  }
  return { db: host.db, deps, ws, host, signed }
}

type Portal = Awaited<ReturnType<typeof freshPortal>>

/** Two citizens' applications on the portal, in the order they arrived. */
async function twoApplications(portal: Portal): Promise<[{ id: string }, { id: string }]> {
  await submitApplication(portal.db, portal.deps, citizenApplication(1))
  await submitApplication(portal.db, portal.deps, citizenApplication(2))
  const [a, b] = await portal.db.query<{ id: string }>('SELECT id FROM applications ORDER BY change_version')
  if (!a || !b) throw new Error('no applications')
  return [a, b]
}

/**
 * A workstation on its own SQLite file, talking to the real portal handlers directly (no network
 * faults). `pages`: pages of that many changes, and `servePages` (when set) the pull requests answered
 * before the network goes (offline) — a run cut short between two pages.
 */
async function station(portal: Portal, dir: string, index: number, opts: { pageSize?: number; servePages?: { left: number } } = {}) {
  const id = simUuid(0x5e000000 + index, 0)
  if (index > 0)
    await handleEnrol(portal.db, portal.deps, {
      enrolmentCode: DEMO_CENTRE.enrolmentCode,
      workstationId: id,
      creationNonce: `regression-${index}`,
      label: ''
    })
  const ws = { id, centreId: DEMO_CENTRE.id }
  /** Every push request as sent: a test can deliver one again later, as a network that held it back would. */
  const sent: PushRequest[] = []
  const signer = await registerSimKeys(
    portal.db,
    portal.deps,
    ws,
    DEMO_CLERKS.map((c) => c.clerkId),
    'regression'
  )
  const db = openDatabase(join(dir, `ws${index}.sqlite`))
  seedCatalogue(db, loadCatalogueFile(CATALOGUE_PATH))
  const engine = new SyncEngine({
    db,
    clock: () => new Date(now),
    newId: () => simUuid(index + 1, ++ids),
    ...(opts.pageSize !== undefined ? { pullPageSize: opts.pageSize } : {}),
    transport: {
      pull: (cursor, limit, after) => {
        if (opts.servePages && opts.servePages.left-- <= 0) return Promise.reject(new TransportError('offline', 'the network went'))
        return handlePull(portal.db, portal.deps, ws, { cursor, limit, after: after ?? null, withResultsChain: true, withTesting: true })
      },
      push: (request) => {
        sent.push(request)
        return handlePush(portal.db, portal.deps, ws, request)
      },
      results: (to, limit) => handleResults(portal.db, ws, { to, limit }),
      blob: () => Promise.reject(new TransportError('protocol', 'no attachments here'))
    },
    calendar: DEFAULT_CALENDAR,
    centreId: DEMO_CENTRE.id,
    workstationId: id,
    log: { info: () => undefined, warn: () => undefined },
    emit: () => undefined,
    sign: (env) => signer.sign(env),
    holdUnsigned: true
  })
  return { id, db, engine, ws, sent }
}

const session = (c: (typeof DEMO_CLERKS)[number]) => ({ clerkId: c.clerkId, name: c.name, role: c.role, centreId: c.centreId })

async function portalResults(db: PortalHost['db'], workstationId: string): Promise<{ seq: number; outcome: string }[]> {
  return (
    await db.query<{ seq: number; outcome: string }>('SELECT seq, outcome FROM command_results WHERE workstation_id = $1 ORDER BY seq', [
      workstationId
    ])
  ).map((r) => ({
    seq: Number(r.seq),
    outcome: r.outcome
  }))
}

function command(seq: number, type: CommandEnvelope['type'], applicationId: string, payload: unknown): CommandEnvelope {
  return {
    commandId: simUuid(9, seq),
    seq,
    type,
    v: 1,
    applicationId,
    baseVersion: null,
    clerk: { clerkId: olena.clerkId, name: olena.name },
    issuedAt: new Date(now).toISOString(),
    payload
  }
}

describe('pull: an event never arrives before its application', () => {
  beforeEach(() => {
    now = Date.parse('2026-11-27T10:00:00+02:00')
  })

  it('a page that holds an application’s older event carries the application’s current record (sim seed 1: FOREIGN KEY failure, sync stalled)', async () => {
    const { db, deps, ws, signed } = await freshPortal()
    await submitApplication(db, deps, citizenApplication(1)) // version 1: A and its 'submitted' event
    await submitApplication(db, deps, citizenApplication(2)) // version 2: B
    const [a] = await db.query<{ id: string }>('SELECT id FROM applications ORDER BY change_version LIMIT 1')
    if (!a) throw new Error('no application')
    const res = await handlePush(db, deps, ws, { workstationId: ws.id, commands: [signed(command(1, 'claim', a.id, {}))] }) // A's row moves to version 3
    expect(res.results[0]?.outcome).toBe('applied')

    const page = await handlePull(db, deps, ws, { cursor: 0, limit: 1 })
    expect(page.nextCursor).toBe(1)
    const events = page.changes.filter((c) => c.type === 'event' && c.version <= page.nextCursor)
    expect(events.map((c) => (c.type === 'event' ? c.event.applicationId : ''))).toEqual([a.id])
    // The record shipped ahead comes with its own latest event (the claim, version 3; sim seed 479532).
    const ahead = page.changes.filter((c) => c.type === 'event' && c.version > page.nextCursor)
    expect(ahead.map((c) => (c.type === 'event' ? [c.version, c.event.applicationId, c.event.kind] : []))).toEqual([[3, a.id, 'claimed']])
    const records = page.changes.filter((c) => c.type === 'application').map((c) => (c.type === 'application' ? c.record : null))
    expect(records.map((r) => r?.id)).toEqual([a.id])
    expect(records[0]?.holder?.clerkId).toBe(olena.clerkId)
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
        applicant: {
          surname: 'Шевченко',
          givenName: 'Марія',
          patronymic: null,
          rnokpp: null,
          birthDate: '1980-01-01',
          phone: null,
          email: null,
          address: 'м. Хмельницький'
        },
        fields: {},
        attachments: [],
        documents: [],
        status: 'needs_correction',
        holder: { clerkId: olena.clerkId, name: olena.name, since: '2026-11-27T10:00:00+02:00' },
        takenIntoWorkAt: '2026-11-27T10:00:00+02:00',
        receivedAt: '2026-11-27T09:00:00+02:00',
        dueAt: '2026-11-27T21:59:59+02:00',
        pauses: [{ from: requestedAt, to: null }],
        correction: {
          items: [],
          general: 'Уточніть адресу',
          requestedAt,
          requestedBy: { clerkId: olena.clerkId, name: olena.name },
          answeredAt: null,
          answer: null
        },
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
      engine.submit(
        { type: 'decide', applicationId: 'app-1', payload: { kind: 'return', ground: null, text: 'Повернуто', appeal: null } },
        session
      )
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
    const { db, deps, ws, signed } = await freshPortal()
    await submitApplication(db, deps, citizenApplication(3))
    const [a] = await db.query<{ id: string }>('SELECT id FROM applications LIMIT 1')
    if (!a) throw new Error('no application')
    await handlePush(db, deps, ws, {
      workstationId: ws.id,
      commands: [
        signed(command(1, 'claim', a.id, {})),
        signed(command(2, 'request_correction', a.id, { items: [{ field: 'address', remark: 'Уточніть' }], general: '' }))
      ]
    })
    now -= 5 * 60_000 // NTP steps the clock back five minutes
    const res = await handlePush(db, deps, ws, {
      workstationId: ws.id,
      commands: [signed(command(3, 'decide', a.id, { kind: 'return', ground: null, text: 'Повернуто', appeal: null }))]
    })
    expect(res.results[0]).toMatchObject({ outcome: 'applied' })
  })
})

describe('a portal restored from a backup (sim op portalRestore)', () => {
  let dir = ''
  beforeEach(() => {
    now = Date.parse('2026-11-27T10:00:00+02:00')
    dir = mkdtempSync(join(tmpdir(), 'vikno-regression-'))
  })
  const cleanup = (...dbs: { db: ReturnType<typeof openDatabase> }[]): void => {
    for (const w of dbs) closeDatabase(w.db)
    rmSync(dir, { recursive: true, force: true })
  }

  it('a workstation with nothing pending learns from its pull that the portal lost its results and sends them again (sim seeds 61, 65: applied here, no result on the portal)', async () => {
    const portal = await freshPortal()
    await submitApplication(portal.db, portal.deps, citizenApplication(1))
    const [a] = await portal.db.query<{ id: string }>('SELECT id FROM applications')
    if (!a) throw new Error('no application')
    const w = await station(portal, dir, 0)
    try {
      await w.engine.syncNow()
      await portal.host.backup()
      // A release of what nobody holds: applied, but no change, so no version: the cursor stays valid.
      w.engine.submit({ type: 'release', applicationId: a.id, payload: { force: false, reason: '' } }, session(olena))
      await w.engine.syncNow()
      expect(await portalResults(portal.db, w.id)).toEqual([{ seq: 1, outcome: 'applied' }])
      await portal.host.restore()
      expect(await portalResults(portal.db, w.id)).toEqual([])

      // Nothing pending, so no push meets the gap: the caught-up pull (lastSeq 0) must reopen seq 1,
      // and the same run sends it again (not only the clerk's next command).
      await w.engine.syncNow()
      expect(countPending(w.db)).toBe(0)
      expect(await portalResults(portal.db, w.id)).toEqual([{ seq: 1, outcome: 'applied' }])

      // The same through a mirror reset: a claim after the backup moves the cursor past the restored counter.
      await portal.host.backup()
      w.engine.submit({ type: 'claim', applicationId: a.id, payload: {} }, session(olena))
      await w.engine.syncNow()
      await portal.host.restore()
      await w.engine.syncNow() // answered 'reset': the swap reopens seq 2, and the run sends it again
      expect(countPending(w.db)).toBe(0)
      expect(await portalResults(portal.db, w.id)).toEqual([
        { seq: 1, outcome: 'applied' },
        { seq: 2, outcome: 'applied' }
      ])
      expect(listAllOutbox(w.db).map((r) => r.state)).toEqual(['applied', 'applied'])
      expect(getApplication(w.db, a.id)?.holder?.clerkId).toBe(olena.clerkId)
    } finally {
      cleanup(w)
    }
  })

  it('a record shipped ahead of its page, whose state the restore lost while the history up to the cursor stayed, is not kept (sim seed 479532: mirror in_review v4, portal needs_correction v3)', async () => {
    const portal = await freshPortal()
    const [a] = await twoApplications(portal) // versions 1 and 2
    await portal.host.backup()
    // After the backup: a clerk elsewhere claims A, whose row moves to version 3.
    const claimed = await handlePush(portal.db, portal.deps, portal.ws, {
      workstationId: portal.ws.id,
      commands: [portal.signed(command(1, 'claim', a.id, {}))]
    })
    expect(claimed.results[0]?.outcome).toBe('applied')
    // A workstation pulls one page of one change (version 1: A's 'submitted' event), which carries A's
    // current record from version 3, and the network goes before the next page.
    const servePages = { left: 1 }
    const w = await station(portal, dir, 1, { pageSize: 1, servePages })
    try {
      await w.engine.syncNow().catch(() => undefined)
      expect(getApplication(w.db, a.id)?.holder?.clerkId).toBe(olena.clerkId)
      // The portal is restored from the backup (version 2: A unclaimed), and its counter passes 3
      // with changes that do not touch A. The history up to the workstation's cursor (1) is the same.
      await portal.host.restore()
      await submitApplication(portal.db, portal.deps, citizenApplication(3))
      await submitApplication(portal.db, portal.deps, citizenApplication(4))
      servePages.left = Number.POSITIVE_INFINITY
      await w.engine.syncNow()
      // The workstation held the claim's event (shipped with A's record): the portal no longer has it,
      // answers reset, and the rebuilt mirror shows A as the portal has it.
      const onPortal = await portal.db.query<{ record: ApplicationRecord }>('SELECT record FROM applications WHERE id = $1', [a.id])
      expect(onPortal[0]?.record.holder).toBeNull()
      expect(getApplication(w.db, a.id)?.holder).toBeNull()
    } finally {
      cleanup(w)
    }
  })

  it('a command the portal asks to resend is replayed over a shadow: when it comes back rejected its application shows the conflict (sim seeds 270, 271: badge confirmed with an open conflict)', async () => {
    const portal = await freshPortal()
    const [a, b] = await twoApplications(portal)
    const petro = DEMO_CLERKS[3] as (typeof DEMO_CLERKS)[number]
    const w1 = await station(portal, dir, 0)
    const w2 = await station(portal, dir, 1)
    try {
      await w1.engine.syncNow()
      w1.engine.submit({ type: 'claim', applicationId: a.id, payload: {} }, session(olena))
      await w1.engine.syncNow()
      await portal.host.backup()
      // Claiming what she holds: applied, no change, no version. Caught up: no shadow left for A.
      w1.engine.submit({ type: 'claim', applicationId: a.id, payload: {} }, session(olena))
      await w1.engine.syncNow()
      await w1.engine.syncNow()
      await portal.host.restore()

      // On the restored portal a supervisor takes A over.
      await w2.engine.syncNow()
      w2.engine.submit({ type: 'release', applicationId: a.id, payload: { force: true, reason: 'Перерозподіл' } }, session(petro))
      w2.engine.submit({ type: 'claim', applicationId: a.id, payload: {} }, session(petro))
      await w2.engine.syncNow()

      // w1's next push meets the gap (resend from 2); its pull is served (the cursor's event is still there).
      w1.engine.submit({ type: 'note', applicationId: b.id, payload: { text: 'Нотатка' } }, session(olena))
      await w1.engine.syncNow()
      await w1.engine.syncNow()
      expect(countPending(w1.db)).toBe(0)
      expect(await portalResults(portal.db, w1.id)).toEqual([
        { seq: 1, outcome: 'applied' },
        { seq: 2, outcome: 'rejected' },
        { seq: 3, outcome: 'applied' }
      ])
      expect(listOpenConflicts(w1.db).map((c) => c.seq)).toEqual([2])
      expect(getApplication(w1.db, a.id)?.holder?.clerkId).toBe(petro.clerkId)
      expect(getSyncState(w1.db, a.id)).toBe('rejected')
    } finally {
      cleanup(w1, w2)
    }
  })

  it('a rejection the portal lost is stored again as the clerk was shown it, never decided again, and the queue moves on (sim seeds 151, 200: resend from N for ever)', async () => {
    const portal = await freshPortal()
    const [a, b] = await twoApplications(portal)
    const taras = DEMO_CLERKS[1] as (typeof DEMO_CLERKS)[number]
    const w1 = await station(portal, dir, 0)
    const w2 = await station(portal, dir, 1)
    try {
      await w1.engine.syncNow()
      await w2.engine.syncNow()
      await portal.host.backup()
      // Taras claims A first; Olena's claim of A reaches the portal second: rejected, shown to her.
      w2.engine.submit({ type: 'claim', applicationId: a.id, payload: {} }, session(taras))
      await w2.engine.syncNow()
      w1.engine.submit({ type: 'claim', applicationId: a.id, payload: {} }, session(olena))
      await w1.engine.syncNow()
      expect(listAllOutbox(w1.db).map((r) => r.state)).toEqual(['rejected'])
      const shown = listOpenConflicts(w1.db)
      expect(shown).toHaveLength(1)

      // The portal goes back to before both claims. Olena's rejected claim must not be decided again
      // (it would now win: nobody holds A), and must not block her next command either.
      await portal.host.restore()
      w1.engine.submit({ type: 'note', applicationId: b.id, payload: { text: 'Після відновлення' } }, session(olena))
      await w1.engine.syncNow()
      await w1.engine.syncNow()
      expect(countPending(w1.db)).toBe(0)
      expect(await portalResults(portal.db, w1.id)).toEqual([
        { seq: 1, outcome: 'rejected' },
        { seq: 2, outcome: 'applied' }
      ])
      const [stored] = await portal.db.query<{ code: string; message: string }>(
        'SELECT code, message FROM command_results WHERE workstation_id = $1 AND seq = 1',
        [w1.id]
      )
      expect(stored).toEqual({ code: shown[0]?.code, message: shown[0]?.reason })
      // Not executed: A has no holder on the restored portal, and Olena's view agrees.
      const [held] = await portal.db.query<{ holder: string | null }>(
        "SELECT record -> 'holder' ->> 'clerkId' AS holder FROM applications WHERE id = $1",
        [a.id]
      )
      expect(held?.holder ?? null).toBeNull()
      expect(getApplication(w1.db, a.id)?.holder).toBeNull()
      // What she was shown stands: the same conflict, still open, no second one.
      expect(listOpenConflicts(w1.db)).toEqual(shown)
      expect(listAllOutbox(w1.db).map((r) => r.state)).toEqual(['rejected', 'applied'])
    } finally {
      cleanup(w1, w2)
    }
  })

  /*
   * Issue 14 (sim seeds 320, 509, 936, 4096, 4174, 4452, 4668, 4906): a push the network held back
   * reaches the portal after it was restored from a backup, and the command is decided AGAIN, perhaps
   * differently. The workstation had recorded the first decision. Its cursor's event predates the
   * backup (no reset) and the portal's last seq equals its own (nothing to resend): only the results
   * chain (src/shared/results-chain.ts) shows that the portal's result is not the one recorded here.
   */
  it('a claim recorded as applied that the restored portal, reached by a held-back push, rejected: the clerk is shown the rejection', async () => {
    const portal = await freshPortal()
    const [a] = await twoApplications(portal)
    const taras = DEMO_CLERKS[1] as (typeof DEMO_CLERKS)[number]
    const w1 = await station(portal, dir, 0)
    const w2 = await station(portal, dir, 1)
    try {
      await w1.engine.syncNow()
      await w2.engine.syncNow()
      await portal.host.backup()
      // Olena claims A; the push reaches the portal (and is also held back by the network). She
      // records 'applied' and pulls nothing newer than the backup before the restore.
      w1.engine.submit({ type: 'claim', applicationId: a.id, payload: {} }, session(olena))
      await w1.engine.pushOnce()
      expect(listAllOutbox(w1.db).map((r) => r.state)).toEqual(['applied'])
      const heldBack = w1.sent[w1.sent.length - 1] as PushRequest
      await portal.host.restore()

      // On the restored portal Taras claims A first; then the held-back push arrives: decided again, rejected.
      w2.engine.submit({ type: 'claim', applicationId: a.id, payload: {} }, session(taras))
      await w2.engine.syncNow()
      const late = await handlePush(portal.db, portal.deps, w1.ws, heldBack)
      expect(late.results.map((r) => r.outcome)).toEqual(['rejected'])

      await w1.engine.syncNow()
      expect(listAllOutbox(w1.db).map((r) => r.state)).toEqual(['rejected'])
      expect(listOpenConflicts(w1.db).map((c) => c.seq)).toEqual([1])
      expect(getApplication(w1.db, a.id)?.holder?.clerkId).toBe(taras.clerkId)
      expect(getSyncState(w1.db, a.id)).toBe('rejected')
    } finally {
      cleanup(w1, w2)
    }
  })

  it('a claim the clerk was told was rejected that the restored portal, reached by a held-back push, applied: the conflict is overturned, not left in the inbox', async () => {
    const portal = await freshPortal()
    const [a] = await twoApplications(portal)
    const taras = DEMO_CLERKS[1] as (typeof DEMO_CLERKS)[number]
    const w1 = await station(portal, dir, 0)
    const w2 = await station(portal, dir, 1)
    try {
      await w1.engine.syncNow()
      await w2.engine.syncNow()
      await portal.host.backup()
      // Taras claims A first; Olena's claim reaches the portal second: rejected, shown to her.
      w2.engine.submit({ type: 'claim', applicationId: a.id, payload: {} }, session(taras))
      await w2.engine.pushOnce()
      w1.engine.submit({ type: 'claim', applicationId: a.id, payload: {} }, session(olena))
      await w1.engine.pushOnce()
      expect(listOpenConflicts(w1.db).map((c) => c.seq)).toEqual([1])
      const heldBack = w1.sent[w1.sent.length - 1] as PushRequest
      await portal.host.restore()

      // Olena's held-back push reaches the restored portal before Taras's workstation sends his claim again.
      const late = await handlePush(portal.db, portal.deps, w1.ws, heldBack)
      expect(late.results.map((r) => r.outcome)).toEqual(['applied'])

      await w1.engine.syncNow()
      expect(listAllOutbox(w1.db).map((r) => r.state)).toEqual(['applied'])
      expect(listOpenConflicts(w1.db)).toEqual([])
      expect(listConflicts(w1.db).map((c) => [c.seq, c.status])).toEqual([[1, 'overturned']])
      expect(getApplication(w1.db, a.id)?.holder?.clerkId).toBe(olena.clerkId)
      expect(getSyncState(w1.db, a.id)).toBe('confirmed')
      // Taras's workstation learns his claim now loses, as an ordinary conflict.
      await w2.engine.syncNow()
      await w2.engine.syncNow()
      expect(listOpenConflicts(w2.db).map((c) => c.seq)).toEqual([1])
    } finally {
      cleanup(w1, w2)
    }
  })
})
