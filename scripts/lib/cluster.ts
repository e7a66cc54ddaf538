import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { appendFileSync, chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, connect } from 'node:net'
import { createHash } from 'node:crypto'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { ROOT } from './paths'

/*
 * The portal's cluster on one machine (issue 19, item 4), from Debian's packages: a PostgreSQL 15
 * primary, optionally a streaming replica made with pg_basebackup, HAProxy in front of N portal
 * processes (src/portal/cli.ts). Everything it starts is written to `state.json` in the state
 * directory AS it starts, so `down` (and a failed `up`) stops exactly that, and nothing else.
 * No SQL here: the database is made with initdb and createdb; the portal migrates it.
 */

export const PG_BIN = process.env['VIKNO_PG_BIN'] ?? '/usr/lib/postgresql/15/bin'
export const HAPROXY = process.env['VIKNO_HAPROXY'] ?? '/usr/sbin/haproxy'
export const DEFAULT_STATE_DIR = resolve(process.env['VIKNO_CLUSTER_DIR'] ?? join(ROOT, '.vikno-data', 'cluster'))

const pgNode = z.object({ dir: z.string(), port: z.number().int(), log: z.string() })
const portalNode = z.object({ pid: z.number().int(), port: z.number().int(), log: z.string(), citizens: z.boolean() })
export const clusterState = z.object({
  startedAt: z.string(),
  /** Where PostgreSQL's folders live (the state dir, or a folder the `postgres` user can reach when run as root). */
  pgBase: z.string(),
  runAs: z.string().nullable(),
  password: z.string(),
  primary: pgNode.nullable(),
  replica: pgNode.nullable(),
  haproxy: z.object({ pidFile: z.string(), config: z.string(), port: z.number().int() }).nullable(),
  portals: z.array(portalNode),
  databaseUrl: z.string().nullable(),
  readDatabaseUrl: z.string().nullable(),
  url: z.string().nullable()
})
export type ClusterState = z.infer<typeof clusterState>

export interface UpOptions {
  processes: number
  replica: boolean
  demoCount: number
  /** The balancer's port. */
  port: number
  citizens: boolean
  /** Passed to every portal process (cli.ts --rate-limit-per-minute); null: the portal's default. */
  rateLimitPerMinute: number | null
  stateDir: string
  log: (line: string) => void
}

const stateFile = (dir: string): string => join(dir, 'state.json')

export function readState(stateDir = DEFAULT_STATE_DIR): ClusterState | null {
  const file = stateFile(stateDir)
  if (!existsSync(file)) return null
  return clusterState.parse(JSON.parse(readFileSync(file, 'utf8')))
}

function writeState(stateDir: string, state: ClusterState): void {
  writeFileSync(stateFile(stateDir), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 })
}

export function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolvePort(port))
    })
  })
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolveOpen) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolveOpen(true)
    })
    socket.once('error', () => resolveOpen(false))
  })
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0

/** A PostgreSQL program, as `postgres` when we are root (PostgreSQL refuses to run as root). */
function pg(state: Pick<ClusterState, 'runAs' | 'password'>, program: string, args: readonly string[]): void {
  const bin = join(PG_BIN, program)
  const [cmd, argv] = state.runAs ? ['runuser', ['-u', state.runAs, '--', bin, ...args]] : [bin, [...args]]
  const res = spawnSync(cmd, argv, { encoding: 'utf8', env: { ...process.env, PGPASSWORD: state.password }, cwd: '/' })
  if (res.error) throw new Error(`${program}: ${res.error.message}`)
  if (res.status !== 0)
    throw new Error(`${program} ${args.join(' ')} failed (exit ${String(res.status)}):\n${(res.stderr || res.stdout).trim()}`)
}

function postgresUid(): { uid: number; gid: number } {
  const res = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' })
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' })
  if (res.status !== 0 || gid.status !== 0)
    throw new Error('Running as root needs the `postgres` user (Debian package postgresql) to run PostgreSQL')
  return { uid: Number(res.stdout.trim()), gid: Number(gid.stdout.trim()) }
}

/** Whether the `postgres` user can reach (search) `dir`: every folder above it must let it through. */
function postgresReaches(dir: string): boolean {
  return spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', dir], { stdio: 'ignore' }).status === 0
}

function pgPid(dir: string): number | null {
  const file = join(dir, 'postmaster.pid')
  if (!existsSync(file)) return null
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0])
  return alive(pid) ? pid : null
}

