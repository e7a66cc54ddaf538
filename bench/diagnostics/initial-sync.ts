/**
 * `npx tsx bench/diagnostics/initial-sync.ts`: the initial sync of bench/sync.ts alone (portal in its
 * own process on the cached 100k data; an empty workstation pulls everything), printing wall and
 * CPU seconds. Run under `node --cpu-prof` to see where the workstation's time goes. A diagnostic,
 * not a target: bench/sync.ts proves the targets.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { createWorkstation } from '../../src/main/workstation'
import { createLogger } from '../../src/main/log'
import { schemaFingerprint } from '../../src/portal/db/migrations'
import { DEMO_CENTRE, DEMO_CLERKS } from '../../src/shared/demo/clerks'
import { DEMO_GENERATOR_VERSION } from '../../src/shared/demo/generate'
import { freePort, Proc, ROOT } from '../../src/sim/processes'

const APPS = 100_000
const dataset = join(ROOT, 'node_modules', '.cache', 'vikno-bench', `portal-${APPS}-g${DEMO_GENERATOR_VERSION}-${schemaFingerprint()}`)
if (!existsSync(join(dataset, 'READY'))) throw new Error(`run npm run bench:sync once first (builds ${dataset})`)
const work = mkdtempSync(join(tmpdir(), 'vikno-diag-sync-'))
cpSync(dataset, join(work, 'portal'), { recursive: true })
const port = await freePort()
const portal = Proc.start('portal', 'src/portal/cli.ts', ['--no-citizens', '--demo'], {
  PORT: String(port),
  PORTAL_DATA_DIR: join(work, 'portal')
})
try {
  const url = (await portal.waitFor((l) => l.startsWith('http://'), 300_000, 'portal URL')).trim()
  const olena = DEMO_CLERKS[0]
  if (!olena) throw new Error('no demo clerk')
  const ws = await createWorkstation({
    dataDir: join(work, 'ws'),
    shell: 'web',
    appVersion: 'diag',
    catalogPath: join(ROOT, 'resources', 'catalog', 'services.json'),
    log: createLogger({ file: join(work, 'ws', 'workstation.log'), quiet: true }),
    portal: { url, enrolmentCode: DEMO_CENTRE.enrolmentCode, login: olena.login, password: olena.password }
  })
  const loop = monitorEventLoopDelay({ resolution: 5 })
  loop.enable()
  const portalCpu = processCpuSeconds(portal.pid)
  const cpu = process.cpuUsage()
  const started = performance.now()
  await ws.engine.syncNow()
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  const portalUsed = processCpuSeconds(portal.pid) - portalCpu
  loop.disable()
  const n = (sql: string): number => (ws.db.prepare(sql).get() as { n: number }).n
  const rows = n('SELECT count(*) AS n FROM applications') + n('SELECT count(*) AS n FROM application_events')
  process.stdout.write(
    `${rows} rows in ${seconds.toFixed(1)} s → ${Math.round(rows / seconds)} rows/s; CPU ${((used.user + used.system) / 1e6).toFixed(1)} s → ${Math.round(rows / ((used.user + used.system) / 1e6))} rows per CPU s; portal CPU ${portalUsed.toFixed(1)} s; event-loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms, max ${(loop.max / 1e6).toFixed(0)} ms\n`
  )
  await ws.close()
  const rebuilt = readFileSync(join(work, 'ws', 'workstation.log'), 'utf8')
    .split('\n')
    .find((l) => l.includes('indexes deferred by the initial sync rebuilt'))
  if (rebuilt) process.stdout.write(`${rebuilt}\n`)
  if (process.env['KEEP']) {
    cpSync(join(work, 'ws'), process.env['KEEP'], { recursive: true })
    process.stdout.write(`workstation folder kept in ${process.env['KEEP']}\n`)
  }
} finally {
  await portal.stop()
  rmSync(work, { recursive: true, force: true })
}

/** utime + stime of a process, from /proc (Linux). */
function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}
