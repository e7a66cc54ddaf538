/**
 * `npm run bench:portal` (issue 19, item 5): the portal under a centre's load, for
 *   - pglite-1: one portal process on the embedded PGlite (src/portal/cli.ts, its own data folder);
 *   - pg-1:     one portal process on the cluster's PostgreSQL primary, no balancer (the load goes
 *               straight to the process): `npm run cluster -- up --processes 1`;
 *   - cluster:  N portal processes (VIKNO_BENCH_PORTAL_PROCESSES, default 2) + the streaming replica
 *               + HAProxy: `npm run cluster -- up --processes N --replica`, the load through the balancer;
 * at 50 and 200 desks (VIKNO_BENCH_PORTAL_DESKS=50,200,990 adds more; the portal hands out at most
 * 998 order-number nodes over all centres, so "1,000" is 990). Up to 200 desks per centre: more are
 * spread over more centres (src/portal/seed-centres.ts), the demo centre keeping its share; citizens
 * submit 2 a second to the demo centre (the intake's), whose clerks act about once a minute each;
 * other centres' desks hold their streams and poll (bench/lib/portal-load.ts measures). The baseline, measured in the same run:
 * the health endpoint's round trip p50 on the same target; every latency is also printed as a ratio
 * against it. Then the kill phase on the cluster: one portal process SIGKILLed mid-run; no command
 * may be lost and desks only reconnect.
 * Each configuration starts on a fresh database (the demo, 2,000 applications) and is stopped after.
 * VIKNO_BENCH_PORTAL_QUICK=1: 20 s per run, 50 desks only. VIKNO_BENCH_PORTAL_CONFIGS=pg-1,cluster picks
 * configurations, VIKNO_BENCH_PORTAL_SECONDS the length of a run, VIKNO_BENCH_PORTAL_KILL=0 skips the
 * kill phase, VIKNO_BENCH_PORTAL_PER_CENTRE the desks per centre (200). The LAST line is one JSON object.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { spawnSync } from 'node:child_process'
import { createPortal, PgliteDb } from '../src/portal/index'
import { PgDb } from '../src/portal/db/pg-db'
import { freePort, Proc, ROOT } from '../src/sim/processes'
import { readState } from '../scripts/lib/cluster'
import { issueDeskCodes, pct, runLoad, type DeskSpec, type LoadResult } from './lib/portal-load'
import type { PortalDb } from '../src/portal/db/portal-db'
import { makeDeps } from '../src/portal/deps'
import { seedLoadCentres } from '../src/portal/seed-centres'
import { DEMO_CENTRE } from '../src/shared/demo/clerks'

const QUICK = process.env['VIKNO_BENCH_PORTAL_QUICK'] === '1'
const DESKS = (process.env['VIKNO_BENCH_PORTAL_DESKS'] ?? (QUICK ? '50' : '50,200')).split(',').map((s) => Number(s.trim()))
const CONFIGS = (process.env['VIKNO_BENCH_PORTAL_CONFIGS'] ?? 'pglite-1,pg-1,cluster').split(',').map((s) => s.trim())
const PROCESSES = Number(process.env['VIKNO_BENCH_PORTAL_PROCESSES'] ?? 2)
const DURATION_MS = Number(process.env['VIKNO_BENCH_PORTAL_SECONDS'] ?? (QUICK ? 20 : 60)) * 1000
const DEMO_COUNT = 2000
const SUBMITS_PER_S = 2
const STATE_DIR = join(ROOT, '.vikno-data', 'cluster-bench')

const log = (line: string): void => {
  process.stderr.write(`${line}\n`)
}
const round1 = (x: number): number => Math.round(x * 10) / 10

async function healthP50(url: string, n = 60): Promise<number> {
  const ms: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    const res = await fetch(`${url}/health`)
    await res.arrayBuffer()
    if (i >= 10) ms.push(performance.now() - t) // the first ones open connections
  }
  return pct(ms, 50)
}

function cluster(args: readonly string[]): string {
  const res = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/cluster.ts', ...args, '--state-dir', STATE_DIR],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 300_000
    }
  )
  if (res.status !== 0) throw new Error(`cluster ${args[0] ?? ''} failed:\n${res.stdout}${res.stderr}`)
  return res.stdout.trim().split('\n').pop() ?? ''
}

/** A big city centre's desks at most per centre: more desks are spread over more centres (seed-centres.ts). */
const PER_CENTRE = Number(process.env['VIKNO_BENCH_PORTAL_PER_CENTRE'] ?? 200)