function haproxyPid(pidFile: string): number | null {
  if (!existsSync(pidFile)) return null
  const pid = Number(readFileSync(pidFile, 'utf8').trim().split('\n')[0])
  return alive(pid) ? pid : null
}

async function waitHealthy(url: string, ms: number, what: string, stillAlive: () => boolean, logFile: string): Promise<void> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (!stillAlive()) throw new Error(`${what} exited; its log (${logFile}):\n${tail(logFile)}`)
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) })
      if (res.ok) return
    } catch {
      // not up yet
    }
    await sleep(250)
  }
  throw new Error(`${what}: no answer from ${url} within ${ms / 1000} s; its log (${logFile}):\n${tail(logFile)}`)
}

function tail(file: string, lines = 15): string {
  if (!existsSync(file)) return '(no log)'
  return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n')
}

export function haproxyConfig(port: number, portals: readonly { port: number }[]): string {
  return [
    '# Generated by `npm run cluster -- up` (scripts/lib/cluster.ts); rewritten at every start.',
    'global',
    // Each connection costs two descriptors (client and server side): 5000 stay under a 20000-descriptor limit.
    '  maxconn 5000',
    '',
    'defaults',
    '  mode http',
    '  option forwardfor',
    '  option redispatch',
    '  retries 2',
    '  timeout connect 5s',
    // The nudge streams (SSE) are long-lived responses: the portal writes a keep-alive comment every
    // 15 s, so client/server inactivity timeouts well above that never cut a healthy stream.
    '  timeout client 90s',
    '  timeout server 90s',
    '  timeout tunnel 1h',
    '  timeout http-keep-alive 10s',
    '  timeout queue 10s',
    '',
    'frontend vikno',
    `  bind 127.0.0.1:${port}`,
    '  default_backend portals',
    '',
    'backend portals',
    '  balance leastconn',
    '  option httpchk GET /health',
    '  http-check expect status 200',
    '  default-server inter 1s fall 2 rise 1',
    ...portals.map((p, i) => `  server portal${i + 1} 127.0.0.1:${p.port} check`),
    ''
  ].join('\n')
}

/** Starts the cluster; on any failure stops what it started and throws why. Returns the portal's URL. */
export async function up(opts: UpOptions): Promise<ClusterState> {
  const existing = readState(opts.stateDir)
  if (existing && runningParts(existing).length > 0)
    throw new Error(`A cluster is already running (${runningParts(existing).join(', ')}): npm run cluster -- down first`)
  if (opts.processes < 1) throw new Error('--processes: at least 1')
  if (!existsSync(join(PG_BIN, 'initdb'))) throw new Error(`No PostgreSQL in ${PG_BIN} (apt-get install postgresql; or set VIKNO_PG_BIN)`)
  if (!existsSync(HAPROXY)) throw new Error(`No HAProxy at ${HAPROXY} (apt-get install haproxy; or set VIKNO_HAPROXY)`)
  if (await listening(opts.port)) throw new Error(`Port ${opts.port} is taken: choose another with --port`)

  mkdirSync(opts.stateDir, { recursive: true })
  const root = isRoot()
  let pgBase = opts.stateDir
  if (root) {
    postgresUid()
    // The `postgres` user must reach its folders: a clone under /root is closed to it.
    if (!postgresReaches(opts.stateDir))
      pgBase = join('/var/tmp', `vikno-cluster-${createHash('sha256').update(opts.stateDir).digest('hex').slice(0, 12)}`)
  }
  const state: ClusterState = {
    startedAt: new Date().toISOString(),
    pgBase,
    runAs: root ? 'postgres' : null,
    password: randomBytes(18).toString('base64url'),
    primary: null,
    replica: null,
    haproxy: null,
    portals: [],
    databaseUrl: null,
    readDatabaseUrl: null,
    url: null
  }
  writeState(opts.stateDir, state)
  try {
    await startDatabases(state, opts)
    await startPortals(state, opts)
    return state
  } catch (error) {
    opts.log(`cluster: starting failed, stopping what was started`)
    await down(opts.stateDir, opts.log)
    throw error
  }
}

