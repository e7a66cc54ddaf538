import { describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { v7 as uuidv7 } from 'uuid'
import { DEMO_CENTRE } from '../shared/demo/clerks'
import { enrolmentCodeHash, hashPassword } from './auth/secrets'
import type { Queryable } from './db/portal-db'
import { upsertCentre } from './db/centres-repository'
import { upsertClerk } from './db/clerks-repository'
import { demoPdf } from './demo-files'
import { JSON_BODY_LIMIT } from './http/server'
import { parseTrustProxy } from './http/trust-proxy'
import { MAX_ATTACHMENT_BYTES } from './intake/intake'
import { revokeWorkstation } from './sync/workstations'
import { describeBackends, type PortalFixture } from './test/backends'
import { enrol, issueCode, NADIIA, OLENA, PETRO, setup, submit, validApplication } from './test/fixtures'
import { expectError, expectNoCors, expectSecurityHeaders, listRoutes, send, type Method, type RouteEntry } from './test/http'

/*
 * The portal's HTTP hardening, each with a test (issue 8, "Proven by tests"): authentication on every
 * non-public route (found by enumerating the server's routes, so a new one cannot slip in
 * unguarded), the admin endpoints' rules, closed CORS, security headers, body limits, rate limits.
 */

/** The routes anyone may call. Adding a route here is a deliberate decision, reviewed with this test. */
const PUBLIC = new Set([
  'GET /health',
  'HEAD /health',
  'GET /api/v1/services',
  'HEAD /api/v1/services',
  'POST /api/v1/applications',
  'GET /api/v1/applications/:orderNumber/status',
  'HEAD /api/v1/applications/:orderNumber/status',
  'POST /api/v1/applications/:orderNumber/answers',
  'POST /api/v1/attachments',
  'GET /status/:orderNumber',
  'HEAD /status/:orderNumber',
  'POST /sync/enrol',
  // The citizens' pages (web/routes.ts): forms carry a CSRF token, an application opens with its code.
  'GET /',
  'HEAD /',
  'GET /assets/icon.svg',
  'GET /assets/site.css',
  'HEAD /assets/icon.svg',
  'HEAD /assets/site.css',
  'GET /language/:lang',
  'HEAD /language/:lang',
  'POST /lookup',
  'POST /status/:orderNumber',
  'POST /status/:orderNumber/answer',
  'POST /status/:orderNumber/close',
  // The receipt PDF opens with the application's code (the kept cookie or X-Access-Code), as the status page.
  'GET /status/:orderNumber/receipt.pdf',
  'HEAD /status/:orderNumber/receipt.pdf',
  'GET /services/:serviceId',
  'HEAD /services/:serviceId',
  'GET /apply/:serviceId/:step',
  'HEAD /apply/:serviceId/:step',
  'POST /apply/:serviceId/:step'
])

/** Routes that must exist behind the workstation token (guards against the enumeration silently finding nothing). */
const MUST_BE_GUARDED = [
  'POST /sync/sign-in',
  'GET /sync/pull',
  'GET /sync/clerks',
  'POST /sync/push',
  'GET /sync/blobs/:sha256',
  'GET /sync/events',
  'POST /admin/workstations/:id/revoke',
  'POST /admin/clerks/:id/disable',
  'POST /admin/clerks/:id/enable',
  'POST /admin/clerks/:id/role',
  'POST /admin/clerks/:id/password',
  'POST /admin/clerks',
  'POST /admin/directory'
]

const key = (r: RouteEntry): string => `${r.method} ${r.url}`

function concrete(url: string): string {
  return url.replace(':sha256', 'a'.repeat(64)).replace(':orderNumber', '001-000001-7').replace(':id', uuidv7())
}

async function otherCentre(fx: PortalFixture): Promise<void> {
  await upsertCentre(fx.db, {
    id: 'other-cnap',
    name: 'ЦНАП м. Кам’янець-Подільський',
    enrolmentCodeHash: enrolmentCodeHash('OTHER-CODE-2026'),
    now: fx.clock.now()
  })
  await upsertClerk(fx.db, {
    id: 'other-admin',
    centreId: 'other-cnap',
    login: 'stranger',
    name: 'Степан Чужий',
    role: 'admin',
    passwordHash: await hashPassword('stranger-pw', 1024)
  })
}

async function enrolOther(fx: PortalFixture): Promise<{ token: string; id: string }> {
  const res = await send(fx.portal.app, 'POST', '/sync/enrol', {
    json: {
      enrolmentCode: await issueCode(fx.portal, { adminId: 'other-admin' }),
      workstationId: uuidv7(),
      creationNonce: `nonce-${uuidv7()}`,
      label: 'Чужий ЦНАП'
    }
  })
  expect(res.statusCode).toBe(200)
  const body = res.json<{ token: string; workstationId: string }>()
  return { token: body.token, id: body.workstationId }
}

async function stateOf(db: Queryable): Promise<Record<string, number>> {
  const rows = await db.query<{ k: string; n: number }>(
    `SELECT 'revoked' AS k, count(*)::int AS n FROM workstations WHERE revoked_at IS NOT NULL
     UNION ALL SELECT 'disabled', count(*)::int FROM clerks WHERE disabled_at IS NOT NULL
     UNION ALL SELECT 'workstations', count(*)::int FROM workstations
     UNION ALL SELECT 'applications', count(*)::int FROM applications
     UNION ALL SELECT 'attachments', count(*)::int FROM attachments
     UNION ALL SELECT 'results', count(*)::int FROM command_results`
  )
  return Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]))
}

