import { expect, it } from 'vitest'
import { pullResponseSchema } from '../../shared/protocol'
import { describeBackends } from '../test/backends'
import { enrol, NADIIA, OLENA, setup, submit } from '../test/fixtures'
import { expectError, send } from '../test/http'

/*
 * Issue 20: an enrolled workstation on which no clerk signed in through the portal reads nothing
 * personal — no pull, no attachment — and stops reading 30 days after the last such sign-in.
 */

describeBackends('pull and attachments need a recent online sign-in on the workstation', (fx) => {
  it('a freshly enrolled token reads nothing; after a clerk signs in there it pulls; 30 days later it must again', async () => {
    await setup(fx.portal)
    await submit(fx.portal)
    const bare = await enrol(fx.portal, 'Свіжо підключене', { keys: false })
    const pull = () => send(fx.portal.app, 'GET', '/sync/pull', { token: bare.token })
    const first = expectError(await pull(), 'pull before any sign-in', 403, 'sign_in_required')
    expect(first).toBe('sign_in_required')
    expectError(
      await send(fx.portal.app, 'GET', `/sync/blobs/${'a'.repeat(64)}`, { token: bare.token }),
      'blob before sign-in',
      403,
      'sign_in_required'
    )

    // A wrong password is not a sign-in.
    expect(
      (await send(fx.portal.app, 'POST', '/sync/sign-in', { token: bare.token, json: { login: OLENA.login, password: 'nope-nope' } }))
        .statusCode
    ).toBe(401)
    expectError(await pull(), 'after a failed sign-in', 403, 'sign_in_required')

    expect(
      (await send(fx.portal.app, 'POST', '/sync/sign-in', { token: bare.token, json: { login: OLENA.login, password: OLENA.password } }))
        .statusCode
    ).toBe(200)
    const page = await pull()
    expect(page.statusCode).toBe(200)
    expect(pullResponseSchema.parse(page.json()).changes.length).toBeGreaterThan(0)

    fx.clock.advance(30 * 24 * 60 * 60_000)
    expect((await pull()).statusCode).toBe(200)
    fx.clock.advance(60_000)
    const stale = await pull()
    expectError(stale, '30 days after the last online sign-in', 403, 'sign_in_required')
    expect(stale.json<{ error: { message: string } }>().error.message).toMatch(/30 дн/)
    expect(
      (await send(fx.portal.app, 'POST', '/sync/sign-in', { token: bare.token, json: { login: NADIIA.login, password: NADIIA.password } }))
        .statusCode
    ).toBe(200)
    expect((await pull()).statusCode).toBe(200)
  })

  it('another workstation’s sign-in does not open this one', async () => {
    const { ws } = await setup(fx.portal)
    const bare = await enrol(fx.portal, 'Вікно 2', { keys: false })
    expect(
      (await send(fx.portal.app, 'POST', '/sync/sign-in', { token: ws.token, json: { login: OLENA.login, password: OLENA.password } }))
        .statusCode
    ).toBe(200)
    expectError(await send(fx.portal.app, 'GET', '/sync/pull', { token: bare.token }), 'the other desk', 403, 'sign_in_required')
  })
})
