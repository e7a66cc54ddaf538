import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

export interface Running {
  url: string
  lines: string[]
  stop(signal?: NodeJS.Signals): Promise<void>
}

/**
 * Starts a Node entry of ours and waits for the line that carries its URL (every entry prints it last).
 * ONE node process with tsx's loader (`node --import tsx`), not tsx's command line: that one runs the
 * program in a second process, passes a signal on and, when the program has not acknowledged it
 * within 30 ms (its main thread busy with a sync or a query), kills it with SIGKILL — so stop()
 * sometimes ended a workstation without closing its database.
 */
async function startProcess(args: string[], env: Record<string, string>, urlPattern: RegExp, timeoutMs: number): Promise<Running> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const lines: string[] = []
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${args.join(' ')}:\n${lines.join('\n')}`)), timeoutMs)
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue
        lines.push(line)
        const m = urlPattern.exec(line)
        if (m) {
          clearTimeout(timer)
          resolve(m[1] ?? m[0])
        }
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${args.join(' ')} exited with ${code}:\n${lines.join('\n')}`))
    })
  })
  return {
    url,
    lines,
    stop: (signal: NodeJS.Signals = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill(signal)
      })
  }
}

/**
 * `demo` (default true): the portal takes the README's static demo enrolment code (cli.ts --demo).
 * `demoDaysAgo`: the demo data as it stood that many days ago (cli.ts --demo-days-ago), so its open work is overdue now.
 */
export function startPortal(opts: {
  port: number
  dataDir: string
  demoCount: number
  demo?: boolean
  demoDaysAgo?: number
}): Promise<Running> {
  return startProcess(
    [
      'src/portal/cli.ts',
      '--demo-count',
      String(opts.demoCount),
      ...(opts.demoDaysAgo ? ['--demo-days-ago', String(opts.demoDaysAgo)] : []),
      '--no-citizens',
      ...(opts.demo === false ? [] : ['--demo'])
    ],
    { PORT: String(opts.port), PORTAL_DATA_DIR: opts.dataDir },
    /(http:\/\/127\.0\.0\.1:\d+)\/?\s*$/,
    120_000
  )
}

export function startWebShell(opts: {
  port: number
  dataDir: string
  token: string
  portalUrl?: string
  login?: string
  /** A one-time code (issueEnrolmentCode); the README's demo code otherwise (a portal in demo mode). */
  enrolmentCode?: string
}): Promise<Running> {
  const args = ['scripts/web.ts', '--no-build', '--data-dir', opts.dataDir]
  if (opts.portalUrl) args.push('--portal', opts.portalUrl, '--login', opts.login ?? 'olena', '--password', 'vikno-demo')
  if (opts.enrolmentCode) args.push('--enrolment-code', opts.enrolmentCode)
  return startProcess(
    args,
    { WEB_PORT: String(opts.port), VIKNO_WEB_TOKEN: opts.token },
    /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/,
    120_000
  )
}

/**
 * A one-time enrolment code from the portal's command line (src/portal/admin-cli.ts), issued by the
 * demo administrator. The embedded portal in `dataDir` must be stopped (PGlite is one process's).
 */
export function issueEnrolmentCode(dataDir: string): string {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', 'src/portal/admin-cli.ts', 'enrolment-code', '--centre', 'khm-cnap', '--admin', 'nadiia'],
    { cwd: ROOT, env: { ...process.env, PORTAL_DATA_DIR: dataDir }, encoding: 'utf8' }
  )
  const code = /^\s+([2-9A-Z]{4}(?:-[2-9A-Z]{4}){3})\s*$/m.exec(out)?.[1]
  if (!code) throw new Error(`no enrolment code in:\n${out}`)
  return code
}

/** A fresh folder for one process of a spec (`vikno-e2e-<name>-XXXXXX` in the system's temp folder). */
export function tempDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `vikno-e2e-${name}-`))
}

/**
 * A workstation of the specs: the web shell in its own fresh folder (or `dataDir`), enrolled with
 * `portal` and with `login` signed in (password vikno-demo). `name` names its folder and its token.
 */
export function startDesk(opts: {
  name: string
  port: number
  portal: Running
  login: string
  enrolmentCode?: string
  dataDir?: string
}): Promise<Running> {
  return startWebShell({
    port: opts.port,
    dataDir: opts.dataDir ?? tempDir(opts.name),
    token: `token-${opts.name}`,
    portalUrl: opts.portal.url,
    login: opts.login,
    ...(opts.enrolmentCode ? { enrolmentCode: opts.enrolmentCode } : {})
  })
}

/** Stops what a spec started, desks first and the portal last (pass them in that order); skips what never started. */
export async function stopAll(...running: (Running | undefined)[]): Promise<void> {
  for (const r of running) await r?.stop()
}
