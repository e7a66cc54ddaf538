import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3-multiple-ciphers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PgliteDb } from '../portal/index'
import { DEMO_CENTRE } from '../shared/demo/clerks'
import { checkPortal, knownIssueOf, readMirror, readPortal } from './invariants'
import { fields, freePort, Proc } from './processes'
import type { SettingKey } from '../main/db/settings'
import { applyDatabaseKey } from '../main/db/db-key'
import { createKeySlots, keySlotsPathFor } from '../main/services/key-slots'

/*
 * The crash test with real processes (sync.md, "How sync is proven"; issue 4): the portal
 * (src/portal/cli.ts, PGlite on disk) and a headless workstation (src/main/sync-cli.ts, SQLite on
 * disk). `kill -9` the workstation during its initial sync and during a push, and the portal during
 * a push; restart each. Then: PRAGMA integrity_check is ok, every command the workstation wrote has
 * exactly one result, nothing ran twice, and the mirror equals the portal's data.
 */

const DEMO_COUNT = 3000
const PORTAL = 'src/portal/cli.ts'
const CLI = 'src/main/sync-cli.ts'

let dir = ''
let port = 0
let url = ''
let portal: Proc | null = null
const procs: Proc[] = []

function startPortal(name: string): Proc {
  const p = Proc.start(name, PORTAL, ['--demo-count', String(DEMO_COUNT), '--no-citizens', '--demo'], {
    PORT: String(port),
    PORTAL_DATA_DIR: join(dir, 'portal')
  })
  procs.push(p)
  return p
}

function startCli(name: string, commands: number): Proc {
  const p = Proc.start(name, CLI, [
    '--portal',
    url,
    '--data-dir',
    join(dir, 'ws'),
    '--login',
    'olena',
    '--password',
    'vikno-demo',
    '--commands',
    String(commands)
  ])
  procs.push(p)
  return p
}

const wsFile = (): string => join(dir, 'ws', 'workstation.sqlite')

/** The pull cursor's key in the settings registry: read below by plain SQL, as another process would. */
const CURSOR_KEY: SettingKey = 'sync.cursor'

/** The workstation's database is encrypted (issue 20 item 4): opened with olena's key slot, as her sign-in would. */
async function openWs(readonly: boolean): Promise<Database.Database> {
  const key = await createKeySlots(keySlotsPathFor(wsFile())).open('olena', 'vikno-demo')
  if (!key) throw new Error('no key slot for olena beside the workstation database')
  const db = new Database(wsFile(), { readonly })
  applyDatabaseKey(db, key)
  return db
}

/** Opens the file as the next process would (WAL recovery included) and checks it. */
async function integrity(): Promise<{ ok: string; cursor: number; outbox: { seq: number; command_id: string; state: string }[] }> {
  const db = await openWs(false)
  try {
    const ok = String(db.pragma('integrity_check', { simple: true }))
    const cursor = Number(
      (db.prepare('SELECT value FROM settings WHERE key = ?').get(CURSOR_KEY) as { value: string } | undefined)?.value ?? 0
    )
    const outbox = db.prepare('SELECT seq, command_id, state FROM outbox ORDER BY seq').all() as {
      seq: number
      command_id: string
      state: string
    }[]
    return { ok, cursor, outbox }
  } finally {
    db.close()
  }
}

const issuedBy = (p: Proc): string[] => p.lines.filter((l) => l.startsWith('sync-cli issued ')).map((l) => fields(l)['command'] ?? '')

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vikno-crash-'))
  port = await freePort()
  portal = startPortal('portal')
  url = (await portal.waitFor((l) => l.startsWith('http://'), 120_000, 'portal URL')).trim()
}, 150_000)

afterAll(async () => {
  for (const p of procs) await p.kill9()
  rmSync(dir, { recursive: true, force: true })
})

