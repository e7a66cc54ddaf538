import { expect, it } from 'vitest'
import { DEMO_CLERKS } from '../../shared/demo/clerks'
import type { PushRequest } from '../../shared/protocol'
import { getApplication } from '../db/applications-repository'
import { disableClerk } from '../db/clerks-repository'
import type { Queryable } from '../db/portal-db'
import { describeBackends } from '../test/backends'
import { command, NADIIA, OLENA, PETRO, setup, signFor, submit, TARAS } from '../test/fixtures'
import { handlePush } from './push'

/*
 * Reassigning an application to a named clerk (issue 18): a supervisor's command with a reason,
 * decided by the portal with the new holder's account and role from its own table.
 */

const IRYNA = DEMO_CLERKS.find((c) => c.role === 'back_office')!

const push = (
  fx: { portal: { db: Parameters<typeof handlePush>[0]; deps: Parameters<typeof handlePush>[1] } },
  ws: { id: string; centreId: string },
  commands: PushRequest['commands']
) => handlePush(fx.portal.db, fx.portal.deps, ws, { workstationId: ws.id, commands: commands.map((c) => signFor(ws, c)) })

async function events(db: Queryable, applicationId: string): Promise<{ kind: string; actor: string; data: Record<string, unknown> }[]> {
  return db.query<{ kind: string; actor: string; data: Record<string, unknown> }>(
    `SELECT event ->> 'kind' AS kind, event ->> 'actor' AS actor, event -> 'data' AS data FROM application_events
      WHERE application_id = $1 ORDER BY change_version, ord`,
    [applicationId]
  )
}

const reassign = (seq: number, applicationId: string, to: { clerkId: string; name: string }, opts: Parameters<typeof command>[4] = {}) =>
  command(
    seq,
    'reassign',
    applicationId,
    { toClerkId: to.clerkId, toName: to.name, reason: 'Олена у відпустці' },
    { clerk: PETRO, ...opts }
  )

describeBackends('reassign', (fx) => {
  it('a supervisor hands a held application to a named clerk: the portal’s name for them, the reason in the history', async () => {
    const { ws } = await setup(fx.portal)
    const app = await submit(fx.portal)
    const res = await push(fx, ws, [
      command(1, 'claim', app.id, {}),
      // The workstation's name for Taras is not the portal's word.
      command(
        2,
        'reassign',
        app.id,
        { toClerkId: TARAS.clerkId, toName: 'Хтось інший', reason: 'Олена у відпустці' },
        { clerk: PETRO, baseVersion: 2 }
      )
    ])
    expect(res.results.map((r) => [r.outcome, r.code])).toEqual([
      ['applied', null],
      ['applied', null]
    ])
    const stored = await getApplication(fx.db, app.id)
    expect(stored?.record.holder).toMatchObject({ clerkId: TARAS.clerkId, name: TARAS.name })
    expect(stored?.record.status).toBe('in_review')
    const history = await events(fx.db, app.id)
    expect(history.map((e) => e.kind)).toEqual(['submitted', 'claimed', 'released', 'claimed'])
    expect(history[2]).toMatchObject({
      actor: PETRO.name,
      data: { previousHolder: OLENA.name, forced: true, reason: 'Олена у відпустці', reassignedTo: TARAS.name }
    })
    expect(history[3]).toMatchObject({
      actor: PETRO.name,
      data: { holderClerkId: TARAS.clerkId, holderName: TARAS.name, assignedBy: PETRO.name, reason: 'Олена у відпустці', reassigned: true }
    })
  })

  it('an administrator may too; an application nobody holds is handed over from the queue', async () => {
    const { ws } = await setup(fx.portal)
    const app = await submit(fx.portal)
    const res = await push(fx, ws, [reassign(1, app.id, OLENA, { clerk: NADIIA })])
    expect(res.results[0]).toMatchObject({ outcome: 'applied' })
    expect((await getApplication(fx.db, app.id))?.record.holder?.clerkId).toBe(OLENA.clerkId)
    expect((await events(fx.db, app.id)).map((e) => e.kind)).toEqual(['submitted', 'claimed'])
  })

  it('refuses the stranger: a clerk or a back-office specialist with everything but the supervisor role, and a clerk unknown to the portal', async () => {
    const { ws } = await setup(fx.portal)
    const app = await submit(fx.portal)
    const res = await push(fx, ws, [
      command(1, 'claim', app.id, {}),
      reassign(2, app.id, TARAS, { clerk: OLENA }),
      reassign(3, app.id, TARAS, { clerk: IRYNA }),
      reassign(4, app.id, { clerkId: 'clerk-nobody', name: 'Ніхто' })
    ])
    expect(res.results.map((r) => [r.outcome, r.code])).toEqual([
      ['applied', null],
      ['rejected', 'forbidden'],
      ['rejected', 'forbidden'],
      ['rejected', 'not_found']
    ])
    expect(res.results[3]?.message).toContain('не знайдено')
    expect((await getApplication(fx.db, app.id))?.record.holder?.clerkId).toBe(OLENA.clerkId)
    expect((await events(fx.db, app.id)).map((e) => e.kind)).toEqual(['submitted', 'claimed'])
  })

  it('a disabled clerk, or one whose role may not hold the application at its stage, is refused with its own code, in Ukrainian', async () => {
    const { ws } = await setup(fx.portal)
    const app = await submit(fx.portal)
    await disableClerk(fx.db, TARAS.clerkId, fx.clock.now())
    const res = await push(fx, ws, [reassign(1, app.id, TARAS), reassign(2, app.id, IRYNA)])
    expect(res.results.map((r) => [r.outcome, r.code])).toEqual([
      ['rejected', 'assignee_disabled'],
      ['rejected', 'assignee_not_permitted']
    ])
    expect(res.results[0]?.message).toContain(TARAS.name)
    expect(res.results[1]?.message).toContain('бек-офіс')
    expect((await getApplication(fx.db, app.id))?.record.holder).toBeNull()

    // Forwarded to the back office, the same specialist may hold it.
    const later = await push(fx, ws, [
      command(3, 'claim', app.id, {}),
      command(4, 'forward', app.id, { body: '' }),
      reassign(5, app.id, IRYNA)
    ])
    expect(later.results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied'])
    expect((await getApplication(fx.db, app.id))?.record).toMatchObject({ status: 'forwarded', holder: { clerkId: IRYNA.clerkId } })
  })

  it('a supervisor who saw an older state gets a conflict (the workstation’s inbox explains it), and a reason is required', async () => {
    const { ws } = await setup(fx.portal)
    const app = await submit(fx.portal)
    const res = await push(fx, ws, [
      command(1, 'claim', app.id, {}),
      // Petro looked when nobody held it (version 1); Olena has claimed it since.
      reassign(2, app.id, TARAS, { baseVersion: 1 }),
      command(3, 'reassign', app.id, { toClerkId: TARAS.clerkId, toName: TARAS.name, reason: '   ' }, { clerk: PETRO })
    ])
    expect(res.results.map((r) => [r.outcome, r.code])).toEqual([
      ['applied', null],
      ['rejected', 'stale_version'],
      ['rejected', 'invalid_input']
    ])
    expect(res.results[1]?.message).toContain('Заявка змінилася')
    expect(res.results[2]?.message).toBe('Вкажіть причину, чому передаєте заявку')
    expect((await getApplication(fx.db, app.id))?.record.holder?.clerkId).toBe(OLENA.clerkId)
  })
})
