import { expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { DEMO_CLERKS, type DemoClerk } from '../../shared/demo/clerks'
import {
  cardVersionResponseSchema,
  catalogueListResponseSchema,
  cardExportSchema,
  importResponseSchema,
  testLinkResponseSchema
} from '../../shared/catalogue/contract'
import { enrolmentCodeHash, hashPassword, sha256Hex } from '../auth/secrets'
import { upsertCentre } from '../db/centres-repository'
import { upsertClerk } from '../db/clerks-repository'
import type { Queryable } from '../db/portal-db'
import { describeBackends, type PortalFixture } from '../test/backends'
import { issueCode, NADIIA, OLENA, PETRO, setup } from '../test/fixtures'
import { expectError, send } from '../test/http'
import { newCard } from '../test/cards'

/*
 * The catalogue's staff API (issue 17): a workstation's token AND the acting clerk's password on
 * every request; the role from the portal's clerks table. Every endpoint is tried by the stranger
 * (a valid workstation without the right clerk credential, and another centre's workstation with its
 * own administrator); every refusal changes nothing; every change is audited.
 */

const IRYNA = DEMO_CLERKS.find((c) => c.role === 'back_office') as DemoClerk
const creds = (c: DemoClerk): { login: string; password: string } => ({ login: c.login, password: c.password })
const V = '/admin/catalogue/services'

async function snapshot(db: Queryable): Promise<unknown> {
  return {
    versions: await db.query(
      'SELECT centre_id, service_id, version, stage, card, superseded_at FROM service_card_versions ORDER BY centre_id, service_id, version'
    ),
    links: await db.query('SELECT * FROM service_test_links ORDER BY token_hash'),
    audit: (
      await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_log WHERE action = 'admin' AND detail ->> 'op' LIKE 'catalogue_%'"
      )
    )[0]?.n
  }
}

async function otherCentre(fx: PortalFixture): Promise<{ token: string }> {
  await upsertCentre(fx.db, {
    id: 'other-cnap',
    name: 'Інший ЦНАП',
    enrolmentCodeHash: enrolmentCodeHash('OTHER-CODE-2026'),
    now: fx.clock.now()
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
      workstationId: '0195aa00-0000-7000-8000-00000000cafe',
      creationNonce: 'nonce-other-centre',
      label: 'Чужий ЦНАП'
    }
  })
  expect(res.statusCode, res.body).toBe(200)
  return { token: res.json<{ token: string }>().token }
}
const STRANGER = { login: 'stranger-admin', password: 'stranger-pw' }

