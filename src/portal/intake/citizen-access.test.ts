import type { LightMyRequestResponse } from 'fastify'
import { expect, it } from 'vitest'
import { DEMO_CLERKS } from '../../shared/demo/clerks'
import { ACCESS_CODE_KDF, normalizeAccessCode } from '../../shared/domain/access-code'
import { formatOrderNumber } from '../../shared/domain/order-number'
import { hashAccessCode, verifyAccessCode } from '../auth/access-codes'
import type { Queryable } from '../db/portal-db'
import { describeBackends, type PortalFixture } from '../test/backends'
import { command, OLENA, pushSigned, setup, submit, validApplication } from '../test/fixtures'
import { handlePull } from '../sync/pull'
import type { WorkstationIdentity } from '../sync/push'
import { applicationNotFound } from './intake'

/*
 * Issue 16: the number names an application, the access code opens it. Every citizen endpoint about
 * one application, tried with no code, a wrong one, another application's, and the right one in
 * each place it may travel; an unknown number; the rate limits; walk-ins' and reissued codes that
 * come from workstations.
 */

const IRYNA = DEMO_CLERKS[2]!

/**
 * The test vector both programs pin (src/main/services/access-codes.test.ts has the same): scrypt
 * of the normalized code, N = 16384, r = 8, p = 1, 32 bytes — checked independently with Python's
 * hashlib.scrypt.
 */
const VECTOR = {
  code: 'K7QM-4XPR-9TAW',
  salt: Buffer.from('vikno-test-salt!'),
  hash: 'scrypt$16384$8$1$dmlrbm8tdGVzdC1zYWx0IQ==$DY5g24fLRSdmOAGpaQVdi6vYPqg4EJ+xpalVi8HM2oM='
}

it('hashes with the shared parameters: the pinned test vector, a fresh salt each time, any typing of the code', async () => {
  expect(ACCESS_CODE_KDF).toMatchObject({ N: 16_384, r: 8, p: 1 })
  const hash = await hashAccessCode(VECTOR.code, VECTOR.salt)
  expect(hash).toBe(VECTOR.hash)
  expect(await hashAccessCode('k7qm 4xpr 9taw', VECTOR.salt)).toBe(VECTOR.hash)
  expect(await hashAccessCode(VECTOR.code)).not.toBe(await hashAccessCode(VECTOR.code))
  expect(await verifyAccessCode('к7qм4хрr9таw', hash)).toBe(true)
  expect(await verifyAccessCode('K7QM-4XPR-9TAX', hash)).toBe(false)
  expect(await verifyAccessCode('', hash)).toBe(false)
  expect(await verifyAccessCode(VECTOR.code, null)).toBe(false)
  expect(await verifyAccessCode(VECTOR.code, 'not a hash')).toBe(false)
})

type Endpoint = 'status json' | 'status page' | 'answers'

interface Try {
  code?: string
  /** Where the code travels: the header (default) or the query string. */
  via?: 'header' | 'query'
  address?: string
}

function call(fx: PortalFixture, endpoint: Endpoint, orderNumber: string, t: Try = {}): Promise<LightMyRequestResponse> {
  const query = t.code !== undefined && t.via === 'query' ? `?code=${encodeURIComponent(t.code)}` : ''
  const headers: Record<string, string> = t.code !== undefined && t.via !== 'query' ? { 'x-access-code': t.code } : {}
  const remoteAddress = t.address ?? '203.0.113.7'
  if (endpoint === 'answers') {
    return fx.portal.app.inject({
      method: 'POST',
      url: `/api/v1/applications/${orderNumber}/answers${query}`,
      headers: { ...headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ answer: 'Додаю копію паспорта' }),
      remoteAddress
    })
  }
  const url = endpoint === 'status json' ? `/api/v1/applications/${orderNumber}/status` : `/status/${orderNumber}`
  return fx.portal.app.inject({ method: 'GET', url: `${url}${query}`, headers, remoteAddress })
}

