import { expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import { auditUploadResponseSchema, type AuditEntryWire } from '../../shared/audit'
import { sqlState } from '../db/portal-db'
import { countAuditEntries } from '../db/audit-repository'
import { describeBackends, type PortalFixture } from '../test/backends'
import { enrol, OLENA, setup } from '../test/fixtures'

function upload(fx: PortalFixture, token: string | null, body: unknown) {
  return fx.portal.app.inject({
    method: 'POST',
    url: '/sync/audit',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    payload: JSON.stringify(body)
  })
}

function entry(overrides: Partial<AuditEntryWire> = {}): AuditEntryWire {
  return {
    id: uuidv7(),
    at: '2026-11-27T09:15:00.000Z',
    clerkId: OLENA.clerkId,
    clerkName: OLENA.name,
    action: 'view',
    applicationId: 'app-1',
    orderNumber: '001-000457-3',
    detail: {},
    ...overrides
  }
}

async function refusal(p: Promise<unknown>): Promise<unknown> {
  try {
    await p
  } catch (e) {
    return e
  }
  throw new Error('expected the database to refuse')
}

describeBackends('audit upload (POST /sync/audit)', (fx) => {
  it('stores entries under the token’s workstation and centre; a resent batch is stored once', async () => {
    const { ws } = await setup(fx.portal)
    const batch = [
      entry(),
      entry({ action: 'change', detail: { commandId: 'c-1', seq: 1, type: 'claim' } }),
      entry({ action: 'sign_in', applicationId: null, orderNumber: null, detail: { mode: 'offline' } })
    ]
    const first = await upload(fx, ws.token, { entries: batch })
    expect(first.statusCode).toBe(200)
    expect(auditUploadResponseSchema.parse(first.json())).toEqual({ received: 3, stored: 3 })

    // The answer was lost and the workstation sends the same batch again, plus one new entry.
    const again = await upload(fx, ws.token, { entries: [...batch, entry({ action: 'print' })] })
    expect(again.json()).toEqual({ received: 4, stored: 1 })
    expect(await countAuditEntries(fx.db, ws.id)).toBe(4)

    const rows = await fx.db.query<{ workstation_id: string; centre_id: string; action: string; detail: unknown }>(
      `SELECT workstation_id, centre_id, action, detail FROM audit_log WHERE id = $1`,
      [batch[1]!.id]
    )
    expect(rows[0]).toMatchObject({
      workstation_id: ws.id,
      centre_id: 'khm-cnap',
      action: 'change',
      detail: { commandId: 'c-1', seq: 1, type: 'claim' }
    })

    // Another workstation resending someone else's id cannot overwrite it.
    const other = await enrol(fx.portal, 'Вікно 2')
    expect((await upload(fx, other.token, { entries: [{ ...batch[0]!, clerkName: 'Підмінений' }] })).json()).toEqual({
      received: 1,
      stored: 0
    })
    const kept = await fx.db.query<{ clerk_name: string; workstation_id: string }>(
      'SELECT clerk_name, workstation_id FROM audit_log WHERE id = $1',
      [batch[0]!.id]
    )
    expect(kept[0]).toEqual({ clerk_name: OLENA.name, workstation_id: ws.id })
  })

  it('needs a workstation token; refuses malformed entries with 400 and stores nothing', async () => {
    const { ws } = await setup(fx.portal)
    expect((await upload(fx, null, { entries: [entry()] })).statusCode).toBe(401)
    expect((await upload(fx, 'vkw_not-a-token', { entries: [entry()] })).statusCode).toBe(401)
    for (const bad of [
      { entries: [entry({ action: 'delete' as never })] },
      { entries: [{ ...entry(), workstationId: 'someone-else' }] },
      { entries: [entry({ at: 'yesterday' })] },
      { entries: [entry({ clerkName: 'Олена\u202eКоваль' })] },
      { entries: [entry({ detail: { big: 'x'.repeat(501) } })] },
      { entries: Array.from({ length: 501 }, () => entry()) },
      { entries: 'all of them' }
    ]) {
      const res = await upload(fx, ws.token, bad)
      expect(res.statusCode, JSON.stringify(bad).slice(0, 80)).toBe(400)
    }
    expect(await countAuditEntries(fx.db)).toBe(0)
  })

  it('refuses UPDATE and DELETE in the database itself (trigger)', async () => {
    const { ws } = await setup(fx.portal)
    await upload(fx, ws.token, { entries: [entry()] })
    const update = await refusal(fx.db.query(`UPDATE audit_log SET clerk_name = 'хтось інший'`))
    expect(sqlState(update)).toBe('42501')
    expect(String(update)).toMatch(/append-only/)
    const del = await refusal(fx.db.query('DELETE FROM audit_log'))
    expect(sqlState(del)).toBe('42501')
    expect(await countAuditEntries(fx.db)).toBe(1)
    const names = await fx.db.query<{ clerk_name: string }>(`SELECT clerk_name FROM audit_log WHERE action <> 'admin'`)
    expect(names).toEqual([{ clerk_name: OLENA.name }])
  })
})
