import { generateKeyPairSync, sign } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import { commandSigningBytes } from '../../shared/command-signature'
import type { CommandEnvelope } from '../../shared/domain/commands'
import { signInResponseSchema } from '../../shared/protocol'
import type { ClerkKeyRow } from '../db/keys-repository'
import { getApplication } from '../db/applications-repository'
import { describeBackends } from '../test/backends'
import { command, enrol, NADIIA, OLENA, PETRO, pushSigned, registerKey, setup, signFor, submit, TARAS } from '../test/fixtures'
import { expectError, send } from '../test/http'
import { handlePush } from './push'
import { signatureRefusal } from './verify-signature'

/*
 * Issue 20: a command counts only with its clerk's signature by their key on the workstation that
 * sends it. Every refusal is a stored rejection with its own code; nothing of the command happens.
 */

const claim = (seq: number, applicationId: string, clerk: { clerkId: string; name: string } = OLENA) =>
  command(seq, 'claim', applicationId, {}, { clerk })

describeBackends('command signatures', (fx) => {
  const rawPush = (ws: { id: string; centreId: string }, commands: CommandEnvelope[]) =>
    handlePush(fx.portal.db, fx.portal.deps, ws, { workstationId: ws.id, commands })

  it('a signed command applies in its clerk’s name', async () => {
    const { ws } = await setup(fx.portal)
    const app = await submit(fx.portal)
    const res = await pushSigned(fx.portal, ws, [claim(1, app.id)])
    expect(res.results[0]).toMatchObject({ outcome: 'applied' })
    expect((await getApplication(fx.db, app.id))?.record.holder?.clerkId).toBe(OLENA.clerkId)
  })

  it('refuses unsigned, tampered, unknown-key and another clerk’s-key commands, each with its code; nothing applies', async () => {
    const { ws } = await setup(fx.portal)
    const app = await submit(fx.portal)
    const signed = signFor(ws, claim(2, app.id))
    const tamperedPayload = { ...signFor(ws, command(3, 'note', app.id, { text: 'Оригінал' })), payload: { text: 'Підмінено' } }
    const tamperedApp = { ...signFor(ws, claim(4, app.id)), applicationId: (await submit(fx.portal)).id }
    const madeUpKey = { ...signed, seq: 5, commandId: uuidv7(), signature: { keyId: 'key-made-up', value: 'A'.repeat(86) } }
    // Taras's key, but the envelope says Olena: a clerk cannot act in a colleague's name.
    const tarasAsOlena = signFor(ws, claim(6, app.id, TARAS))
    const asOlena = { ...tarasAsOlena, clerk: { clerkId: OLENA.clerkId, name: OLENA.name } }
    const res = await rawPush(ws, [claim(1, app.id), { ...signed, seq: 2 }, tamperedPayload, tamperedApp, madeUpKey, asOlena])
    expect(res.results.map((r) => [r.seq, r.outcome, r.code])).toEqual([
      [1, 'rejected', 'unsigned'],
      // Signed for seq 2: applies (the refusals before it did not block the queue).
      [2, 'applied', null],
      [3, 'rejected', 'bad_signature'],
      [4, 'rejected', 'bad_signature'],
      [5, 'rejected', 'key_unknown'],
      [6, 'rejected', 'bad_signature']
    ])
    expect(res.lastSeq).toBe(6)
    for (const r of res.results) if (r.outcome === 'rejected') expect(r.message).toMatch(/[А-Яа-яІіЇїЄєҐґ]/)
    const events = await fx.db.query<{ kind: string }>(
      `SELECT event ->> 'kind' AS kind FROM application_events WHERE application_id = $1`,
      [app.id]
    )
    expect(events.map((e) => e.kind).sort()).toEqual(['claimed', 'submitted'])
  })

  it('the same envelopes replayed from another workstation are refused as another workstation’s', async () => {
    const { ws: a } = await setup(fx.portal)
    const b = await enrol(fx.portal, 'Вікно 2')
    const app = await submit(fx.portal)
    const fromA = [signFor(a, claim(1, app.id)), signFor(a, command(2, 'note', app.id, { text: 'з вікна 1' }))]
    const replayed = await rawPush(b, fromA)
    expect(replayed.results.map((r) => r.code)).toEqual(['other_workstation', 'other_workstation'])
    expect((await getApplication(fx.db, app.id))?.record.holder).toBeNull()
    // Signed by A's key over B's id (a workstation that stole A's key cannot use it elsewhere either).
    const overB = signFor(b, claim(3, app.id), a)
    expect((await rawPush(b, [overB])).results[0]).toMatchObject({ code: 'other_workstation' })
    // The originals still apply from A.
    expect((await rawPush(a, fromA)).results.map((r) => r.outcome)).toEqual(['applied', 'applied'])
  })

  it('a replaced key, a disabled clerk, a reset password: the old key’s commands are refused as revoked', async () => {
    const { ws } = await setup(fx.portal)
    const app = await submit(fx.portal)
    const old = signFor(ws, claim(1, app.id))
    await registerKey(fx.portal, ws, OLENA.clerkId) // a later online sign-in with a new key
    expect((await rawPush(ws, [old])).results[0]).toMatchObject({ code: 'key_revoked', message: expect.stringMatching(/замінено/) })
    expect((await rawPush(ws, [signFor(ws, claim(2, app.id))])).results[0]).toMatchObject({ outcome: 'applied' })

    const taras = signFor(ws, command(3, 'note', app.id, { text: 'Тарас' }, { clerk: TARAS }))
    const creds = { login: NADIIA.login, password: NADIIA.password }
    expect((await send(fx.portal.app, 'POST', `/admin/clerks/${TARAS.clerkId}/disable`, { token: ws.token, json: creds })).statusCode).toBe(
      200
    )
    expect((await send(fx.portal.app, 'POST', `/admin/clerks/${TARAS.clerkId}/enable`, { token: ws.token, json: creds })).statusCode).toBe(
      200
    )
    // Re-enabled, but the key revoked when he was disabled stays revoked: a new online sign-in makes a new one.
    expect((await rawPush(ws, [taras])).results[0]).toMatchObject({ code: 'key_revoked', message: expect.stringMatching(/вимкнено/) })

    const petro = signFor(ws, command(4, 'note', app.id, { text: 'Петро' }, { clerk: PETRO }))
    const reset = await send(fx.portal.app, 'POST', `/admin/clerks/${PETRO.clerkId}/password`, {
      token: ws.token,
      json: { ...creds, newPassword: 'petro-new-pass-1' }
    })
    expect(reset.statusCode).toBe(200)
    expect((await rawPush(ws, [petro])).results[0]).toMatchObject({ code: 'key_revoked', message: expect.stringMatching(/пароль/) })
  })

  it('a revoked workstation pushes nothing at all, and its keys are revoked', async () => {
    const { ws } = await setup(fx.portal)
    const other = await enrol(fx.portal, 'Вікно 2')
    const res = await send(fx.portal.app, 'POST', `/admin/workstations/${ws.id}/revoke`, {
      token: other.token,
      json: { login: NADIIA.login, password: NADIIA.password }
    })
    expect(res.statusCode).toBe(200)
    expectError(
      await send(fx.portal.app, 'POST', '/sync/push', { token: ws.token, json: { workstationId: ws.id, commands: [] } }),
      'revoked workstation',
      401,
      'workstation_revoked'
    )
    const keys = await fx.db.query<{ reason: string | null }>('SELECT revoked_reason AS reason FROM clerk_keys WHERE workstation_id = $1', [
      ws.id
    ])
    expect(keys.length).toBeGreaterThan(0)
    expect(new Set(keys.map((k) => k.reason))).toEqual(new Set(['workstation_revoked']))
  })

  it('an enrolled workstation on which no clerk signed in gets no command applied in anyone’s name', async () => {
    await setup(fx.portal)
    const bare = await enrol(fx.portal, 'Свіжо підключене', { keys: false })
    const app = await submit(fx.portal)
    // Its own key pair, never registered: signatures that verify against it prove nothing to the portal.
    const pair = generateKeyPairSync('ed25519')
    const forged = (seq: number, clerk: { clerkId: string; name: string }): CommandEnvelope => {
      const cmd = claim(seq, app.id, clerk)
      return {
        ...cmd,
        signature: { keyId: 'key-self-made', value: sign(null, commandSigningBytes(bare.id, cmd), pair.privateKey).toString('base64url') }
      }
    }
    const res = await send(fx.portal.app, 'POST', '/sync/push', {
      token: bare.token,
      json: { workstationId: bare.id, commands: [claim(1, app.id, OLENA), forged(2, PETRO), forged(3, NADIIA)] }
    })
    expect(res.statusCode).toBe(200)
    expect(res.json<{ results: { outcome: string; code: string }[] }>().results.map((r) => [r.outcome, r.code])).toEqual([
      ['rejected', 'unsigned'],
      ['rejected', 'key_unknown'],
      ['rejected', 'key_unknown']
    ])
    expect((await getApplication(fx.db, app.id))?.record.version).toBe(1)
  })

  it('POST /sync/sign-in registers the presented key once, answers the same id for it again, refuses a revoked one', async () => {
    const { ws } = await setup(fx.portal)
    const pub = (): string => generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x as string
    const key = pub()
    const signIn = (publicKey: string | undefined, password = OLENA.password) =>
      send(fx.portal.app, 'POST', '/sync/sign-in', {
        token: ws.token,
        json: { login: OLENA.login, password, ...(publicKey ? { publicKey } : {}) }
      })
    const first = signInResponseSchema.parse((await signIn(key)).json())
    expect(first.key?.keyId).toMatch(/^key-/)
    expect(signInResponseSchema.parse((await signIn(key)).json()).key).toEqual(first.key)
    expect(signInResponseSchema.parse((await signIn(undefined)).json()).key).toBeNull()
    const second = signInResponseSchema.parse((await signIn(pub())).json())
    expect(second.key?.keyId).not.toBe(first.key?.keyId)
    expectError(await signIn(key), 'a replaced key again', 409, 'key_revoked')
    expectError(await signIn('A'.repeat(42)), 'not a key', 400, 'invalid_input')
    // The stranger with everything but the password registers nothing.
    expectError(await signIn(pub(), 'not-her-password'), 'wrong password', 401, 'invalid_credentials')
    const active = await fx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM clerk_keys WHERE clerk_id = $1 AND workstation_id = $2 AND revoked_at IS NULL',
      [OLENA.clerkId, ws.id]
    )
    expect(active[0]?.n).toBe(1)
  })
})