async function prepareDesks(db: PortalDb, desks: number): Promise<DeskSpec[]> {
  const centres = Math.ceil(desks / PER_CENTRE)
  if (centres <= 1) return issueDeskCodes(db, desks)
  const extra = await seedLoadCentres(db, makeDeps(), centres - 1)
  const per = Math.floor(desks / centres)
  const out = await issueDeskCodes(db, desks - per * extra.length)
  for (const c of extra) out.push(...(await issueDeskCodes(db, per, c.adminLogin, c.clerk)))
  return out
}

interface Target {
  url: string
  pids: () => number[]
  codes: DeskSpec[]
  kill?: () => Promise<void>
  stop: () => Promise<void>
}

async function pgliteTarget(desks: number): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'vikno-bench-portal-'))
  const db = await PgliteDb.open({ dataDir: dir })
  const portal = await createPortal({ db, rateLimit: false })
  await portal.seedDemo({ count: DEMO_COUNT, seed: 1 })
  const codes = await prepareDesks(db, desks)
  await portal.close()
  const port = await freePort()
  const proc = Proc.start('portal', 'src/portal/cli.ts', ['--no-citizens', '--rate-limit-per-minute', '0'], {
    PORT: String(port),
    PORTAL_DATA_DIR: dir
  })
  const url = await proc.waitFor((l) => l.startsWith('http://'), 120_000, 'the URL line')
  return {
    url,
    pids: () => [proc.pid],
    codes,
    stop: async () => {
      await proc.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

async function clusterTarget(desks: number, processes: number, replica: boolean): Promise<Target> {
  cluster(['down'])
  const port = await freePort()
  const balancer = cluster([
    'up',
    '--processes',
    String(processes),
    ...(replica ? ['--replica'] : []),
    '--demo-count',
    String(DEMO_COUNT),
    '--no-citizens',
    '--rate-limit-per-minute',
    '0',
    '--port',
    String(port)
  ])
  const state = readState(STATE_DIR)
  if (!state?.databaseUrl) throw new Error('cluster: no state after up')
  const db = new PgDb({ connectionString: state.databaseUrl, max: 2 })
  let codes: DeskSpec[]
  try {
    codes = await prepareDesks(db, desks)
  } finally {
    await db.close()
  }
  const first = state.portals[0]
  if (!first) throw new Error('cluster: no portal process')
  // One process without the balancer (pg-1), or the balancer in front of all of them.
  const url = processes === 1 && !replica ? `http://127.0.0.1:${first.port}` : balancer
  const killed = new Set<number>()
  return {
    url,
    pids: () => state.portals.map((p) => p.pid).filter((p) => !killed.has(p)),
    codes,
    kill: async () => {
      const victim = state.portals[state.portals.length - 1]
      if (!victim) return
      log(`  killing portal process ${state.portals.length} (pid ${victim.pid}, SIGKILL)`)
      killed.add(victim.pid)
      process.kill(victim.pid, 'SIGKILL')
    },
    stop: async () => {
      cluster(['down'])
    }
  }
}

type Row = LoadResult & { baseline_health_p50_ms: number; ratios: Record<string, number> }

async function measure(config: string, desks: number, killMidRun: boolean): Promise<Row> {
  log(`\n${config}, ${desks} desks${killMidRun ? ', one portal process killed mid-run' : ''}`)
  const target =
    config === 'pglite-1' ? await pgliteTarget(desks) : await clusterTarget(desks, config === 'pg-1' ? 1 : PROCESSES, config !== 'pg-1')
  try {
    const baseline = await healthP50(target.url)
    const kill = target.kill
    const result = await runLoad({
      url: target.url,
      desks: target.codes,
      intakeCentreId: DEMO_CENTRE.id,
      durationMs: DURATION_MS,
      submitsPerSecond: SUBMITS_PER_S,
      pushingShare: 1,
      pollMs: 30_000,
      settleMs: 15_000,
      portalPids: target.pids,
      ...(killMidRun && kill ? { midRun: { atMs: DURATION_MS / 2, action: kill } } : {}),
      log
    })
    const ratio = (x: number): number => (baseline > 0 ? round1(x / baseline) : 0)
    const row: Row = {
      ...result,
      baseline_health_p50_ms: round1(baseline),
      ratios: {
        pull_p50: ratio(result.pull_p50_ms),
        pull_p99: ratio(result.pull_p99_ms),
        push_p99: ratio(result.push_p99_ms),
        submit_p99: ratio(result.submit_p99_ms),
        propagation_p95: ratio(result.propagation_p95_ms)
      }
    }
    log(
      `  pull p50 ${row.pull_p50_ms} ms (${row.ratios['pull_p50']}x health) p99 ${row.pull_p99_ms} ms (${row.ratios['pull_p99']}x), ${row.pulls} pulls; ` +
        `push p99 ${row.push_p99_ms} ms (${row.pushes}); submit p99 ${row.submit_p99_ms} ms (${row.submits}); ` +
        `propagation p50 ${row.propagation_p50_ms} ms p95 ${row.propagation_p95_ms} ms; errors ${row.errors}, retried ${row.retried}, reconnects ${row.reconnects}, ` +
        `commands lost ${row.commands_lost}, not propagated ${row.not_propagated}; portal CPU ${String(row.portal_cpu_s)} s, load generator CPU ${row.loadgen_cpu_s} s; health p50 ${row.baseline_health_p50_ms} ms`
    )
    if (row.error_samples.length > 0) log(`  errors: ${row.error_samples.slice(0, 5).join(' | ')}`)
    return row
  } finally {
    await target.stop()
  }
}

async function main(): Promise<void> {
  const out: Record<string, Record<string, Row>> = {}
  for (const desks of DESKS) {
    for (const config of CONFIGS) {
      const rows = (out[config] ??= {})
      rows[String(desks)] = await measure(config, desks, false)
    }
  }
  let kill: Row | null = null
  if (CONFIGS.includes('cluster') && PROCESSES > 1 && process.env['VIKNO_BENCH_PORTAL_KILL'] !== '0')
    kill = await measure('cluster', DESKS[0] ?? 50, true)
  const summary = {
    quick: QUICK,
    seconds_per_run: DURATION_MS / 1000,
    submits_per_s: SUBMITS_PER_S,
    cluster_processes: PROCESSES,
    configurations: out,
    kill_one_process: kill && {
      desks: kill.desks,
      commands_lost: kill.commands_lost,
      errors: kill.errors,
      retried: kill.retried,
      reconnects: kill.reconnects,
      not_propagated: kill.not_propagated,
      pull_p99_ms: kill.pull_p99_ms,
      propagation_p95_ms: kill.propagation_p95_ms
    }
  }
  // The last line: one JSON object (bench/run-all.ts collects it); without the per-run error samples.
  const strip = (r: Row): Omit<Row, 'error_samples'> => {
    const { error_samples: _samples, ...rest } = r
    return rest
  }
  const configurations = Object.fromEntries(
    Object.entries(out).map(([c, rows]) => [c, Object.fromEntries(Object.entries(rows).map(([d, r]) => [d, strip(r)]))])
  )
  console.log(JSON.stringify({ ...summary, configurations }))
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error))
  try {
    cluster(['down'])
  } catch {
    // already reported
  }
  process.exit(1)
})
