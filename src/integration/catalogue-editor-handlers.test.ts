import type { AddressInfo } from 'node:net'
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest'
import { closeDatabase, openDatabase, type Db } from '../main/db/connection'
import { searchAudit } from '../main/db/audit-repository'
import { DEMO_CLERKS, type DemoClerk } from '../shared/demo/clerks'
import { CATALOGUE_OFFLINE_MESSAGE } from '../shared/catalogue-editor-contract'
import { cardExportSchema } from '../shared/catalogue/contract'
import type { ServiceCard } from '../shared/catalogue/card'
import { DomainError } from '../shared/result'
import type { Role } from '../shared/domain/application'
import { describeBackends } from '../portal/test/backends'
import { setup, validApplication } from '../portal/test/fixtures'
import { send } from '../portal/test/http'
import { newCard } from '../portal/test/cards'
import { createAuditTrail } from '../main/services/audit-trail'
import { createCatalogueEditorHandlers, type CatalogueEditorHandlerMap } from '../main/services/catalogue-editor-handlers'
import { createCataloguePortal } from '../main/services/catalogue-portal'
import { createSessionService, type SessionService } from '../main/services/session-service'

/*
 * The catalogue editor's back end against a real portal (createPortal on PGlite, and on PostgreSQL
 * when PORTAL_TEST_DATABASE_URL is set), over real HTTP: the administrator drafts, fixes, tests,
 * publishes, exports, imports and withdraws; the stranger — a clerk, a supervisor, a clerk whom
 * this workstation wrongly believes an administrator, the administrator with a wrong password —
 * is refused, and every refusal leaves the portal's cards as they were.
 */

const byLogin = (login: string): DemoClerk => DEMO_CLERKS.find((c) => c.login === login) as DemoClerk
const PW = 'vikno-demo'

async function refusal(p: unknown): Promise<DomainError> {
  try {
    await p
  } catch (e) {
    if (e instanceof DomainError) return e
    throw e
  }
  throw new Error('expected a refusal')
}