describe('a signature over one envelope never verifies another (property)', () => {
  const pair = generateKeyPairSync('ed25519')
  const key: ClerkKeyRow = {
    keyId: 'key-1',
    clerkId: 'clerk-olena',
    workstationId: 'ws-a',
    publicKey: pair.publicKey.export({ format: 'jwk' }).x as string,
    registeredAt: '2026-11-27T08:00:00.000Z',
    revokedAt: null,
    revokedReason: null
  }
  const envelope = fc.record({
    seq: fc.integer({ min: 1, max: 2 ** 31 }),
    commandId: fc.uuid(),
    applicationId: fc.string({ minLength: 1, maxLength: 40 }),
    text: fc.string({ maxLength: 200 }),
    baseVersion: fc.option(fc.nat({ max: 1000 }))
  })
  const signed = (e: {
    seq: number
    commandId: string
    applicationId: string
    text: string
    baseVersion: number | null
  }): CommandEnvelope => {
    const cmd: CommandEnvelope = {
      commandId: e.commandId,
      seq: e.seq,
      type: 'note',
      v: 1,
      applicationId: e.applicationId,
      baseVersion: e.baseVersion,
      clerk: { clerkId: 'clerk-olena', name: 'Олена Коваль' },
      issuedAt: '2026-11-27T10:00:00+02:00',
      payload: { text: e.text }
    }
    return {
      ...cmd,
      signature: { keyId: 'key-1', value: sign(null, commandSigningBytes('ws-a', cmd), pair.privateKey).toString('base64url') }
    }
  }

  it('verifies the envelope it was made over', () => {
    fc.assert(
      fc.property(envelope, (e) => {
        expect(signatureRefusal(signed(e), 'ws-a', key)).toBeNull()
      }),
      { numRuns: 200 }
    )
  })

  it('other seq, other application, other payload: bad_signature; sent by another workstation: refused', () => {
    fc.assert(
      fc.property(envelope, fc.integer({ min: 1, max: 2 ** 31 }), fc.string({ minLength: 1, maxLength: 40 }), (e, seq, applicationId) => {
        const cmd = signed(e)
        if (seq !== e.seq) expect(signatureRefusal({ ...cmd, seq }, 'ws-a', key)?.code).toBe('bad_signature')
        if (applicationId !== e.applicationId) expect(signatureRefusal({ ...cmd, applicationId }, 'ws-a', key)?.code).toBe('bad_signature')
        expect(signatureRefusal({ ...cmd, payload: { text: `${e.text}.` } }, 'ws-a', key)?.code).toBe('bad_signature')
        // From workstation B with A's key: the key is A's; and even a key B held would not verify A's text.
        expect(signatureRefusal(cmd, 'ws-b', key)?.code).toBe('other_workstation')
        expect(signatureRefusal(cmd, 'ws-b', { ...key, workstationId: 'ws-b' })?.code).toBe('bad_signature')
      }),
      { numRuns: 200 }
    )
  })
})