async function attempts(db: Queryable): Promise<{ scope: string; key: string; attempts: number }[]> {
  return db.query('SELECT scope, key, attempts FROM access_attempts ORDER BY scope, key')
}

const push = (fx: PortalFixture, ws: WorkstationIdentity, commands: Parameters<typeof pushSigned>[2]) => pushSigned(fx.portal, ws, commands)

/** Two portal applications; the first waits for the applicant's answer (so that answering it can succeed). */
async function twoApplications(fx: PortalFixture) {
  const { ws } = await setup(fx.portal)
  const a = await submit(fx.portal)
  const b = await submit(fx.portal)
  const res = await push(fx, ws, [
    command(1, 'claim', a.id, {}),
    command(2, 'request_correction', a.id, { items: [{ field: 'address', remark: 'Вкажіть квартиру' }], general: '' })
  ])
  expect(res.results.map((r) => r.outcome)).toEqual(['applied', 'applied'])
  return { ws, a, b, unknown: formatOrderNumber(1, 999) }
}

describeBackends('citizen access codes', (fx) => {
  it('a submission answers 201 with the number, the code and the status page; only a slow hash of the code is kept, apart from the record', async () => {
    await setup(fx.portal)
    const res = await fx.portal.app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(validApplication())
    })
    expect(res.statusCode).toBe(201)
    const body = res.json<{ orderNumber: string; accessCode: string; statusUrl: string }>()
    expect(Object.keys(body).sort()).toEqual(['accessCode', 'orderNumber', 'statusUrl'])
    expect(body.accessCode).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/)
    expect(body.statusUrl).toBe(`/status/${body.orderNumber}`)
    const rows = await fx.db.query<{ codeHash: string; issuedBy: string; record: unknown }>(
      `SELECT c.code_hash AS "codeHash", c.issued_by AS "issuedBy", a.record FROM access_codes c JOIN applications a ON a.id = c.application_id WHERE c.order_number = $1`,
      [body.orderNumber]
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]!.issuedBy).toBe('portal')
    expect(rows[0]!.codeHash).toMatch(/^scrypt\$16384\$8\$1\$/)
    expect(rows[0]!.codeHash).not.toContain(normalizeAccessCode(body.accessCode))
    const record = JSON.stringify(rows[0]!.record)
    expect(record).not.toContain('scrypt')
    expect(record).not.toContain(body.accessCode)
    const events = await fx.db.query<{ event: unknown }>('SELECT event FROM application_events')
    expect(JSON.stringify(events)).not.toMatch(/scrypt|accessCode/)
  })

  it.each(['status json', 'status page', 'answers'] as const)(
    '%s: without the code, with a wrong one, with another application’s — the same 404 as a number that does not exist',
    async (endpoint) => {
      const { a, b, unknown } = await twoApplications(fx)
      const wrongCode = a.accessCode.replace(/^./, (c) => (c === 'Z' ? 'Y' : 'Z'))
      const unknownRes = await call(fx, endpoint, unknown, { code: a.accessCode })
      expect(unknownRes.statusCode).toBe(404)
      const strangers: [string, LightMyRequestResponse][] = [
        ['no code', await call(fx, endpoint, a.orderNumber)],
        ['an empty code', await call(fx, endpoint, a.orderNumber, { code: '' })],
        ['a wrong code', await call(fx, endpoint, a.orderNumber, { code: wrongCode })],
        ['a wrong code in the query', await call(fx, endpoint, a.orderNumber, { code: wrongCode, via: 'query' })],
        ['another application’s code', await call(fx, endpoint, a.orderNumber, { code: b.accessCode })],
        ['something that is no code at all', await call(fx, endpoint, a.orderNumber, { code: 'let me in' })]
      ]
      // A page carries its own form token (a fresh cookie each time here): not part of the comparison.
      const withoutToken = (body: string): string => body.replace(/name="_csrf" value="[^"]+"/g, '')
      const sameAsUnknown = withoutToken(unknownRes.body.split(unknown).join(a.orderNumber))
      for (const [what, res] of strangers) {
        if (endpoint === 'status page' && (what === 'no code' || what === 'an empty code')) {
          // The page asks for the code: the same page for every number, known or not.
          expect(res.statusCode, what).toBe(200)
          const asked = await call(fx, endpoint, unknown)
          expect(withoutToken(res.body), what).toBe(withoutToken(asked.body.split(unknown).join(a.orderNumber)))
          expect(res.body).toContain('Код доступу')
          continue
        }
        expect(res.statusCode, what).toBe(404)
        expect(withoutToken(res.body), what).toBe(sameAsUnknown)
        expect(res.headers['content-type'], what).toBe(unknownRes.headers['content-type'])
      }
      if (endpoint !== 'status page') expect(unknownRes.json()).toEqual(applicationNotFound(unknown).toBody())
      // Nothing about the application leaked into any of those answers, and nothing changed.
      for (const [what, res] of strangers) {
        for (const secret of ['Шевченко', 'квартиру', 'needs_correction', 'Потребує']) expect(res.body, what).not.toContain(secret)
      }
      const stored = await fx.db.query<{ status: string }>('SELECT status FROM applications WHERE id = $1', [a.id])
      expect(stored[0]?.status).toBe('needs_correction')
    }
  )

  it.each(['status json', 'status page', 'answers'] as const)(
    '%s: the right code opens it — in the header or the query, in any case and with any separators',
    async (endpoint) => {
      const { a } = await twoApplications(fx)
      const loose = a.accessCode.toLowerCase().replace(/-/g, ' ')
      const tries: Try[] =
        endpoint === 'answers' ? [{ code: loose }] : [{ code: a.accessCode }, { code: loose, via: 'query' }, { code: loose }]
      for (const t of tries) {
        let res = await call(fx, endpoint, a.orderNumber, t)
        if (endpoint === 'status page' && t.via === 'query') {
          // A code in the address (a QR link) is set aside in a cookie and dropped from the address bar.
          expect(res.statusCode).toBe(303)
          expect(res.headers.location).toBe(`/status/${a.orderNumber}`)
          const cookie = String(res.headers['set-cookie']).match(/vikno_access=[^;]+/)?.[0] ?? ''
          expect(cookie).not.toContain(normalizeAccessCode(a.accessCode))
          res = await fx.portal.app.inject({ method: 'GET', url: `/status/${a.orderNumber}`, headers: { cookie } })
        }
        expect(res.statusCode, `${t.via ?? 'header'} ${t.code ?? ''}: ${res.body.slice(0, 200)}`).toBe(200)
        if (endpoint === 'status page') {
          expect(res.headers['content-type']).toContain('text/html')
          expect(res.body).toContain('Вкажіть квартиру')
        } else if (endpoint === 'status json') {
          expect(res.json()).toMatchObject({ orderNumber: a.orderNumber, bucket: 'needs_answer', remarks: { general: '' } })
        } else {
          expect(res.json()).toMatchObject({ orderNumber: a.orderNumber, status: 'in_review' })
        }
      }
      // A right code gives back its counted try: it leaves no counter behind.
      expect(await attempts(fx.db)).toEqual([])
    }
  )

  it('wrong codes are limited per application: after 10 in a window even the right code waits (429), from any address; the next window opens', async () => {
    const { a, b } = await twoApplications(fx)
    for (let i = 0; i < 10; i++) {
      const res = await call(fx, 'status json', a.orderNumber, { code: b.accessCode, address: `198.51.100.${i + 1}` })
      expect(res.statusCode, `try ${i + 1}`).toBe(404)
    }
    const blocked = await call(fx, 'status json', a.orderNumber, { code: a.accessCode, address: '192.0.2.200' })
    expect(blocked.statusCode).toBe(429)
    expect(blocked.json()).toMatchObject({ error: { code: 'rate_limited' } })
    expect(blocked.body).not.toContain('needs')
    // Another application is not affected.
    expect((await call(fx, 'status json', b.orderNumber, { code: b.accessCode, address: '192.0.2.200' })).statusCode).toBe(200)
    fx.clock.advance(15 * 60_000 + 1)
    expect((await call(fx, 'status json', a.orderNumber, { code: a.accessCode, address: '192.0.2.200' })).statusCode).toBe(200)
  })

  it('an unknown number is limited exactly like a known one (the 429 tells nothing either)', async () => {
    const { unknown } = await twoApplications(fx)
    const codes: number[] = []
    for (let i = 0; i < 11; i++)
      codes.push((await call(fx, 'status json', unknown, { code: 'K7QM-4XPR-9TAW', address: `198.51.100.${i}` })).statusCode)
    expect(codes).toEqual([...Array<number>(10).fill(404), 429])
  })

  it('wrong codes are limited per address: after 30 in a window, across applications, that address waits; others do not', async () => {
    const { a, b, unknown } = await twoApplications(fx)
    const c = await submit(fx.portal)
    const d = await submit(fx.portal)
    const targets = [a.orderNumber, b.orderNumber, unknown]
    for (let i = 0; i < 30; i++) {
      const res = await call(fx, 'status json', targets[i % 3]!, { code: c.accessCode, address: '203.0.113.66' })
      expect(res.statusCode, `try ${i + 1}`).toBe(404)
    }
    expect((await call(fx, 'status json', d.orderNumber, { code: d.accessCode, address: '203.0.113.66' })).statusCode).toBe(429)
    expect((await call(fx, 'status json', d.orderNumber, { code: d.accessCode, address: '203.0.113.67' })).statusCode).toBe(200)
    expect((await call(fx, 'status page', d.orderNumber, { code: d.accessCode, address: '203.0.113.66' })).statusCode).toBe(429)
  })

  it('a burst of parallel guesses cannot outrun the counter: exactly 10 are checked, the rest get 429', async () => {
    const { a, b } = await twoApplications(fx)
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) => call(fx, 'status json', a.orderNumber, { code: b.accessCode, address: `198.51.100.${i}` }))
    )
    const statuses = answers.map((r) => r.statusCode)
    expect(statuses.filter((s) => s === 404)).toHaveLength(10)
    expect(statuses.filter((s) => s === 429)).toHaveLength(14)
  })

  it('the counters live in the database: a second portal process on it sees the first one’s tries', async () => {
    const { a, b } = await twoApplications(fx)
    for (let i = 0; i < 10; i++) await call(fx, 'status json', a.orderNumber, { code: b.accessCode, address: `198.51.100.${i}` })
    const { createPortal } = await import('../portal')
    const second = await createPortal({ db: fx.db, clock: fx.clock.now, rateLimit: false, closeDb: false })
    try {
      const res = await second.app.inject({
        method: 'GET',
        url: `/api/v1/applications/${a.orderNumber}/status`,
        headers: { 'x-access-code': a.accessCode },
        remoteAddress: '192.0.2.1'
      })
      expect(res.statusCode).toBe(429)
    } finally {
      await second.close()
    }
  })

  it('a walk-in registered at the desk (v2) is opened by the code made there; an older workstation’s v1 walk-in by no code', async () => {
    const { ws } = await setup(fx.portal)
    const code = 'M4RT-AZ7K-QX2P'
    const base = {
      serviceId: 'residence-registration',
      applicant: { ...validApplication().applicant, patronymic: null, phone: null, email: null },
      fields: {},
      attachments: [],
      documents: [],
      delivery: 'in_person' as const
    }
    const v2 = { ...base, orderNumber: formatOrderNumber(ws.node, 1), accessCodeHash: await hashAccessCode(code) }
    const v1 = { ...base, orderNumber: formatOrderNumber(ws.node, 2) }
    const res = await push(fx, ws, [
      command(1, 'register_walk_in', 'walk-v2', v2, { v: 2 }),
      command(2, 'register_walk_in', 'walk-v1', v1, { v: 1 })
    ])
    expect(res.results.map((r) => r.outcome)).toEqual(['applied', 'applied'])
    expect((await call(fx, 'status json', v2.orderNumber, { code })).statusCode).toBe(200)
    expect((await call(fx, 'status json', v2.orderNumber, { code: 'M4RT-AZ7K-QX2Q' })).statusCode).toBe(404)
    expect((await call(fx, 'status json', v1.orderNumber, { code })).statusCode).toBe(404)
    const issued = await fx.db.query<{ issuedBy: string }>('SELECT issued_by AS "issuedBy" FROM access_codes WHERE application_id = $1', [
      'walk-v2'
    ])
    expect(issued).toEqual([{ issuedBy: ws.id }])
    // The hash stays on the portal: nothing a workstation pulls carries it.
    const page = await handlePull(fx.portal.db, fx.portal.deps, ws, { cursor: 0 })
    expect(JSON.stringify(page)).not.toContain('scrypt')
    expect(JSON.stringify(page)).not.toContain('accessCodeHash')
  })

  it('a clerk issues a new code: the old one stops working, the new one opens it, one event says so (without the code)', async () => {
    const { ws, a } = await twoApplications(fx)
    const fresh = 'N3WC-0DE5-ABCD'.replace(/0/g, '2').replace(/5/g, '6')
    const before = await fx.db.query<{ version: number }>('SELECT version FROM applications WHERE id = $1', [a.id])
    const res = await push(fx, ws, [command(3, 'reissue_access_code', a.id, { accessCodeHash: await hashAccessCode(fresh) })])
    expect(res.results[0]).toMatchObject({ outcome: 'applied' })
    expect((await call(fx, 'status json', a.orderNumber, { code: a.accessCode })).statusCode).toBe(404)
    expect((await call(fx, 'status json', a.orderNumber, { code: fresh })).statusCode).toBe(200)
    const after = await fx.db.query<{ version: number }>('SELECT version FROM applications WHERE id = $1', [a.id])
    expect(after).toEqual(before)
    const events = await fx.db.query<{ event: { kind: string; actor: string; data: Record<string, unknown> } }>(
      `SELECT event FROM application_events WHERE application_id = $1 AND event ->> 'kind' = 'access_code_reissued'`,
      [a.id]
    )
    expect(events).toHaveLength(1)
    expect(events[0]!.event.actor).toBe(OLENA.name)
    expect(JSON.stringify(events)).not.toContain('scrypt')
  })

  it('two new codes in one push: the later one counts; a back-office specialist may not issue one', async () => {
    const { ws, a } = await twoApplications(fx)
    const first = 'FRST-C2DE-AAAA'
    const second = 'SCND-C2DE-BBBB'
    const res = await push(fx, ws, [
      command(3, 'reissue_access_code', a.id, { accessCodeHash: await hashAccessCode(first) }),
      command(4, 'reissue_access_code', a.id, { accessCodeHash: await hashAccessCode(second) }),
      command(
        5,
        'reissue_access_code',
        a.id,
        { accessCodeHash: await hashAccessCode('IRYN-AAAA-BBBB'.replace('I', 'J')) },
        { clerk: IRYNA }
      )
    ])
    expect(res.results.map((r) => [r.outcome, r.code])).toEqual([
      ['applied', null],
      ['applied', null],
      ['rejected', 'forbidden']
    ])
    expect((await call(fx, 'status json', a.orderNumber, { code: first })).statusCode).toBe(404)
    expect((await call(fx, 'status json', a.orderNumber, { code: second })).statusCode).toBe(200)
    expect((await call(fx, 'status json', a.orderNumber, { code: 'JRYN-AAAA-BBBB' })).statusCode).toBe(404)
  })

  it('a hash in any other shape (a cost of its own choosing) is refused, and the old code keeps working', async () => {
    const { ws, a } = await twoApplications(fx)
    const cheap = (await hashAccessCode('CHEP-AAAA-BBBB')).replace('scrypt$16384$', 'scrypt$2$')
    const res = await push(fx, ws, [command(3, 'reissue_access_code', a.id, { accessCodeHash: cheap })])
    expect(res.results[0]).toMatchObject({ outcome: 'rejected', code: 'invalid_input' })
    expect((await call(fx, 'status json', a.orderNumber, { code: a.accessCode })).statusCode).toBe(200)
  })
})
