import { expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import { DEMO_CENTRE, DEMO_CLERKS } from '../../shared/demo/clerks'
import { enrolResponseSchema, rosterResponseSchema } from '../../shared/protocol'
import { enrolmentCodeHash, hashPassword } from '../auth/secrets'
import { upsertCentre } from '../db/centres-repository'
import { disableClerk, upsertClerk } from '../db/clerks-repository'
import { noteOnlineSignIn } from '../db/workstation-access-repository'
import { describeBackends, type PortalFixture } from '../test/backends'
import { enrol, issueCode, setup, TARAS } from '../test/fixtures'
import { revokeWorkstation } from './workstations'

function getClerks(fx: PortalFixture, token?: string) {
  return fx.portal.app.inject({ method: 'GET', url: '/sync/clerks', headers: token ? { authorization: `Bearer ${token}` } : {} })
}

/** The demo roster as the portal must answer it: active clerks in id (byte) order, no logins or hashes. */
const demoRoster = (except: readonly string[] = []) =>
  DEMO_CLERKS.filter((c) => !except.includes(c.clerkId))
    .map((c) => ({ clerkId: c.clerkId, name: c.name, role: c.role }))
    .sort((a, b) => (a.clerkId < b.clerkId ? -1 : 1))

async function otherCentreWorkstation(fx: PortalFixture): Promise<string> {
  await upsertCentre(fx.db, {
    id: 'other-cnap',
    name: 'ЦНАП м. Кам’янець-Подільський',
    enrolmentCodeHash: enrolmentCodeHash('OTHER-2026'),
    now: fx.clock.now()
  })
  for (const [id, name, role] of [
    ['other-admin', 'Степан Чужий', 'admin'],
    ['other-clerk', 'Оксана Інша', 'clerk']
  ] as const) {
    await upsertClerk(fx.db, { id, centreId: 'other-cnap', login: id, name, role, passwordHash: await hashPassword('pw-other', 1024) })
  }
  const res = await fx.portal.app.inject({
    method: 'POST',
    url: '/sync/enrol',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({
      enrolmentCode: await issueCode(fx.portal, { adminId: 'other-admin' }),
      workstationId: uuidv7(),
      creationNonce: `nonce-${uuidv7()}`,
      label: 'Чужий ЦНАП'
    })
  })
  const ws = enrolResponseSchema.parse(res.json())
  await noteOnlineSignIn(fx.db, { id: ws.workstationId, centreId: 'other-cnap' }, fx.clock.now())
  return ws.token
}

describeBackends('GET /sync/clerks (the centre roster)', (fx) => {
  it("answers the token's centre's active clerks: id, name and role, nothing else", async () => {
    const { ws } = await setup(fx.portal)
    const res = await getClerks(fx, ws.token)
    expect(res.statusCode).toBe(200)
    expect(rosterResponseSchema.parse(res.json())).toEqual({ clerks: demoRoster() })
    // No login, no password hash anywhere in the answer.
    expect(res.body).not.toMatch(/login|password|hash|scrypt/i)
    for (const c of DEMO_CLERKS) expect(res.body).not.toContain(`"${c.login}"`)
  })

  it('leaves a disabled clerk out', async () => {
    const { ws } = await setup(fx.portal)
    await disableClerk(fx.db, TARAS.clerkId, fx.clock.now())
    const roster = rosterResponseSchema.parse((await getClerks(fx, ws.token)).json())
    expect(roster.clerks.map((c) => c.clerkId)).not.toContain(TARAS.clerkId)
    expect(roster).toEqual({ clerks: demoRoster([TARAS.clerkId]) })
  })

  it("gives another centre's workstation only its own centre's clerks, and the demo one only the demo's", async () => {
    const { ws } = await setup(fx.portal)
    const other = await otherCentreWorkstation(fx)
    expect(rosterResponseSchema.parse((await getClerks(fx, other)).json())).toEqual({
      clerks: [
        { clerkId: 'other-admin', name: 'Степан Чужий', role: 'admin' },
        { clerkId: 'other-clerk', name: 'Оксана Інша', role: 'clerk' }
      ]
    })
    const mine = rosterResponseSchema.parse((await getClerks(fx, ws.token)).json())
    expect(mine).toEqual({ clerks: demoRoster() })
    expect(DEMO_CLERKS.every((c) => c.centreId === DEMO_CENTRE.id)).toBe(true)
  })

  it('refuses the stranger: no token, a wrong token, a revoked workstation, one where nobody signed in online', async () => {
    const { ws } = await setup(fx.portal)
    const none = await getClerks(fx)
    expect(none.statusCode).toBe(401)
    expect(none.json()).toMatchObject({ error: { code: 'unauthenticated' } })
    const wrong = await getClerks(fx, `${ws.token.slice(0, -2)}xx`)
    expect(wrong.statusCode).toBe(401)
    expect(wrong.json()).toMatchObject({ error: { code: 'invalid_token' } })
    const revoked = await enrol(fx.portal, 'Списане')
    expect((await getClerks(fx, revoked.token)).statusCode).toBe(200)
    await revokeWorkstation(fx.portal.db, fx.portal.deps, revoked.id)
    const gone = await getClerks(fx, revoked.token)
    expect(gone.statusCode).toBe(401)
    expect(gone.json()).toMatchObject({ error: { code: 'workstation_revoked' } })
    const bare = await enrol(fx.portal, 'Нове', { keys: false })
    const unread = await getClerks(fx, bare.token)
    expect(unread.statusCode).toBe(403)
    expect(unread.json()).toMatchObject({ error: { code: 'sign_in_required' } })
    for (const r of [none, wrong, gone, unread]) expect(r.body).not.toContain(TARAS.name)
  })
})