describeBackends('portal security', (fx) => {
  it('every route is public by decision or answers 401 without a token, with a wrong one and with a revoked one — before reading the body', async () => {
    const { ws } = await setup(fx.portal)
    const revoked = await enrol(fx.portal, 'Списане')
    await revokeWorkstation(fx.portal.db, fx.portal.deps, revoked.id)
    const app = fx.portal.app
    const routes = listRoutes(app)
    const keys = new Set(routes.map(key))
    for (const k of [...PUBLIC, ...MUST_BE_GUARDED]) expect(keys, `route ${k} exists`).toContain(k)

    const guarded = routes.filter((r) => !PUBLIC.has(key(r)))
    expect(guarded.map(key)).toEqual(expect.arrayContaining(MUST_BE_GUARDED))
    const cases: { label: string; headers: Record<string, string>; code: string }[] = [
      { label: 'no token', headers: {}, code: 'unauthenticated' },
      {
        label: 'not a bearer token',
        headers: { authorization: `Basic ${Buffer.from('nadiia:vikno-demo').toString('base64')}` },
        code: 'unauthenticated'
      },
      { label: 'empty bearer', headers: { authorization: 'Bearer ' }, code: 'unauthenticated' },
      { label: 'wrong token', headers: { authorization: 'Bearer vkw_not-a-real-token' }, code: 'invalid_token' },
      { label: 'token of a revoked workstation', headers: { authorization: `Bearer ${revoked.token}` }, code: 'workstation_revoked' }
    ]
    const hugeInvalidJson = `{"x":"${'z'.repeat(2 * JSON_BODY_LIMIT)}` // too large AND malformed: only auth may answer
    for (const route of guarded) {
      const url = concrete(route.url)
      for (const c of cases) {
        const label = `${key(route)} — ${c.label}`
        const res = await send(app, route.method, url, {
          headers: { ...c.headers, ...(route.method === 'POST' ? { 'content-type': 'application/json' } : {}) },
          ...(route.method === 'POST' ? { body: '{}' } : {})
        })
        expect(res.statusCode, label).toBe(401)
        expectSecurityHeaders(res, label)
        expectNoCors(res, label)
        if (route.method !== 'HEAD') expectError(res, label, 401, c.code)
      }
      if (route.method === 'POST') {
        const res = await send(app, 'POST', url, { headers: { 'content-type': 'application/json' }, body: hugeInvalidJson })
        expectError(res, `${key(route)} — 2 MB of broken JSON without a token`, 401, 'unauthenticated')
      }
    }
    // The same routes with a valid token get past authentication.
    expect((await send(app, 'GET', '/sync/pull', { token: ws.token })).statusCode).toBe(200)
    // Public routes answer without a token (and never with 401).
    for (const route of routes.filter((r) => PUBLIC.has(key(r)))) {
      const res = await send(app, route.method, concrete(route.url), route.method === 'POST' ? { json: {} } : {})
      expect(res.statusCode, key(route)).not.toBe(401)
    }
  })

  it('admin endpoints: an admin of the workstation’s own centre only; everyone else is refused and nothing changes', async () => {
    const { ws } = await setup(fx.portal)
    const target = await enrol(fx.portal, 'Вікно 7')
    await otherCentre(fx)
    const foreignDesk = await enrolOther(fx)
    const revokeUrl = `/admin/workstations/${target.id}/revoke`
    // A supervisor may disable front-desk and back-office staff (admin.test.ts), not another supervisor.
    await upsertClerk(fx.db, {
      id: 'sup-2',
      centreId: DEMO_CENTRE.id,
      login: 'sup2',
      name: 'Другий Керівник',
      role: 'supervisor',
      passwordHash: await hashPassword('sup2-pw', 1024)
    })
    const disableUrl = '/admin/clerks/sup-2/disable'
    const before = await stateOf(fx.db)

    for (const url of [revokeUrl, disableUrl]) {
      const as = (token: string, login: string, password: string) => send(fx.portal.app, 'POST', url, { token, json: { login, password } })
      expectError(await as(ws.token, NADIIA.login, 'wrong-password'), `${url}: wrong password`, 401, 'invalid_credentials')
      expectError(await as(ws.token, 'nobody', 'x'), `${url}: unknown login`, 401, 'invalid_credentials')
      expectError(await as(ws.token, OLENA.login, OLENA.password), `${url}: a clerk`, 403, 'forbidden')
      expectError(await as(ws.token, PETRO.login, PETRO.password), `${url}: a supervisor`, 403, 'forbidden')
      // An admin of another centre, at a desk of this centre, and at a desk of their own.
      expectError(await as(ws.token, 'stranger', 'stranger-pw'), `${url}: another centre's admin here`, 403, 'forbidden')
      expectError(await as(foreignDesk.token, 'stranger', 'stranger-pw'), `${url}: another centre's admin at home`, 404, 'not_found')
      // This centre's admin at another centre's desk.
      expectError(await as(foreignDesk.token, NADIIA.login, NADIIA.password), `${url}: admin at a foreign desk`, 403, 'forbidden')
      expectError(
        await send(fx.portal.app, 'POST', url, { token: ws.token, json: { login: NADIIA.login } }),
        `${url}: no password`,
        400,
        'invalid_input'
      )
    }
    expect(await stateOf(fx.db)).toEqual(before)

    // A disabled admin is refused too.
    await upsertClerk(fx.db, {
      id: 'admin-2',
      centreId: DEMO_CENTRE.id,
      login: 'admin2',
      name: 'Друга Адміністраторка',
      role: 'admin',
      passwordHash: await hashPassword('second-pw', 1024)
    })
    expect(
      (
        await send(fx.portal.app, 'POST', '/admin/clerks/admin-2/disable', {
          token: ws.token,
          json: { login: NADIIA.login, password: NADIIA.password }
        })
      ).statusCode
    ).toBe(200)
    expectError(
      await send(fx.portal.app, 'POST', revokeUrl, { token: ws.token, json: { login: 'admin2', password: 'second-pw' } }),
      'disabled admin',
      403,
      'clerk_disabled'
    )
    // Nobody disables themselves.
    expectError(
      await send(fx.portal.app, 'POST', `/admin/clerks/${NADIIA.clerkId}/disable`, {
        token: ws.token,
        json: { login: NADIIA.login, password: NADIIA.password }
      }),
      'self',
      403,
      'forbidden'
    )
    // The admin of the centre may.
    expect(
      (await send(fx.portal.app, 'POST', revokeUrl, { token: ws.token, json: { login: NADIIA.login, password: NADIIA.password } })).json()
    ).toEqual({ ok: true })
    expect(
      (await send(fx.portal.app, 'POST', disableUrl, { token: ws.token, json: { login: NADIIA.login, password: NADIIA.password } })).json()
    ).toEqual({ ok: true })
    expect(await stateOf(fx.db)).toEqual({ ...before, revoked: before.revoked! + 1, disabled: before.disabled! + 2 })
  })

  it('CORS is closed: no Access-Control-* header on any answer, preflights included', async () => {
    const { ws } = await setup(fx.portal)
    const origin = 'https://evil.example'
    for (const route of listRoutes(fx.portal.app)) {
      const url = concrete(route.url)
      const preflight = await send(fx.portal.app, 'OPTIONS', url, {
        headers: { origin, 'access-control-request-method': route.method, 'access-control-request-headers': 'authorization, content-type' }
      })
      expect(preflight.statusCode, `OPTIONS ${url}`).toBeGreaterThanOrEqual(400)
      expectNoCors(preflight, `OPTIONS ${url}`)
      expectSecurityHeaders(preflight, `OPTIONS ${url}`)
      // The event stream never ends: asked without a token there (the answer's headers are what matter).
      const token = route.url === '/sync/events' ? {} : { token: ws.token }
      const real = await send(fx.portal.app, route.method, url, {
        ...token,
        headers: { origin },
        ...(route.method === 'POST' ? { json: {} } : {})
      })
      expectNoCors(real, `${route.method} ${url} with Origin`)
    }
  })

  it('security headers on every kind of answer: 2xx, 4xx, HTML, binary', async () => {
    const { ws } = await setup(fx.portal)
    const app = fx.portal.app
    const pdf = demoPdf(['security'])
    const upload = await send(app, 'POST', '/api/v1/attachments', { headers: { 'content-type': 'application/pdf' }, body: pdf })
    const { sha256 } = upload.json<{ sha256: string }>()
    const created = await send(app, 'POST', '/api/v1/applications', {
      json: validApplication({ attachments: [{ sha256, name: 'Заява.pdf', mediaType: 'application/pdf' }] })
    })
    const { orderNumber, accessCode } = created.json<{ orderNumber: string; accessCode: string }>()
    const code = { headers: { 'x-access-code': accessCode } }
    const answers: [string, LightMyRequestResponse, number][] = [
      ['health', await send(app, 'GET', '/health'), 200],
      ['services', await send(app, 'GET', '/api/v1/services'), 200],
      ['upload', upload, 201],
      ['submit', created, 201],
      ['status', await send(app, 'GET', `/api/v1/applications/${orderNumber}/status`, code), 200],
      ['status without the code', await send(app, 'GET', `/api/v1/applications/${orderNumber}/status`), 404],
      ['status page (HTML)', await send(app, 'GET', `/status/${orderNumber}`, code), 200],
      ['status page asking for the code (HTML)', await send(app, 'GET', `/status/${orderNumber}`), 200],
      ['status page, wrong code (HTML)', await send(app, 'GET', `/status/${orderNumber}?code=K7QM-4XPR-9TAW`), 404],
      ['pull', await send(app, 'GET', '/sync/pull', { token: ws.token }), 200],
      ['blob (binary)', await send(app, 'GET', `/sync/blobs/${sha256}`, { token: ws.token }), 200],
      [
        'answer when none is awaited',
        await send(app, 'POST', `/api/v1/applications/${orderNumber}/answers`, { json: { answer: 'так' }, ...code }),
        409
      ],
      ['unknown route', await send(app, 'GET', '/etc/passwd'), 404],
      ['unauthenticated', await send(app, 'GET', '/sync/pull'), 401],
      ['bad input', await send(app, 'POST', '/api/v1/applications', { json: { serviceId: 1 } }), 400],
      ['bad JSON', await send(app, 'POST', '/api/v1/applications', { headers: { 'content-type': 'application/json' }, body: '{' }), 400],
      [
        'wrong media type',
        await send(app, 'POST', '/api/v1/applications', { headers: { 'content-type': 'text/plain' }, body: 'hello' }),
        415
      ],
      [
        'too large',
        await send(app, 'POST', '/api/v1/applications', {
          headers: { 'content-type': 'application/json' },
          body: 'x'.repeat(JSON_BODY_LIMIT + 1)
        }),
        413
      ],
      ['bad URL encoding', await send(app, 'GET', '/api/v1/applications/%E0%A4%A/status'), 400]
    ]
    for (const [label, res, status] of answers) {
      expect(res.statusCode, `${label}: ${res.body.slice(0, 200)}`).toBe(status)
      expectSecurityHeaders(res, label)
      expectNoCors(res, label)
      // The HTML pages answer errors as pages; every other 4xx is the machine-readable body.
      if (status >= 400 && !label.includes('(HTML)')) expectError(res, label, status)
    }
    const blob = answers.find(([label]) => label === 'blob (binary)')?.[1]
    expect(blob?.headers['content-disposition']).toBe('attachment')
  })

  it('body limits: 1 MB of JSON, 20 MB a file, 8 MB a push; beyond → 413 payload_too_large and nothing stored', async () => {
    const { ws } = await setup(fx.portal)
    const { orderNumber } = await submit(fx.portal)
    const app = fx.portal.app
    const before = await stateOf(fx.db)
    const overJson = JSON.stringify({ ...validApplication(), padding: 'x'.repeat(JSON_BODY_LIMIT) })
    for (const [url, token] of [
      ['/api/v1/applications', undefined],
      [`/api/v1/applications/${orderNumber}/answers`, undefined],
      ['/sync/enrol', undefined],
      ['/sync/sign-in', ws.token],
      [`/admin/workstations/${ws.id}/revoke`, ws.token]
    ] as const) {
      const res = await send(app, 'POST', url, {
        ...(token ? { token } : {}),
        headers: { 'content-type': 'application/json' },
        body: overJson
      })
      expectError(res, `${url}: over 1 MB`, 413, 'payload_too_large')
      expectSecurityHeaders(res, url)
    }
    // Just under the limit the body is read (and refused for what it says, not for its size).
    const underJson = JSON.stringify({ ...validApplication(), padding: 'x'.repeat(JSON_BODY_LIMIT - 2_000) })
    expectError(
      await send(app, 'POST', '/api/v1/applications', { headers: { 'content-type': 'application/json' }, body: underJson }),
      'under 1 MB',
      400,
      'unknown_field'
    )

    const pushBody = JSON.stringify({ workstationId: ws.id, commands: [], padding: 'x'.repeat(8 * 1024 * 1024) })
    expectError(
      await send(app, 'POST', '/sync/push', { token: ws.token, headers: { 'content-type': 'application/json' }, body: pushBody }),
      'push over 8 MB',
      413,
      'payload_too_large'
    )

    const big = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 0x20)
    Buffer.from('%PDF-1.7\n').copy(big)
    expectError(
      await send(app, 'POST', '/api/v1/attachments', { headers: { 'content-type': 'application/pdf' }, body: big }),
      'file over 20 MB',
      413,
      'payload_too_large'
    )
    // Exactly 20 MB gets through the limit to the handler, which judges the bytes (storing 20 MB in
    // PGlite takes seconds, so the bytes here are not a PDF: the answer is about the type, not the size).
    const exactly = Buffer.alloc(MAX_ATTACHMENT_BYTES, 0x20)
    expectError(
      await send(app, 'POST', '/api/v1/attachments', { headers: { 'content-type': 'application/pdf' }, body: exactly }),
      'file of exactly 20 MB',
      415,
      'unsupported_media_type'
    )
    expect(await stateOf(fx.db)).toEqual(before)
  })
})