describe('crash test: real processes, kill -9', () => {
  const issued: string[] = []
  let workstationId = ''

  it('kill -9 the workstation during its initial sync: the file is intact, the sync resumes from the committed page', async () => {
    const c1 = startCli('sync-cli #1', 0)
    workstationId = fields(await c1.waitFor((l) => l.startsWith('sync-cli ready'), 60_000, 'ready'))['workstation'] ?? ''
    await c1.waitFor((l) => l.startsWith('sync-cli applied'), 60_000, 'a first page')
    await c1.kill9()
    expect(c1.lines.some((l) => l.startsWith('sync-cli synced'))).toBe(false)
    const after = await integrity()
    expect(after.ok).toBe('ok')
    expect(after.cursor).toBeGreaterThan(0)

    const c2 = startCli('sync-cli #2', 0)
    const ready = fields(await c2.waitFor((l) => l.startsWith('sync-cli ready'), 60_000, 'ready'))
    expect(Number(ready['cursor'])).toBe(after.cursor) // resumed, not started over
    expect(ready['workstation']).toBe(workstationId) // the same enrolment, not a new workstation
    await c2.waitFor((l) => l.startsWith('sync-cli idle'), 90_000, 'idle')
    expect(await c2.stop()).toBe(0)
  }, 180_000)

  it('kill -9 the workstation during a push: every command it wrote survives and is sent again', async () => {
    const c3 = startCli('sync-cli #3', 300)
    await c3.waitFor((l) => l.startsWith('sync-cli issued'), 60_000, 'a command')
    await c3.waitFor((l) => l.startsWith('sync-cli push-sent'), 60_000, 'a push')
    await c3.kill9()
    issued.push(...issuedBy(c3))
    const after = await integrity()
    expect(after.ok).toBe('ok')
    const local = new Set(after.outbox.map((r) => r.command_id))
    // A command reported as issued was committed (synchronous=FULL): kill -9 cannot take it back.
    for (const id of issued) expect(local.has(id), `command ${id} lost by kill -9`).toBe(true)
    expect(after.outbox.some((r) => r.state === 'pending')).toBe(true)
  }, 120_000)

  it('kill -9 the portal during a push: after its restart the workstation drains its outbox', async () => {
    if (!portal) throw new Error('no portal')
    const c4 = startCli('sync-cli #4', 600)
    await c4.waitFor((l) => l.startsWith('sync-cli issued'), 90_000, 'a new command')
    const index = c4.lines.length
    await c4.waitFor((l) => l.startsWith('sync-cli push-sent') && c4.lines.indexOf(l) >= index, 60_000, 'a push after new commands')
    await portal.kill9()
    await c4.waitFor((l) => l.startsWith('sync-cli sync-failed'), 60_000, 'a failed sync while the portal is down')
    portal = startPortal('portal (restarted)')
    expect((await portal.waitFor((l) => l.startsWith('http://'), 120_000, 'portal URL after restart')).trim()).toBe(url)
    const idle = fields(await c4.waitFor((l) => l.startsWith('sync-cli idle'), 120_000, 'idle after the portal restart'))
    expect(Number(idle['pending'])).toBe(0)
    issued.push(...issuedBy(c4))
    expect(await c4.stop()).toBe(0)
  }, 240_000)

  it('afterwards: integrity ok, nothing lost, nothing duplicated, the mirror equals the portal', async () => {
    if (!portal) throw new Error('no portal')
    expect(await portal.stop()).toBe(0)
    const local = await integrity()
    expect(local.ok).toBe('ok')
    expect(local.outbox.filter((r) => r.state === 'pending')).toEqual([])
    expect(local.outbox.length).toBe(600)
    const localIds = new Set(local.outbox.map((r) => r.command_id))
    for (const id of issued) expect(localIds.has(id), `command ${id} missing from the outbox`).toBe(true)

    const db = await PgliteDb.open({ dataDir: join(dir, 'portal') })
    try {
      const state = await readPortal(db, DEMO_CENTRE.id)
      const results = state.results.filter((r) => r.workstation_id === workstationId)
      // Exactly one final result per command, the same on both sides.
      expect(results.length).toBe(local.outbox.length)
      const bySeq = new Map(results.map((r) => [r.seq, r]))
      for (const row of local.outbox) {
        expect(bySeq.get(row.seq)?.command_id).toBe(row.command_id)
        expect(bySeq.get(row.seq)?.outcome).toBe(row.state)
      }
      expect(state.lastSeq.get(workstationId)).toBe(local.outbox.length)
      // No effect twice, and the portal's own rules held (one holder, legal transitions).
      expect(checkPortal(state).filter((v) => knownIssueOf(v) === null)).toEqual([])
      // Convergence: the workstation's mirror is the portal's data, record for record, event for event.
      const ws = await openWs(true)
      try {
        const mirror = readMirror(ws)
        expect(mirror.records.size).toBe(state.records.size)
        expect(mirror.recordHash).toBe(state.recordHash)
        expect(mirror.eventHash).toBe(state.eventHash)
      } finally {
        ws.close()
      }
    } finally {
      await db.close()
    }
  }, 120_000)
})
