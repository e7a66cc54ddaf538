import { join } from 'node:path'
import { writeSetting } from '../db/settings'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, type Db } from '../db/connection'
import { getApplication, getSyncState, upsertApplication } from '../db/applications-repository'
import { accessCodeSlipOf } from '../db/access-code-slips-repository'
import { loadCatalogueFile, replaceCatalogueFromPortal, seedCatalogue } from '../db/catalogue-repository'
import { readSetting } from '../db/settings'
import { cardFromCatalogueService } from '../../shared/catalogue/from-file'
import { cardWithOwnFields } from '../../shared/testing/card-with-fields'
import { getConflict, insertConflict, listAllOutbox, recordResult } from '../db/sync-repository'
import { SyncEngine } from '../sync/sync-engine'
import type { ClerkSession } from '../../shared/session'
import { DEFAULT_CALENDAR } from '../../shared/domain/calendar'
import { DomainError } from '../../shared/result'
import { sampleRecord } from '../../shared/testing/sample-record'
import { refusedActionNote, registerWalkIn, resolveConflictAs, type DeskContext, type WalkInInput } from './desk-use-cases'

/*
 * The desk's use cases (issue 15), the same functions the contract's handlers and the simulation
 * call: walk-in numbering and settling a conflict.
 */

const ROOT = join(__dirname, '../../..')
const catalogue = loadCatalogueFile(join(ROOT, 'resources/catalog/services.json'))
const olena: ClerkSession = { clerkId: 'clerk-olena', name: 'Олена Коваль', role: 'clerk', centreId: 'c1' }
const ACCESS = { code: 'K7QM-4XPR-9TAW', hash: 'scrypt$16384$8$1$dmlrbm8tdGVzdC1zYWx0IQ==$DY5g24fLRSdmOAGpaQVdi6vYPqg4EJ+xpalVi8HM2oM=' }

const walkIn: WalkInInput = {
  serviceId: 'residence-registration',
  applicant: {
    surname: 'Гнатюк',
    givenName: 'Остап',
    patronymic: null,
    rnokpp: null,
    birthDate: '1979-03-14',
    phone: null,
    email: null,
    address: 'м. Хмельницький, вул. Кам’янецька, 7'
  },
  fields: {},
  attachments: [],
  documents: [{ name: 'Паспорт', required: true, received: true }],
  delivery: 'in_person'
}

let db: Db
let ids = 0
const now = new Date('2026-03-02T09:00:00.000Z')

function context(faults?: DeskContext['faults']): DeskContext {
  const engine = new SyncEngine({
    db,
    clock: () => now,
    newId: () => `cmd-${++ids}`,
    transport: null,
    calendar: DEFAULT_CALENDAR,
    centreId: 'c1',
    workstationId: 'w1',
    log: { info: () => {}, warn: () => {} },
    emit: () => {}
  })
  return { db, engine, clock: () => now, newId: () => `app-${++ids}`, ...(faults ? { faults } : {}) }
}

beforeEach(() => {
  db = openDatabase(':memory:')
  seedCatalogue(db, catalogue)
  ids = 0
})
afterEach(() => closeDatabase(db))

