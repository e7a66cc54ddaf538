import { expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import { enrolResponseSchema } from '../shared/protocol'
import { getCentre } from './db/centres-repository'
import { seedLoadCentres } from './seed-centres'
import { describeBackends } from './test/backends'
import { issueCode } from './test/fixtures'
import { send } from './test/http'

/*
 * The load test's extra centres (bench:portal spreads 1,000 desks over several): each has an
 * administrator who issues its desks' codes and a clerk who signs in there; a desk enrols into
 * that centre and no other; seeding again changes nothing; a bad count writes nothing.
 */

describeBackends('load-test centres (seed-centres.ts)', (fx) => {
  it('each centre`s administrator issues a code that enrols a desk into that centre, whose clerk signs in there', async () => {
    const [first, second] = await seedLoadCentres(fx.portal.db, fx.portal.deps, 2)
    if (!first || !second) throw new Error('expected two centres')
    expect(first.centreId).not.toBe(second.centreId)
    const code = await issueCode(fx.portal, { adminId: 'load2-admin' })
    const res = await send(fx.portal.app, 'POST', '/sync/enrol', {
      json: { enrolmentCode: code, workstationId: uuidv7(), creationNonce: `nonce-${uuidv7()}`, label: 'навантаження' }
    })
    expect(res.statusCode).toBe(200)
    const enrolled = enrolResponseSchema.parse(res.json())
    expect(enrolled.centreId).toBe(second.centreId)
    const signIn = await send(fx.portal.app, 'POST', '/sync/sign-in', {
      token: enrolled.token,
      json: { login: second.clerk.login, password: second.clerk.password }
    })
    expect(signIn.statusCode).toBe(200)
    // The other centre's clerk, with the right password, is a stranger at this desk.
    const stranger = await send(fx.portal.app, 'POST', '/sync/sign-in', {
      token: enrolled.token,
      json: { login: first.clerk.login, password: first.clerk.password }
    })
    expect(stranger.statusCode).not.toBe(200)
  })

  it('seeding again changes nothing; a bad count is refused with nothing written', async () => {
    await seedLoadCentres(fx.portal.db, fx.portal.deps, 1)
    const before = await getCentre(fx.portal.db, 'load-centre-1')
    await seedLoadCentres(fx.portal.db, fx.portal.deps, 1)
    expect(await getCentre(fx.portal.db, 'load-centre-1')).toEqual(before)
    await expect(seedLoadCentres(fx.portal.db, fx.portal.deps, 101)).rejects.toThrow(RangeError)
    expect(await getCentre(fx.portal.db, 'load-centre-2')).toBeNull()
  })
})