describeBackends('catalogue editor handlers', (fx) => {
  let baseUrl = ''
  let token = ''
  let db: Db
  let session: SessionService
  let handlers: CatalogueEditorHandlerMap
  /** Requests that reached the portal's catalogue API from these handlers. */
  let requests: string[] = []
  /** The role this workstation believes each clerk has (the portal's is the demo's). */
  let believedRole: Partial<Record<string, Role>> = {}

  beforeAll(async () => {
    // The fixture's portal.close() closes the app and this server with it.
    await fx.portal.app.listen({ host: '127.0.0.1', port: 0 })
    baseUrl = `http://127.0.0.1:${(fx.portal.app.server.address() as AddressInfo).port}`
  })

  const build = (portalUrl: string | null): void => {
    const clock = (): Date => new Date('2026-11-30T10:00:00.000Z')
    const audit = createAuditTrail({ db, clock, workstationId: 'ws-1' })
    session = createSessionService({
      db,
      clock,
      audit,
      portalSignIn: async (login) => {
        const c = byLogin(login)
        return { clerk: { clerkId: c.clerkId, name: c.name, role: believedRole[login] ?? c.role, centreId: c.centreId }, keyId: null }
      },
      onChange: () => undefined,
      log: { info: () => undefined, warn: () => undefined },
      kdf: { N: 1024, r: 8, p: 1 }
    })
    const counting: typeof fetch = async (input, init) => {
      requests.push(String(input).replace(baseUrl, ''))
      return fetch(input, init)
    }
    handlers = createCatalogueEditorHandlers({
      session,
      audit,
      portal: portalUrl === null ? null : createCataloguePortal({ baseUrl: portalUrl, token, fetch: counting })
    })
  }

  beforeEach(async () => {
    const { ws } = await setup(fx.portal)
    token = ws.token
    requests = []
    believedRole = {}
    db = openDatabase(':memory:')
    build(baseUrl)
  })
  afterEach(() => closeDatabase(db))

  const cards = async (): Promise<unknown> =>
    fx.db.query('SELECT service_id, version, stage, card FROM service_card_versions ORDER BY service_id, version')
  const localTrail = (): unknown[] =>
    searchAudit(db, { action: 'admin', offset: 0, limit: 50 })
      .rows.map((r) => r.detail)
      .reverse()

  it('an administrator drafts, is told what blocks publication by path, tests, publishes, exports, imports and withdraws; each change is in the local trail', async () => {
    await session.signIn('nadiia', PW)
    const seeded = fx.portal.deps.catalogue.length
    const first = await handlers['catalogueEditor.list']({ password: PW, stage: null })
    expect(first.countsLine).toBe(`${seeded} опубліковано · 0 у тестуванні · 0 чернеток`)

    const card: ServiceCard = newCard('bench-permit')
    card.form.fields.push({
      id: 'species',
      type: 'choice',
      label: { uk: 'Порода дерева', en: 'Tree species' },
      hint: null,
      required: true,
      rules: {}
    })
    const draft = await handlers['catalogueEditor.create']({ password: PW, card })
    expect(draft.version).toMatchObject({ serviceId: 'bench-permit', version: 1, stage: 'draft' })
    const index = card.form.fields.length - 1
    expect(draft.publicationErrors.map((e) => e.path)).toEqual([`form.fields.${index}.rules.choices`])

    // Not publishable: refused with the portal's words, nothing moves.
    const blocked = await refusal(
      handlers['catalogueEditor.toTesting']({ password: PW, serviceId: 'bench-permit', version: 1, validHours: 24 })
    )
    expect(blocked.code).toBe('illegal_transition')
    expect(blocked.message).toMatch(/не можна передати на тестування/)
    expect(blocked.field).toBe(`form.fields.${index}.rules.choices`)

    const fixed: ServiceCard = structuredClone(card)
    const species = fixed.form.fields[index]
    if (!species) throw new Error('no field')
    species.rules.choices = [
      { value: 'oak', label: { uk: 'Дуб', en: 'Oak' } },
      { value: 'linden', label: { uk: 'Липа', en: 'Linden' } }
    ]
    const saved = await handlers['catalogueEditor.update']({ password: PW, serviceId: 'bench-permit', version: 1, card: fixed })
    expect(saved.publicationErrors).toEqual([])
    expect(saved.version.card.form.fields[index]?.rules.choices).toHaveLength(2)

    const testing = await handlers['catalogueEditor.toTesting']({ password: PW, serviceId: 'bench-permit', version: 1, validHours: 24 })
    expect(testing.version.stage).toBe('testing')
    expect(testing.testLink.url).toContain(`/services/bench-permit?test=${testing.testLink.token}`)
    const published = await handlers['catalogueEditor.publish']({ password: PW, serviceId: 'bench-permit', version: 1 })
    expect(published.version).toMatchObject({ stage: 'published', live: true })
    expect((await handlers['catalogueEditor.list']({ password: PW, stage: null })).countsLine).toBe(
      `${seeded + 1} опубліковано · 0 у тестуванні · 0 чернеток`
    )

    const exported = cardExportSchema.parse(
      await handlers['catalogueEditor.export']({ password: PW, serviceId: 'bench-permit', version: 1 })
    )
    expect(exported.card).toEqual(fixed)
    const changed = { ...exported, card: { ...exported.card, name_uk: 'Дозвіл на лавку' } }
    const imported = await handlers['catalogueEditor.import']({ password: PW, text: JSON.stringify(changed) })
    expect(imported.version).toMatchObject({ serviceId: 'bench-permit', version: 2, stage: 'draft' })
    expect(imported.againstLiveVersion).toBe(1)
    expect(imported.diff).toEqual([{ path: 'name_uk', live: fixed.name_uk, imported: 'Дозвіл на лавку' }])

    const withdrawn = await handlers['catalogueEditor.withdraw']({ password: PW, serviceId: 'bench-permit', version: 1 })
    expect(withdrawn.version).toMatchObject({ stage: 'withdrawn', live: false })

    expect(localTrail()).toEqual(
      ['create_draft', 'update_draft', 'to_testing', 'publish', 'import', 'withdraw'].map((op) =>
        expect.objectContaining({ op: `catalogue_${op}`, serviceId: 'bench-permit' })
      )
    )
    // The trail says a test link was issued, never the link.
    expect(JSON.stringify(localTrail())).not.toContain(testing.testLink.token)
  })

  it('the stranger: a clerk and a back-office specialist are refused here before the portal is asked; a supervisor views and exports only', async () => {
    await session.signIn('nadiia', PW)
    await handlers['catalogueEditor.list']({ password: PW, stage: null }) // seeds the centre's catalogue
    const before = await cards()
    requests = []

    for (const login of ['olena', 'iryna']) {
      if (!DEMO_CLERKS.some((c) => c.login === login)) continue
      await session.signIn(login, PW)
      expect((await refusal(handlers['catalogueEditor.list']({ password: PW, stage: null }))).code).toBe('forbidden')
      expect((await refusal(handlers['catalogueEditor.create']({ password: PW, card: newCard('x-service') }))).code).toBe('forbidden')
    }
    expect(requests).toEqual([])

    await session.signIn('petro', PW)
    const list = await handlers['catalogueEditor.list']({ password: PW, stage: 'published' })
    const some = list.versions[0]
    if (!some) throw new Error('no published version')
    expect((await handlers['catalogueEditor.export']({ password: PW, serviceId: some.serviceId, version: some.version })).version).toBe(1)
    for (const attempt of [
      () => handlers['catalogueEditor.create']({ password: PW, card: newCard('x-service') }),
      () => handlers['catalogueEditor.next']({ password: PW, serviceId: some.serviceId }),
      () => handlers['catalogueEditor.withdraw']({ password: PW, serviceId: some.serviceId, version: some.version })
    ])
      expect((await refusal(attempt())).code).toBe('forbidden')
    expect(await cards()).toEqual(before)
    expect(localTrail()).toEqual([])
  })

  it('predicted here, enforced by the portal: a clerk this workstation wrongly believes an administrator, and the administrator with a wrong password, change nothing', async () => {
    await session.signIn('nadiia', PW)
    await handlers['catalogueEditor.list']({ password: PW, stage: null })
    const before = await cards()

    believedRole = { olena: 'admin' }
    await session.signIn('olena', PW)
    requests = []
    const portalSays = await refusal(handlers['catalogueEditor.create']({ password: PW, card: newCard('x-service') }))
    expect(portalSays.code).toBe('forbidden')
    expect(requests).toEqual(['/admin/catalogue/services'])
    expect(
      (await refusal(handlers['catalogueEditor.withdraw']({ password: PW, serviceId: 'residence-registration', version: 1 }))).code
    ).toBe('forbidden')

    await session.signIn('nadiia', PW)
    for (const attempt of [
      () => handlers['catalogueEditor.list']({ password: 'wrong-password', stage: null }),
      () => handlers['catalogueEditor.create']({ password: 'wrong-password', card: newCard('x-service') }),
      () => handlers['catalogueEditor.withdraw']({ password: 'wrong-password', serviceId: 'residence-registration', version: 1 })
    ])
      expect(await refusal(attempt())).toMatchObject({ code: 'unauthenticated', field: 'password' })
    expect(await cards()).toEqual(before)
    expect(localTrail()).toEqual([])
  })

  it('deletes a service’s test applications in one step; the stranger — a clerk, one wrongly believed an administrator, a wrong password — deletes nothing', async () => {
    await session.signIn('nadiia', PW)
    await handlers['catalogueEditor.create']({ password: PW, card: newCard() })
    const link = (
      await handlers['catalogueEditor.toTesting']({ password: PW, serviceId: 'tree-felling-permit', version: 1, validHours: 24 })
    ).testLink
    const tree = { serviceId: 'tree-felling-permit', fields: { trees: '3' }, delivery: 'in_person' as const }
    for (let i = 0; i < 2; i++) {
      const res = await send(fx.portal.app, 'POST', '/api/v1/applications', {
        json: validApplication(tree),
        headers: { 'x-test-link': link.token }
      })
      expect(res.statusCode, res.body).toBe(201)
    }
    const tests = async (): Promise<unknown[]> =>
      fx.db.query('SELECT id FROM applications WHERE is_test AND record ->> $1 = $2 ORDER BY id', ['serviceId', 'tree-felling-permit'])
    const before = await tests()
    expect(before).toHaveLength(2)
    const trailBefore = localTrail()

    // A clerk: refused here, the portal never asked.
    await session.signIn('olena', PW)
    requests = []
    expect(
      (await refusal(handlers['catalogueEditor.deleteTestApplications']({ password: PW, serviceId: 'tree-felling-permit' }))).code
    ).toBe('forbidden')
    expect(requests).toEqual([])
    // A clerk this workstation wrongly believes an administrator: the portal refuses.
    believedRole = { olena: 'admin' }
    await session.signIn('olena', PW)
    expect(
      (await refusal(handlers['catalogueEditor.deleteTestApplications']({ password: PW, serviceId: 'tree-felling-permit' }))).code
    ).toBe('forbidden')
    expect(requests).toEqual(['/admin/catalogue/services/tree-felling-permit/test-applications/delete'])
    // The administrator with a wrong password: told at the field.
    await session.signIn('nadiia', PW)
    expect(
      await refusal(handlers['catalogueEditor.deleteTestApplications']({ password: 'wrong-password', serviceId: 'tree-felling-permit' }))
    ).toMatchObject({ code: 'unauthenticated', field: 'password' })
    // A service this centre does not have.
    expect((await refusal(handlers['catalogueEditor.deleteTestApplications']({ password: PW, serviceId: 'no-such-service' }))).code).toBe(
      'not_found'
    )
    expect(await tests()).toEqual(before)
    expect(localTrail()).toEqual(trailBefore)

    const done = await handlers['catalogueEditor.deleteTestApplications']({ password: PW, serviceId: 'tree-felling-permit' })
    expect(done).toMatchObject({ serviceId: 'tree-felling-permit', deleted: 2 })
    expect(done.changeVersion).not.toBeNull()
    expect(await tests()).toEqual([])
    expect(localTrail().at(-1)).toEqual({ op: 'catalogue_delete_test_applications', serviceId: 'tree-felling-permit', deleted: 2 })
    // Once more: none left, nothing changes.
    expect(await handlers['catalogueEditor.deleteTestApplications']({ password: PW, serviceId: 'tree-felling-permit' })).toEqual({
      serviceId: 'tree-felling-permit',
      deleted: 0,
      changeVersion: null
    })
  })

  it('bad input: a file that is not JSON or not a card, and a draft whose id does not match, are refused naming the field; nothing is written', async () => {
    await session.signIn('nadiia', PW)
    await handlers['catalogueEditor.list']({ password: PW, stage: null })
    const before = await cards()
    expect(await refusal(handlers['catalogueEditor.import']({ password: PW, text: '{not json' }))).toMatchObject({
      code: 'invalid_input',
      field: 'text'
    })
    const notACard = await refusal(handlers['catalogueEditor.import']({ password: PW, text: JSON.stringify({ format: 'something-else' }) }))
    expect(notACard.code).toBe('invalid_input')
    expect(notACard.field).toMatch(/^file/)
    const wrongId = await refusal(
      handlers['catalogueEditor.update']({ password: PW, serviceId: 'residence-registration', version: 1, card: newCard('another-id') })
    )
    expect(wrongId).toMatchObject({ code: 'invalid_input', field: 'card.id' })
    expect(await cards()).toEqual(before)
  })

  it('offline, or without a portal at all: one clear sentence, and nothing recorded', async () => {
    build('http://127.0.0.1:9')
    await session.signIn('nadiia', PW)
    expect(await refusal(handlers['catalogueEditor.list']({ password: PW, stage: null }))).toMatchObject({
      code: 'offline',
      message: CATALOGUE_OFFLINE_MESSAGE
    })
    build(null)
    await session.signIn('nadiia', PW)
    expect(await refusal(handlers['catalogueEditor.create']({ password: PW, card: newCard() }))).toMatchObject({
      code: 'offline',
      message: CATALOGUE_OFFLINE_MESSAGE
    })
    expect(localTrail()).toEqual([])
  })
})
