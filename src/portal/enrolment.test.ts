import { expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import { adminEnrolmentCodeSchema } from '../shared/admin'
import { DEMO_CENTRE, type DemoClerk } from '../shared/demo/clerks'
import { enrolResponseSchema } from '../shared/protocol'
import { adminAuditEntries } from './db/audit-repository'
import type { Queryable } from './db/portal-db'
import { seedDemoCentre } from './seed'
import { describeBackends, type PortalFixture } from './test/backends'
import { issueCode, NADIIA, OLENA, PETRO, setup } from './test/fixtures'
import { expectError, send } from './test/http'

/*
 * Issue 20: only an administrator enrols a workstation. One-time codes (issued on the screen through
 * POST /admin/enrolment-codes, or on the portal's command line), hashed, expiring, single-use,
 * audited; the README's static demo code enrols only on a portal started in demo mode.
 */

const enrolBody = (enrolmentCode: string) => ({
  enrolmentCode,
  workstationId: uuidv7(),
  creationNonce: `nonce-${uuidv7()}`,
  label: 'Вікно 7'
})

async function workstationCount(db: Queryable): Promise<number> {
  return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM workstations'))[0]?.n ?? 0
}

const creds = (c: DemoClerk): { login: string; password: string } => ({ login: c.login, password: c.password })

function enrolWith(fx: PortalFixture, code: string, body = enrolBody(code)) {
  return send(fx.portal.app, 'POST', '/sync/enrol', { json: { ...body, enrolmentCode: code } })
}

describeBackends('enrolment codes (a portal NOT in demo mode)', (fx) => {
  it('the stranger with the README’s demo code enrols nothing', async () => {
    await seedDemoCentre(fx.portal.db, fx.portal.deps)
    for (const code of [DEMO_CENTRE.enrolmentCode, DEMO_CENTRE.enrolmentCode.toLowerCase(), 'KHM DEMO 2026']) {
      expectError(await enrolWith(fx, code), `static code ${code}`, 401, 'invalid_enrolment_code')
    }
    expect(await workstationCount(fx.db)).toBe(0)
  })

  it('a code enrols exactly one workstation; the second use and a copy of it are refused', async () => {
    await seedDemoCentre(fx.portal.db, fx.portal.deps)
    const code = await issueCode(fx.portal)
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$/)
    const first = await enrolWith(fx, code)
    expect(first.statusCode, first.body).toBe(200)
    const ws = enrolResponseSchema.parse(first.json())
    expect(ws.centreId).toBe(DEMO_CENTRE.id)
    expectError(await enrolWith(fx, code), 'second workstation, same code', 401, 'enrolment_code_used')
    expectError(await enrolWith(fx, code.toLowerCase().replace(/-/g, '')), 'same code retyped', 401, 'enrolment_code_used')
    expect(await workstationCount(fx.db)).toBe(1)
    // Two enrolments racing with one fresh code: exactly one wins.
    const racing = await issueCode(fx.portal)
    const results = await Promise.all([enrolWith(fx, racing), enrolWith(fx, racing)])
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 401])
    expect(await workstationCount(fx.db)).toBe(2)
  })

  it('a code expires after a day by default (or the hours it was issued for)', async () => {
    await seedDemoCentre(fx.portal.db, fx.portal.deps)
    const day = await issueCode(fx.portal)
    const hour = await issueCode(fx.portal, { validHours: 1 })
    fx.clock.advance(60 * 60_000 + 1)
    expectError(await enrolWith(fx, hour), 'an hour code after an hour', 401, 'enrolment_code_expired')
    fx.clock.advance(23 * 60 * 60_000 - 2)
    expect((await enrolWith(fx, day)).statusCode).toBe(200)
    const late = await issueCode(fx.portal)
    fx.clock.advance(24 * 60 * 60_000)
    expectError(await enrolWith(fx, late), 'a day code after a day', 401, 'enrolment_code_expired')
    expect(await workstationCount(fx.db)).toBe(1)
  })

  it('keeps only the hash of a code, and audits issuing and using it in the issuing administrator’s name', async () => {
    await seedDemoCentre(fx.portal.db, fx.portal.deps)
    const code = await issueCode(fx.portal)
    const ws = enrolResponseSchema.parse((await enrolWith(fx, code)).json())
    const everything =
      JSON.stringify(await fx.db.query('SELECT * FROM enrolment_codes')) + JSON.stringify(await fx.db.query('SELECT * FROM audit_log'))
    expect(everything).not.toContain(code)
    expect(everything).not.toContain(code.replace(/-/g, ''))
    const log = await adminAuditEntries(fx.db, DEMO_CENTRE.id)
    expect(log.map((e) => [e.clerkId, e.workstationId, e.detail.op])).toEqual([
      [NADIIA.clerkId, null, 'issue_enrolment_code'],
      [NADIIA.clerkId, ws.workstationId, 'workstation_enrolled']
    ])
    expect(log[1]?.detail).toMatchObject({ codeId: log[0]?.detail.codeId, node: ws.node, rotated: false })
  })

  it('POST /admin/enrolment-codes: the administrator gets a code once; everyone else gets nothing and nothing is written', async () => {
    const { ws } = await setup(fx.portal)
    const issued = await send(fx.portal.app, 'POST', '/admin/enrolment-codes', {
      token: ws.token,
      json: { ...creds(NADIIA), validHours: 2 }
    })
    expect(issued.statusCode, issued.body).toBe(201)
    const body = adminEnrolmentCodeSchema.parse(issued.json())
    expect(Date.parse(body.expiresAt) - fx.clock.now().getTime()).toBe(2 * 3_600_000)
    const entries = (await adminAuditEntries(fx.db, DEMO_CENTRE.id)).filter((e) => e.detail.op === 'issue_enrolment_code')
    expect(entries.at(-1)).toMatchObject({ clerkId: NADIIA.clerkId, workstationId: ws.id, detail: { via: 'screen', codeId: body.id } })
    expect((await enrolWith(fx, body.code)).statusCode).toBe(200)

    const codesBefore = (await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM enrolment_codes'))[0]?.n
    const refused: [string, Parameters<typeof send>[3], number, string][] = [
      ['a supervisor', { token: ws.token, json: creds(PETRO) }, 403, 'forbidden'],
      ['a front-desk clerk', { token: ws.token, json: creds(OLENA) }, 403, 'forbidden'],
      // The stranger who has everything but the credential: a workstation's token and the admin's login.
      [
        'the admin’s login with a wrong password',
        { token: ws.token, json: { login: NADIIA.login, password: 'guess-guess' } },
        401,
        'invalid_credentials'
      ],
      ['no workstation token', { json: creds(NADIIA) }, 401, 'unauthenticated'],
      ['a made-up token', { token: 'vkw_made-up', json: creds(NADIIA) }, 401, 'invalid_token'],
      ['a week and an hour', { token: ws.token, json: { ...creds(NADIIA), validHours: 169 } }, 400, 'invalid_input']
    ]
    for (const [label, opts, status, code] of refused) {
      expectError(await send(fx.portal.app, 'POST', '/admin/enrolment-codes', opts), label, status, code)
    }
    expect((await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM enrolment_codes'))[0]?.n).toBe(codesBefore)
  })

  it('a disabled administrator’s codes are not issued', async () => {
    const { ws } = await setup(fx.portal)
    await fx.db.query('UPDATE clerks SET disabled_at = now() WHERE id = $1', [NADIIA.clerkId])
    expectError(
      await send(fx.portal.app, 'POST', '/admin/enrolment-codes', { token: ws.token, json: creds(NADIIA) }),
      'disabled admin',
      403
    )
    expect(
      (await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM enrolment_codes WHERE issued_via = $1', ['screen']))[0]?.n
    ).toBe(0)
  })
})

describeBackends(
  'enrolment in demo mode',
  (fx) => {
    it('takes the demo centre’s static code besides one-time codes', async () => {
      await seedDemoCentre(fx.portal.db, fx.portal.deps)
      expect((await enrolWith(fx, DEMO_CENTRE.enrolmentCode)).statusCode).toBe(200)
      expect((await enrolWith(fx, DEMO_CENTRE.enrolmentCode)).statusCode).toBe(200)
      expect((await enrolWith(fx, await issueCode(fx.portal))).statusCode).toBe(200)
      expectError(await enrolWith(fx, 'WRONG-CODE-0000'), 'wrong code', 401, 'invalid_enrolment_code')
      expect(await workstationCount(fx.db)).toBe(3)
    })
  },
  { demoEnrolment: true }
)