describe('registerWalkIn against the live card version (issue 17, item 5)', () => {
  const base = catalogue.find((s) => s.id === 'residence-registration')!
  function twoVersions(): void {
    replaceCatalogueFromPortal(db, {
      revision: 3,
      revisionId: 'r3',
      cards: [
        { serviceId: base.id, version: 1, stage: 'published', live: false, card: cardFromCatalogueService(base) },
        { serviceId: base.id, version: 2, stage: 'published', live: true, card: cardWithOwnFields(base) }
      ]
    })
  }
  const answered: WalkInInput = {
    ...walkIn,
    applicant: { ...walkIn.applicant, phone: '+380671234567' },
    fields: { rooms: '3', movedIn: '2026-02-20', basis: 'tenant' }
  }

  it('records the live version and the answers to its own questions, and takes the term from that version', () => {
    writeSetting(db, 'workstation.node', 2)
    twoVersions()
    const r = registerWalkIn(context(), olena, answered, ACCESS)
    const [row] = listAllOutbox(db)
    expect(row?.v).toBe(3)
    expect(row?.payload).toMatchObject({ serviceVersion: 2, fields: { rooms: '3', movedIn: '2026-02-20', basis: 'tenant' } })
    const record = getApplication(db, r.applicationId)
    expect(record).toMatchObject({ serviceVersion: 2, fields: answered.fields })
    // Version 2's term is 10 calendar days (version 1's, the file's, is the same day).
    expect(record?.dueAt.slice(0, 10)).toBe('2026-03-12')
  })

  it('refuses bad or missing answers with a Ukrainian message naming the field; nothing is written, no number burned', () => {
    writeSetting(db, 'workstation.node', 2)
    twoVersions()
    const attempt = (input: WalkInInput): DomainError => {
      try {
        registerWalkIn(context(), olena, input, ACCESS)
      } catch (e) {
        if (e instanceof DomainError) return e
        throw e
      }
      throw new Error('registered')
    }
    expect(attempt({ ...answered, fields: { ...answered.fields, rooms: '11' } })).toMatchObject({
      code: 'invalid_input',
      field: 'fields.rooms',
      message: '«Кількість кімнат»: Не більше 10'
    })
    expect(attempt({ ...answered, fields: { ...answered.fields, movedIn: '2026-04-01' } })).toMatchObject({
      field: 'fields.movedIn',
      message: '«Дата вселення»: Дата не може бути в майбутньому'
    })
    expect(attempt({ ...answered, fields: { rooms: '2', movedIn: '2026-02-20', basis: 'squatter' } })).toMatchObject({
      field: 'fields.basis',
      message: '«Підстава проживання»: Оберіть один із варіантів'
    })
    expect(attempt({ ...answered, fields: { movedIn: '2026-02-20' } }).field).toBe('fields.rooms')
    expect(attempt({ ...answered, applicant: { ...answered.applicant, phone: null } })).toMatchObject({
      field: 'applicant.phone',
      message: expect.stringContaining('обов’язкове поле') as unknown as string
    })
    expect(listAllOutbox(db)).toEqual([])
    expect(readSetting(db, 'walkin.next_seq')).toBe(1)
  })

  it('refuses a service with no live card (withdrawn): nothing is written', () => {
    writeSetting(db, 'workstation.node', 2)
    replaceCatalogueFromPortal(db, {
      revision: 4,
      revisionId: 'r4',
      cards: [{ serviceId: base.id, version: 1, stage: 'withdrawn', live: false, card: cardFromCatalogueService(base) }]
    })
    expect(() => registerWalkIn(context(), olena, walkIn, ACCESS)).toThrow(/зараз не приймається/)
    expect(listAllOutbox(db)).toEqual([])
  })

  it('the prediction judges an application by its own version: v2’s refusal grounds bind a v2 application, not a v1 one', () => {
    twoVersions()
    const ctx = context()
    const holder = { clerkId: olena.clerkId, name: olena.name, since: '2026-03-02T10:00:00+02:00' }
    const v1 = sampleRecord('under-v1', { orderNumber: '001-000201-6', serviceId: base.id, serviceVersion: 1, status: 'in_review', holder })
    const v2 = sampleRecord('under-v2', { orderNumber: '001-000202-4', serviceId: base.id, serviceVersion: 2, status: 'in_review', holder })
    upsertApplication(db, v1, 'confirmed')
    upsertApplication(db, v2, 'confirmed')
    const refuse = (id: string, ground: string): string =>
      ctx.engine.submit({ type: 'decide', applicationId: id, payload: { kind: 'refuse', ground, text: '', appeal: null } }, olena).commandId
    // Version 1 (the file's card) names no grounds; version 2 names one.
    expect(() => refuse('under-v2', 'Підстава, якої немає в картці')).toThrow(/підстав/i)
    expect(refuse('under-v2', 'Житло не придатне для проживання')).toBeTruthy()
    expect(getApplication(db, 'under-v2')?.status).toBe('refused')
    expect(refuse('under-v1', 'Підстава, якої немає в картці')).toBeTruthy()
    expect(getApplication(db, 'under-v1')?.status).toBe('refused')
  })

  it('a required file question does not block the desk: the paper is scanned and ticked on the checklist, not bound to the question', () => {
    writeSetting(db, 'workstation.node', 2)
    const v2 = cardWithOwnFields(base)
    const withUpload: typeof v2 = {
      ...v2,
      form: {
        fields: [
          ...v2.form.fields,
          { id: 'plan', type: 'document_upload', label: { uk: 'План житла', en: 'Floor plan' }, hint: null, required: true, rules: {} }
        ]
      }
    }
    replaceCatalogueFromPortal(db, {
      revision: 5,
      revisionId: 'r5',
      cards: [{ serviceId: base.id, version: 3, stage: 'published', live: true, card: withUpload }]
    })
    const r = registerWalkIn(context(), olena, answered, ACCESS)
    expect(getApplication(db, r.applicationId)?.serviceVersion).toBe(3)
  })

  it('the catalogue file’s version 1 (no own questions) registers as before, under version 1', () => {
    writeSetting(db, 'workstation.node', 2)
    const r = registerWalkIn(context(), olena, walkIn, ACCESS)
    expect(getApplication(db, r.applicationId)?.serviceVersion).toBe(1)
  })
})

