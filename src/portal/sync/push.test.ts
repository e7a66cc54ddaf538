import { expect, it } from 'vitest'
import { applyCommand } from '../../shared/domain/commands'
import { formatOrderNumber } from '../../shared/domain/order-number'
import { pushResponseSchema, type PushRequest, type PushResponse } from '../../shared/protocol'
import { DbUnavailableError, type PortalDb, type Queryable, type TxOptions } from '../db/portal-db'
import { getApplication } from '../db/applications-repository'
import { disableClerk } from '../db/clerks-repository'
import { getWorkstation } from '../db/workstations-repository'
import { PortalError } from '../errors'
import { createPortal } from '../portal'
import { describeBackends } from '../test/backends'
import { command, enrol, OLENA, PETRO, setup, signFor, submit, TARAS } from '../test/fixtures'
import { handlePush } from './push'
import { revokeWorkstation } from './workstations'

const push = (
  fx: { portal: { db: PortalDb; deps: Parameters<typeof handlePush>[1] } },
  ws: { id: string; centreId: string },
  commands: PushRequest['commands']
) => handlePush(fx.portal.db, fx.portal.deps, ws, { workstationId: ws.id, commands: commands.map((c) => signFor(ws, c)) })

async function eventCount(db: Queryable, applicationId: string): Promise<number> {
  const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM application_events WHERE application_id = $1', [applicationId])
  return rows[0]?.n ?? 0
}

async function centreVersion(db: Queryable): Promise<number> {
  const rows = await db.query<{ version: number }>('SELECT version FROM centres')
  return Number(rows[0]?.version)
}

/** The change versions of the events stored after `after`, in order. */
async function eventVersionsAfter(db: Queryable, after: number): Promise<number[]> {
  const rows = await db.query<{ v: number }>(
    'SELECT DISTINCT change_version AS v FROM application_events WHERE change_version > $1 ORDER BY v',
    [after]
  )
  return rows.map((r) => Number(r.v))
}

async function eventKinds(db: Queryable, applicationId: string): Promise<string[]> {
  const rows = await db.query<{ kind: string }>(
    `SELECT event ->> 'kind' AS kind FROM application_events WHERE application_id = $1 ORDER BY change_version, ord`,
    [applicationId]
  )
  return rows.map((r) => r.kind)
}

async function resultCount(db: Queryable, workstationId: string): Promise<number> {
  const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM command_results WHERE workstation_id = $1', [workstationId])
  return rows[0]?.n ?? 0
}