const LIMIT = 3

describeBackends(
  'portal rate limits',
  (fx) => {
    it(`public endpoints answer 429 rate_limited after ${LIMIT} requests a window; workstation sync is not limited`, async () => {
      const { ws } = await setup(fx.portal)
      const { orderNumber } = await submit(fx.portal)
      const app = fx.portal.app
      const limited: { method: Method; url: string; opts: Parameters<typeof send>[3] }[] = [
        { method: 'GET', url: '/api/v1/services', opts: {} },
        { method: 'POST', url: '/api/v1/applications', opts: { json: { serviceId: 'x' } } },
        { method: 'GET', url: `/api/v1/applications/${orderNumber}/status`, opts: {} },
        { method: 'GET', url: `/status/${orderNumber}`, opts: {} },
        { method: 'POST', url: `/api/v1/applications/${orderNumber}/answers`, opts: { json: { answer: 'так' } } },
        {
          method: 'POST',
          url: '/api/v1/attachments',
          opts: { headers: { 'content-type': 'application/pdf' }, body: Buffer.from('not a pdf') }
        },
        {
          method: 'POST',
          url: '/sync/enrol',
          opts: { json: { enrolmentCode: 'GUESS-0000', workstationId: uuidv7(), creationNonce: 'nonce-guess-1' } }
        },
        // Password guessing through a workstation is limited too.
        { method: 'POST', url: '/sync/sign-in', opts: { token: ws.token, json: { login: OLENA.login, password: 'guess' } } },
        {
          method: 'POST',
          url: `/admin/clerks/${OLENA.clerkId}/disable`,
          opts: { token: ws.token, json: { login: NADIIA.login, password: 'guess' } }
        },
        {
          method: 'POST',
          url: `/admin/workstations/${ws.id}/revoke`,
          opts: { token: ws.token, json: { login: NADIIA.login, password: 'guess' } }
        }
      ]
      for (const r of limited) {
        for (let i = 0; i < LIMIT; i++) expect((await send(app, r.method, r.url, r.opts)).statusCode, `${r.url} #${i + 1}`).not.toBe(429)
        const res = await send(app, r.method, r.url, r.opts)
        expectError(res, `${r.method} ${r.url} over the limit`, 429, 'rate_limited')
        expectSecurityHeaders(res, r.url)
        expectNoCors(res, r.url)
      }
      for (let i = 0; i < 3 * LIMIT; i++) {
        expect((await send(app, 'GET', '/sync/pull', { token: ws.token })).statusCode).toBe(200)
        expect((await send(app, 'POST', '/sync/push', { token: ws.token, json: { workstationId: ws.id, commands: [] } })).statusCode).toBe(
          200
        )
        expect((await send(app, 'GET', '/health')).statusCode).toBe(200)
      }
    })
  },
  { rateLimit: { max: LIMIT, timeWindowMs: 60_000 } }
)