async function startDatabases(state: ClusterState, opts: UpOptions): Promise<void> {
  const save = (): void => writeState(opts.stateDir, state)
  // A fresh primary every time: an old one is removed (down stopped it).
  for (const name of ['primary', 'replica']) rmSync(join(state.pgBase, name), { recursive: true, force: true })
  mkdirSync(state.pgBase, { recursive: true, mode: 0o700 })
  if (state.runAs) {
    const { uid, gid } = postgresUid()
    chownSync(state.pgBase, uid, gid)
  }
  const pwFile = join(state.pgBase, 'pwfile')
  writeFileSync(pwFile, `${state.password}\n`, { mode: 0o600 })
  if (state.runAs) {
    const { uid, gid } = postgresUid()
    chownSync(pwFile, uid, gid)
  }

  const primaryDir = join(state.pgBase, 'primary')
  const primaryPort = await freePort()
  opts.log(`cluster: PostgreSQL primary in ${primaryDir}, port ${primaryPort}`)
  pg(state, 'initdb', [
    '-D',
    primaryDir,
    '-U',
    'vikno',
    `--pwfile=${pwFile}`,
    '--auth-local=peer',
    '--auth-host=scram-sha-256',
    '-E',
    'UTF8',
    '--locale=C'
  ])
  rmSync(pwFile, { force: true })
  appendFileSync(
    join(primaryDir, 'postgresql.conf'),
    [
      '',
      '# npm run cluster (scripts/lib/cluster.ts)',
      "listen_addresses = '127.0.0.1'",
      `port = ${primaryPort}`,
      "unix_socket_directories = ''",
      'wal_level = replica',
      'max_wal_senders = 10',
      'hot_standby = on',
      // N portal processes, a pool of 10 and a listening connection each, plus the benchmark's own.
      'max_connections = 300',
      ''
    ].join('\n')
  )
  appendFileSync(
    join(primaryDir, 'pg_hba.conf'),
    '\n# streaming replication from this machine\nhost replication vikno 127.0.0.1/32 scram-sha-256\n'
  )
  state.primary = { dir: primaryDir, port: primaryPort, log: join(state.pgBase, 'primary.log') }
  save()
  pg(state, 'pg_ctl', ['-D', primaryDir, '-l', state.primary.log, '-w', '-t', '60', 'start'])
  pg(state, 'createdb', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'vikno', 'vikno'])
  state.databaseUrl = `postgres://vikno:${state.password}@127.0.0.1:${primaryPort}/vikno`
  save()

  if (opts.replica) {
    const replicaDir = join(state.pgBase, 'replica')
    const replicaPort = await freePort()
    opts.log(`cluster: streaming replica (pg_basebackup -R -X stream) in ${replicaDir}, port ${replicaPort}`)
    pg(state, 'pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'vikno',
      '-D',
      replicaDir,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast'
    ])
    appendFileSync(join(replicaDir, 'postgresql.conf'), `\n# the replica's own port\nport = ${replicaPort}\n`)
    state.replica = { dir: replicaDir, port: replicaPort, log: join(state.pgBase, 'replica.log') }
    save()
    pg(state, 'pg_ctl', ['-D', replicaDir, '-l', state.replica.log, '-w', '-t', '60', 'start'])
    state.readDatabaseUrl = `postgres://vikno:${state.password}@127.0.0.1:${replicaPort}/vikno`
    save()
  }
}