describe('registerWalkIn', () => {
  it('numbers walk-ins from the node and its own sequence, one after another, and keeps the code for the receipt', () => {
    writeSetting(db, 'workstation.node', 2)
    const ctx = context()
    const first = registerWalkIn(ctx, olena, walkIn, ACCESS)
    const second = registerWalkIn(ctx, olena, walkIn, ACCESS)
    expect(first.orderNumber).toMatch(/^002-000001-\d$/)
    expect(second.orderNumber).toMatch(/^002-000002-\d$/)
    expect(listAllOutbox(db).map((r) => [r.type, (r.payload as { orderNumber: string }).orderNumber])).toEqual([
      ['register_walk_in', first.orderNumber],
      ['register_walk_in', second.orderNumber]
    ])
    expect(accessCodeSlipOf(db, first.applicationId, now)).toBe(ACCESS.code)
    expect(getApplication(db, second.applicationId)?.orderNumber).toBe(second.orderNumber)
  })

  it('refuses before the workstation is enrolled (no node): nothing is written', () => {
    expect(() => registerWalkIn(context(), olena, walkIn, ACCESS)).toThrow(DomainError)
    expect(listAllOutbox(db)).toEqual([])
  })

  it('a registration the engine refuses burns no number and leaves no code behind', () => {
    writeSetting(db, 'workstation.node', 2)
    const ctx = context()
    const bad = { ...walkIn, serviceId: 'no-such-service' }
    expect(() => registerWalkIn(ctx, olena, bad, ACCESS)).toThrow(DomainError)
    expect(listAllOutbox(db)).toEqual([])
    expect(registerWalkIn(ctx, olena, walkIn, ACCESS).orderNumber).toMatch(/^002-000001-\d$/)
  })

  it('with the planted reuseWalkInNumber fault the second walk-in is refused: its number is taken', () => {
    writeSetting(db, 'workstation.node', 2)
    const ctx = context({ reuseWalkInNumber: true })
    registerWalkIn(ctx, olena, walkIn, ACCESS)
    expect(() => registerWalkIn(ctx, olena, walkIn, ACCESS)).toThrow(/вже належить іншій заяві/)
  })
})

describe('resolveConflictAs', () => {
  /** Olena's claim on a portal application, refused by the portal (someone else holds it): an open conflict. */
  function refusedClaim(ctx: DeskContext): string {
    upsertApplication(db, sampleRecord('a1', { centreId: 'c1', version: 3 }))
    const env = ctx.engine.submit({ type: 'claim', applicationId: 'a1', payload: {} }, olena)
    db.transaction(() => {
      recordResult(db, env.seq, {
        outcome: 'rejected',
        code: 'conflict',
        message: 'Заявку вже взяв Тарас',
        version: null,
        decidedAt: now.toISOString()
      })
      insertConflict(db, {
        id: 'k1',
        seq: env.seq,
        applicationId: 'a1',
        rejectedAt: now.toISOString(),
        code: 'conflict',
        reason: 'Заявку вже взяв Тарас'
      })
      ctx.engine.refreshBadge('a1')
    })()
    expect(getSyncState(db, 'a1')).toBe('rejected')
    return 'k1'
  }

  it('discard: the conflict is closed and the badge is recomputed; nothing is sent', () => {
    const ctx = context()
    const id = refusedClaim(ctx)
    resolveConflictAs(ctx, olena, id, 'discard')
    expect(getConflict(db, id)?.status).toBe('discarded')
    expect(getSyncState(db, 'a1')).toBe('confirmed')
    expect(listAllOutbox(db)).toHaveLength(1)
  })

  it('reissue: a new command against the current state; keep as note: the refused action in the history', () => {
    const ctx = context()
    const id = refusedClaim(ctx)
    resolveConflictAs(ctx, olena, id, 'keep_as_note')
    const note = listAllOutbox(db).at(-1)
    expect(note).toMatchObject({ type: 'note', state: 'pending' })
    expect((note?.payload as { text: string }).text).toBe(
      refusedActionNote({ type: 'claim', issuedAt: now.toISOString() }, 'Заявку вже взяв Тарас')
    )
    expect(getConflict(db, id)?.status).toBe('kept_as_note')
  })

  it('reissue submits the same command again, pending', () => {
    const ctx = context()
    const id = refusedClaim(ctx)
    resolveConflictAs(ctx, olena, id, 'reissue')
    expect(listAllOutbox(db).map((r) => [r.type, r.state])).toEqual([
      ['claim', 'rejected'],
      ['claim', 'pending']
    ])
    expect(getConflict(db, id)?.status).toBe('reissued')
    expect(getSyncState(db, 'a1')).toBe('pending')
  })

  it('a conflict already settled, or unknown, is refused; a refused re-issue leaves the conflict open', () => {
    const ctx = context()
    const id = refusedClaim(ctx)
    expect(() => resolveConflictAs(ctx, olena, 'nope', 'discard')).toThrow(DomainError)
    // Taras holds it now (pulled): claiming it again is refused here, before anything is sent.
    upsertApplication(
      db,
      sampleRecord('a1', {
        centreId: 'c1',
        version: 4,
        status: 'in_review',
        holder: { clerkId: 'clerk-taras', name: 'Тарас Мар’янчук', since: now.toISOString() }
      })
    )
    expect(() => resolveConflictAs(ctx, olena, id, 'reissue')).toThrow(DomainError)
    expect(getConflict(db, id)?.status).toBe('open')
    resolveConflictAs(ctx, olena, id, 'discard')
    expect(() => resolveConflictAs(ctx, olena, id, 'discard')).toThrow(/вже вирішено/)
  })

  it('with the planted resolveWithoutBadge fault the badge still says rejected', () => {
    const ctx = context({ resolveWithoutBadge: true })
    const id = refusedClaim(ctx)
    resolveConflictAs(ctx, olena, id, 'discard')
    expect(getSyncState(db, 'a1')).toBe('rejected')
  })
})