describeBackends(
  'portal behind a load balancer (trustProxy)',
  (fx) => {
    const services = (remoteAddress: string, forwardedFor?: string) =>
      fx.portal.app.inject({
        method: 'GET',
        url: '/api/v1/services',
        remoteAddress,
        ...(forwardedFor !== undefined ? { headers: { 'x-forwarded-for': forwardedFor } } : {})
      })

    it('counts each citizen the balancer names, not the balancer', async () => {
      for (let i = 0; i < LIMIT; i++) expect((await services('127.0.0.1', '203.0.113.5')).statusCode).toBe(200)
      expect((await services('127.0.0.1', '203.0.113.5')).statusCode).toBe(429)
      // Another citizen behind the same balancer has a window of its own.
      expect((await services('127.0.0.1', '203.0.113.6')).statusCode).toBe(200)
      // A chain of proxies: the address the trusted balancer saw (the last one) is the client.
      expect((await services('127.0.0.1', '198.51.100.1, 203.0.113.7')).statusCode).toBe(200)
    })

    it('the stranger: from an address that is not a balancer, X-Forwarded-For is ignored and cannot dodge the limit', async () => {
      for (let i = 0; i < LIMIT; i++) expect((await services('192.0.2.44', `203.0.113.${100 + i}`)).statusCode).toBe(200)
      const res = await services('192.0.2.44', '203.0.113.200')
      expect(res.statusCode).toBe(429)
      expect(res.json()).toMatchObject({ error: { code: 'rate_limited' } })
    })
  },
  { rateLimit: { max: LIMIT, timeWindowMs: 60_000 }, trustProxy: ['127.0.0.1'] }
)

describe('parseTrustProxy (--trust-proxy, PORTAL_TRUST_PROXY)', () => {
  it('takes addresses and CIDR ranges, IPv4 and IPv6; an empty value trusts nobody', () => {
    expect(parseTrustProxy('--trust-proxy', '127.0.0.1, 10.0.0.0/24,::1,fd00::/8')).toEqual(['127.0.0.1', '10.0.0.0/24', '::1', 'fd00::/8'])
    expect(parseTrustProxy('PORTAL_TRUST_PROXY', '')).toEqual([])
  })
  it('refuses anything else, naming the option and the item', () => {
    expect(() => parseTrustProxy('--trust-proxy', 'balancer.local')).toThrow(/--trust-proxy: «balancer.local» is not an IP address/)
    expect(() => parseTrustProxy('--trust-proxy', '10.0.0.0/33')).toThrow(/«10.0.0.0\/33»/)
    expect(() => parseTrustProxy('--trust-proxy', '10.0.0.1/8/1')).toThrow(/is not an IP address/)
    expect(() => parseTrustProxy('--trust-proxy', undefined)).toThrow(/expected addresses/)
  })
})