describeBackends('push', (fx) => {
  it('applies a claim, stores the result, advances last_seq and the centre version', async () => {
    const { ws } = await setup(fx.portal)
    const app = await submit(fx.portal)
    const before = await fx.db.query<{ version: number }>('SELECT version FROM centres')
    const res = await push(fx, ws, [command(1, 'claim', app.id, {})])
    expect(pushResponseSchema.parse(res)).toEqual(res)
    expect(res).toMatchObject({ resendFrom: null, lastSeq: 1, results: [{ seq: 1, outcome: 'applied', code: null, version: 2 }] })
    const stored = await getApplication(fx.db, app.id)
    expect(stored?.record.holder).toMatchObject({ clerkId: OLENA.clerkId, name: OLENA.name })
    expect(stored?.record.status).toBe('in_review')
    expect(stored?.record.takenIntoWorkAt).toBe('2026-11-27T10:00:00+02:00')
    const after = await fx.db.query<{ version: number }>('SELECT version FROM centres')
    expect(Number(after[0]?.version)).toBe(Number(before[0]?.version) + 1)
    expect(stored?.changeVersion).toBe(Number(after[0]?.version))
  })

  it('returns the STORED result for a duplicate and never re-executes it', async () => {
    const { ws } = await setup(fx.portal)
    const app = await submit(fx.portal)
    const cmd = command(1, 'claim', app.id, {})
    const first = await push(fx, ws, [cmd])
    let calls = 0
    fx.portal.deps.decide = (...args) => {
      calls++
      return applyCommand(...args)
    }
    try {
      fx.clock.advance(60_000)
      const again = await push(fx, ws, [cmd])
      const againAndNext = await push(fx, ws, [cmd, command(2, 'note', app.id, { text: 'Дзвонила заявниця' })])
      expect(again.results).toEqual(first.results)
      expect(againAndNext.results[0]).toEqual(first.results[0])
      expect(againAndNext.results[1]).toMatchObject({ seq: 2, outcome: 'applied' })
      expect(calls).toBe(1) // only the note
    } finally {
      fx.portal.deps.decide = applyCommand
    }
    expect((await getApplication(fx.db, app.id))?.record.version).toBe(2)
    expect(await eventCount(fx.db, app.id)).toBe(3) // submitted, claimed, note
    expect(await resultCount(fx.db, ws.id)).toBe(2)
  })

  it('answers a gap with resendFrom and stores nothing', async () => {
    const { ws } = await setup(fx.portal)
    const app = await submit(fx.portal)
    const res = await push(fx, ws, [command(3, 'claim', app.id, {})])
    expect(res).toEqual({ results: [], resendFrom: 1, lastSeq: 0 })
    expect(await resultCount(fx.db, ws.id)).toBe(0)
    expect((await getApplication(fx.db, app.id))?.record.version).toBe(1)

    const mid = await push(fx, ws, [
      command(1, 'claim', app.id, {}),
      command(2, 'note', app.id, { text: 'а' }),
      command(4, 'note', app.id, { text: 'б' })
    ])
    expect(mid.results.map((r) => r.seq)).toEqual([1, 2])
    expect(mid.resendFrom).toBe(3)
    expect(mid.lastSeq).toBe(2)
  })

  it('stores a rejection as an outcome and still advances last_seq', async () => {
    const { ws } = await setup(fx.portal)
    const app = await submit(fx.portal)
    const res = await push(fx, ws, [
      command(1, 'decide', app.id, { kind: 'approve', ground: null, text: '', appeal: null }, { baseVersion: 1 }),
      command(2, 'claim', app.id, {})
    ])
    expect(res.results[0]).toMatchObject({ seq: 1, outcome: 'rejected', code: 'not_holder', version: 1 })
    expect(res.results[0]?.message).toMatch(/візьміть заявку в роботу/)
    expect(res.results[1]).toMatchObject({ seq: 2, outcome: 'applied' })
    expect(res.lastSeq).toBe(2)
    // The rejection is kept for good: a resend of seq 1 (whatever it now says) gets it back.
    const again = await push(fx, ws, [command(1, 'claim', app.id, {})])
    expect(again.results[0]).toEqual(res.results[0])
    expect(again.lastSeq).toBe(2)
  })

  it('first claim to reach the portal wins; the loser is told who holds it and since when', async () => {
    const { ws: wsA } = await setup(fx.portal)
    const wsB = await enrol(fx.portal, 'Вікно 2')
    expect(wsB.node).not.toBe(wsA.node)
    const app = await submit(fx.portal)
    const a = await push(fx, wsA, [command(1, 'claim', app.id, {}, { clerk: OLENA })])
    fx.clock.advance(5 * 60_000)
    const b = await push(fx, wsB, [command(1, 'claim', app.id, {}, { clerk: TARAS })])
    expect(a.results[0]?.outcome).toBe('applied')
    expect(b.results[0]).toMatchObject({ outcome: 'rejected', code: 'conflict', version: 2 })
    expect(b.results[0]?.message).toContain(OLENA.name)
    expect(b.results[0]?.message).toContain('2026-11-27 10:00')
    // Re-claiming what you hold is a success and changes nothing.
    const again = await push(fx, wsA, [command(2, 'claim', app.id, {}, { clerk: OLENA })])
    expect(again.results[0]).toMatchObject({ outcome: 'applied', version: 2 })
  })

  it('decide needs the claim and the base version the clerk saw', async () => {
    const { ws } = await setup(fx.portal)
    const app = await submit(fx.portal)
    const approve = { kind: 'approve', ground: null, text: 'Зареєстровано', appeal: null }
    const res = await push(fx, ws, [
      command(1, 'decide', app.id, approve, { baseVersion: 1 }),
      command(2, 'claim', app.id, {}),
      command(3, 'decide', app.id, approve, { baseVersion: 1 }),
      command(4, 'decide', app.id, approve, { baseVersion: 2, clerk: TARAS }),
      command(5, 'decide', app.id, approve, { baseVersion: 2 })
    ])
    expect(res.results.map((r) => [r.outcome, r.code])).toEqual([
      ['rejected', 'not_holder'],
      ['applied', null],
      ['rejected', 'stale_version'],
      ['rejected', 'not_holder'],
      ['applied', null]
    ])
    expect(res.results[3]?.message).toContain(OLENA.name)
    expect((await getApplication(fx.db, app.id))?.record.status).toBe('result_ready')
  })

  it('runs every command type through the shared applyCommand with the portal clock', async () => {
    const { ws } = await setup(fx.portal)
    const app = await submit(fx.portal)
    const refusable = await submit(fx.portal, { serviceId: 'low-income-family-aid' })
    const ground = fx.portal.deps.services.get('low-income-family-aid')!.refusal_grounds_uk[0]!
    fx.clock.advance(3_600_000)
    const res = await push(fx, ws, [
      command(1, 'claim', app.id, {}),
      command(2, 'note', app.id, { text: 'Перевірила документи' }),
      command(3, 'forward', app.id, { body: 'Управління ДМС' }, { baseVersion: 2 }),
      command(4, 'decide', app.id, { kind: 'approve', ground: null, text: 'Зареєстровано', appeal: null }, { baseVersion: 3 }),
      command(5, 'record_print', app.id, { document: 'result_ready_notice', copy: false, provisionalCommandId: null }),
      command(6, 'issue_result', app.id, { outcome: 'issued', recipientName: '', recipientDocument: '' }, { baseVersion: 4 }),
      command(
        7,
        'issue_result',
        app.id,
        { outcome: 'issued', recipientName: 'Шевченко М. І.', recipientDocument: 'ID-картка № 000123456' },
        { baseVersion: 4 }
      ),
      command(8, 'release', app.id, { force: false, reason: '' }),
      command(9, 'claim', app.id, {}),
      command(10, 'claim', refusable.id, {}),
      command(11, 'decide', refusable.id, { kind: 'refuse', ground: 'Не сподобався', text: '', appeal: null }, { baseVersion: 2 }),
      command(
        12,
        'decide',
        refusable.id,
        { kind: 'refuse', ground, text: 'Відмовлено', appeal: 'Оскаржити можна до суду' },
        { baseVersion: 2 }
      ),
      command(13, 'note', app.id, { text: '' }),
      { ...command(14, 'note', app.id, { text: 'v2' }), v: 2 }
    ])
    expect(res.results.map((r) => [r.seq, r.outcome, r.code, r.version])).toEqual([
      [1, 'applied', null, 2],
      [2, 'applied', null, 2],
      [3, 'applied', null, 3],
      [4, 'applied', null, 4],
      [5, 'applied', null, 4],
      [6, 'rejected', 'invalid_input', 4],
      [7, 'applied', null, 5],
      [8, 'applied', null, 5],
      [9, 'rejected', 'illegal_transition', 5],
      [10, 'applied', null, 2],
      [11, 'rejected', 'invalid_input', 2],
      [12, 'applied', null, 3],
      [13, 'rejected', 'invalid_input', 5],
      [14, 'rejected', 'invalid_input', 5]
    ])
    const done = (await getApplication(fx.db, app.id))!.record
    expect(done).toMatchObject({
      status: 'issued',
      holder: null,
      closedAt: '2026-11-27T11:00:00+02:00',
      issuedTo: { name: 'Шевченко М. І.' }
    })
    expect((await getApplication(fx.db, refusable.id))!.record).toMatchObject({ status: 'refused', decision: { kind: 'refuse', ground } })
    const kinds = await fx.db.query<{ kind: string }>(
      `SELECT event ->> 'kind' AS kind FROM application_events WHERE application_id = $1 ORDER BY change_version, ord`,
      [app.id]
    )
    expect(kinds.map((k) => k.kind)).toEqual(['submitted', 'claimed', 'note', 'forwarded', 'decided', 'result_ready', 'printed', 'issued'])
  })

  it('a handler that throws is stored as an internal rejection and the queue moves on', async () => {
    const { ws } = await setup(fx.portal)
    const app = await submit(fx.portal)
    fx.portal.deps.decide = () => {
      throw new Error('boom')
    }
    try {
      const res = await push(fx, ws, [command(1, 'claim', app.id, {})])
      expect(res.results[0]).toMatchObject({ seq: 1, outcome: 'rejected', code: 'internal' })
      expect(res.lastSeq).toBe(1)
    } finally {
      fx.portal.deps.decide = applyCommand
    }
    const next = await push(fx, ws, [command(2, 'claim', app.id, {})])
    expect(next.results[0]).toMatchObject({ seq: 2, outcome: 'applied' })
  })

  it('an unexpected failure inside the transaction rolls back its writes and is stored as internal', async () => {
    const { ws } = await setup(fx.portal)
    const app = await submit(fx.portal)
    fx.hooks.beforeCommit = () => {
      throw new TypeError('a bug after the writes')
    }
    const res = await push(fx, ws, [command(1, 'claim', app.id, {})])
    expect(res.results[0]).toMatchObject({ outcome: 'rejected', code: 'internal', version: 1 })
    expect(res.lastSeq).toBe(1)
    expect((await getApplication(fx.db, app.id))?.record.holder).toBeNull()
    expect(await eventCount(fx.db, app.id)).toBe(1)
  })

  it('retries a serialization failure; the command takes effect exactly once', async () => {
    const { ws } = await setup(fx.portal)
    const app = await submit(fx.portal)
    const attempts: number[] = []
    fx.hooks.beforeCommit = (_cmd, attempt) => {
      attempts.push(attempt)
      if (attempt < 3)
        throw Object.assign(new Error(attempt === 1 ? 'could not serialize access' : 'deadlock detected'), {
          code: attempt === 1 ? '40001' : '40P01'
        })
    }
    const res = await push(fx, ws, [command(1, 'claim', app.id, {})])
    expect(attempts).toEqual([1, 2, 3])
    expect(res.results[0]).toMatchObject({ outcome: 'applied', version: 2 })
    expect((await getApplication(fx.db, app.id))?.record.version).toBe(2)
    expect(await eventCount(fx.db, app.id)).toBe(2)
    expect(await resultCount(fx.db, ws.id)).toBe(1)
  })

  it('gives up after a few serialization failures with 503 and changes nothing', async () => {
    const { ws } = await setup(fx.portal)
    const app = await submit(fx.portal)
    fx.hooks.beforeCommit = () => {
      throw Object.assign(new Error('could not serialize access'), { code: '40001' })
    }
    await expect(push(fx, ws, [command(1, 'claim', app.id, {})])).rejects.toMatchObject({ status: 503, code: 'unavailable' })
    expect((await getWorkstation(fx.db, ws.id))?.lastSeq).toBe(0)
    expect(await resultCount(fx.db, ws.id)).toBe(0)
  })

  it('takes the acting clerk and role from the portal, never from the request', async () => {
    const { ws } = await setup(fx.portal)
    const app = await submit(fx.portal)
    const res = await push(fx, ws, [
      command(1, 'claim', app.id, {}, { clerk: { clerkId: TARAS.clerkId, name: 'Хтось інший' } }),
      // Olena is a clerk: she may not force-release Taras's application, whatever her workstation says.
      command(2, 'release', app.id, { force: true, reason: 'Тарас на лікарняному' }),
      command(3, 'release', app.id, { force: true, reason: 'Тарас на лікарняному' }, { clerk: PETRO }),
      command(4, 'claim', app.id, {}, { clerk: { clerkId: 'clerk-nobody', name: 'Ніхто' } })
    ])
    expect(res.results.map((r) => [r.outcome, r.code])).toEqual([
      ['applied', null],
      ['rejected', 'forbidden'],
      ['applied', null],
      // No such clerk: no key of theirs exists, so the command cannot carry their signature.
      ['rejected', 'unsigned']
    ])
    const events = await fx.db.query<{ actor: string }>(
      `SELECT event ->> 'actor' AS actor FROM application_events WHERE application_id = $1 ORDER BY change_version, ord`,
      [app.id]
    )
    expect(events.map((e) => e.actor)).toEqual(['Заявник', TARAS.name, PETRO.name])

    await disableClerk(fx.db, OLENA.clerkId, fx.clock.now())
    const disabled = await push(fx, ws, [command(5, 'claim', app.id, {})])
    expect(disabled.results[0]).toMatchObject({ outcome: 'rejected', code: 'forbidden' })
    expect(disabled.lastSeq).toBe(5)
  })

  it('register_walk_in: the number must carry the workstation node and a right check digit', async () => {
    const { ws } = await setup(fx.portal)
    const other = ws.node === 2 ? 3 : 2
    const good = formatOrderNumber(ws.node, 17)
    const wrongCheck = good.slice(0, -1) + String((Number(good.slice(-1)) + 1) % 10)
    const payload = (orderNumber: string) => ({
      orderNumber,
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
    const ids = [
      '018f0000-0000-7000-8000-000000000001',
      '018f0000-0000-7000-8000-000000000002',
      '018f0000-0000-7000-8000-000000000003',
      '018f0000-0000-7000-8000-000000000004'
    ]
    const res = await push(fx, ws, [
      command(1, 'register_walk_in', ids[0]!, payload(good.replace(/-/g, ''))),
      command(2, 'register_walk_in', ids[1]!, payload(formatOrderNumber(other, 17))),
      command(3, 'register_walk_in', ids[2]!, payload(wrongCheck)),
      command(4, 'register_walk_in', ids[3]!, payload(good)),
      command(5, 'register_walk_in', ids[0]!, payload(formatOrderNumber(ws.node, 18)))
    ])
    expect(res.results.map((r) => [r.outcome, r.code])).toEqual([
      ['applied', null],
      ['rejected', 'invalid_input'],
      ['rejected', 'invalid_input'],
      ['rejected', 'conflict'],
      ['rejected', 'conflict']
    ])
    expect(res.results[1]?.message).toContain(`вузлом ${other}`)
    const stored = await getApplication(fx.db, ids[0]!)
    expect(stored?.record).toMatchObject({
      orderNumber: good,
      channel: 'walk_in',
      status: 'registered',
      receivedAt: '2026-11-27T09:00:00+02:00'
    })
  })

  it("refuses a batch sent in another workstation's name, and a revoked workstation", async () => {
    const { ws } = await setup(fx.portal)
    const app = await submit(fx.portal)
    await expect(handlePush(fx.portal.db, fx.portal.deps, ws, { workstationId: 'someone-else', commands: [] })).rejects.toMatchObject({
      status: 403
    })
    await revokeWorkstation(fx.portal.db, fx.portal.deps, ws.id)
    const err = await push(fx, ws, [command(1, 'claim', app.id, {})]).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PortalError)
    expect(err).toMatchObject({ status: 401, code: 'workstation_revoked' })
  })

  it('answers 503 and changes nothing while the database is down', async () => {
    const { ws } = await setup(fx.portal)
    const app = await submit(fx.portal)
    let down = false
    const flaky: PortalDb = {
      kind: fx.db.kind,
      query: (sql, params) => fx.db.query(sql, params),
      transaction: <T>(fn: (tx: Queryable) => Promise<T>, opts?: TxOptions) =>
        down ? Promise.reject(new DbUnavailableError('connection refused')) : fx.db.transaction(fn, opts),
      close: async () => undefined
    }
    const portal = await createPortal({ db: flaky, clock: fx.clock.now, rateLimit: false, closeDb: false })
    try {
      down = true
      const res = await portal.app.inject({
        method: 'POST',
        url: '/sync/push',
        headers: { authorization: `Bearer ${ws.token}` },
        payload: { workstationId: ws.id, commands: [signFor(ws, command(1, 'claim', app.id, {}))] }
      })
      expect(res.statusCode).toBe(503)
      expect(res.json()).toMatchObject({ error: { code: 'unavailable' } })
      expect((await getWorkstation(fx.db, ws.id))?.lastSeq).toBe(0)
      expect((await getApplication(fx.db, app.id))?.record.version).toBe(1)
      down = false
      const ok = await portal.app.inject({
        method: 'POST',
        url: '/sync/push',
        headers: { authorization: `Bearer ${ws.token}` },
        payload: { workstationId: ws.id, commands: [signFor(ws, command(1, 'claim', app.id, {}))] }
      })
      expect(ok.statusCode).toBe(200)
      expect(ok.json()).toMatchObject({ lastSeq: 1, results: [{ outcome: 'applied' }] })
    } finally {
      await portal.close()
    }
  })
  // ——— a batch is decided in one transaction (push.ts); its outcome must be that of one by one ———

  it('a batch mixing applied and rejected commands: each decided on the state the previous ones left, one version per change', async () => {
    const { ws } = await setup(fx.portal)
    const a = await submit(fx.portal)
    const b = await submit(fx.portal)
    const before = await centreVersion(fx.db)
    const res = await push(fx, ws, [
      command(1, 'claim', a.id, {}),
      command(2, 'decide', b.id, { kind: 'approve', ground: null, text: '', appeal: null }, { baseVersion: 1 }),
      command(3, 'note', a.id, { text: 'Дзвонила заявниця' }),
      command(4, 'claim', b.id, {}, { clerk: TARAS }),
      command(5, 'claim', b.id, {}),
      command(6, 'release', a.id, {}),
      command(7, 'claim', a.id, {}, { clerk: TARAS })
    ])
    expect(res.results.map((r) => [r.seq, r.outcome, r.code, r.version])).toEqual([
      [1, 'applied', null, 2],
      [2, 'rejected', 'not_holder', 1],
      [3, 'applied', null, 2],
      [4, 'applied', null, 2],
      [5, 'rejected', 'conflict', 2],
      [6, 'applied', null, 3],
      [7, 'applied', null, 4]
    ])
    expect(res.results[4]?.message).toContain(TARAS.name)
    expect(res.lastSeq).toBe(7)
    expect(await resultCount(fx.db, ws.id)).toBe(7)
    // Five commands changed something: five versions, consecutive, in seq order.
    expect(await centreVersion(fx.db)).toBe(before + 5)
    expect(await eventVersionsAfter(fx.db, before)).toEqual([before + 1, before + 2, before + 3, before + 4, before + 5])
    // An application changed several times keeps its last state, stamped with its last change.
    const storedA = await getApplication(fx.db, a.id)
    expect(storedA?.record).toMatchObject({ version: 4, status: 'in_review', holder: { clerkId: TARAS.clerkId } })
    expect(storedA?.changeVersion).toBe(before + 5)
    expect((await getApplication(fx.db, b.id))?.record).toMatchObject({ version: 2, holder: { clerkId: TARAS.clerkId } })
    expect(await eventKinds(fx.db, a.id)).toEqual(['submitted', 'claimed', 'note', 'released', 'claimed'])
    expect(await eventKinds(fx.db, b.id)).toEqual(['submitted', 'claimed'])
    // Every result is stored as answered.
    const again = await push(
      fx,
      ws,
      [1, 2, 3, 4, 5, 6, 7].map((seq) => command(seq, 'note', a.id, { text: 'повтор' }))
    )
    expect(again.results).toEqual(res.results)
  })

  it('the same commands as one batch or one per request: the same results and the same state', async () => {
    const { ws: wsBatch } = await setup(fx.portal)
    const wsSingle = await enrol(fx.portal, 'Вікно 2')
    const script = (a: string, b: string): PushRequest['commands'] => [
      command(1, 'claim', a, {}),
      command(2, 'note', a, { text: 'Перевірено' }),
      command(3, 'decide', b, { kind: 'approve', ground: null, text: '', appeal: null }, { baseVersion: 1 }),
      command(4, 'claim', b, {}, { clerk: TARAS }),
      command(5, 'claim', b, {}),
      command(6, 'release', a, {}),
      command(7, 'release', a, {}),
      command(8, 'release', b, { force: true, reason: 'Перерозподіл' }, { clerk: PETRO }),
      command(9, 'claim', b, {})
    ]
    const [a1, b1, a2, b2] = [await submit(fx.portal), await submit(fx.portal), await submit(fx.portal), await submit(fx.portal)]
    const batch = await push(fx, wsBatch, script(a1.id, b1.id))
    const single: PushResponse['results'] = []
    for (const cmd of script(a2.id, b2.id)) single.push(...(await push(fx, wsSingle, [cmd])).results)
    const shape = (r: PushResponse['results'][number]) => [r.seq, r.outcome, r.code, r.version, r.message]
    expect(batch.results.map(shape)).toEqual(single.map(shape))
    for (const [x, y] of [
      [a1, a2],
      [b1, b2]
    ] as const) {
      const [rx, ry] = [(await getApplication(fx.db, x.id))!.record, (await getApplication(fx.db, y.id))!.record]
      expect({ status: rx.status, holder: rx.holder, version: rx.version }).toEqual({
        status: ry.status,
        holder: ry.holder,
        version: ry.version
      })
      expect(await eventKinds(fx.db, x.id)).toEqual(await eventKinds(fx.db, y.id))
    }
  })

  it('a batch where command 3 of 5 fails unexpectedly: only that one is stored as internal, the others take effect', async () => {
    const { ws } = await setup(fx.portal)
    const [a, b, c] = [await submit(fx.portal), await submit(fx.portal), await submit(fx.portal)]
    const before = await centreVersion(fx.db)
    fx.hooks.beforeCommit = (cmd) => {
      if (cmd.seq === 3) throw new TypeError('a bug that only command 3 meets')
    }
    const res = await push(fx, ws, [
      command(1, 'claim', a.id, {}),
      command(2, 'note', a.id, { text: 'перша' }),
      command(3, 'claim', b.id, {}),
      command(4, 'claim', c.id, {}),
      command(5, 'note', b.id, { text: 'друга' })
    ])
    expect(res.results.map((r) => [r.seq, r.outcome, r.code])).toEqual([
      [1, 'applied', null],
      [2, 'applied', null],
      [3, 'rejected', 'internal'],
      [4, 'applied', null],
      [5, 'applied', null]
    ])
    expect(res.results[2]?.version).toBe(1)
    expect(res.lastSeq).toBe(5)
    expect(await resultCount(fx.db, ws.id)).toBe(5)
    // Command 3's writes are gone; nothing of the rolled-back batch attempt is left twice.
    expect((await getApplication(fx.db, b.id))?.record).toMatchObject({ version: 1, holder: null })
    expect(await eventKinds(fx.db, a.id)).toEqual(['submitted', 'claimed', 'note'])
    expect(await eventKinds(fx.db, b.id)).toEqual(['submitted', 'note'])
    expect(await eventKinds(fx.db, c.id)).toEqual(['submitted', 'claimed'])
    expect(await eventVersionsAfter(fx.db, before)).toEqual([before + 1, before + 2, before + 3, before + 4])
  })

  it('a database error in the middle of a batch (a duplicate key) is stored as internal for the commands it hits', async () => {
    const { ws } = await setup(fx.portal)
    const [a, b] = [await submit(fx.portal), await submit(fx.portal)]
    const newId = fx.portal.deps.newId
    // Every event of this push gets the same id: the second event written breaks the primary key.
    fx.portal.deps.newId = () => '018f0000-0000-7000-8000-0000000000ee'
    let res: PushResponse
    try {
      res = await push(fx, ws, [
        command(1, 'claim', a.id, {}),
        command(2, 'note', a.id, { text: 'не ляже' }),
        command(3, 'decide', b.id, { kind: 'approve', ground: null, text: '', appeal: null }, { baseVersion: 1 }),
        command(4, 'claim', b.id, {})
      ])
    } finally {
      fx.portal.deps.newId = newId
    }
    expect(res.results.map((r) => [r.seq, r.outcome, r.code])).toEqual([
      [1, 'applied', null],
      [2, 'rejected', 'internal'],
      [3, 'rejected', 'not_holder'],
      [4, 'rejected', 'internal']
    ])
    expect(res.lastSeq).toBe(4)
    expect(await eventKinds(fx.db, a.id)).toEqual(['submitted', 'claimed'])
    expect((await getApplication(fx.db, b.id))?.record).toMatchObject({ version: 1, holder: null })
    const next = await push(fx, ws, [command(5, 'claim', b.id, {})])
    expect(next.results[0]).toMatchObject({ outcome: 'applied', version: 2 })
  })

  it('a crash mid-batch stores nothing of the batch; the resend decides every command exactly once', async () => {
    const { ws } = await setup(fx.portal)
    const [a, b] = [await submit(fx.portal), await submit(fx.portal)]
    const before = await centreVersion(fx.db)
    const batch = [
      command(1, 'claim', a.id, {}),
      command(2, 'note', a.id, { text: 'а' }),
      command(3, 'claim', b.id, {}),
      command(4, 'note', b.id, { text: 'б' })
    ]
    let versions = 0
    fx.hooks.afterChangeVersion = () => {
      if (++versions === 3) throw new DbUnavailableError('the database went away mid-batch')
    }
    await expect(push(fx, ws, batch)).rejects.toBeInstanceOf(DbUnavailableError)
    expect((await getWorkstation(fx.db, ws.id))?.lastSeq).toBe(0)
    expect(await resultCount(fx.db, ws.id)).toBe(0)
    expect(await centreVersion(fx.db)).toBe(before)
    expect(await eventCount(fx.db, a.id)).toBe(1)
    expect((await getApplication(fx.db, a.id))?.record.version).toBe(1)

    delete fx.hooks.afterChangeVersion
    const res = await push(fx, ws, batch)
    expect(res.results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied', 'applied'])
    expect(res.lastSeq).toBe(4)
    expect(await eventKinds(fx.db, a.id)).toEqual(['submitted', 'claimed', 'note'])
    expect(await eventKinds(fx.db, b.id)).toEqual(['submitted', 'claimed', 'note'])
    expect(await centreVersion(fx.db)).toBe(before + 4)
  })

  it('a resend of a half-acknowledged batch returns the stored results and decides only the rest', async () => {
    const { ws } = await setup(fx.portal)
    const app = await submit(fx.portal)
    const cmds = [
      command(1, 'claim', app.id, {}),
      command(2, 'note', app.id, { text: 'один' }),
      command(3, 'decide', app.id, { kind: 'approve', ground: null, text: '', appeal: null }, { baseVersion: 1 }),
      command(4, 'note', app.id, { text: 'два' }),
      command(5, 'release', app.id, {}),
      command(6, 'claim', app.id, {}, { clerk: TARAS })
    ]
    // The portal took 1-3; the answer was lost.
    const first = await push(fx, ws, cmds.slice(0, 3))
    expect(first.results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'rejected'])
    let calls = 0
    fx.portal.deps.decide = (...args) => {
      calls++
      return applyCommand(...args)
    }
    try {
      fx.clock.advance(60 * 60_000)
      // The workstation sends everything it holds, 1-6, with 6 twice (a duplicated command in one request).
      const res = await push(fx, ws, [...cmds, cmds[5]!])
      expect(res.results.slice(0, 3)).toEqual(first.results)
      expect(res.results.slice(3).map((r) => [r.seq, r.outcome])).toEqual([
        [4, 'applied'],
        [5, 'applied'],
        [6, 'applied'],
        [6, 'applied']
      ])
      expect(res.results[6]).toEqual(res.results[5])
      expect(res.lastSeq).toBe(6)
      expect(calls).toBe(3)
    } finally {
      fx.portal.deps.decide = applyCommand
    }
    expect(await eventKinds(fx.db, app.id)).toEqual(['submitted', 'claimed', 'note', 'note', 'released', 'claimed'])
    expect(await resultCount(fx.db, ws.id)).toBe(6)
  })

  it('a walk-in registered and worked on in the same batch: the row is inserted with its last state', async () => {
    const { ws } = await setup(fx.portal)
    const id = '018f0000-0000-7000-8000-0000000000a1'
    const orderNumber = formatOrderNumber(ws.node, 41)
    const walkIn = {
      orderNumber,
      serviceId: 'residence-registration',
      applicant: {
        surname: 'Бондар',
        givenName: 'Ірина',
        patronymic: null,
        rnokpp: null,
        birthDate: '1990-03-04',
        phone: null,
        email: null,
        address: 'м. Хмельницький, вул. Соборна, 7'
      },
      fields: {},
      attachments: [],
      documents: [{ name: 'Заява', required: true, received: true }],
      delivery: 'in_person'
    }
    const res = await push(fx, ws, [
      command(1, 'register_walk_in', id, walkIn),
      command(2, 'claim', id, {}),
      command(3, 'register_walk_in', '018f0000-0000-7000-8000-0000000000a2', walkIn),
      command(4, 'note', id, { text: 'Документи звірено' })
    ])
    expect(res.results.map((r) => [r.outcome, r.code])).toEqual([
      ['applied', null],
      ['applied', null],
      ['rejected', 'conflict'],
      ['applied', null]
    ])
    const stored = await getApplication(fx.db, id)
    expect(stored?.record).toMatchObject({ orderNumber, status: 'in_review', holder: { clerkId: OLENA.clerkId }, version: 2 })
    // Stamped with its last change of state, the claim; the note after it adds only an event.
    expect(stored?.changeVersion).toBe((await centreVersion(fx.db)) - 1)
    expect(await eventKinds(fx.db, id)).toEqual(['registered_walk_in', 'claimed', 'note'])
  })
  it('batches of two workstations over the same applications, at once: no deadlock, every command decided once', async () => {
    const { ws: wsA } = await setup(fx.portal)
    const wsB = await enrol(fx.portal, 'Вікно 2')
    const apps = [await submit(fx.portal), await submit(fx.portal), await submit(fx.portal), await submit(fx.portal)]
    const notes = (ids: readonly string[], from: number, clerk: { clerkId: string; name: string }) =>
      ids.map((id, i) => command(from + i, 'note', id, { text: `нотатка ${from + i}` }, { clerk }))
    const forward = apps.map((a) => a.id)
    const backward = [...forward].reverse()
    // The two batches touch the same rows in opposite orders; on PostgreSQL they run at once. Locks
    // taken in one order (push.ts, lockApplications) mean no deadlock to detect and retry.
    const log = fx.portal.deps.log
    const warnings: string[] = []
    fx.portal.deps.log = (level, message, data) => {
      if (level !== 'info') warnings.push(message)
      log(level, message, data)
    }
    try {
      for (let round = 0; round < 5; round++) {
        const [a, b] = await Promise.all([
          push(fx, wsA, notes(forward, round * 4 + 1, OLENA)),
          push(fx, wsB, notes(backward, round * 4 + 1, TARAS))
        ])
        expect([...a.results, ...b.results].every((r) => r.outcome === 'applied')).toBe(true)
      }
    } finally {
      fx.portal.deps.log = log
    }
    expect(warnings).toEqual([])
    for (const app of apps) expect(await eventCount(fx.db, app.id)).toBe(1 + 2 * 5)
    expect((await getWorkstation(fx.db, wsA.id))?.lastSeq).toBe(20)
    expect((await getWorkstation(fx.db, wsB.id))?.lastSeq).toBe(20)
  })
})
