/**
 * The cluster test (issue 19; a step of `npm test`): starts the portal's cluster with the REAL
 * script (`scripts/cluster.ts up --processes 2 --replica`), puts 20 desks on it for 30 s
 * (bench/lib/portal-load.ts: nudge streams, pulls on nudges and a poll, clerks pushing signed notes,
 * citizens submitting 2 a second through the balancer), asserts no errors, every submission at
 * every desk, and that the pulls read the change log on the streaming replica (its own statistics),
 * then `down`, and asserts nothing is left running (no recorded pid alive, every port free).
 * Its own state folder (.vikno-data/cluster-test), so a developer's cluster is not touched.
 * Prints "Cluster test: N passed, N failed" for the runner's total. CLUSTER_TEST_SECONDS shortens it.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { PgDb } from '../src/portal/db/pg-db'
import { issueDeskCodes, runLoad, type DeskSpec } from '../bench/lib/portal-load'
import { DEMO_CENTRE } from '../src/shared/demo/clerks'
import { alive, freePort, listening, readState, runningParts, type ClusterState } from './lib/cluster'
import { ROOT } from './lib/paths'

const STATE_DIR = join(ROOT, '.vikno-data', 'cluster-test')
const DESKS = 20
const SECONDS = Number(process.env['CLUSTER_TEST_SECONDS'] ?? 30)

let passed = 0
let failed = 0
function check(what: string, ok: boolean, detail = ''): void {
  if (ok) passed++
  else failed++
  console.log(`${ok ? '  ✓' : '  ✗'} ${what}${ok || !detail ? '' : ` — ${detail}`}`)
}

function cluster(args: readonly string[]): { status: number | null; out: string } {
  const res = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/cluster.ts', ...args, '--state-dir', STATE_DIR],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 240_000
    }
  )
  return { status: res.status, out: `${res.stdout ?? ''}${res.stderr ?? ''}` }
}

async function main(): Promise<void> {
  cluster(['down']) // a previous run that died half-way
  const port = await freePort()
  const started = Date.now()
  const upRun = cluster([
    'up',
    '--processes',
    '2',
    '--replica',
    '--demo-count',
    '200',
    '--no-citizens',
    '--rate-limit-per-minute',
    '0',
    '--port',
    String(port)
  ])
  const lastLine = upRun.out.trim().split('\n').pop() ?? ''
  check('`cluster up --processes 2 --replica` exits 0', upRun.status === 0, upRun.out.slice(-2000))
  check('its last line is the portal`s URL (the balancer)', lastLine === `http://127.0.0.1:${port}`, lastLine)
  const state: ClusterState | null = readState(STATE_DIR)
  try {
    if (upRun.status !== 0 || !state?.databaseUrl) return
    console.log(`  cluster up in ${((Date.now() - started) / 1000).toFixed(1)} s: ${runningParts(state).join('; ')}`)
    check(
      'two portal processes, HAProxy, the primary and the replica run',
      runningParts(state).length === 5,
      runningParts(state).join(', ')
    )
    const db = new PgDb({ connectionString: state.databaseUrl, max: 2 })
    let desks: DeskSpec[]
    try {
      desks = await issueDeskCodes(db, DESKS)
    } finally {
      await db.close()
    }
    // Where the reads go (README "Read replica"): pulls and status reads on the replica, writes on the
    // primary. Read from each server's own statistics of the change log's scans, before and after.
    const scansBefore = state.readDatabaseUrl ? await changeLogScans(state.readDatabaseUrl) : null
    const result = await runLoad({
      url: lastLine,
      desks,
      intakeCentreId: DEMO_CENTRE.id,
      durationMs: SECONDS * 1000,
      submitsPerSecond: 2,
      pushingShare: 1,
      pollMs: 30_000,
      settleMs: 15_000,
      portalPids: () => state.portals.map((p) => p.pid),
      log: (line) => console.log(line)
    })
    console.log(`  ${JSON.stringify(result)}`)
    check(`${DESKS} desks enrolled and held their streams`, result.desks === DESKS, String(result.desks))
    check('citizens submitted through the balancer', result.submits >= SECONDS, String(result.submits))
    check('desks pulled', result.pulls >= DESKS, String(result.pulls))
    check('no errors', result.errors === 0, result.error_samples.join(' | '))
    check('no command lost', result.commands_lost === 0, String(result.commands_lost))
    check('every submission is at every desk', result.not_propagated === 0 && result.submits > 0, String(result.not_propagated))
    if (state.readDatabaseUrl && scansBefore) {
      const after = await changeLogScans(state.readDatabaseUrl)
      check('the replica is a standby (pg_is_in_recovery)', after.inRecovery, 'the read database is not a replica')
      check(
        'pulls read the change log on the replica',
        after.scans - scansBefore.scans >= DESKS,
        `${after.scans - scansBefore.scans} scans of application_events on the replica during the run`
      )
    }
  } finally {
    const downRun = cluster(['down'])
    check('`cluster down` exits 0', downRun.status === 0, downRun.out.slice(-2000))
    const again = cluster(['down'])
    check('`cluster down` again (idempotent) exits 0', again.status === 0, again.out.slice(-2000))
    if (state) {
      const pids = state.portals.map((p) => p.pid).filter(alive)
      check('no portal process left', pids.length === 0, pids.join(', '))
      check('nothing recorded still runs', runningParts(state).length === 0, runningParts(state).join(', '))
      const ports = [port, ...state.portals.map((p) => p.port), state.primary?.port, state.replica?.port].filter(
        (p): p is number => p !== undefined
      )
      const open: number[] = []
      for (const p of ports) if (await listening(p)) open.push(p)
      check(`every port free (${ports.join(', ')})`, open.length === 0, open.join(', '))
    }
  }
}

/**
 * The scans of the change log (application_events) the server at `url` has counted itself, and
 * whether it is a standby. Statistics reach the view when a backend goes idle (at most ~10 s
 * later in PostgreSQL 15): the load's settle time covers it, and it is polled a little anyway.
 */
async function changeLogScans(url: string): Promise<{ scans: number; inRecovery: boolean }> {
  const db = new PgDb({ connectionString: url, max: 1 })
  try {
    const rows = await db.query<{ scans: string | number | null; rec: boolean }>(
      `SELECT (SELECT coalesce(sum(coalesce(idx_scan, 0) + coalesce(seq_scan, 0)), 0) FROM pg_stat_user_tables WHERE relname = 'application_events') AS scans,
              pg_is_in_recovery() AS rec`
    )
    return { scans: Number(rows[0]?.scans ?? 0), inRecovery: rows[0]?.rec === true }
  } finally {
    await db.close()
  }
}

main()
  .catch((error: unknown) => {
    failed++
    console.log(`  ✗ ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  })
  .finally(() => {
    console.log(`Cluster test: ${passed} passed, ${failed} failed`)
    process.exit(failed > 0 ? 1 : 0)
  })