describeBackends('catalogue staff API', (fx) => {
  const post = (token: string, url: string, json: unknown): Promise<LightMyRequestResponse> =>
    send(fx.portal.app, 'POST', url, { token, json })
  const ok = <T>(res: LightMyRequestResponse, status = 200): T => {
    expect(res.statusCode, res.body.slice(0, 500)).toBe(status)
    return res.json<T>()
  }

  it('lists the seeded catalogue by stage with the count line, to supervisors and admins only', async () => {
    const { ws } = await setup(fx.portal)
    const other = await otherCentre(fx)
    const list = catalogueListResponseSchema.parse(ok(await post(ws.token, '/admin/catalogue/list', creds(PETRO))))
    const seeded = fx.portal.deps.catalogue.length
    expect(list.counts).toEqual({ published: seeded, testing: 0, draft: 0, withdrawn: 0 })
    expect(list.countsLine).toBe(`${seeded} опубліковано · 0 у тестуванні · 0 чернеток`)
    expect(list.versions.every((v) => v.version === 1 && v.stage === 'published' && v.live)).toBe(true)
    const drafts = catalogueListResponseSchema.parse(
      ok(await post(ws.token, '/admin/catalogue/list', { ...creds(NADIIA), stage: 'draft' }))
    )
    expect(drafts.versions).toEqual([])
    // The other centre was seeded too, on its own.
    const theirs = catalogueListResponseSchema.parse(ok(await post(other.token, '/admin/catalogue/list', STRANGER)))
    expect(theirs.counts.published).toBe(seeded)

    const before = await snapshot(fx.db)
    expectError(await post(ws.token, '/admin/catalogue/list', creds(OLENA)), 'a clerk', 403, 'forbidden')
    expectError(await post(ws.token, '/admin/catalogue/list', creds(IRYNA)), 'back office', 403, 'forbidden')
    expectError(
      await post(ws.token, '/admin/catalogue/list', { login: NADIIA.login, password: 'wrong' }),
      'wrong password',
      401,
      'invalid_credentials'
    )
    expectError(await post(ws.token, '/admin/catalogue/list', {}), 'no clerk credential', 400)
    expectError(
      await post(ws.token, '/admin/catalogue/list', { ...creds(NADIIA), role: 'admin' }),
      'a role in the body',
      400,
      'unknown_field'
    )
    expectError(await post(ws.token, '/admin/catalogue/list', STRANGER), 'another centre’s admin here', 403, 'forbidden')
    expectError(
      await post(other.token, '/admin/catalogue/list', creds(NADIIA)),
      'our admin at another centre’s workstation',
      403,
      'forbidden'
    )
    expectError(await send(fx.portal.app, 'POST', '/admin/catalogue/list', { json: creds(NADIIA) }), 'no token', 401)
    expect(await snapshot(fx.db)).toEqual(before)
  })

  it('drafts a new service, updates it with machine-readable errors, tests, publishes, withdraws — audited, by the admin only', async () => {
    const { ws } = await setup(fx.portal)
    const other = await otherCentre(fx)
    const card = newCard()
    // Reading seeds the centres' catalogues (catalogue/seeding.ts): the refusals below must change nothing after that.
    ok(await post(ws.token, '/admin/catalogue/list', creds(NADIIA)))
    ok(await post(other.token, '/admin/catalogue/list', STRANGER))

    // Only the admin creates; a stranger or a supervisor changes nothing.
    const before = await snapshot(fx.db)
    expectError(await post(ws.token, V, { ...creds(PETRO), card }), 'supervisor', 403, 'forbidden')
    expectError(await post(ws.token, V, { ...creds(OLENA), card }), 'clerk', 403, 'forbidden')
    expectError(await post(ws.token, V, { login: NADIIA.login, password: 'nope', card }), 'wrong password', 401, 'invalid_credentials')
    expectError(await post(ws.token, V, { ...STRANGER, card }), 'another centre’s admin', 403, 'forbidden')
    expectError(
      await post(ws.token, V, { ...creds(NADIIA), card: { ...card, term: { ...card.term, unit: 'weeks' } } }),
      'bad card',
      400,
      'invalid_input'
    )
    const bad = await post(ws.token, V, {
      ...creds(NADIIA),
      card: { ...card, form: { fields: [{ ...card.form.fields[0], type: 'colour' }] } }
    })
    expectError(bad, 'an unknown field type', 400, 'invalid_input')
    expect(bad.json<{ error: { field: string } }>().error.field).toBe('card.form.fields.0.type')
    expectError(
      await post(ws.token, V, { ...creds(NADIIA), card: newCard('residence-registration') }),
      'an existing service',
      409,
      'illegal_transition'
    )
    expect(await snapshot(fx.db)).toEqual(before)

    const created = cardVersionResponseSchema.parse(ok(await post(ws.token, V, { ...creds(NADIIA), card }), 201))
    expect(created.version).toMatchObject({ serviceId: card.id, version: 1, stage: 'draft', live: false, createdBy: NADIIA.clerkId })
    expect(created.publicationErrors).toEqual([])
    const at = `${V}/${card.id}/versions/1`

    // Another centre does not see it; its admin cannot touch it.
    expectError(await post(other.token, at, STRANGER), 'another centre reads', 404, 'not_found')
    expectError(await post(other.token, `${at}/update`, { ...STRANGER, card }), 'another centre edits', 404, 'not_found')
    expectError(await post(other.token, `${at}/testing`, STRANGER), 'another centre tests', 404, 'not_found')

    // An update with publication problems is saved, and says what is wrong, path by path.
    const broken = {
      ...card,
      term: { ...card.term, unit: null },
      form: { fields: [...card.form.fields, { ...card.form.fields[4]!, id: 'kind', type: 'choice' as const, rules: { choices: [] } }] }
    }
    const updated = cardVersionResponseSchema.parse(ok(await post(ws.token, `${at}/update`, { ...creds(NADIIA), card: broken })))
    expect(updated.publicationErrors.map((e) => [e.path, e.code])).toEqual(
      expect.arrayContaining([
        ['term.unit', 'no_term'],
        ['form.fields.5.rules.choices', 'no_choices']
      ])
    )
    expectError(await post(ws.token, `${at}/update`, { ...creds(PETRO), card }), 'supervisor edits', 403, 'forbidden')
    expectError(await post(ws.token, `${at}/update`, { ...creds(NADIIA), card: newCard('other-id') }), 'id mismatch', 400, 'invalid_input')

    // Not publishable → no testing, with the same errors, nothing written.
    const mid = await snapshot(fx.db)
    const refused = await post(ws.token, `${at}/testing`, creds(NADIIA))
    expectError(refused, 'unpublishable to testing', 409, 'not_publishable')
    expect(refused.json<{ error: { errors: { path: string }[] } }>().error.errors.map((e) => e.path)).toContain('term.unit')
    expectError(await post(ws.token, `${at}/publish`, creds(NADIIA)), 'publish a draft', 409, 'illegal_transition')
    expectError(await post(ws.token, `${at}/withdraw`, creds(NADIIA)), 'withdraw a draft', 409, 'illegal_transition')
    expect(await snapshot(fx.db)).toEqual(mid)

    ok(await post(ws.token, `${at}/update`, { ...creds(NADIIA), card }))
    expectError(await post(ws.token, `${at}/testing`, creds(PETRO)), 'supervisor tests', 403, 'forbidden')
    const testing = testLinkResponseSchema.parse(ok(await post(ws.token, `${at}/testing`, { ...creds(NADIIA), validHours: 48 })))
    expect(testing.version.stage).toBe('testing')
    expect(testing.testLink.url).toContain(`/services/${card.id}?test=`)
    // Shown once: only the hash is stored.
    const links = await fx.db.query<{ token_hash: string }>('SELECT token_hash FROM service_test_links')
    expect(links.map((l) => l.token_hash)).toEqual([sha256Hex(testing.testLink.token)])
    expect(JSON.stringify(await fx.db.query('SELECT * FROM service_test_links'))).not.toContain(testing.testLink.token)
    expectError(await post(ws.token, `${at}/update`, { ...creds(NADIIA), card }), 'edit in testing', 409, 'illegal_transition')

    expectError(await post(ws.token, `${at}/publish`, creds(PETRO)), 'supervisor publishes', 403, 'forbidden')
    expectError(await post(other.token, `${at}/publish`, STRANGER), 'another centre publishes', 404, 'not_found')
    const published = cardVersionResponseSchema.parse(ok(await post(ws.token, `${at}/publish`, creds(NADIIA))))
    expect(published.version).toMatchObject({ stage: 'published', live: true, publishedBy: NADIIA.clerkId })
    const revoked = await fx.db.query<{ revoked_at: unknown }>('SELECT revoked_at FROM service_test_links')
    expect(revoked[0]?.revoked_at).not.toBeNull()

    // Published is immutable, even past the handlers.
    expectError(await post(ws.token, `${at}/update`, { ...creds(NADIIA), card }), 'edit published', 409, 'illegal_transition')
    await expect(
      fx.db.query(`UPDATE service_card_versions SET card = '{}'::jsonb WHERE service_id = $1 AND version = 1`, [card.id])
    ).rejects.toThrow(/immutable/)

    expectError(await post(ws.token, `${at}/withdraw`, creds(PETRO)), 'supervisor withdraws', 403, 'forbidden')
    const withdrawn = cardVersionResponseSchema.parse(ok(await post(ws.token, `${at}/withdraw`, creds(NADIIA))))
    expect(withdrawn.version).toMatchObject({ stage: 'withdrawn', live: false, withdrawnBy: NADIIA.clerkId })
    expectError(await post(ws.token, `${at}/publish`, creds(NADIIA)), 'republish withdrawn', 409, 'illegal_transition')

    const list = catalogueListResponseSchema.parse(ok(await post(ws.token, '/admin/catalogue/list', creds(NADIIA))))
    expect(list.counts.withdrawn).toBe(1)

    const ops = await fx.db.query<{ op: string; clerk_id: string; workstation_id: string }>(
      `SELECT detail ->> 'op' AS op, clerk_id, workstation_id FROM audit_log WHERE action = 'admin' AND detail ->> 'op' LIKE 'catalogue_%' ORDER BY at, id`
    )
    expect(ops.map((o) => o.op)).toEqual([
      'catalogue_create_draft',
      'catalogue_update_draft',
      'catalogue_update_draft',
      'catalogue_to_testing',
      'catalogue_publish',
      'catalogue_withdraw'
    ])
    expect(new Set(ops.map((o) => `${o.clerk_id}@${o.workstation_id}`))).toEqual(new Set([`${NADIIA.clerkId}@${ws.id}`]))
  })

  it('the next version of a published service: one at a time; publishing it leaves version 1 published, unchanged and not live', async () => {
    const { ws } = await setup(fx.portal)
    const other = await otherCentre(fx)
    const id = 'residence-registration'
    const v1 = cardVersionResponseSchema.parse(ok(await post(ws.token, `${V}/${id}/versions/1`, creds(PETRO))))
    expectError(await post(ws.token, `${V}/${id}/next`, creds(PETRO)), 'supervisor drafts', 403, 'forbidden')
    expectError(await post(other.token, `${V}/no-such-service/next`, STRANGER), 'no such service', 404, 'not_found')
    const v2 = cardVersionResponseSchema.parse(ok(await post(ws.token, `${V}/${id}/next`, creds(NADIIA)), 201))
    expect(v2.version).toMatchObject({ version: 2, stage: 'draft' })
    expect(v2.version.card).toEqual(v1.version.card)
    expectError(await post(ws.token, `${V}/${id}/next`, creds(NADIIA)), 'a second open version', 409, 'illegal_transition')

    const changed = { ...v2.version.card, fee: { ...v2.version.card.fee, share_of_subsistence: 0.02 } }
    ok(await post(ws.token, `${V}/${id}/versions/2/update`, { ...creds(NADIIA), card: changed }))
    ok(await post(ws.token, `${V}/${id}/versions/2/testing`, creds(NADIIA)))
    // Back to draft: the test link stops working; then testing again and publish.
    ok(await post(ws.token, `${V}/${id}/versions/2/back-to-draft`, creds(NADIIA)))
    expectError(
      await post(ws.token, `${V}/${id}/versions/2/back-to-draft`, creds(NADIIA)),
      'back to draft twice',
      409,
      'illegal_transition'
    )
    ok(await post(ws.token, `${V}/${id}/versions/2/testing`, creds(NADIIA)))
    ok(await post(ws.token, `${V}/${id}/versions/2/publish`, creds(NADIIA)))

    const after1 = cardVersionResponseSchema.parse(ok(await post(ws.token, `${V}/${id}/versions/1`, creds(NADIIA))))
    expect(after1.version).toMatchObject({ stage: 'published', live: false })
    expect(after1.version.card).toEqual(v1.version.card)
    const after2 = cardVersionResponseSchema.parse(ok(await post(ws.token, `${V}/${id}/versions/2`, creds(NADIIA))))
    expect(after2.version).toMatchObject({ stage: 'published', live: true })
    const live = await fx.db.query<{ version: number }>(
      `SELECT version FROM service_card_versions WHERE service_id = $1 AND stage = 'published' AND superseded_at IS NULL AND centre_id = $2`,
      [id, ws.centreId]
    )
    expect(live.map((r) => Number(r.version))).toEqual([2])
    const links = await fx.db.query<{ revoked_at: unknown }>('SELECT revoked_at FROM service_test_links WHERE service_id = $1', [id])
    expect(links).toHaveLength(2)
    expect(links.every((l) => l.revoked_at !== null)).toBe(true)
  })

  it('exports a version as one file and imports it into another centre as a draft, with a diff against its live version', async () => {
    const { ws } = await setup(fx.portal)
    const other = await otherCentre(fx)
    const id = 'residence-registration'
    ok(await post(ws.token, `${V}/${id}/next`, creds(NADIIA)), 201)
    const v2 = cardVersionResponseSchema.parse(ok(await post(ws.token, `${V}/${id}/versions/2`, creds(NADIIA))))
    const edited = { ...v2.version.card, term: { ...v2.version.card.term, unit: 'working_days' as const, value: 3 } }
    ok(await post(ws.token, `${V}/${id}/versions/2/update`, { ...creds(NADIIA), card: edited }))

    expectError(await post(ws.token, `${V}/${id}/versions/2/export`, creds(OLENA)), 'a clerk exports', 403, 'forbidden')
    expectError(await post(other.token, `${V}/${id}/versions/2/export`, STRANGER), 'another centre exports ours', 404, 'not_found')
    const file = cardExportSchema.parse(ok(await post(ws.token, `${V}/${id}/versions/2/export`, creds(PETRO))))
    expect(file).toMatchObject({ format: 'vikno-service-card', formatVersion: 1, serviceId: id, version: 2 })

    const before = await snapshot(fx.db)
    expectError(await post(other.token, '/admin/catalogue/import', { login: 'stranger-admin', password: 'x', file }), 'wrong password', 401)
    expectError(await post(ws.token, '/admin/catalogue/import', { ...STRANGER, file }), 'their admin at our desk', 403, 'forbidden')
    const badFile = await post(other.token, '/admin/catalogue/import', {
      ...STRANGER,
      file: { ...file, card: { ...file.card, fee: 'free' } }
    })
    expectError(badFile, 'an invalid file', 400, 'invalid_input')
    expect(badFile.json<{ error: { field: string } }>().error.field).toBe('file.card.fee')
    expectError(
      await post(other.token, '/admin/catalogue/import', { ...STRANGER, file: { ...file, format: 'bpmn' } }),
      'not our format',
      400
    )
    // Our centre has version 2 open: an import of the same service is refused here.
    expectError(
      await post(ws.token, '/admin/catalogue/import', { ...creds(NADIIA), file }),
      'an open version exists',
      409,
      'illegal_transition'
    )
    expect(await snapshot(fx.db)).toEqual(before)

    const imported = importResponseSchema.parse(ok(await post(other.token, '/admin/catalogue/import', { ...STRANGER, file }), 201))
    expect(imported.version).toMatchObject({ serviceId: id, version: 2, stage: 'draft', createdBy: 'other-admin' })
    expect(imported.againstLiveVersion).toBe(1)
    expect(imported.diff).toEqual([
      { path: 'term.unit', live: 'same_day', imported: 'working_days' },
      { path: 'term.value', live: 0, imported: 3 }
    ])
    // A new service imports as version 1 with no live version to compare.
    const fresh = { ...file, serviceId: 'tree-felling-permit', version: 1, card: newCard() }
    const importedNew = importResponseSchema.parse(
      ok(await post(other.token, '/admin/catalogue/import', { ...STRANGER, file: fresh }), 201)
    )
    expect(importedNew).toMatchObject({ againstLiveVersion: null, diff: [], version: { version: 1, stage: 'draft' } })
    const ops = await fx.db.query<{ op: string; centre_id: string }>(
      `SELECT detail ->> 'op' AS op, centre_id FROM audit_log WHERE detail ->> 'op' IN ('catalogue_export', 'catalogue_import') ORDER BY at, id`
    )
    expect(ops).toEqual([
      { op: 'catalogue_export', centre_id: ws.centreId },
      { op: 'catalogue_import', centre_id: 'other-cnap' },
      { op: 'catalogue_import', centre_id: 'other-cnap' }
    ])
  })
})
