import type { AddressInfo } from 'node:net'
import { createHash } from 'node:crypto'
import { expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import { DEMO_CENTRE } from '../../shared/demo/clerks'
import { enrolResponseSchema, newestEvent, pullResponseSchema, signInResponseSchema } from '../../shared/protocol'
import { upsertCentre } from '../db/centres-repository'
import { upsertClerk } from '../db/clerks-repository'
import { enrolmentCodeHash, hashPassword } from '../auth/secrets'
import { demoPdf } from '../demo-files'
import { describeBackends, type PortalFixture } from '../test/backends'
import { command, enrol, issueCode, NADIIA, OLENA, setup, signFor, validApplication } from '../test/fixtures'
import { seedDemoCentre } from '../seed'
import type { NudgeBus, NudgeSubscriber } from '../nudges'

function inject(fx: PortalFixture, method: 'GET' | 'POST', url: string, opts: { token?: string; body?: unknown } = {}) {
  return fx.portal.app.inject({
    method,
    url,
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {})
    },
    ...(opts.body !== undefined ? { payload: JSON.stringify(opts.body) } : {})
  })
}

const enrolBody = (overrides: Record<string, unknown> = {}) => ({
  enrolmentCode: DEMO_CENTRE.enrolmentCode,
  workstationId: uuidv7(),
  creationNonce: `nonce-${uuidv7()}`,
  label: 'Вікно 3',
  ...overrides
})

