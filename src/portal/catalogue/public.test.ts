import { expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { testLinkResponseSchema } from '../../shared/catalogue/contract'
import { describeBackends } from '../test/backends'
import { newCard } from '../test/cards'
import { NADIIA, setup, validApplication } from '../test/fixtures'
import { expectError, send } from '../test/http'

/*
 * The public side of the catalogue (issue 17): citizens see only live published versions; a service
 * in testing only through its test link; an application records the version it was submitted under
 * and is flagged a test when it came through the link; the card's own questions are asked and checked.
 */

const creds = { login: NADIIA.login, password: NADIIA.password }
const V = '/admin/catalogue/services'

describeBackends('catalogue, public side', (fx) => {
  const app = () => fx.portal.app
  const post = (token: string, url: string, json: unknown): Promise<LightMyRequestResponse> => send(app(), 'POST', url, { token, json })
  const ok = <T>(res: LightMyRequestResponse, status = 200): T => {
    expect(res.statusCode, res.body.slice(0, 500)).toBe(status)
    return res.json<T>()
  }
  const listed = async (query = ''): Promise<{ id: string; version: number; test: boolean }[]> =>
    ok<{ services: { id: string; version: number; test: boolean }[] }>(await send(app(), 'GET', `/api/v1/services${query}`)).services
  const row = async (orderNumber: string): Promise<{ service_version: number; is_test: boolean } | undefined> =>
    (
      await fx.db.query<{ service_version: number; is_test: boolean }>(
        'SELECT service_version, is_test FROM applications WHERE order_number = $1',
        [orderNumber]
      )
    )[0]
  const tree = { serviceId: 'tree-felling-permit', fields: { trees: '3' }, delivery: 'in_person' as const }

  /** The new service drafted and moved to testing: its test link's token. */
  async function inTesting(wsToken: string): Promise<string> {
    ok(await post(wsToken, V, { ...creds, card: newCard() }), 201)
    return testLinkResponseSchema.parse(ok(await post(wsToken, `${V}/tree-felling-permit/versions/1/testing`, creds))).testLink.token
  }

  it('a draft and a service in testing are invisible without the link, to the API and to the pages', async () => {
    const { ws } = await setup(fx.portal)
    ok(await post(ws.token, V, { ...creds, card: newCard() }), 201)
    expect((await listed()).map((s) => s.id)).not.toContain('tree-felling-permit')
    expect((await send(app(), 'GET', '/services/tree-felling-permit')).statusCode).toBe(404)
    expect((await send(app(), 'GET', '/apply/tree-felling-permit/applicant')).statusCode).toBe(404)
    expectError(await send(app(), 'POST', '/api/v1/applications', { json: validApplication(tree) }), 'a draft', 422, 'unknown_service')

    const token = testLinkResponseSchema.parse(ok(await post(ws.token, `${V}/tree-felling-permit/versions/1/testing`, creds))).testLink
      .token
    expect((await listed()).map((s) => s.id)).not.toContain('tree-felling-permit')
    expect((await send(app(), 'GET', '/')).body).not.toContain('Дозвіл на видалення зелених насаджень')
    expect((await send(app(), 'GET', '/services/tree-felling-permit')).statusCode).toBe(404)
    const applications = async (): Promise<number> =>
      (await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM applications'))[0]?.n ?? 0
    const before = await applications()
    // The stranger: no token, a wrong one, a malformed one.
    for (const [label, headers] of [
      ['no token', {}],
      ['a wrong token', { 'x-test-link': 'A'.repeat(32) }],
      ['a malformed token', { 'x-test-link': "' OR 1=1 --" }]
    ] as const) {
      expectError(
        await send(app(), 'POST', '/api/v1/applications', { json: validApplication(tree), headers }),
        label,
        422,
        'unknown_service'
      )
    }
    expect((await listed(`?test=${'B'.repeat(32)}`)).map((s) => s.id)).not.toContain('tree-felling-permit')
    const wrongPage = await send(app(), 'GET', `/services/tree-felling-permit?test=${'C'.repeat(32)}`)
    expect(wrongPage.statusCode).toBe(303)
    expect(String(wrongPage.headers['set-cookie'] ?? '')).not.toContain('vikno_test')
    expect(await applications()).toBe(before)

    // With the link: listed as a test, its page opens with the «ТЕСТ» badge.
    expect((await listed(`?test=${token}`)).find((s) => s.id === 'tree-felling-permit')).toMatchObject({ version: 1, test: true })
    const opened = await send(app(), 'GET', `/services/tree-felling-permit?test=${token}`)
    expect(opened.statusCode).toBe(303)
    expect(opened.headers.location).toBe('/services/tree-felling-permit')
    const cookie = String(opened.headers['set-cookie'] ?? '').split(';')[0] ?? ''
    expect(cookie).toMatch(/^vikno_test=/)
    expect(cookie).not.toContain(token)
    const page = await send(app(), 'GET', '/services/tree-felling-permit', { headers: { cookie } })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('ТЕСТ')
    expect((await send(app(), 'GET', '/apply/tree-felling-permit/applicant', { headers: { cookie } })).statusCode).toBe(200)

    // Back to draft: the link opens nothing any more.
    ok(await post(ws.token, `${V}/tree-felling-permit/versions/1/back-to-draft`, creds))
    expect((await listed(`?test=${token}`)).map((s) => s.id)).not.toContain('tree-felling-permit')
    expect((await send(app(), 'GET', '/services/tree-felling-permit', { headers: { cookie } })).statusCode).toBe(404)
    expectError(
      await send(app(), 'POST', '/api/v1/applications', { json: validApplication(tree), headers: { 'x-test-link': token } }),
      'a revoked link',
      422,
      'unknown_service'
    )
  })

  it('an application through the test link is flagged a test under the tested version; a published one is not; the card’s own questions are checked', async () => {
    const { ws } = await setup(fx.portal)
    const token = await inTesting(ws.token)
    const submit = (json: unknown, headers: Record<string, string> = { 'x-test-link': token }): Promise<LightMyRequestResponse> =>
      send(app(), 'POST', '/api/v1/applications', { json, headers })

    const missing = await submit(validApplication({ ...tree, fields: {} }))
    expectError(missing, 'a required own question unanswered', 400, 'invalid_input')
    expect(missing.json<{ error: { field: string } }>().error.field).toBe('fields.trees')
    const tooMany = await submit(validApplication({ ...tree, fields: { trees: '99' } }))
    expectError(tooMany, 'over the maximum', 400, 'invalid_input')
    expect(tooMany.json<{ error: { field: string } }>().error.field).toBe('fields.trees')
    expectError(await submit(validApplication({ ...tree, fields: { trees: '2.5' } })), 'not a whole number', 400, 'invalid_input')
    const byPost = await submit(validApplication({ ...tree, delivery: 'post' }))
    expectError(byPost, 'a delivery the card does not offer', 400, 'invalid_input')
    expect(byPost.json<{ error: { field: string } }>().error.field).toBe('delivery')

    const test = ok<{ orderNumber: string }>(await submit(validApplication(tree)), 201)
    expect(await row(test.orderNumber)).toEqual({ service_version: 1, is_test: true })

    ok(await post(ws.token, `${V}/tree-felling-permit/versions/1/publish`, creds))
    expect((await listed()).find((s) => s.id === 'tree-felling-permit')).toMatchObject({ version: 1, test: false })
    // After publishing the link is spent; the public path takes the live version, not flagged.
    const real = ok<{ orderNumber: string }>(await submit(validApplication(tree), {}), 201)
    expect(await row(real.orderNumber)).toEqual({ service_version: 1, is_test: false })
    const viaOldLink = ok<{ orderNumber: string }>(await submit(validApplication(tree)), 201)
    expect(await row(viaOldLink.orderNumber)).toEqual({ service_version: 1, is_test: false })
  })

  it('an application keeps the version it was submitted under after the next version is published', async () => {
    const { ws } = await setup(fx.portal)
    const id = 'residence-registration'
    const first = ok<{ orderNumber: string; accessCode: string }>(
      await send(app(), 'POST', '/api/v1/applications', { json: validApplication() }),
      201
    )
    expect(await row(first.orderNumber)).toEqual({ service_version: 1, is_test: false })

    const v2 = ok<{ version: { card: ReturnType<typeof newCard> } }>(await post(ws.token, `${V}/${id}/next`, creds), 201)
    const renamed = { ...v2.version.card, name_uk: 'Реєстрація місця проживання (нова редакція)' }
    ok(await post(ws.token, `${V}/${id}/versions/2/update`, { ...creds, card: renamed }))
    const t2 = testLinkResponseSchema.parse(ok(await post(ws.token, `${V}/${id}/versions/2/testing`, creds))).testLink.token
    // While v2 is tested, citizens still get v1; the tester gets v2.
    expect((await listed()).find((s) => s.id === id)?.version).toBe(1)
    expect((await listed(`?test=${t2}`)).find((s) => s.id === id)).toMatchObject({ version: 2, test: true })
    ok(await post(ws.token, `${V}/${id}/versions/2/publish`, creds))
    expect((await listed()).find((s) => s.id === id)?.version).toBe(2)

    const second = ok<{ orderNumber: string }>(await send(app(), 'POST', '/api/v1/applications', { json: validApplication() }), 201)
    expect(await row(second.orderNumber)).toEqual({ service_version: 2, is_test: false })
    expect(await row(first.orderNumber)).toEqual({ service_version: 1, is_test: false })
    // The citizen's status names the service as the version it was submitted under did.
    const status = ok<{ serviceName: string }>(
      await send(app(), 'GET', `/api/v1/applications/${first.orderNumber}/status`, { headers: { 'x-access-code': first.accessCode } })
    )
    expect(status.serviceName).toBe('Реєстрація місця проживання/перебування особи')

    // Withdrawn: gone from the list and the pages; the earlier application still has its version.
    ok(await post(ws.token, `${V}/${id}/versions/2/withdraw`, creds))
    expect((await listed()).map((s) => s.id)).not.toContain(id)
    expect((await send(app(), 'GET', `/services/${id}`)).statusCode).toBe(404)
    expectError(
      await send(app(), 'POST', '/api/v1/applications', { json: validApplication() }),
      'a withdrawn service',
      422,
      'unknown_service'
    )
    expect(await row(second.orderNumber)).toEqual({ service_version: 2, is_test: false })
  })
})
