import { expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { testLinkResponseSchema } from '../../shared/catalogue/contract'
import { deleteTestApplicationsResponseSchema } from '../../shared/catalogue/test-applications'
import { pullResponseSchema, type PullResponse } from '../../shared/protocol'
import { enrolmentCodeHash, hashPassword } from '../auth/secrets'
import { upsertCentre } from '../db/centres-repository'
import { upsertClerk } from '../db/clerks-repository'
import type { Queryable } from '../db/portal-db'
import { handlePull, handlePullJson } from '../sync/pull'
import { describeBackends, type PortalFixture } from '../test/backends'
import { newCard } from '../test/cards'
import { issueCode, NADIIA, OLENA, PETRO, setup, validApplication } from '../test/fixtures'
import { expectError, send } from '../test/http'

/*
 * Issue 17, item 4 on the portal's side: the synced record carries the card version and the test
 * flag (pull, `testing=1`; an older workstation gets the record it has always parsed), and a
 * service's test applications are deleted in one step by an administrator of its centre, audited,
 * their removal reaching every workstation as a `removed` change in the pull stream.
 */

const V = '/admin/catalogue/services'
const tree = { serviceId: 'tree-felling-permit', fields: { trees: '3' }, delivery: 'in_person' as const }
const creds = (c: { login: string; password: string }): { login: string; password: string } => ({ login: c.login, password: c.password })

async function otherCentre(fx: PortalFixture): Promise<{ token: string }> {
  await upsertCentre(fx.db, {
    id: 'other-cnap',
    name: 'Інший ЦНАП',
    enrolmentCodeHash: enrolmentCodeHash('OTHER-CODE-2026'),
    now: fx.clock.now()
  })
  await upsertClerk(fx.db, {
    id: 'other-admin',
    centreId: 'other-cnap',
    login: 'stranger-admin',
    name: 'Стефанія Чужа',
    role: 'admin',
    passwordHash: await hashPassword('stranger-pw', 1024)
  })
  const res = await send(fx.portal.app, 'POST', '/sync/enrol', {
    json: {
      enrolmentCode: await issueCode(fx.portal, { adminId: 'other-admin' }),
      workstationId: '0195aa00-0000-7000-8000-00000000cafe',
      creationNonce: 'nonce-other-centre',
      label: 'Чужий ЦНАП'
    }
  })
  expect(res.statusCode, res.body).toBe(200)
  return { token: res.json<{ token: string }>().token }
}

/** What a deletion touches: the applications, their history and codes, the removals, the catalogue's audit entries. */
async function snapshot(db: Queryable): Promise<unknown> {
  const count = async (sql: string): Promise<number> => (await db.query<{ n: number }>(sql))[0]?.n ?? 0
  return {
    applications: await db.query('SELECT id, is_test, service_version FROM applications ORDER BY id'),
    events: await count('SELECT count(*)::int AS n FROM application_events'),
    codes: await count('SELECT count(*)::int AS n FROM access_codes'),
    removals: await count('SELECT count(*)::int AS n FROM application_removals'),
    audit: await count(`SELECT count(*)::int AS n FROM audit_log WHERE detail ->> 'op' = 'catalogue_delete_test_applications'`),
    version: await db.query('SELECT id, version FROM centres ORDER BY id')
  }
}

describeBackends('test applications', (fx) => {
  const app = () => fx.portal.app
  const post = (token: string, url: string, json: unknown): Promise<LightMyRequestResponse> => send(app(), 'POST', url, { token, json })
  const ok = <T>(res: LightMyRequestResponse, status = 200): T => {
    expect(res.statusCode, res.body.slice(0, 500)).toBe(status)
    return res.json<T>()
  }
  const pullAll = async (ws: { id: string; centreId: string }, cursor: number, withTesting: boolean): Promise<PullResponse> => {
    const changes: PullResponse['changes'] = []
    for (;;) {
      const page = await handlePull(fx.portal.db, fx.portal.deps, ws, { cursor, limit: 2, withTesting })
      changes.push(...page.changes)
      cursor = page.nextCursor
      if (!page.hasMore) return { ...page, changes }
    }
  }

  /** The tree-felling service drafted and put in testing, one test application through its link, then published and one real application. */
  async function testedThenPublished(wsToken: string): Promise<{ test: string; real: string }> {
    ok(await post(wsToken, V, { ...creds(NADIIA), card: newCard() }), 201)
    const link = testLinkResponseSchema.parse(
      ok(await post(wsToken, `${V}/tree-felling-permit/versions/1/testing`, creds(NADIIA)))
    ).testLink
    const test = ok<{ orderNumber: string }>(
      await send(app(), 'POST', '/api/v1/applications', { json: validApplication(tree), headers: { 'x-test-link': link.token } }),
      201
    )
    ok(await post(wsToken, `${V}/tree-felling-permit/versions/1/publish`, creds(NADIIA)))
    const real = ok<{ orderNumber: string }>(await send(app(), 'POST', '/api/v1/applications', { json: validApplication(tree) }), 201)
    return { test: test.orderNumber, real: real.orderNumber }
  }

  it('records carry serviceVersion and isTest to a workstation that asks (testing=1); an older one gets the record it has always parsed', async () => {
    const { ws } = await setup(fx.portal)
    const orders = await testedThenPublished(ws.token)
    const byOrder = (page: PullResponse, order: string): Record<string, unknown> => {
      const c = page.changes.find((x) => x.type === 'application' && x.record.orderNumber === order)
      if (c?.type !== 'application') throw new Error(`${order} not pulled`)
      return c.record
    }

    const current = await pullAll(ws, 0, true)
    expect(byOrder(current, orders.test)).toMatchObject({ serviceId: 'tree-felling-permit', serviceVersion: 1, isTest: true })
    expect(byOrder(current, orders.real)).toMatchObject({ serviceId: 'tree-felling-permit', serviceVersion: 1, isTest: false })
    expect(pullResponseSchema.parse(current)).toEqual(current)
    // A row stored before the record held the two keys: the row's columns supply them.
    await fx.db.query(`UPDATE applications SET record = record - 'serviceVersion' - 'isTest' WHERE order_number = $1`, [orders.test])
    expect(byOrder(await pullAll(ws, 0, true), orders.test)).toMatchObject({ serviceVersion: 1, isTest: true })

    // Without testing=1 the keys are not on the wire at all (a strict schema of before would refuse them),
    // and today's schema reads such a record as version 1, not a test.
    const old = JSON.parse(await handlePullJson(fx.portal.db, fx.portal.deps, ws, { cursor: 0, limit: 5000 })) as {
      changes: { type: string; record?: Record<string, unknown> }[]
    }
    const records = old.changes.filter((c) => c.type === 'application').map((c) => c.record ?? {})
    expect(records.length).toBe(current.changes.filter((c) => c.type === 'application').length)
    for (const r of records) {
      expect(Object.keys(r)).not.toContain('serviceVersion')
      expect(Object.keys(r)).not.toContain('isTest')
    }
    expect(
      pullResponseSchema.parse(old).changes.find((c) => c.type === 'application' && c.record.orderNumber === orders.test)
    ).toMatchObject({
      record: { serviceVersion: 1, isTest: false }
    })
  })

  it('an administrator deletes a service’s test applications in one step, audited; the stranger cannot; the removal reaches the pull stream', async () => {
    const { ws } = await setup(fx.portal)
    const orders = await testedThenPublished(ws.token)
    const before = await pullAll(ws, 0, true)
    const cursor = before.nextCursor
    const url = `${V}/tree-felling-permit/test-applications/delete`
    const other = await otherCentre(fx)
    const untouched = await snapshot(fx.db)

    // The stranger: no token; a clerk and a supervisor of the centre; a wrong password; another
    // centre's administrator through this centre's workstation, and through their own (whose centre
    // has no such service); malformed input.
    expectError(await send(app(), 'POST', url, { json: creds(NADIIA) }), 'no token', 401)
    expectError(await send(app(), 'POST', url, { token: 'A'.repeat(43), json: creds(NADIIA) }), 'a wrong token', 401)
    expectError(await post(ws.token, url, creds(OLENA)), 'a clerk', 403, 'forbidden')
    expectError(await post(ws.token, url, creds(PETRO)), 'a supervisor', 403, 'forbidden')
    expectError(
      await post(ws.token, url, { login: NADIIA.login, password: 'wrong-password' }),
      'wrong password',
      401,
      'invalid_credentials'
    )
    expectError(
      await post(ws.token, url, { login: 'stranger-admin', password: 'stranger-pw' }),
      'another centre’s admin here',
      403,
      'forbidden'
    )
    expectError(
      await post(other.token, url, { login: 'stranger-admin', password: 'stranger-pw' }),
      'another centre’s admin there',
      404,
      'not_found'
    )
    expectError(await post(ws.token, url, { login: NADIIA.login }), 'no password', 400, 'invalid_input')
    expectError(
      await post(ws.token, `${V}/no-such-service/test-applications/delete`, creds(NADIIA)),
      'an unknown service',
      404,
      'not_found'
    )
    expect(await snapshot(fx.db)).toEqual(untouched)

    const done = deleteTestApplicationsResponseSchema.parse(ok(await post(ws.token, url, creds(NADIIA))))
    expect(done).toMatchObject({ serviceId: 'tree-felling-permit', deleted: 1 })
    expect(done.changeVersion).toBe(cursor + 1)
    const orderRows = await fx.db.query<{ order_number: string }>('SELECT order_number FROM applications WHERE record ->> $1 = $2', [
      'serviceId',
      'tree-felling-permit'
    ])
    expect(orderRows.map((r) => r.order_number)).toEqual([orders.real])
    const audit = await fx.db.query<{ clerk_id: string; detail: Record<string, unknown> }>(
      `SELECT clerk_id, detail FROM audit_log WHERE detail ->> 'op' = 'catalogue_delete_test_applications'`
    )
    expect(audit).toEqual([
      {
        clerk_id: NADIIA.clerkId,
        detail: {
          op: 'catalogue_delete_test_applications',
          serviceId: 'tree-felling-permit',
          deleted: 1,
          changeVersion: done.changeVersion
        }
      }
    ])
    const testId = before.changes.find((c) => c.type === 'application' && c.record.orderNumber === orders.test)
    if (testId?.type !== 'application') throw new Error('no test record')

    // A workstation that had it: the removal, alone in its version.
    const after = await pullAll(ws, cursor, true)
    expect(after.changes).toEqual([{ type: 'removed', version: done.changeVersion, applicationId: testId.record.id }])
    expect(pullResponseSchema.parse(after)).toEqual(after)
    // An older workstation is not sent it (its strict schema would refuse the page); its cursor moves past it.
    const older = await pullAll(ws, cursor, false)
    expect(older).toMatchObject({ changes: [], nextCursor: done.changeVersion, hasMore: false })
    // A workstation pulling from scratch: no trace of the test application but its removal.
    const fresh = await pullAll(ws, 0, true)
    expect(fresh.changes.some((c) => c.type === 'application' && c.record.id === testId.record.id)).toBe(false)
    expect(fresh.changes.some((c) => c.type === 'event' && c.event.applicationId === testId.record.id)).toBe(false)
    expect(fresh.changes.filter((c) => c.type === 'removed')).toHaveLength(1)
    expect(await fx.db.query('SELECT 1 FROM access_codes WHERE application_id = $1', [testId.record.id])).toEqual([])

    // Again: nothing left to delete; audited, no change version taken.
    const again = deleteTestApplicationsResponseSchema.parse(ok(await post(ws.token, url, creds(NADIIA))))
    expect(again).toEqual({ serviceId: 'tree-felling-permit', deleted: 0, changeVersion: null })
    expect((await pullAll(ws, cursor + 1, true)).changes).toEqual([])
  })
})