describeBackends(
  'workstation API',
  (fx) => {
    it('enrols: token once, a node per workstation; re-enrol keeps the node; a copied database is refused', async () => {
      await seedDemoCentre(fx.portal.db, fx.portal.deps)
      const body = enrolBody({ enrolmentCode: await issueCode(fx.portal) })
      const first = await inject(fx, 'POST', '/sync/enrol', { body })
      expect(first.statusCode).toBe(200)
      const a = enrolResponseSchema.parse(first.json())
      expect(a).toMatchObject({
        workstationId: body.workstationId,
        node: 2,
        centreId: DEMO_CENTRE.id,
        centreName: DEMO_CENTRE.name,
        lastSeq: 0
      })
      const b = enrolResponseSchema.parse(
        (await inject(fx, 'POST', '/sync/enrol', { body: enrolBody({ enrolmentCode: await issueCode(fx.portal) }) })).json()
      )
      expect(b.node).toBe(3)

      // Same database file reinstalled: same node, a new token, the old one stops working. It takes a
      // new code (typed in lower case with spaces: case and separators do not matter).
      const fresh = (await issueCode(fx.portal)).toLowerCase().replace(/-/g, ' ')
      const again = enrolResponseSchema.parse((await inject(fx, 'POST', '/sync/enrol', { body: { ...body, enrolmentCode: fresh } })).json())
      expect(again.node).toBe(2)
      expect(again.token).not.toBe(a.token)
      expect((await inject(fx, 'GET', '/sync/pull', { token: a.token })).json()).toMatchObject({ error: { code: 'invalid_token' } })
      // Valid, but nobody has signed in there through the portal yet: it reads nothing (issue 20).
      expect((await inject(fx, 'GET', '/sync/pull', { token: again.token })).json()).toMatchObject({ error: { code: 'sign_in_required' } })

      const copied = await inject(fx, 'POST', '/sync/enrol', {
        body: { ...body, enrolmentCode: await issueCode(fx.portal), creationNonce: 'another-file-0001' }
      })
      expect(copied.statusCode).toBe(409)
      expect(copied.json()).toMatchObject({ error: { code: 'workstation_copied' } })
      const wrongCode = await inject(fx, 'POST', '/sync/enrol', { body: enrolBody({ enrolmentCode: 'WRONG-CODE' }) })
      expect(wrongCode.statusCode).toBe(401)
      expect(wrongCode.json()).toMatchObject({ error: { code: 'invalid_enrolment_code' } })
      const bad = await inject(fx, 'POST', '/sync/enrol', { body: enrolBody({ workstationId: 'not-a-uuid' }) })
      expect(bad.json()).toMatchObject({ error: { code: 'invalid_input', field: 'workstationId' } })
    })

    it('never gives a workstation a node that demo data already numbered with', async () => {
      await fx.portal.seedDemo({ count: 200, seed: 3 })
      const used = await fx.db.query<{ node: number }>('SELECT node FROM order_sequences ORDER BY node')
      const ws = enrolResponseSchema.parse(
        (await inject(fx, 'POST', '/sync/enrol', { body: enrolBody({ enrolmentCode: await issueCode(fx.portal) }) })).json()
      )
      expect(used.map((u) => u.node)).not.toContain(ws.node)
      expect(ws.node).toBeGreaterThan(Math.max(...used.map((u) => u.node)))
    })

    it('signs a clerk in on an enrolled workstation; role and centre come from the portal', async () => {
      const { ws } = await setup(fx.portal)
      const ok = await inject(fx, 'POST', '/sync/sign-in', { token: ws.token, body: { login: OLENA.login, password: OLENA.password } })
      expect(ok.statusCode).toBe(200)
      expect(signInResponseSchema.parse(ok.json())).toEqual({
        clerk: { clerkId: OLENA.clerkId, name: OLENA.name, role: 'clerk', centreId: DEMO_CENTRE.id },
        key: null
      })
      const wrong = await inject(fx, 'POST', '/sync/sign-in', { token: ws.token, body: { login: OLENA.login, password: 'nope' } })
      expect(wrong.statusCode).toBe(401)
      expect(wrong.json()).toMatchObject({ error: { code: 'invalid_credentials' } })
      const unknown = await inject(fx, 'POST', '/sync/sign-in', { token: ws.token, body: { login: 'nobody', password: 'nope' } })
      expect(unknown.json()).toEqual(wrong.json())
      expect((await inject(fx, 'POST', '/sync/sign-in', { body: { login: OLENA.login, password: OLENA.password } })).json()).toMatchObject({
        error: { code: 'unauthenticated' }
      })
      // A clerk of another centre cannot sign in here.
      await upsertCentre(fx.db, {
        id: 'other',
        name: 'Інший ЦНАП',
        enrolmentCodeHash: enrolmentCodeHash('OTHER-CODE'),
        now: fx.clock.now()
      })
      await upsertClerk(fx.db, {
        id: 'c-other',
        centreId: 'other',
        login: 'stranger',
        name: 'Чужий',
        role: 'admin',
        passwordHash: await hashPassword('pw', 1024)
      })
      expect((await inject(fx, 'POST', '/sync/sign-in', { token: ws.token, body: { login: 'stranger', password: 'pw' } })).statusCode).toBe(
        401
      )
    })

    it('pull and push over HTTP, with their input checked', async () => {
      const { ws } = await setup(fx.portal)
      const created = await inject(fx, 'POST', '/api/v1/applications', { body: validApplication() })
      expect(created.statusCode).toBe(201)
      const page = pullResponseSchema.parse((await inject(fx, 'GET', '/sync/pull?cursor=0&limit=10', { token: ws.token })).json())
      const record = page.changes.find((c) => c.type === 'application')
      expect(record?.type === 'application' && record.record.orderNumber).toBe(created.json<{ orderNumber: string }>().orderNumber)
      expect((await inject(fx, 'GET', '/sync/pull?cursor=abc', { token: ws.token })).json()).toMatchObject({
        error: { code: 'invalid_input', field: 'cursor' }
      })
      expect((await inject(fx, 'GET', '/sync/pull?limit=0', { token: ws.token })).statusCode).toBe(400)
      expect((await inject(fx, 'GET', '/sync/pull?cursor=1&since=2', { token: ws.token })).json()).toMatchObject({
        error: { code: 'unknown_field' }
      })
      // The event held at the cursor travels as eventVersion + eventId, both or neither.
      const held = newestEvent(page.changes, null)
      if (!held) throw new Error('no event in the page')
      const served = await inject(
        fx,
        'GET',
        `/sync/pull?cursor=${page.nextCursor}&eventVersion=${held.version}&eventId=${encodeURIComponent(held.id)}`,
        { token: ws.token }
      )
      expect(served.json()).toMatchObject({ reset: false, changes: [] })
      const foreign = await inject(
        fx,
        'GET',
        `/sync/pull?cursor=${page.nextCursor}&eventVersion=${held.version}&eventId=not-this-portals`,
        { token: ws.token }
      )
      expect(foreign.json()).toMatchObject({ reset: true, nextCursor: 0 })
      expect((await inject(fx, 'GET', `/sync/pull?cursor=1&eventVersion=1`, { token: ws.token })).json()).toMatchObject({
        error: { code: 'invalid_input', field: 'eventId' }
      })
      expect((await inject(fx, 'GET', `/sync/pull?cursor=1&eventVersion=0&eventId=x`, { token: ws.token })).statusCode).toBe(400)

      const id = record?.type === 'application' ? record.record.id : ''
      const pushed = await inject(fx, 'POST', '/sync/push', {
        token: ws.token,
        body: { workstationId: ws.id, commands: [signFor(ws, command(1, 'claim', id, {}))] }
      })
      expect(pushed.statusCode).toBe(200)
      expect(pushed.json()).toMatchObject({ lastSeq: 1, resendFrom: null, results: [{ seq: 1, outcome: 'applied' }] })
      const badEnvelope = await inject(fx, 'POST', '/sync/push', {
        token: ws.token,
        body: { workstationId: ws.id, commands: [{ ...command(2, 'claim', id, {}), seq: 0 }] }
      })
      expect(badEnvelope.statusCode).toBe(400)
      expect(badEnvelope.json()).toMatchObject({ error: { code: 'invalid_input', field: 'commands.0.seq' } })
    })

    it('serves attachments to workstations of the centre whose applications refer to them', async () => {
      const { ws } = await setup(fx.portal)
      const pdf = demoPdf(['blob'])
      const up = await fx.portal.app.inject({
        method: 'POST',
        url: '/api/v1/attachments',
        headers: { 'content-type': 'application/pdf' },
        payload: pdf
      })
      const { sha256 } = up.json<{ sha256: string }>()
      expect((await inject(fx, 'GET', `/sync/blobs/${sha256}`, { token: ws.token })).statusCode).toBe(404) // nobody refers to it yet
      await inject(fx, 'POST', '/api/v1/applications', {
        body: validApplication({ attachments: [{ sha256, name: 'Заява.pdf', mediaType: 'application/pdf' }] })
      })
      const blob = await inject(fx, 'GET', `/sync/blobs/${sha256}`, { token: ws.token })
      expect(blob.statusCode).toBe(200)
      expect(blob.headers['content-type']).toBe('application/pdf')
      expect(blob.rawPayload.equals(pdf)).toBe(true)
      expect((await inject(fx, 'GET', `/sync/blobs/${sha256}`)).statusCode).toBe(401)
      expect((await inject(fx, 'GET', '/sync/blobs/xyz', { token: ws.token })).json()).toMatchObject({ error: { code: 'invalid_input' } })
    })

    it('takes a walk-in scan from a workstation: behind its token, named by its hash, stored once', async () => {
      const { ws } = await setup(fx.portal)
      const pdf = demoPdf(['walk-in scan'])
      const sha256 = createHash('sha256').update(pdf).digest('hex')
      const put = (url: string, body: Buffer, token: string | null, type = 'application/pdf') =>
        fx.portal.app.inject({
          method: 'PUT',
          url,
          headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
          payload: body
        })
      expect((await put(`/sync/blobs/${sha256}`, pdf, null)).statusCode).toBe(401)
      const wrongName = await put(`/sync/blobs/${'0'.repeat(64)}`, pdf, ws.token)
      expect(wrongName.statusCode).toBe(400)
      expect(wrongName.json()).toMatchObject({ error: { code: 'invalid_input', field: 'sha256' } })
      const html = Buffer.from('<html></html>')
      expect((await put(`/sync/blobs/${createHash('sha256').update(html).digest('hex')}`, html, ws.token)).json()).toMatchObject({
        error: { code: 'unsupported_media_type' }
      })
      expect((await put(`/sync/blobs/../../etc/passwd`, pdf, ws.token)).statusCode).toBeGreaterThanOrEqual(400)
      const first = await put(`/sync/blobs/${sha256}`, pdf, ws.token)
      expect(first.statusCode).toBe(201)
      expect(first.json()).toEqual({ sha256, mediaType: 'application/pdf', size: pdf.length })
      expect((await put(`/sync/blobs/${sha256}`, pdf, ws.token)).statusCode).toBe(201) // again: harmless
      const stored = await fx.portal.db.query<{ n: number }>('SELECT count(*)::int AS n FROM attachments WHERE sha256 = $1', [sha256])
      expect(stored[0]?.n).toBe(1)
      // Once an application refers to it, every workstation of the centre can open it.
      await inject(fx, 'POST', '/api/v1/applications', {
        body: validApplication({ attachments: [{ sha256, name: 'Скан.pdf', mediaType: 'application/pdf' }] })
      })
      const other = await enrol(fx.portal, 'Вікно 2')
      const blob = await inject(fx, 'GET', `/sync/blobs/${sha256}`, { token: other.token })
      expect(blob.rawPayload.equals(pdf)).toBe(true)
    })

    it('an admin revokes a workstation: its next request is refused with workstation_revoked', async () => {
      const { ws } = await setup(fx.portal)
      const adminDesk = await enrol(fx.portal, 'Адміністратор')
      const url = `/admin/workstations/${ws.id}/revoke`
      expect((await inject(fx, 'POST', url, { token: adminDesk.token, body: { login: NADIIA.login, password: 'wrong' } })).statusCode).toBe(
        401
      )
      const notAdmin = await inject(fx, 'POST', url, { token: adminDesk.token, body: { login: OLENA.login, password: OLENA.password } })
      expect(notAdmin.statusCode).toBe(403)
      expect((await inject(fx, 'GET', '/sync/pull', { token: ws.token })).statusCode).toBe(200)
      const ok = await inject(fx, 'POST', url, { token: adminDesk.token, body: { login: NADIIA.login, password: NADIIA.password } })
      expect(ok.statusCode).toBe(200)
      for (const res of [
        await inject(fx, 'GET', '/sync/pull', { token: ws.token }),
        await inject(fx, 'POST', '/sync/push', { token: ws.token, body: { workstationId: ws.id, commands: [] } }),
        await inject(fx, 'POST', '/sync/sign-in', { token: ws.token, body: { login: OLENA.login, password: OLENA.password } })
      ]) {
        expect(res.statusCode).toBe(401)
        expect(res.json()).toMatchObject({ error: { code: 'workstation_revoked' } })
      }
      expect(
        (
          await inject(fx, 'POST', `/admin/workstations/nope/revoke`, {
            token: adminDesk.token,
            body: { login: NADIIA.login, password: NADIIA.password }
          })
        ).statusCode
      ).toBe(404)
    })

    it('SSE: only "centre moved to version V" and keep-alive comments; a revoked workstation is cut off', async () => {
      const { ws } = await setup(fx.portal)
      const adminDesk = await enrol(fx.portal, 'Адміністратор')
      await fx.portal.app.listen({ port: 0, host: '127.0.0.1' })
      const { port } = fx.portal.app.server.address() as AddressInfo
      const res = await fetch(`http://127.0.0.1:${port}/sync/events`, { headers: { authorization: `Bearer ${ws.token}` } })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toContain('text/event-stream')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('access-control-allow-origin')).toBeNull()
      const reader = res.body!.getReader()
      const decoder = new TextDecoder()
      let buffer = ''
      const next = async (predicate: (text: string) => boolean): Promise<string> => {
        for (;;) {
          if (predicate(buffer)) return buffer
          const { value, done } = await reader.read()
          if (done) return buffer
          buffer += decoder.decode(value, { stream: true })
        }
      }
      await next((t) => t.includes('\n\n'))
      expect(buffer.split('\n\n')[0]).toBe(`data: {"centreId":"${DEMO_CENTRE.id}","version":0}`)
      buffer = ''
      const created = await fetch(`http://127.0.0.1:${port}/api/v1/applications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(validApplication())
      })
      expect(created.status).toBe(201)
      await next((t) => t.includes('data: '))
      await next((t) => t.includes(': keep-alive'))
      const frames = buffer.split('\n\n').filter((f) => f.length > 0)
      for (const f of frames) expect(f === ': keep-alive' || /^data: \{"centreId":"khm-cnap","version":\d+\}$/.test(f)).toBe(true)
      expect(frames).toContain(`data: {"centreId":"${DEMO_CENTRE.id}","version":1}`)

      const revoked = await inject(fx, 'POST', `/admin/workstations/${ws.id}/revoke`, {
        token: adminDesk.token,
        body: { login: NADIIA.login, password: NADIIA.password }
      })
      expect(revoked.statusCode).toBe(200)
      for (;;) {
        const { done } = await reader.read()
        if (done) break
      }
      const refused = await fetch(`http://127.0.0.1:${port}/sync/events`, { headers: { authorization: `Bearer ${ws.token}` } })
      expect(refused.status).toBe(401)
      expect(await refused.json()).toMatchObject({ error: { code: 'workstation_revoked' } })
    })

    it('SSE: a nudge that arrives while the stream reads its first version is held back and sent after it, never lost', async () => {
      const { ws } = await setup(fx.portal)
      if (!fx.portal.app.server.listening) await fx.portal.app.listen({ port: 0, host: '127.0.0.1' })
      const { port } = fx.portal.app.server.address() as AddressInfo
      const original = fx.portal.deps.nudges
      // The stream subscribes, then reads the version: these arrive in between (a commit racing the connect).
      fx.portal.deps.nudges = Object.assign(Object.create(original) as NudgeBus, {
        subscribe: (sub: NudgeSubscriber) => {
          const unsubscribe = original.subscribe(sub)
          sub.send({ centreId: sub.centreId, version: 0 })
          sub.send({ centreId: sub.centreId, version: 42 })
          return unsubscribe
        }
      })
      try {
        const controller = new AbortController()
        const res = await fetch(`http://127.0.0.1:${port}/sync/events`, {
          headers: { authorization: `Bearer ${ws.token}` },
          signal: controller.signal
        })
        const reader = res.body!.getReader()
        const decoder = new TextDecoder()
        let buffer = ''
        while (buffer.split('\n\n').filter((f) => f.startsWith('data: ')).length < 2) {
          const { value, done } = await reader.read()
          if (done) break
          buffer += decoder.decode(value, { stream: true })
        }
        controller.abort()
        const data = buffer.split('\n\n').filter((f) => f.startsWith('data: '))
        // The current version first; the held nudge at or below it is dropped, the one above it follows.
        expect(data.slice(0, 2)).toEqual([
          `data: {"centreId":"${DEMO_CENTRE.id}","version":0}`,
          `data: {"centreId":"${DEMO_CENTRE.id}","version":42}`
        ])
      } finally {
        fx.portal.deps.nudges = original
      }
    })
  },
  { sseKeepAliveMs: 50 }
)
