/**
 * Sign-in, lock and audit through the real composition (createWorkstation, standalone demo data in a
 * temporary folder): what the dispatcher refuses while locked or signed out, which acts leave an
 * audit row, that the audit rows cannot be changed, and the files' permissions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createWorkstation, type Workstation } from './workstation'
import type { Logger } from './log'
import type { PdfRenderer } from '../print/pdf'
import { wasPrinted } from './db/print-repository'
import type { AuditPage } from '../shared/audit'
import { DEFAULT_CALENDAR, kyivDate } from '../shared/domain/calendar'
import type { AppInfo } from '../shared/contract'
import type { QueuePage } from '../shared/queue'
import type { SessionState } from '../shared/session-contract'
import type { Result } from '../shared/result'

const CATALOG = join(__dirname, '../../resources/catalog/services.json')
const log: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined }
const pdf: PdfRenderer = { toPdf: async () => new TextEncoder().encode('%PDF-1.4\n%%EOF'), close: async () => undefined }

let dir: string
let ws: Workstation

async function call<T>(method: string, input: unknown = {}): Promise<Result<T>> {
  return (await ws.dispatch(method, input)) as Result<T>
}
async function value<T>(method: string, input: unknown = {}): Promise<T> {
  const r = await call<T>(method, input)
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`)
  return r.value
}
async function audit(input: Record<string, unknown> = {}): Promise<AuditPage> {
  return value<AuditPage>('audit.search', { limit: 200, ...input })
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vikno-security-'))
  ws = await createWorkstation({
    dataDir: join(dir, 'data'),
    shell: 'web',
    appVersion: '0.0.0-test',
    catalogPath: CATALOG,
    log,
    print: { pdf, printer: null },
    standaloneDemo: { count: 60, seed: 3 }
  })
})

afterAll(async () => {
  await ws?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the standalone demo', () => {
  it('signs the demo clerk in, with a verifier so that lock and unlock work', async () => {
    const state = await value<SessionState>('session.state')
    expect(state).toMatchObject({ clerk: { clerkId: 'clerk-olena' }, locked: false, idleLockMinutes: 10 })
    expect((await value<AppInfo>('app.info')).clerk?.name).toBe('Олена Коваль')
  })

  it('keeps the data folder 0700 and its files 0600', async () => {
    const data = join(dir, 'data')
    expect(statSync(data).mode & 0o777).toBe(0o700)
    for (const name of readdirSync(data)) {
      const st = statSync(join(data, name))
      if (st.isFile()) expect(st.mode & 0o777, name).toBe(0o600)
    }
    expect(readdirSync(data)).toEqual(expect.arrayContaining(['workstation.sqlite', 'workstation.sqlite-wal']))
  })
})

describe('a locked or signed-out session', () => {
  it('refuses every data method in the dispatcher, answers app.info and the session methods; unlocks with the password only', async () => {
    expect((await value<SessionState>('session.lock', { reason: 'manual' })).locked).toBe(true)
    for (const [method, input] of [
      ['queue.list', {}],
      ['queue.counts', {}],
      ['application.get', { id: 'anything' }],
      ['catalogue.list', {}],
      ['catalogue.intake', {}],
      ['sync.status', {}],
      ['conflicts.list', {}],
      ['audit.search', {}],
      ['print.preview', { document: 'daily_register', date: '2026-03-02' }]
    ] as const) {
      const r = await call(method, input)
      expect(r, method).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
    }
    expect((await call('app.info')).ok).toBe(true)
    expect((await value<SessionState>('session.state')).locked).toBe(true)
    expect(await call('session.unlock', { password: 'vikno-demo!' })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated', message: 'Невірний пароль' }
    })
    expect((await value<SessionState>('session.unlock', { password: 'vikno-demo' })).locked).toBe(false)
    expect((await call('queue.list', {})).ok).toBe(true)
  })

  it('after sign-out refuses data until someone signs in', async () => {
    expect((await value<SessionState>('session.signOut')).clerk).toBeNull()
    expect((await value<AppInfo>('app.info')).clerk).toBeNull()
    expect(await call('queue.counts')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
    expect(await call('session.signIn', { login: 'olena', password: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated', message: 'Невірний логін або пароль' }
    })
    expect((await value<SessionState>('session.signIn', { login: 'olena', password: 'vikno-demo' })).clerk?.clerkId).toBe('clerk-olena')
  })

  it('keeps no demo password in the database files', () => {
    const data = join(dir, 'data')
    for (const name of readdirSync(data)) {
      if (!name.startsWith('workstation.sqlite')) continue
      expect(readFileSync(join(data, name)).includes(Buffer.from('vikno-demo')), name).toBe(false)
    }
  })
})

describe('the audit trail', () => {
  it('records a view, a change beside its command, a print and a PDF export', async () => {
    // An application whose receipt the demo data has not printed yet (which ones have depends on the
    // day the demo is generated for), so the first print below is an original and the second a copy.
    const candidates = [
      ...(await value<QueuePage>('queue.list', { tab: 'all', limit: 100 })).rows,
      ...(await value<QueuePage>('queue.list', { tab: 'history', limit: 100 })).rows
    ]
    const row = candidates.find((r) => !wasPrinted(ws.db, r.id, 'receipt'))
    if (!row) throw new Error('no application without a printed receipt in the demo data')

    await value('application.get', { id: row.id })
    await value('application.get', { id: row.id }) // a refresh within a minute is the same view
    // A note: always accepted, whoever holds the application (sync.md).
    const { commandId, seq } = await value<{ commandId: string; seq: number }>('command.submit', {
      type: 'note',
      applicationId: row.id,
      payload: { text: 'Заявник телефонував' }
    })
    await value('print.record', { document: 'receipt', applicationId: row.id })
    await value('print.pdf', { document: 'receipt', applicationId: row.id })

    // A command the local state refuses writes neither the command nor an audit row.
    const refused = await call('command.submit', {
      type: 'decide',
      applicationId: 'no-such-application',
      payload: { kind: 'approve', ground: null, text: '', appeal: null }
    })
    expect(refused.ok).toBe(false)

    // Olena is a clerk: the search itself is a supervisor's.
    expect(await call('audit.search', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    await value('session.signIn', { login: 'petro', password: 'vikno-demo' })

    const trail = (await audit({ orderNumber: row.orderNumber.replace(/-/g, ' ') })).rows.reverse()
    expect(trail.map((e) => e.action)).toEqual(['view', 'change', 'print', 'export'])
    expect(trail.every((e) => e.clerkId === 'clerk-olena' && e.workstationId === ws.workstationId && e.applicationId === row.id)).toBe(true)
    expect(trail[1]?.detail).toMatchObject({ commandId, seq, type: 'note' })
    expect(trail[2]?.detail).toMatchObject({ type: 'record_print', document: 'receipt', copy: false })
    expect(trail[3]?.detail).toMatchObject({ type: 'record_print', document: 'receipt', copy: true })
    // The change and its command are one transaction: every outbox row has its audit row.
    const outbox = ws.db.prepare('SELECT command_id FROM outbox').all() as { command_id: string }[]
    const audited = new Set(
      (await audit({ action: 'change' })).rows
        .concat((await audit({ action: 'print' })).rows, (await audit({ action: 'export' })).rows)
        .map((e) => e.detail['commandId'])
    )
    for (const { command_id } of outbox) expect(audited.has(command_id)).toBe(true)
  })

  it('records sign-in, failed sign-in, sign-out, lock and unlock; searches by clerk, action and dates', async () => {
    const olena = await audit({ clerk: 'олена' })
    const actions = new Set(olena.rows.map((e) => e.action))
    for (const a of ['sign_in', 'sign_out', 'lock', 'unlock', 'view', 'change', 'print', 'export'])
      expect(actions.has(a as never), a).toBe(true)
    const failed = await audit({ action: 'sign_in_failed' })
    expect(failed.total).toBeGreaterThanOrEqual(2)
    expect(failed.rows.some((e) => e.detail['during'] === 'unlock' && e.clerkId === 'clerk-olena')).toBe(true)
    expect(failed.rows.some((e) => e.detail['during'] === 'sign_in' && e.detail['login'] === 'olena')).toBe(true)

    const today = kyivDate(new Date().toISOString(), DEFAULT_CALENDAR)
    expect((await audit({ from: '2000-01-01', to: '2000-01-31' })).total).toBe(0)
    expect((await audit({ from: today, to: today })).total).toBeGreaterThan(0)
    const paged = await audit({ limit: 2, offset: 1 })
    expect(paged.rows).toHaveLength(2)
    expect(paged.total).toBeGreaterThan(4)
    expect(await call('audit.search', { orderNumber: '001-000001-0' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'orderNumber' }
    })
  })

  it('cannot be changed or deleted: the triggers refuse', () => {
    expect(() => ws.db.prepare(`UPDATE audit_log SET clerk_name = 'хтось інший'`).run()).toThrow(/append-only/)
    expect(() => ws.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/)
    expect(() => ws.db.prepare('DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)').run()).toThrow(/append-only/)
    expect((ws.db.prepare(`SELECT count(*) AS n FROM audit_log WHERE clerk_name = 'хтось інший'`).get() as { n: number }).n).toBe(0)
  })
})
