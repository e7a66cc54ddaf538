import { expect, it } from 'vitest'
import { formatOrderNumber } from '../../shared/domain/order-number'
import { makeRnokpp } from '../../shared/domain/rnokpp'
import { createPortal } from '../portal'
import { describeBackends, type PortalFixture } from '../test/backends'
import { command, pushSigned, setup, validApplication } from '../test/fixtures'
import { demoPdf, demoPng } from '../demo-files'

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9])

async function counts(fx: PortalFixture): Promise<{ applications: number; events: number; sequences: number }> {
  const rows = await fx.db.query<{ a: number; e: number; s: number }>(
    `SELECT (SELECT count(*)::int FROM applications) AS a, (SELECT count(*)::int FROM application_events) AS e, (SELECT count(*)::int FROM order_sequences) AS s`
  )
  return { applications: rows[0]!.a, events: rows[0]!.e, sequences: rows[0]!.s }
}

function post(fx: PortalFixture, url: string, payload: unknown, contentType = 'application/json', accessCode?: string) {
  return fx.portal.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': contentType, ...(accessCode ? { 'x-access-code': accessCode } : {}) },
    payload: typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload)
  })
}

const app = validApplication()
const applicant = app.applicant

describeBackends('intake API', (fx) => {
  it('accepts a valid application: 201, numbered by the portal node, visible in the change log', async () => {
    await setup(fx.portal)
    const res = await post(fx, '/api/v1/applications', validApplication())
    expect(res.statusCode).toBe(201)
    const body = res.json<{ orderNumber: string; statusUrl: string }>()
    expect(body.orderNumber).toBe(formatOrderNumber(1, 1))
    expect(body.statusUrl).toBe(`/status/${body.orderNumber}`)
    const second = await post(
      fx,
      '/api/v1/applications',
      validApplication({ applicant: { ...applicant, patronymic: undefined, phone: null, email: undefined, rnokpp: undefined } })
    )
    expect(second.json<{ orderNumber: string }>().orderNumber).toBe(formatOrderNumber(1, 2))
    expect(await counts(fx)).toMatchObject({ applications: 2, events: 2 })
    const rows = await fx.db.query<{
      record: { status: string; channel: string; dueAt: string; receivedAt: string; applicant: { patronymic: null } }
    }>('SELECT record FROM applications WHERE order_number = $1', [formatOrderNumber(1, 2)])
    expect(rows[0]?.record).toMatchObject({
      status: 'registered',
      channel: 'portal',
      receivedAt: '2026-11-27T10:00:00+02:00',
      applicant: { patronymic: null }
    })
  })

  it('shows the citizen the status without personal data; a wrong check digit gets a hint', async () => {
    await setup(fx.portal)
    const { orderNumber, accessCode } = (await post(fx, '/api/v1/applications', validApplication())).json<{
      orderNumber: string
      accessCode: string
    }>()
    const res = await fx.portal.app.inject({
      method: 'GET',
      url: `/api/v1/applications/${orderNumber.replace(/-/g, '')}/status`,
      headers: { 'x-access-code': accessCode }
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      orderNumber,
      bucket: 'received',
      status: 'registered',
      receivedAt: '2026-11-27T10:00:00+02:00',
      takenIntoWorkAt: null,
      remarks: null
    })
    for (const secret of [applicant.surname, applicant.givenName, applicant.rnokpp, applicant.phone, applicant.address, applicant.email]) {
      expect(res.body).not.toContain(String(secret))
    }
    const wrong = orderNumber.slice(0, -1) + String((Number(orderNumber.slice(-1)) + 3) % 10)
    const bad = await fx.portal.app.inject({
      method: 'GET',
      url: `/api/v1/applications/${wrong}/status`,
      headers: { 'x-access-code': accessCode }
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ error: { code: 'invalid_order_number', field: 'orderNumber' } })
    expect(bad.json<{ error: { message: string } }>().error.message).toContain(orderNumber)
    const missing = await fx.portal.app.inject({
      method: 'GET',
      url: `/api/v1/applications/${formatOrderNumber(1, 999)}/status`,
      headers: { 'x-access-code': accessCode }
    })
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toMatchObject({ error: { code: 'not_found' } })
  })

  it('rejects bad input with 4xx {error:{code,message,field}} and stores nothing', async () => {
    await setup(fx.portal)
    const cases: [string, () => ReturnType<typeof post>, number, string, string?][] = [
      ['malformed JSON', () => post(fx, '/api/v1/applications', '{"serviceId": "residence-registration",'), 400, 'invalid_json'],
      ['empty JSON body', () => post(fx, '/api/v1/applications', ''), 400, 'invalid_json'],
      ['not JSON', () => post(fx, '/api/v1/applications', 'serviceId=1', 'text/plain'), 415, 'unsupported_media_type'],
      ['a JSON array', () => post(fx, '/api/v1/applications', []), 400, 'invalid_input'],
      ['wrong type', () => post(fx, '/api/v1/applications', { ...app, serviceId: 5 }), 400, 'invalid_input', 'serviceId'],
      ['missing field', () => post(fx, '/api/v1/applications', { ...app, applicant: undefined }), 400, 'invalid_input', 'applicant'],
      ['unknown field', () => post(fx, '/api/v1/applications', { ...app, status: 'issued' }), 400, 'unknown_field', 'status'],
      [
        'unknown nested field',
        () => post(fx, '/api/v1/applications', { ...app, applicant: { ...applicant, middleName: 'x' } }),
        400,
        'unknown_field',
        'applicant.middleName'
      ],
      ['over 1 MB', () => post(fx, '/api/v1/applications', { ...app, fields: { big: 'я'.repeat(600_000) } }), 413, 'payload_too_large'],
      [
        'unknown service',
        () => post(fx, '/api/v1/applications', { ...app, serviceId: 'no-such-service' }),
        422,
        'unknown_service',
        'serviceId'
      ],
      [
        'RNOKPP check digit',
        () =>
          post(fx, '/api/v1/applications', {
            ...app,
            applicant: {
              ...applicant,
              rnokpp: String(applicant.rnokpp).slice(0, 9) + String((Number(String(applicant.rnokpp).slice(9)) + 1) % 10)
            }
          }),
        422,
        'invalid_rnokpp',
        'applicant.rnokpp'
      ],
      [
        'markup in a name',
        () => post(fx, '/api/v1/applications', { ...app, applicant: { ...applicant, surname: '<script>alert(1)</script>' } }),
        400,
        'invalid_input',
        'applicant.surname'
      ],
      [
        'control char in a name',
        () => post(fx, '/api/v1/applications', { ...app, applicant: { ...applicant, givenName: 'Ма\u0000рія' } }),
        400,
        'invalid_input',
        'applicant.givenName'
      ],
      [
        'bidi override in the address',
        () => post(fx, '/api/v1/applications', { ...app, applicant: { ...applicant, address: 'вул. \u202EНебезпечна, 1' } }),
        400,
        'invalid_input',
        'applicant.address'
      ],
      [
        'birth date in the future',
        () => post(fx, '/api/v1/applications', { ...app, applicant: { ...applicant, birthDate: '2026-11-28', rnokpp: null } }),
        400,
        'invalid_input',
        'applicant.birthDate'
      ],
      [
        'a date that does not exist',
        () => post(fx, '/api/v1/applications', { ...app, applicant: { ...applicant, birthDate: '2001-02-30', rnokpp: null } }),
        400,
        'invalid_input',
        'applicant.birthDate'
      ],
      ['bad delivery', () => post(fx, '/api/v1/applications', { ...app, delivery: 'pigeon' }), 400, 'invalid_input', 'delivery'],
      [
        'attachment never uploaded',
        () =>
          post(fx, '/api/v1/applications', {
            ...app,
            attachments: [{ sha256: 'a'.repeat(64), name: 'скан.pdf', mediaType: 'application/pdf' }]
          }),
        422,
        'unknown_attachment',
        'attachments.0.sha256'
      ]
    ]
    for (const [name, send, status, code, field] of cases) {
      const res = await send()
      expect(res.statusCode, name).toBe(status)
      const body = res.json<{ error: { code: string; message: string; field?: string } }>()
      expect(body.error.code, name).toBe(code)
      expect(body.error.message, name).toMatch(/[А-Яа-яІіЇїЄєҐґ]/)
      if (field !== undefined) expect(body.error.field, name).toBe(field)
      expect(res.headers['x-content-type-options'], name).toBe('nosniff')
    }
    expect(await counts(fx)).toEqual({ applications: 0, events: 0, sequences: 0 })
    expect((await fx.portal.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200)
    expect((await post(fx, '/api/v1/applications', validApplication())).statusCode).toBe(201)
    expect(
      (
        await post(
          fx,
          '/api/v1/applications',
          validApplication({ applicant: { ...applicant, birthDate: '2026-11-27', rnokpp: makeRnokpp('2026-11-27', 1, 'male') } })
        )
      ).statusCode
    ).toBe(201)
  })

  it('stores attachments by SHA-256 after checking their magic bytes', async () => {
    await setup(fx.portal)
    const pdf = demoPdf(['test'])
    const res = await post(fx, '/api/v1/attachments', pdf, 'application/pdf')
    expect(res.statusCode).toBe(201)
    const { sha256, mediaType, size } = res.json<{ sha256: string; mediaType: string; size: number }>()
    expect(mediaType).toBe('application/pdf')
    expect(size).toBe(pdf.length)
    expect(sha256).toMatch(/^[0-9a-f]{64}$/)
    expect((await post(fx, '/api/v1/attachments', demoPng(1), 'image/png')).json()).toMatchObject({ mediaType: 'image/png' })
    expect((await post(fx, '/api/v1/attachments', JPEG, 'application/octet-stream')).json()).toMatchObject({ mediaType: 'image/jpeg' })
    // Declared type and name mean nothing: the bytes decide.
    const fake = await post(fx, '/api/v1/attachments', Buffer.from('<html><script>alert(1)</script></html>'), 'application/pdf')
    expect(fake.statusCode).toBe(415)
    expect(fake.json()).toMatchObject({ error: { code: 'unsupported_media_type' } })
    expect((await post(fx, '/api/v1/attachments', { file: 'x' })).statusCode).toBe(415)
    const huge = Buffer.alloc(20 * 1024 * 1024 + 1)
    pdf.copy(huge)
    const big = await post(fx, '/api/v1/attachments', huge, 'application/pdf')
    expect(big.statusCode).toBe(413)
    expect(big.json()).toMatchObject({ error: { code: 'payload_too_large' } })
    const stored = await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM attachments')
    expect(stored[0]?.n).toBe(3)

    const ok = await post(
      fx,
      '/api/v1/applications',
      validApplication({ attachments: [{ sha256, name: 'Паспорт.pdf', mediaType: 'application/pdf' }] })
    )
    expect(ok.statusCode).toBe(201)
    const wrongType = await post(
      fx,
      '/api/v1/applications',
      validApplication({ attachments: [{ sha256, name: 'Паспорт.png', mediaType: 'image/png' }] })
    )
    expect(wrongType.statusCode).toBe(422)
    expect(wrongType.json()).toMatchObject({ error: { code: 'unknown_attachment', field: 'attachments.0.mediaType' } })
  })

  it('lists the service catalogue: the centre’s live versions, seeded from the file as version 1', async () => {
    await setup(fx.portal)
    const res = await fx.portal.app.inject({ method: 'GET', url: '/api/v1/services' })
    expect(res.statusCode).toBe(200)
    const body = res.json<{ services: { id: string; version: number; test: boolean }[] }>()
    expect(body.services.length).toBe(30)
    expect(body.services.every((s) => s.version === 1 && !s.test)).toBe(true)
    expect(body.services.map((s) => s.id)).toContain('residence-registration')
  })

  it('the applicant answers the remarks: the clock resumes and the application returns to review', async () => {
    const { ws } = await setup(fx.portal)
    const { orderNumber, accessCode } = (await post(fx, '/api/v1/applications', validApplication())).json<{
      orderNumber: string
      accessCode: string
    }>()
    const id = (await fx.db.query<{ id: string }>('SELECT id FROM applications'))[0]!.id
    const pushed = await pushSigned(fx.portal, ws, [
      command(1, 'claim', id, {}),
      command(
        2,
        'request_correction',
        id,
        { items: [{ field: 'attachments', remark: 'Скан нечитабельний' }], general: 'Додайте скан паспорта' },
        { baseVersion: 2 }
      )
    ])
    expect(pushed.results.map((r) => r.outcome)).toEqual(['applied', 'applied'])
    const status = (
      await fx.portal.app.inject({
        method: 'GET',
        url: `/api/v1/applications/${orderNumber}/status`,
        headers: { 'x-access-code': accessCode }
      })
    ).json()
    expect(status).toMatchObject({
      bucket: 'needs_answer',
      paused: true,
      takenIntoWorkAt: '2026-11-27T10:00:00+02:00',
      remarks: { items: [{ field: 'attachments', remark: 'Скан нечитабельний' }], general: 'Додайте скан паспорта' }
    })
    expect(JSON.stringify(status)).not.toContain('Олена')

    expect(
      (await post(fx, `/api/v1/applications/${orderNumber}/answers`, { answer: 'Додала', extra: 1 }, undefined, accessCode)).json()
    ).toMatchObject({
      error: { code: 'unknown_field' }
    })
    expect((await post(fx, `/api/v1/applications/${orderNumber}/answers`, { answer: '   ' }, undefined, accessCode)).statusCode).toBe(400)
    fx.clock.advance(86_400_000)
    const answered = await post(
      fx,
      `/api/v1/applications/${orderNumber}/answers`,
      { answer: 'Завантажила новий скан' },
      undefined,
      accessCode
    )
    expect(answered.statusCode).toBe(200)
    expect(answered.json()).toMatchObject({ bucket: 'in_progress', status: 'in_review', paused: false, remarks: null })
    const again = await post(fx, `/api/v1/applications/${orderNumber}/answers`, { answer: 'Ще раз' }, undefined, accessCode)
    expect(again.statusCode).toBe(409)
    expect(again.json()).toMatchObject({ error: { code: 'illegal_transition' } })
  })

  it('an answer with corrected documents uploaded first: they join the application’s attachments; an unknown one is refused and changes nothing', async () => {
    const { ws } = await setup(fx.portal)
    const { orderNumber, accessCode } = (await post(fx, '/api/v1/applications', validApplication())).json<{
      orderNumber: string
      accessCode: string
    }>()
    const id = (await fx.db.query<{ id: string }>('SELECT id FROM applications'))[0]!.id
    await pushSigned(fx.portal, ws, [
      command(1, 'claim', id, {}),
      command(2, 'request_correction', id, { items: [], general: 'Додайте скан паспорта' }, { baseVersion: 2 })
    ])
    const png = demoPng(11)
    const { sha256 } = (await post(fx, '/api/v1/attachments', png, 'image/png')).json<{ sha256: string }>()
    const record = async () =>
      (await fx.db.query<{ record: { status: string; attachments: unknown[] } }>('SELECT record FROM applications WHERE id = $1', [id]))[0]!
        .record
    const unknown = await post(
      fx,
      `/api/v1/applications/${orderNumber}/answers`,
      { answer: 'Додала', attachments: [{ sha256: 'a'.repeat(64), name: 'Паспорт.png', mediaType: 'image/png' }] },
      undefined,
      accessCode
    )
    expect(unknown.statusCode).toBe(422)
    expect(unknown.json()).toMatchObject({ error: { code: 'unknown_attachment', field: 'attachments.0.sha256' } })
    const wrongType = await post(
      fx,
      `/api/v1/applications/${orderNumber}/answers`,
      { answer: 'Додала', attachments: [{ sha256, name: 'Паспорт.pdf', mediaType: 'application/pdf' }] },
      undefined,
      accessCode
    )
    expect(wrongType.statusCode).toBe(422)
    expect(await record()).toMatchObject({ status: 'needs_correction', attachments: [] })
    const ok = await post(
      fx,
      `/api/v1/applications/${orderNumber}/answers`,
      { answer: 'Додала скан паспорта', attachments: [{ sha256, name: 'Паспорт.png', mediaType: 'image/png' }] },
      undefined,
      accessCode
    )
    expect(ok.statusCode, ok.body).toBe(200)
    expect(await record()).toMatchObject({ status: 'in_review', attachments: [{ sha256, name: 'Паспорт.png', mediaType: 'image/png' }] })
  })

  it('a correction with a date to answer by (v2): the citizen sees the date; an answer after it is accepted and flagged; v1 still works', async () => {
    const { ws } = await setup(fx.portal)
    const first = (await post(fx, '/api/v1/applications', validApplication())).json<{ orderNumber: string; accessCode: string }>()
    const second = (await post(fx, '/api/v1/applications', validApplication())).json<{ orderNumber: string; accessCode: string }>()
    const idOf = async (n: string) => (await fx.db.query<{ id: string }>('SELECT id FROM applications WHERE order_number = $1', [n]))[0]!.id
    const [a, b] = [await idOf(first.orderNumber), await idOf(second.orderNumber)]
    const remark = { items: [], general: 'Додайте скан паспорта' }
    const pushed = await pushSigned(fx.portal, ws, [
      command(1, 'claim', a, {}),
      command(2, 'request_correction', a, { ...remark, answerBy: '2026-11-30' }, { v: 2 }),
      command(3, 'claim', b, {}),
      command(4, 'request_correction', b, remark, { v: 1 })
    ])
    expect(pushed.results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied', 'applied'])
    const statusOf = async (app: { orderNumber: string; accessCode: string }) =>
      (
        await fx.portal.app.inject({
          method: 'GET',
          url: `/api/v1/applications/${app.orderNumber}/status`,
          headers: { 'x-access-code': app.accessCode }
        })
      ).json<{ remarks: { answerBy: string | null } | null; lastAnswer: { late: boolean } | null }>()
    expect((await statusOf(first)).remarks).toMatchObject({ answerBy: '2026-11-30', general: 'Додайте скан паспорта' })
    expect((await statusOf(second)).remarks).toMatchObject({ answerBy: null })
    const page = await fx.portal.app.inject({
      method: 'GET',
      url: `/status/${first.orderNumber}`,
      headers: { 'x-access-code': first.accessCode }
    })
    expect(page.body).toContain('Відповісти до 30.11.2026')

    // 1 December in Kyiv: a day late. Accepted, and flagged.
    fx.clock.advance(4 * 86_400_000)
    const late = await post(fx, `/api/v1/applications/${first.orderNumber}/answers`, { answer: 'Додала скан' }, undefined, first.accessCode)
    expect(late.statusCode).toBe(200)
    expect(late.json()).toMatchObject({ status: 'in_review', remarks: null, lastAnswer: { late: true } })
    const stored = await fx.db.query<{ correction: { answeredLate: boolean; answerBy: string } }>(
      `SELECT record -> 'correction' AS correction FROM applications WHERE id = $1`,
      [a]
    )
    expect(stored[0]?.correction).toMatchObject({ answeredLate: true, answerBy: '2026-11-30' })
    const event = await fx.db.query<{ data: Record<string, unknown> }>(
      `SELECT event -> 'data' AS data FROM application_events WHERE application_id = $1 AND event ->> 'kind' = 'answered'`,
      [a]
    )
    expect(event[0]?.data).toMatchObject({ late: true, answerBy: '2026-11-30' })
    // v1: no date, so never late.
    const v1 = await post(fx, `/api/v1/applications/${second.orderNumber}/answers`, { answer: 'Додав скан' }, undefined, second.accessCode)
    expect(v1.json()).toMatchObject({ lastAnswer: { late: false } })
  })

  it('sets security headers everywhere and no CORS headers at all', async () => {
    await setup(fx.portal)
    const responses = [
      await fx.portal.app.inject({ method: 'GET', url: '/api/v1/services', headers: { origin: 'https://evil.example' } }),
      await post(fx, '/api/v1/applications', '{', 'application/json'),
      await fx.portal.app.inject({ method: 'GET', url: '/nowhere' }),
      await fx.portal.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/applications',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' }
      }),
      await fx.portal.app.inject({ method: 'GET', url: '/sync/pull' })
    ]
    for (const res of responses) {
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['referrer-policy']).toBe('no-referrer')
      expect(res.headers['x-frame-options']).toBe('DENY')
      expect(res.headers['content-security-policy']).toContain("default-src 'none'")
      expect(res.headers['cache-control']).toBe('no-store')
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([])
    }
    expect(responses[4]?.statusCode).toBe(401)
    expect(responses[4]?.json()).toMatchObject({ error: { code: 'unauthenticated' } })
  })

  it('rate-limits public endpoints', async () => {
    const limited = await createPortal({ db: fx.db, clock: fx.clock.now, rateLimit: { max: 3, timeWindowMs: 60_000 }, closeDb: false })
    try {
      const codes: number[] = []
      for (let i = 0; i < 4; i++) codes.push((await limited.app.inject({ method: 'GET', url: '/api/v1/services' })).statusCode)
      expect(codes).toEqual([200, 200, 200, 429])
      const res = await limited.app.inject({
        method: 'POST',
        url: '/api/v1/applications',
        headers: { 'content-type': 'application/json' },
        payload: '{}'
      })
      expect(res.statusCode).toBe(400) // another route, its own budget
      const last = await limited.app.inject({ method: 'GET', url: '/api/v1/services' })
      expect(last.statusCode).toBe(429)
      expect(last.json()).toMatchObject({ error: { code: 'rate_limited' } })
      expect(last.headers['x-content-type-options']).toBe('nosniff')
    } finally {
      await limited.close()
    }
  })
})
