import { expect, it } from 'vitest'
import { computeDueAt } from '../../shared/domain/deadlines'
import { formatOrderNumber } from '../../shared/domain/order-number'
import type { PushRequest } from '../../shared/protocol'
import { cardWithOwnFields } from '../../shared/testing/card-with-fields'
import { getApplication } from '../db/applications-repository'
import { insertDraft, setCardStage, supersedeLive } from '../db/catalogue-repository'
import type { PortalDb } from '../db/portal-db'
import { ensureCentreCatalogue } from '../catalogue/seeding'
import { describeBackends } from '../test/backends'
import { command, OLENA, setup, signFor } from '../test/fixtures'
import { handlePush } from './push'

/*
 * The portal decides a desk's commands against the application's card version (issue 17, item 5):
 * a walk-in v3 names the version its form asked; the term and the refusal grounds are that
 * version's, not the catalogue file's, and a version the centre does not have is refused.
 */

const push = (
  fx: { portal: { db: PortalDb; deps: Parameters<typeof handlePush>[1] } },
  ws: { id: string; centreId: string },
  commands: PushRequest['commands']
) => handlePush(fx.portal.db, fx.portal.deps, ws, { workstationId: ws.id, commands: commands.map((c) => signFor(ws, c)) })

const ids = ['018f0000-0000-7000-8000-0000000000c1', '018f0000-0000-7000-8000-0000000000c2', '018f0000-0000-7000-8000-0000000000c3']

describeBackends('decide by the card version', (fx) => {
  it('a walk-in under version 2 takes its term and refusal grounds; under version 1 the file’s; an unknown version is refused', async () => {
    const { ws } = await setup(fx.portal)
    const { db, deps } = fx.portal
    await ensureCentreCatalogue(db, deps, ws.centreId)
    const base = deps.catalogue.find((s) => s.id === 'residence-registration')!
    const v2 = cardWithOwnFields(base)
    await db.transaction(async (tx) => {
      const key = { centreId: ws.centreId, serviceId: base.id, version: 2 }
      await insertDraft(tx, key, v2, deps.clock(), OLENA.clerkId)
      await setCardStage(tx, key, 'testing', deps.clock(), OLENA.clerkId)
      await supersedeLive(tx, ws.centreId, base.id, deps.clock())
      await setCardStage(tx, key, 'published', deps.clock(), OLENA.clerkId)
    })
    const payload = (n: number, serviceVersion?: number) => ({
      orderNumber: formatOrderNumber(ws.node, n),
      serviceId: base.id,
      applicant: {
        surname: 'Коваленко',
        givenName: 'Петро',
        patronymic: null,
        rnokpp: null,
        birthDate: '1970-01-02',
        phone: '+380671234567',
        email: null,
        address: 'м. Хмельницький, вул. Зарічанська, 3'
      },
      fields: serviceVersion === 2 ? { rooms: '2', movedIn: '2026-11-01' } : {},
      attachments: [],
      documents: [{ name: 'Заява', required: true, received: true }],
      delivery: 'in_person',
      accessCodeHash: 'scrypt$16384$8$1$dmlrbm8tdGVzdC1zYWx0IQ==$DY5g24fLRSdmOAGpaQVdi6vYPqg4EJ+xpalVi8HM2oM=',
      ...(serviceVersion === undefined ? {} : { serviceVersion })
    })
    const res = await push(fx, ws, [
      command(1, 'register_walk_in', ids[0]!, payload(31, 2), { v: 3 }),
      command(2, 'register_walk_in', ids[1]!, payload(32), { v: 2 }),
      command(3, 'register_walk_in', ids[2]!, payload(33, 9), { v: 3 }),
      command(4, 'claim', ids[0]!, {}),
      command(5, 'decide', ids[0]!, { kind: 'refuse', ground: 'Підстава, якої немає в картці', text: '' }),
      command(6, 'decide', ids[0]!, { kind: 'refuse', ground: 'Житло не придатне для проживання', text: '' })
    ])
    expect(res.results.map((r) => [r.outcome, r.code])).toEqual([
      ['applied', null],
      ['applied', null],
      ['rejected', 'not_found'],
      ['applied', null],
      ['rejected', 'invalid_input'],
      ['applied', null]
    ])
    const receivedAt = '2026-11-27T09:00:00+02:00'
    const underV2 = (await getApplication(db, ids[0]!))?.record
    expect(underV2).toMatchObject({ serviceVersion: 2, fields: { rooms: '2', movedIn: '2026-11-01' }, status: 'refused' })
    expect(underV2?.dueAt).toBe(
      computeDueAt({ receivedAt, term: { value: 10, unit: 'calendar_days' }, pauses: [], calendar: deps.calendar })
    )
    const underV1 = (await getApplication(db, ids[1]!))?.record
    expect(underV1?.serviceVersion).toBe(1)
    expect(underV1?.dueAt).toBe(computeDueAt({ receivedAt, term: base.term, pauses: [], calendar: deps.calendar }))
    expect(underV1?.dueAt).not.toBe(underV2?.dueAt)
    expect(await getApplication(db, ids[2]!)).toBeNull()
  })
})
