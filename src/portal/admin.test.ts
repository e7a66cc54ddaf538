import { expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { adminDirectorySchema, type AdminDirectory } from '../shared/admin'
import { DEMO_CENTRE, DEMO_CLERKS, type DemoClerk } from '../shared/demo/clerks'
import { adminRefusal, type AdminAction } from '../shared/domain/roles'
import { enrolmentCodeHash, hashPassword } from './auth/secrets'
import { adminAuditEntries } from './db/audit-repository'
import type { Queryable } from './db/portal-db'
import { upsertCentre } from './db/centres-repository'
import { upsertClerk } from './db/clerks-repository'
import { describeBackends, type PortalFixture } from './test/backends'
import { enrol, issueCode, NADIIA, OLENA, PETRO, setup } from './test/fixtures'
import { expectError, send } from './test/http'

/*
 * The administration API (issue 8): a supervisor or an administrator of the workstation's centre,
 * with their password on every request. Administrators do everything but disable or re-role
 * themselves; supervisors list and switch front-desk and back-office accounts off and on. Every
 * change is in the portal's audit log; every refusal changes nothing.
 */

const IRYNA = DEMO_CLERKS.find((c) => c.role === 'back_office') as DemoClerk
const creds = (c: DemoClerk): { login: string; password: string } => ({ login: c.login, password: c.password })

async function accounts(db: Queryable): Promise<unknown[]> {
  return db.query(`SELECT id, centre_id, login, name, role, password_hash, disabled_at FROM clerks ORDER BY id`)
}
async function state(db: Queryable): Promise<unknown> {
  return {
    clerks: await accounts(db),
    workstations: await db.query('SELECT id, revoked_at FROM workstations ORDER BY id'),
    audit: (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'admin'"))[0]?.n
  }
}

async function otherCentre(fx: PortalFixture): Promise<{ token: string; id: string }> {
  await upsertCentre(fx.db, {
    id: 'other-cnap',
    name: 'ЦНАП м. Кам’янець-Подільський',
    enrolmentCodeHash: enrolmentCodeHash('OTHER-CODE-2026'),
    now: fx.clock.now()
  })
  await upsertClerk(fx.db, {
    id: 'other-clerk',
    centreId: 'other-cnap',
    login: 'stranger',
    name: 'Степан Чужий',
    role: 'clerk',
    passwordHash: await hashPassword('stranger-pw', 1024)
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
      workstationId: '0195aa00-0000-7000-8000-00000000beef',
      creationNonce: 'nonce-other-centre',
      label: 'Чужий ЦНАП'
    }
  })
  expect(res.statusCode, res.body).toBe(200)
  const body = res.json<{ token: string; workstationId: string }>()
  return { token: body.token, id: body.workstationId }
}

describeBackends('administration API', (fx) => {
  const post = (token: string, url: string, json: unknown): Promise<LightMyRequestResponse> =>
    send(fx.portal.app, 'POST', url, { token, json })
  const directory = async (token: string, who: DemoClerk = NADIIA): Promise<AdminDirectory> => {
    const res = await post(token, '/admin/directory', creds(who))
    expect(res.statusCode, res.body).toBe(200)
    return adminDirectorySchema.parse(res.json())
  }

  it('lists the centre’s clerks and workstations — to supervisors and admins only, without password hashes', async () => {
    const { ws } = await setup(fx.portal)
    const second = await enrol(fx.portal, 'Вікно 2')
    await otherCentre(fx)
    const signIn = await post(ws.token, '/sync/sign-in', creds(OLENA))
    expect(signIn.statusCode).toBe(200)

    const dir = await directory(ws.token)
    expect(dir.clerks.map((c) => c.login).sort()).toEqual(DEMO_CLERKS.map((c) => c.login).sort())
    expect(dir.clerks.find((c) => c.id === OLENA.clerkId)).toMatchObject({
      role: 'clerk',
      disabled: false,
      lastSignInAt: fx.clock.now().toISOString()
    })
    expect(dir.clerks.find((c) => c.id === PETRO.clerkId)?.lastSignInAt).toBeNull()
    expect(dir.workstations.map((w) => w.label)).toEqual(['Вікно 1', 'Вікно 2'])
    expect(dir.workstations.find((w) => w.id === ws.id)?.lastSeenAt).toBe(fx.clock.now().toISOString())
    expect(dir.workstations.find((w) => w.id === second.id)).toMatchObject({ lastSeenAt: null, revokedAt: null, node: second.node })
    expect(JSON.stringify(dir)).not.toContain('scrypt')
    expect(dir.clerks.some((c) => c.login === 'stranger')).toBe(false)

    expect((await directory(ws.token, PETRO)).clerks).toHaveLength(DEMO_CLERKS.length)
    expectError(await post(ws.token, '/admin/directory', creds(OLENA)), 'a clerk', 403, 'forbidden')
    expectError(await post(ws.token, '/admin/directory', creds(IRYNA)), 'back office', 403, 'forbidden')
    expectError(
      await post(ws.token, '/admin/directory', { login: NADIIA.login, password: 'wrong' }),
      'wrong password',
      401,
      'invalid_credentials'
    )
    expectError(await send(fx.portal.app, 'POST', '/admin/directory', { json: creds(NADIIA) }), 'no token', 401, 'unauthenticated')
  })

  it('last seen is written at most once a minute per workstation', async () => {
    const { ws } = await setup(fx.portal)
    const seenAt = async (): Promise<string | null> =>
      (await directory(ws.token)).workstations.find((w) => w.id === ws.id)?.lastSeenAt ?? null
    const first = await seenAt()
    fx.clock.advance(30_000)
    expect(await seenAt()).toBe(first)
    fx.clock.advance(31_000)
    expect(await seenAt()).toBe(fx.clock.now().toISOString())
  })

  it('an admin creates a clerk who can sign in at once; a taken login or bad input writes nothing', async () => {
    const { ws } = await setup(fx.portal)
    const body = { ...creds(NADIIA), clerk: { login: 'marta', name: 'Марта Гнатюк', role: 'back_office', password: 'marta-pass-2026' } }
    const res = await post(ws.token, '/admin/clerks', body)
    expect(res.statusCode, res.body).toBe(201)
    const created = res.json<{ clerk: { id: string } }>().clerk
    expect(created).toMatchObject({ login: 'marta', name: 'Марта Гнатюк', role: 'back_office', disabled: false })
    const hash = (await fx.db.query<{ h: string }>('SELECT password_hash AS h FROM clerks WHERE login = $1', ['marta']))[0]?.h
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/)
    const signIn = await post(ws.token, '/sync/sign-in', { login: 'marta', password: 'marta-pass-2026' })
    expect(signIn.json()).toEqual({
      clerk: { clerkId: created.id, name: 'Марта Гнатюк', role: 'back_office', centreId: DEMO_CENTRE.id },
      key: null
    })

    const before = await state(fx.db)
    expectError(
      await post(ws.token, '/admin/clerks', { ...body, clerk: { ...body.clerk, name: 'Інша Марта' } }),
      'login taken',
      409,
      'login_taken'
    )
    expectError(
      await post(ws.token, '/admin/clerks', { ...body, clerk: { ...body.clerk, login: 'olena' } }),
      'a demo login taken',
      409,
      'login_taken'
    )
    const bad: [string, Record<string, unknown>, string][] = [
      ['short password', { password: 'short' }, 'clerk.password'],
      ['Cyrillic login', { login: 'марта2' }, 'clerk.login'],
      ['upper-case login', { login: 'Marta2' }, 'clerk.login'],
      ['empty name', { name: '  ' }, 'clerk.name'],
      ['bidi in the name', { name: 'Марта\u202EГнатюк' }, 'clerk.name'],
      ['unknown role', { role: 'root' }, 'clerk.role']
    ]
    for (const [label, patch, field] of bad) {
      const r = await post(ws.token, '/admin/clerks', { ...body, clerk: { ...body.clerk, login: 'marta2', ...patch } })
      expectError(r, label, 400, 'invalid_input')
      expect(r.json<{ error: { field?: string } }>().error.field, label).toBe(field)
    }
    expectError(
      await post(ws.token, '/admin/clerks', { ...body, clerk: { ...body.clerk, login: 'marta3' }, isAdmin: true }),
      'extra field',
      400,
      'unknown_field'
    )
    expectError(
      await post(ws.token, '/admin/clerks', { ...creds(PETRO), clerk: { ...body.clerk, login: 'marta4' } }),
      'a supervisor creates',
      403,
      'forbidden'
    )
    expect(await state(fx.db)).toEqual(before)
  })

  it('the role matrix of the administration API, against the shared predicate', async () => {
    const { ws } = await setup(fx.portal)
    const clerkOf = (c: DemoClerk) => ({ id: c.clerkId, role: c.role })
    const attempts: { actor: DemoClerk; action: AdminAction; target: DemoClerk; url: string; extra?: Record<string, unknown> }[] = []
    for (const actor of [PETRO, NADIIA]) {
      for (const target of DEMO_CLERKS) {
        attempts.push({ actor, action: 'disable_clerk', target, url: `/admin/clerks/${target.clerkId}/disable` })
        attempts.push({ actor, action: 'enable_clerk', target, url: `/admin/clerks/${target.clerkId}/enable` })
        attempts.push({
          actor,
          action: 'set_role',
          target,
          url: `/admin/clerks/${target.clerkId}/role`,
          extra: { role: target.role === 'clerk' ? 'back_office' : 'clerk' }
        })
        attempts.push({
          actor,
          action: 'reset_password',
          target,
          url: `/admin/clerks/${target.clerkId}/password`,
          extra: { newPassword: 'a-new-password-1' }
        })
      }
    }
    for (const a of attempts) {
      await fx.db.query(
        'UPDATE clerks SET role = c.role, disabled_at = NULL FROM (VALUES ' +
          DEMO_CLERKS.map((_, i) => `($${2 * i + 1}, $${2 * i + 2})`).join(', ') +
          ') AS c(id, role) WHERE clerks.id = c.id',
        DEMO_CLERKS.flatMap((c) => [c.clerkId, c.role])
      )
      const expected = adminRefusal(clerkOf(a.actor), a.action, clerkOf(a.target))
      const res = await post(ws.token, a.url, { ...creds(a.actor), ...(a.extra ?? {}) })
      const label = `${a.actor.login} ${a.action} ${a.target.login}`
      if (expected === null) expect(res.statusCode, `${label}: ${res.body}`).toBe(200)
      else {
        expectError(res, label, 403, 'forbidden')
        expect(res.json<{ error: { message: string } }>().error.message, label).toBe(expected)
      }
      // The demo password keeps working for the actors in the next round.
      if (a.action === 'reset_password' && expected === null) {
        await upsertClerk(fx.db, {
          id: a.target.clerkId,
          centreId: DEMO_CENTRE.id,
          login: a.target.login,
          name: a.target.name,
          role: a.target.role,
          passwordHash: await hashPassword(a.target.password, 1024)
        })
      }
    }
    // Spelled out, so the matrix in the README is checked too.
    expect(adminRefusal(clerkOf(PETRO), 'disable_clerk', clerkOf(OLENA))).toBeNull()
    expect(adminRefusal(clerkOf(PETRO), 'disable_clerk', clerkOf(IRYNA))).toBeNull()
    expect(adminRefusal(clerkOf(PETRO), 'disable_clerk', clerkOf(NADIIA))).not.toBeNull()
    expect(adminRefusal(clerkOf(PETRO), 'set_role', clerkOf(OLENA))).not.toBeNull()
    expect(adminRefusal(clerkOf(PETRO), 'reset_password', clerkOf(OLENA))).not.toBeNull()
    expect(adminRefusal(clerkOf(NADIIA), 'disable_clerk', clerkOf(NADIIA))).not.toBeNull()
    expect(adminRefusal(clerkOf(NADIIA), 'set_role', clerkOf(NADIIA))).not.toBeNull()
    expect(adminRefusal(clerkOf(NADIIA), 'reset_password', clerkOf(NADIIA))).toBeNull()
    expect(adminRefusal(clerkOf(OLENA), 'list')).not.toBeNull()
  })

  it('disable, enable, role and password take effect at once, and each is in the audit log with who and what', async () => {
    const { ws } = await setup(fx.portal)
    expect((await post(ws.token, `/admin/clerks/${OLENA.clerkId}/disable`, creds(PETRO))).statusCode).toBe(200)
    expectError(await post(ws.token, '/sync/sign-in', creds(OLENA)), 'disabled', 403, 'clerk_disabled')
    expect((await post(ws.token, `/admin/clerks/${OLENA.clerkId}/enable`, creds(PETRO))).statusCode).toBe(200)
    expect((await post(ws.token, '/sync/sign-in', creds(OLENA))).statusCode).toBe(200)

    expect((await post(ws.token, `/admin/clerks/${OLENA.clerkId}/role`, { ...creds(NADIIA), role: 'supervisor' })).statusCode).toBe(200)
    expect((await post(ws.token, '/sync/sign-in', creds(OLENA))).json<{ clerk: { role: string } }>().clerk.role).toBe('supervisor')
    // Now a supervisor, Olena is out of a supervisor's reach.
    expectError(
      await post(ws.token, `/admin/clerks/${OLENA.clerkId}/disable`, creds(PETRO)),
      'supervisor disables a supervisor',
      403,
      'forbidden'
    )

    expect(
      (await post(ws.token, `/admin/clerks/${OLENA.clerkId}/password`, { ...creds(NADIIA), newPassword: 'olena-new-pass-1' })).statusCode
    ).toBe(200)
    expectError(await post(ws.token, '/sync/sign-in', creds(OLENA)), 'old password', 401, 'invalid_credentials')
    expect((await post(ws.token, '/sync/sign-in', { login: 'olena', password: 'olena-new-pass-1' })).statusCode).toBe(200)

    const second = await enrol(fx.portal, 'Вікно 2')
    expect((await post(ws.token, `/admin/workstations/${second.id}/revoke`, creds(NADIIA))).statusCode).toBe(200)
    expect((await directory(ws.token)).workstations.find((w) => w.id === second.id)?.revokedAt).toBe(fx.clock.now().toISOString())

    const log = await adminAuditEntries(fx.db, DEMO_CENTRE.id)
    expect(log.map((e) => [e.clerkId, e.workstationId, e.detail.op, e.detail.clerkId ?? e.detail.workstationId])).toEqual([
      // The enrolment codes the fixtures had issued on the portal's command line, and their use.
      [NADIIA.clerkId, null, 'issue_enrolment_code', undefined],
      [NADIIA.clerkId, ws.id, 'workstation_enrolled', ws.id],
      [PETRO.clerkId, ws.id, 'disable_clerk', OLENA.clerkId],
      [PETRO.clerkId, ws.id, 'enable_clerk', OLENA.clerkId],
      [NADIIA.clerkId, ws.id, 'set_role', OLENA.clerkId],
      [NADIIA.clerkId, ws.id, 'reset_password', OLENA.clerkId],
      [NADIIA.clerkId, null, 'issue_enrolment_code', undefined],
      [NADIIA.clerkId, second.id, 'workstation_enrolled', second.id],
      [NADIIA.clerkId, ws.id, 'revoke_workstation', second.id]
    ])
    expect(log[4]?.detail).toMatchObject({ from: 'clerk', to: 'supervisor' })
    expect(JSON.stringify(log)).not.toContain('olena-new-pass-1')
  })

  it('another centre’s clerks and workstations answer 404; refusals write nothing', async () => {
    const { ws } = await setup(fx.portal)
    const foreign = await otherCentre(fx)
    const before = await state(fx.db)
    for (const [url, extra] of [
      ['/admin/clerks/other-clerk/disable', {}],
      ['/admin/clerks/other-clerk/enable', {}],
      ['/admin/clerks/other-clerk/role', { role: 'admin' }],
      ['/admin/clerks/other-clerk/password', { newPassword: 'taken-over-123' }],
      [`/admin/workstations/${foreign.id}/revoke`, {}]
    ] as const) {
      expectError(await post(ws.token, url, { ...creds(NADIIA), ...extra }), `${url} from another centre`, 404, 'not_found')
    }
    expectError(await post(ws.token, '/admin/clerks/clerk-nobody/enable', creds(NADIIA)), 'unknown clerk', 404, 'not_found')
    expectError(
      await post(ws.token, `/admin/clerks/${OLENA.clerkId}/role`, { ...creds(NADIIA), role: 'root' }),
      'bad role',
      400,
      'invalid_input'
    )
    expectError(
      await post(ws.token, `/admin/clerks/${OLENA.clerkId}/password`, { ...creds(NADIIA), newPassword: 'short' }),
      'short password',
      400,
      'invalid_input'
    )
    expectError(
      await post(ws.token, `/admin/clerks/${NADIIA.clerkId}/role`, { ...creds(NADIIA), role: 'clerk' }),
      'self-demotion',
      403,
      'forbidden'
    )
    expectError(await post(ws.token, `/admin/clerks/${NADIIA.clerkId}/disable`, creds(NADIIA)), 'self-disable', 403, 'forbidden')
    // The stranger's own desk does not make them an admin of anything.
    expectError(
      await post(foreign.token, '/admin/directory', { login: 'stranger', password: 'stranger-pw' }),
      'foreign clerk',
      403,
      'forbidden'
    )
    expectError(await post(foreign.token, '/admin/directory', creds(NADIIA)), 'admin at a foreign desk', 403, 'forbidden')
    expect(await state(fx.db)).toEqual(before)
  })
})
