/**
 * A headless workstation: the same createWorkstation composition as both shells, without a window.
 * It enrols (once per data folder), signs the clerk in, syncs, optionally issues commands, and keeps
 * syncing. Used by the real-process crash test (src/sim/crash.test.ts) and handy for load checks.
 *
 *   tsx src/main/sync-cli.ts --portal URL --data-dir DIR --login L --password P
 *        [--commands N] [--enrolment-code CODE] [--exit-when-idle]
 *
 * --commands N: make sure N commands issued by this tool exist in the outbox (claims on the queue's
 * new applications, notes once none is left), so a restarted process continues instead of doubling.
 * Every line on stdout starts with "sync-cli " and is one event with key=value fields.
 */
import { fileURLToPath } from 'node:url'
import { createWorkstation, type Workstation } from './workstation'
import { listAllOutbox } from './db/sync-repository'
import { countApplications } from './db/applications-repository'
import { createLogger } from './log'
import { DEMO_CENTRE } from '../shared/demo/clerks'
import type { Result } from '../shared/result'
import type { QueuePage } from '../shared/queue'

interface CliArgs {
  portal: string
  dataDir: string
  login: string
  password: string
  commands: number
  enrolmentCode: string
  exitWhenIdle: boolean
}

function parseArgs(argv: readonly string[]): CliArgs {
  const out: Partial<CliArgs> = { commands: 0, enrolmentCode: DEMO_CENTRE.enrolmentCode, exitWhenIdle: false }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string
    const value = (): string => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${a} needs a value`)
      return v
    }
    if (a === '--portal') out.portal = value().replace(/\/$/, '')
    else if (a === '--data-dir') out.dataDir = value()
    else if (a === '--login') out.login = value()
    else if (a === '--password') out.password = value()
    else if (a === '--enrolment-code') out.enrolmentCode = value()
    else if (a === '--commands') {
      const n = Number(value())
      if (!Number.isInteger(n) || n < 0) throw new Error('--commands needs a whole number')
      out.commands = n
    } else if (a === '--exit-when-idle') out.exitWhenIdle = true
    else
      throw new Error(
        `Unknown option ${a}. Options: --portal URL --data-dir DIR --login L --password P [--commands N] [--enrolment-code C] [--exit-when-idle]`
      )
  }
  for (const key of ['portal', 'dataDir', 'login', 'password'] as const) {
    if (!out[key]) throw new Error(`--${key === 'dataDir' ? 'data-dir' : key} is required`)
  }
  return out as CliArgs
}

const say = (event: string, fields: Record<string, string | number | boolean> = {}): void => {
  const kv = Object.entries(fields)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ')
  process.stdout.write(`sync-cli ${event}${kv ? ` ${kv}` : ''}\n`)
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Reports every sync request as it leaves and as its answer arrives: the crash test kills the
 * process (or the portal) between the two. The workstation's HTTP transport uses the global fetch.
 */
function traceSyncRequests(): void {
  const realFetch = globalThis.fetch
  globalThis.fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)
    const kind = url.pathname === '/sync/push' ? 'push' : url.pathname === '/sync/pull' ? 'pull' : null
    if (kind === 'push' && typeof init?.body === 'string') {
      const seqs = (JSON.parse(init.body) as { commands: { seq: number }[] }).commands.map((c) => c.seq)
      say('push-sent', { commands: seqs.length, from: seqs[0] ?? 0, to: seqs[seqs.length - 1] ?? 0 })
    } else if (kind === 'pull') say('pull-sent', { cursor: url.searchParams.get('cursor') ?? '' })
    const res = await realFetch(input, init)
    if (kind) say(`${kind}-answered`, { status: res.status })
    return res
  }
}

function outboxSummary(ws: Workstation): Record<string, number> {
  const rows = listAllOutbox(ws.db)
  return {
    outbox: rows.length,
    pending: rows.filter((r) => r.state === 'pending').length,
    applied: rows.filter((r) => r.state === 'applied').length,
    rejected: rows.filter((r) => r.state === 'rejected').length
  }
}

async function syncOnce(ws: Workstation): Promise<boolean> {
  try {
    await ws.engine.syncNow()
    return true
  } catch (error) {
    say('sync-failed', { error: JSON.stringify(error instanceof Error ? error.message : String(error)) })
    return false
  }
}

/** Claims on the queue's new applications; notes when none is left. */
async function issueCommands(ws: Workstation, target: number): Promise<void> {
  const issued = listAllOutbox(ws.db).filter((r) => r.type === 'claim' || r.type === 'note').length
  for (let n = issued; n < target; n++) {
    const page = (await ws.dispatch('queue.list', { tab: 'new', sort: 'number', limit: 1 })) as Result<QueuePage>
    const fresh = page.ok ? page.value.rows[0] : undefined
    const fallback = fresh ? null : ((await ws.dispatch('queue.list', { tab: 'all', sort: 'number', limit: 1 })) as Result<QueuePage>)
    const target = fresh ?? (fallback?.ok ? fallback.value.rows[0] : undefined)
    if (!target) {
      say('no-applications')
      return
    }
    const input = fresh
      ? { type: 'claim', applicationId: target.id, payload: {} }
      : { type: 'note', applicationId: target.id, payload: { text: `Перевірка синхронізації ${n + 1}` } }
    const res = (await ws.dispatch('command.submit', input)) as Result<{ commandId: string; seq: number }>
    if (!res.ok) {
      say('command-refused', { code: res.error.code, message: JSON.stringify(res.error.message) })
      return
    }
    say('issued', { seq: res.value.seq, command: res.value.commandId, type: input.type })
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  traceSyncRequests()
  const ws = await createWorkstation({
    dataDir: args.dataDir,
    shell: 'web',
    appVersion: 'sync-cli',
    catalogPath: fileURLToPath(new URL('../../resources/catalog/services.json', import.meta.url)),
    log: createLogger({ file: `${args.dataDir}/workstation.log`, quiet: true }),
    portal: { url: args.portal, enrolmentCode: args.enrolmentCode, login: args.login, password: args.password }
  })
  let closing = false
  const shutdown = (): void => {
    if (closing) return
    closing = true
    void ws.close().finally(() => process.exit(0))
  }
  process.once('SIGTERM', shutdown)
  process.once('SIGINT', shutdown)
  say('ready', { workstation: ws.workstationId, cursor: ws.engine.cursor(), applications: countApplications(ws.db), ...outboxSummary(ws) })

  let lastCursor = -1
  ws.on('applications.changed', () => {
    const cursor = ws.engine.cursor()
    if (cursor !== lastCursor) say('applied', { cursor, applications: countApplications(ws.db) })
    lastCursor = cursor
  })

  // The initial sync (or catching up after a restart): until one whole run succeeds.
  while (!(await syncOnce(ws))) await sleep(300)
  say('synced', { cursor: ws.engine.cursor(), applications: countApplications(ws.db), ...outboxSummary(ws) })

  await issueCommands(ws, args.commands)

  let idleSaid = false
  for (;;) {
    const ok = await syncOnce(ws)
    const summary = outboxSummary(ws)
    if (ok && summary.pending === 0) {
      if (!idleSaid) say('idle', { cursor: ws.engine.cursor(), applications: countApplications(ws.db), ...summary })
      idleSaid = true
      if (args.exitWhenIdle) {
        await ws.close()
        process.exit(0)
      }
    } else idleSaid = false
    await sleep(ok ? 500 : 300)
  }
}

main().catch((error: unknown) => {
  say('fatal', { error: JSON.stringify(error instanceof Error ? error.message : String(error)) })
  process.exit(1)
})