async function startPortals(state: ClusterState, opts: UpOptions): Promise<void> {
  const save = (): void => writeState(opts.stateDir, state)
  const url = `http://127.0.0.1:${opts.port}`
  const ports: number[] = []
  while (ports.length < opts.processes) {
    const p = await freePort()
    if (!ports.includes(p) && p !== opts.port) ports.push(p)
  }
  const config = join(opts.stateDir, 'haproxy.cfg')
  writeFileSync(
    config,
    haproxyConfig(
      opts.port,
      ports.map((port) => ({ port }))
    )
  )
  const check = spawnSync(HAPROXY, ['-c', '-q', '-f', config], { encoding: 'utf8' })
  if (check.status !== 0) throw new Error(`haproxy -c refused ${config}:\n${check.stderr || check.stdout}`)

  const started: { pid: number; port: number; log: string }[] = []
  for (const [i, port] of ports.entries()) {
    const log = join(opts.stateDir, `portal-${i + 1}.log`)
    const citizens = opts.citizens && i === 0
    const args = [
      '--import',
      'tsx',
      join(ROOT, 'src', 'portal', 'cli.ts'),
      '--demo-count',
      String(opts.demoCount),
      citizens ? '--citizens' : '--no-citizens',
      // HAProxy (option forwardfor) connects from this machine: believe its X-Forwarded-For, so the
      // per-address rate limit and access-code counters count each citizen, not the balancer.
      '--trust-proxy',
      '127.0.0.1',
      ...(opts.rateLimitPerMinute !== null ? ['--rate-limit-per-minute', String(opts.rateLimitPerMinute)] : [])
    ]
    const fd = openSync(log, 'w')
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', fd, fd],
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: state.databaseUrl ?? '',
        // The agreed name of the read replica's address (issue 19 item 3); a portal without replica routing ignores it.
        ...(state.readDatabaseUrl ? { READ_DATABASE_URL: state.readDatabaseUrl } : {}),
        PORTAL_PUBLIC_URL: url
      }
    })
    closeSync(fd)
    child.unref()
    if (child.pid === undefined) throw new Error(`portal process ${i + 1} did not start`)
    state.portals.push({ pid: child.pid, port, log, citizens })
    started.push({ pid: child.pid, port, log })
    save()
    opts.log(`cluster: portal process ${i + 1} (pid ${child.pid}) on port ${port}${citizens ? ', with the citizens` simulator' : ''}`)
  }
  // They seed the demo once between them (src/portal/db/seed-lock.ts); seeding takes a while.
  for (const [i, p] of started.entries())
    await waitHealthy(`http://127.0.0.1:${p.port}/health`, 180_000, `portal process ${i + 1}`, () => alive(p.pid), p.log)

  const pidFile = join(opts.stateDir, 'haproxy.pid')
  rmSync(pidFile, { force: true })
  state.haproxy = { pidFile, config, port: opts.port }
  save()
  const ha = spawnSync(HAPROXY, ['-D', '-p', pidFile, '-f', config], { encoding: 'utf8' })
  if (ha.status !== 0) throw new Error(`haproxy did not start:\n${ha.stderr || ha.stdout}`)
  opts.log(`cluster: HAProxy on port ${opts.port} (balance leastconn over ${ports.length}, health check GET /health)`)
  await waitHealthy(`${url}/health`, 30_000, 'HAProxy', () => haproxyPid(pidFile) !== null, config)
  state.url = url
  save()
}

/** What of the recorded cluster still runs, e.g. ["portal pid 123", "primary pid 99"]. */
export function runningParts(state: ClusterState): string[] {
  const out: string[] = []
  for (const [i, p] of state.portals.entries()) if (alive(p.pid)) out.push(`portal ${i + 1} pid ${p.pid} port ${p.port}`)
  if (state.haproxy) {
    const pid = haproxyPid(state.haproxy.pidFile)
    if (pid !== null) out.push(`haproxy pid ${pid} port ${state.haproxy.port}`)
  }
  for (const [name, node] of [
    ['replica', state.replica],
    ['primary', state.primary]
  ] as const) {
    if (!node) continue
    const pid = pgPid(node.dir)
    if (pid !== null) out.push(`${name} pid ${pid} port ${node.port}`)
  }
  return out
}

async function stopPid(pid: number, ms: number): Promise<void> {
  if (!alive(pid)) return
  process.kill(pid, 'SIGTERM')
  const until = Date.now() + ms
  while (alive(pid) && Date.now() < until) await sleep(100)
  if (alive(pid)) process.kill(pid, 'SIGKILL')
  while (alive(pid)) await sleep(50)
}

/** Stops everything the state file records; idempotent (nothing recorded or nothing running: nothing to do). */
export async function down(stateDir: string, log: (line: string) => void): Promise<void> {
  const state = readState(stateDir)
  if (!state) {
    log('cluster: nothing recorded, nothing to stop')
    return
  }
  if (state.haproxy) {
    const pid = haproxyPid(state.haproxy.pidFile)
    if (pid !== null) {
      log(`cluster: stopping HAProxy (pid ${pid})`)
      await stopPid(pid, 5_000)
    }
  }
  for (const [i, p] of state.portals.entries()) {
    if (!alive(p.pid)) continue
    log(`cluster: stopping portal process ${i + 1} (pid ${p.pid})`)
    await stopPid(p.pid, 10_000)
  }
  for (const [name, node] of [
    ['replica', state.replica],
    ['primary', state.primary]
  ] as const) {
    if (!node || pgPid(node.dir) === null) continue
    log(`cluster: stopping the PostgreSQL ${name} (port ${node.port})`)
    try {
      pg(state, 'pg_ctl', ['-D', node.dir, '-m', 'fast', '-w', '-t', '60', 'stop'])
    } catch (error) {
      const pid = pgPid(node.dir)
      log(`cluster: pg_ctl stop failed (${error instanceof Error ? error.message : String(error)}); signalling pid ${String(pid)}`)
      if (pid !== null) await stopPid(pid, 10_000)
    }
  }
  const left = runningParts(state)
  if (left.length > 0) throw new Error(`cluster: still running after down: ${left.join(', ')}`)
  log('cluster: stopped')
}
