import { expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import { DEMO_CLERKS, type DemoClerk } from '../shared/demo/clerks'
import type { CommandType } from '../shared/domain/commands'
import { formatOrderNumber } from '../shared/domain/order-number'
import type { CommandResult } from '../shared/protocol'
import { enrolmentCodeHash, hashPassword } from './auth/secrets'
import { getApplication } from './db/applications-repository'
import { upsertCentre } from './db/centres-repository'
import { upsertClerk } from './db/clerks-repository'
import { countCommandResults } from './db/command-results-repository'
import { lastSeqOf } from './db/workstations-repository'
import { demoPdf } from './demo-files'
import { handlePush } from './sync/push'
import { describeBackends, type PortalFixture } from './test/backends'
import { command, enrol, NADIIA, OLENA, PETRO, setup, submit, TARAS, registerKey, signFor } from './test/fixtures'
import { expectError, send } from './test/http'

/*
 * The portal authorises every sync command (issue 8): the acting clerk must belong to the
 * workstation's centre, be enabled, and hold a role that allows the command (the matrix in
 * src/portal/README.md, enforced by auth/roles.ts and the shared applyCommand). A refusal of a
 * command is an OUTCOME, stored like any other. A revoked workstation or a disabled clerk is refused
 * on the very next request.
 */

const IRYNA = DEMO_CLERKS.find((c) => c.role === 'back_office') as DemoClerk

async function pushOne(fx: PortalFixture, ws: { id: string; token: string }, cmd: ReturnType<typeof command>): Promise<CommandResult> {
  const res = await send(fx.portal.app, 'POST', '/sync/push', {
    token: ws.token,
    json: { workstationId: ws.id, commands: [signFor(ws, cmd)] }
  })
  expect(res.statusCode, res.body).toBe(200)
  const body = res.json<{ results: CommandResult[] }>()
  expect(body.results).toHaveLength(1)
  return body.results[0] as CommandResult
}

const asAdmin = (fx: PortalFixture, token: string, url: string) =>
  send(fx.portal.app, 'POST', url, { token, json: { login: NADIIA.login, password: NADIIA.password } })

describeBackends('roles: the portal authorises every sync command', (fx) => {
  it('a command carrying a clerk of another centre, or an unknown clerk, is stored as rejected', async () => {
    const { ws } = await setup(fx.portal)
    const app = await submit(fx.portal)
    await upsertCentre(fx.db, {
      id: 'other-cnap',
      name: 'Інший ЦНАП',
      enrolmentCodeHash: enrolmentCodeHash('OTHER-CODE-2026'),
      now: fx.clock.now()
    })
    await upsertClerk(fx.db, {
      id: 'other-sup',
      centreId: 'other-cnap',
      login: 'other',
      name: 'Чужий Керівник',
      role: 'supervisor',
      passwordHash: await hashPassword('pw', 1024)
    })

    // A sign-in refuses another centre's clerk; and since migration 10 the database cannot even hold such a key:
    // a clerk_keys row names a clerk and a workstation of ONE centre (centre_id in both foreign keys). So the
    // command carries no signature a key here could check, and is refused before the role check (forbidden)
    // is reached.
    await expect(registerKey(fx.portal, ws, 'other-sup')).rejects.toThrow(/foreign key/)
    const foreign = await pushOne(fx, ws, command(1, 'claim', app.id, {}, { clerk: { clerkId: 'other-sup', name: 'Чужий Керівник' } }))
    expect(foreign).toMatchObject({ seq: 1, outcome: 'rejected', code: 'unsigned' })
    const ghost = await pushOne(fx, ws, command(2, 'claim', app.id, {}, { clerk: { clerkId: 'clerk-ghost', name: 'Привид' } }))
    // Nobody by that id: no key of theirs, so nothing can carry their signature.
    expect(ghost).toMatchObject({ seq: 2, outcome: 'rejected', code: 'unsigned' })
    // Stored outcomes: the queue moves on, a resend gets the same answer, the application is untouched.
    expect(await countCommandResults(fx.db, ws.id)).toBe(2)
    expect(await lastSeqOf(fx.db, ws.id)).toBe(2)
    expect((await getApplication(fx.db, app.id))?.record).toMatchObject({ holder: null, status: 'registered', version: 1 })
    expect(await pushOne(fx, ws, command(1, 'claim', app.id, {}, { clerk: { clerkId: 'other-sup', name: 'x' } }))).toEqual(foreign)

    // The name and role come from the portal's table, never from the request.
    const spoofed = await pushOne(
      fx,
      ws,
      command(3, 'claim', app.id, {}, { clerk: { clerkId: OLENA.clerkId, name: 'Надія Ткачук (адміністратор)' } })
    )
    expect(spoofed.outcome).toBe('applied')
    expect((await getApplication(fx.db, app.id))?.record.holder).toMatchObject({ clerkId: OLENA.clerkId, name: OLENA.name })
  })

  it('a clerk disabled by the admin is refused on the next request; colleagues carry on', async () => {
    const { ws } = await setup(fx.portal)
    const app = await submit(fx.portal)
    expect(
      (await send(fx.portal.app, 'POST', '/sync/sign-in', { token: ws.token, json: { login: OLENA.login, password: OLENA.password } }))
        .statusCode
    ).toBe(200)
    const disabled = await asAdmin(fx, ws.token, `/admin/clerks/${OLENA.clerkId}/disable`)
    expect(disabled.statusCode, disabled.body).toBe(200)

    expectError(
      await send(fx.portal.app, 'POST', '/sync/sign-in', { token: ws.token, json: { login: OLENA.login, password: OLENA.password } }),
      'sign-in',
      403,
      'clerk_disabled'
    )
    const refused = await pushOne(fx, ws, command(1, 'claim', app.id, {}, { clerk: OLENA }))
    // Disabling revoked her keys: the signature no longer counts (issue 20), before her account is even looked at.
    expect(refused).toMatchObject({ outcome: 'rejected', code: 'key_revoked' })
    expect(refused.message).toMatch(/вимкнено/)
    expect((await getApplication(fx.db, app.id))?.record.holder).toBeNull()
    // Disabling again changes nothing; the colleague at the same desk works on.
    expect((await asAdmin(fx, ws.token, `/admin/clerks/${OLENA.clerkId}/disable`)).statusCode).toBe(200)
    expect(await pushOne(fx, ws, command(2, 'claim', app.id, {}, { clerk: TARAS }))).toMatchObject({ outcome: 'applied' })
    expectError(await asAdmin(fx, ws.token, '/admin/clerks/clerk-nobody/disable'), 'unknown clerk', 404, 'not_found')
  })

  it('a workstation revoked by the admin is refused on its next pull, push, events, blob, sign-in and admin request; nothing stored', async () => {
    const { ws } = await setup(fx.portal)
    const adminDesk = await enrol(fx.portal, 'Адміністратор')
    const up = await send(fx.portal.app, 'POST', '/api/v1/attachments', {
      headers: { 'content-type': 'application/pdf' },
      body: demoPdf(['revoked'])
    })
    const sha = up.json<{ sha256: string }>().sha256
    const app = await submit(fx.portal, { attachments: [{ sha256: sha, name: 'Заява.pdf', mediaType: 'application/pdf' }] })
    expect((await send(fx.portal.app, 'GET', `/sync/blobs/${sha}`, { token: ws.token })).statusCode).toBe(200)
    expect((await asAdmin(fx, adminDesk.token, `/admin/workstations/${ws.id}/revoke`)).statusCode).toBe(200)

    const requests: [string, ReturnType<typeof send>][] = [
      ['pull', send(fx.portal.app, 'GET', '/sync/pull', { token: ws.token })],
      [
        'push',
        send(fx.portal.app, 'POST', '/sync/push', {
          token: ws.token,
          json: { workstationId: ws.id, commands: [signFor(ws, command(1, 'claim', app.id, {}))] }
        })
      ],
      ['events', send(fx.portal.app, 'GET', '/sync/events', { token: ws.token })],
      ['blob', send(fx.portal.app, 'GET', `/sync/blobs/${sha}`, { token: ws.token })],
      [
        'sign-in',
        send(fx.portal.app, 'POST', '/sync/sign-in', { token: ws.token, json: { login: OLENA.login, password: OLENA.password } })
      ],
      ['admin', asAdmin(fx, ws.token, `/admin/workstations/${adminDesk.id}/revoke`)]
    ]
    for (const [label, pending] of requests) expectError(await pending, label, 401, 'workstation_revoked')
    expect(await countCommandResults(fx.db, ws.id)).toBe(0)
    expect((await getApplication(fx.db, app.id))?.record.holder).toBeNull()
    // The other desks carry on.
    expect((await send(fx.portal.app, 'GET', '/sync/pull', { token: adminDesk.token })).statusCode).toBe(200)
  })

  it('the role matrix: back office never takes from the front-desk queue, registers or hands over; only supervisors and admins force a release', async () => {
    const { ws } = await setup(fx.portal)
    const seqs = { next: 1 }
    const run = async (clerk: DemoClerk, type: CommandType, applicationId: string, payload: unknown): Promise<CommandResult> => {
      const res = await handlePush(fx.portal.db, fx.portal.deps, ws, {
        workstationId: ws.id,
        commands: [signFor(ws, command(seqs.next++, type, applicationId, payload, { clerk }))]
      })
      return res.results[0] as CommandResult
    }
    const walkIn = (k: number) => ({
      orderNumber: formatOrderNumber(ws.node, k),
      serviceId: 'residence-registration',
      applicant: {
        surname: 'Коваленко',
        givenName: 'Петро',
        patronymic: null,
        rnokpp: null,
        birthDate: '1970-01-02',
        phone: null,
        email: null,
        address: 'м. Хмельницький, вул. Зарічанська, 3'
      },
      fields: {},
      attachments: [],
      documents: [{ name: 'Заява', required: true, received: true }],
      delivery: 'in_person'
    })
    type Outcome = 'applied' | 'forbidden'
    const ACTIONS = [
      'claim from the queue',
      'register a walk-in',
      'force another’s release',
      'claim a handed-over one',
      'decide',
      'issue the result',
      'note'
    ] as const
    const expected: Record<string, Outcome[]> = {
      clerk: ['applied', 'applied', 'forbidden', 'applied', 'applied', 'applied', 'applied'],
      back_office: ['forbidden', 'forbidden', 'forbidden', 'applied', 'applied', 'forbidden', 'applied'],
      supervisor: ['applied', 'applied', 'applied', 'applied', 'applied', 'applied', 'applied'],
      admin: ['applied', 'applied', 'applied', 'applied', 'applied', 'applied', 'applied']
    }
    const outcome = (r: CommandResult): string => (r.outcome === 'applied' ? 'applied' : String(r.code))
    let k = 1
    for (const actor of [OLENA, IRYNA, PETRO, NADIIA]) {
      const queued = await submit(fx.portal)
      const held = await submit(fx.portal)
      expect((await run(TARAS, 'claim', held.id, {})).outcome).toBe('applied')
      const handed = await submit(fx.portal)
      for (const [type, payload] of [
        ['claim', {}],
        ['forward', { body: 'Управління ДМС' }],
        ['release', { force: false, reason: '' }]
      ] as const) {
        expect((await run(TARAS, type, handed.id, payload)).outcome, type).toBe('applied')
      }
      const got = [
        await run(actor, 'claim', queued.id, {}),
        await run(actor, 'register_walk_in', uuidv7(), walkIn(k++)),
        await run(actor, 'release', held.id, { force: true, reason: 'Працівник на лікарняному' }),
        await run(actor, 'claim', handed.id, {}),
        await run(actor, 'decide', handed.id, { kind: 'approve', ground: null, text: 'Зареєстровано', appeal: null }),
        await run(actor, 'issue_result', handed.id, {
          outcome: 'issued',
          recipientName: 'Шевченко Марʼяна',
          recipientDocument: 'Паспорт НК123456'
        }),
        await run(actor, 'note', held.id, { text: 'Перевірено' })
      ]
      expect(Object.fromEntries(got.map((r, i) => [ACTIONS[i], outcome(r)])), `${actor.role} (${actor.name})`).toEqual(
        Object.fromEntries((expected[actor.role] ?? []).map((o, i) => [ACTIONS[i], o]))
      )
      if (actor.role === 'back_office') {
        expect(got[0]?.message).toContain('черги фронт-офісу')
        expect((await getApplication(fx.db, queued.id))?.record).toMatchObject({ status: 'registered', holder: null })
      }
    }
    // Every outcome, applied or refused, is stored and counted.
    expect(await countCommandResults(fx.db, ws.id)).toBe(seqs.next - 1)
  })
})
