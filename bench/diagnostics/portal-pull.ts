/**
 * `npx tsx bench/diagnostics/portal-pull.ts [--db pglite|postgres] [--limit 2000] [--passes 3]`: the portal's side of an
 * initial sync alone. The portal runs in its own process (src/portal/cli.ts, as in bench/sync.ts) on
 * the same 100,000-application data; this process enrols a workstation and pulls every page over
 * loopback HTTP from cursor 0, `passes` times, doing no more than a workstation must (read the body,
 * JSON.parse, find the newest event for the next request's `after`). No SQLite: what is measured is
 * what the portal costs per change served. A diagnostic, not a target (no baseline): `npm run bench`
 * does not run it; bench/sync.ts proves the targets.
 *
 * Reported per pass: changes, bytes, wall seconds, changes/s, and the portal process's CPU seconds
 * (utime+stime from /proc): on a shared, noisy machine the CPU figure is the one to compare. With
 * PostgreSQL the server's work is in its backends, not in the portal process: their CPU seconds
 * (the backends connected to the bench database, read from /proc) are reported as well.
 *
 *   --db pglite   (default) a copy of bench/sync.ts's cached PGlite data folder (built there once).
 *   --db postgres the database in VIKNO_BENCH_PG_URL (default postgres://vikno:vikno@127.0.0.1:5432/vikno_bench_pull),
 *                 seeded with the same demo data on first use (minutes), then kept.
 *   --validate    also validate every page with pullResponseSchema (client-side cost, off by default).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { randomUUID } from 'node:crypto'
import { enrolWorkstation, signInClerk } from '../../src/main/sync/http-transport'
import { schemaFingerprint } from '../../src/portal/db/migrations'
import { PgDb } from '../../src/portal/db/pg-db'
import { firstCentre } from '../../src/portal/db/centres-repository'
import { createPortal } from '../../src/portal/index'
import { DEMO_CENTRE } from '../../src/shared/demo/clerks'
import { DEMO_GENERATOR_VERSION } from '../../src/shared/demo/generate'
import { newestEvent, pullResponseSchema, type CursorEvent, type PullResponse } from '../../src/shared/protocol'
import { freePort, Proc, ROOT } from '../../src/sim/processes'

const APPS = Number(process.env['VIKNO_BENCH_SYNC_APPS'] ?? 100_000)
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback
}
const DB = arg('--db', 'pglite')
const LIMIT = Number(arg('--limit', '2000'))
const PASSES = Number(arg('--passes', '3'))
const VALIDATE = process.argv.includes('--validate')
const PG_URL = process.env['VIKNO_BENCH_PG_URL'] ?? 'postgres://vikno:vikno@127.0.0.1:5432/vikno_bench_pull'

const log = (line: string): void => {
  process.stderr.write(`${line}\n`)
}

function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // After "pid (comm) ": utime and stime are fields 14 and 15, in clock ticks (100 per second on Linux).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

async function seedPostgres(): Promise<void> {
  const db = new PgDb({ connectionString: PG_URL })
  try {
    const portal = await createPortal({
      db,
      clock: () => new Date('2026-11-27T10:00:00+02:00'),
      rateLimit: false,
      closeDb: false,
      demoEnrolment: true
    })
    if (!(await firstCentre(db))) {
      log(`seeding ${APPS} applications into ${PG_URL} (once; minutes)`)
      const started = performance.now()
      await portal.seedDemo({ count: APPS, seed: 1 })
      log(`  seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`)
    }
    await portal.close()
  } finally {
    await db.close()
  }
}

interface Pass {
  changes: number
  bytes: number
  pages: number
  seconds: number
  portalCpuSeconds: number
  /** PostgreSQL only: CPU seconds of the server's backends serving the portal. */
  serverCpuSeconds: number | null
}

/** CPU seconds of each PostgreSQL backend connected to the bench database, by pid (same machine). */
async function backendCpu(admin: PgDb | null): Promise<Map<number, number> | null> {
  if (!admin) return null
  const rows = await admin.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()'
  )
  const out = new Map<number, number>()
  for (const r of rows) {
    try {
      out.set(r.pid, processCpuSeconds(r.pid))
    } catch {
      // A backend that ended meanwhile (or another user's process we cannot read): not ours to count.
    }
  }
  return out
}

async function pullAll(url: string, token: string, pid: number, admin: PgDb | null): Promise<Pass> {
  let cursor = 0
  let after: CursorEvent | null = null
  let changes = 0
  let bytes = 0
  let pages = 0
  const server0 = await backendCpu(admin)
  const cpu0 = processCpuSeconds(pid)
  const t0 = performance.now()
  for (;;) {
    const query = new URLSearchParams({ cursor: String(cursor), limit: String(LIMIT) })
    if (after) {
      query.set('eventVersion', String(after.version))
      query.set('eventId', after.id)
    }
    const res = await fetch(`${url}/sync/pull?${query.toString()}`, { headers: { authorization: `Bearer ${token}` } })
    if (!res.ok) throw new Error(`pull: HTTP ${res.status} ${await res.text()}`)
    const text = await res.text()
    bytes += Buffer.byteLength(text)
    const body = JSON.parse(text) as unknown
    const page: PullResponse = VALIDATE ? pullResponseSchema.parse(body) : (body as PullResponse)
    if (page.reset) throw new Error('pull: unexpected reset')
    changes += page.changes.length
    pages++
    after = newestEvent(page.changes, after)
    cursor = page.nextCursor
    if (!page.hasMore) break
  }
  const seconds = (performance.now() - t0) / 1000
  const portalCpuSeconds = processCpuSeconds(pid) - cpu0
  const server1 = await backendCpu(admin)
  const serverCpuSeconds = server0 && server1 ? [...server1].reduce((sum, [p, cpu]) => sum + cpu - (server0.get(p) ?? 0), 0) : null
  return { changes, bytes, pages, seconds, portalCpuSeconds, serverCpuSeconds }
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'vikno-bench-pull-'))
  let portal: Proc | null = null
  const admin = DB === 'postgres' ? new PgDb({ connectionString: PG_URL, max: 1 }) : null
  try {
    const env: Record<string, string> = { PORT: String(await freePort()) }
    if (DB === 'postgres') {
      await seedPostgres()
      env['DATABASE_URL'] = PG_URL
    } else {
      const dataset = join(
        ROOT,
        'node_modules',
        '.cache',
        'vikno-bench',
        `portal-${APPS}-g${DEMO_GENERATOR_VERSION}-${schemaFingerprint()}`
      )
      if (!existsSync(join(dataset, 'READY'))) throw new Error(`${dataset} is missing: run \`npm run bench:sync\` once to build it`)
      cpSync(dataset, join(work, 'portal'), { recursive: true })
      env['PORTAL_DATA_DIR'] = join(work, 'portal')
    }
    portal = Proc.start('portal', 'src/portal/cli.ts', ['--no-citizens', '--demo'], env)
    const url = (await portal.waitFor((l) => l.startsWith('http://'), 300_000, 'portal URL')).trim()
    const enrolled = await enrolWorkstation(url, {
      enrolmentCode: DEMO_CENTRE.enrolmentCode,
      workstationId: randomUUID(),
      creationNonce: randomUUID(),
      label: 'bench pull'
    })
    // Nothing personal is read until a clerk has signed in there through the portal (issue 20).
    await signInClerk(url, enrolled.token, 'olena', 'vikno-demo')
    const passes: Pass[] = []
    for (let i = 0; i < PASSES; i++) {
      const load = loadavg()[0] ?? 0
      const p = await pullAll(url, enrolled.token, portal.pid, admin)
      passes.push(p)
      log(
        `pass ${i + 1}: ${p.changes} changes in ${p.pages} pages, ${(p.bytes / 1e6).toFixed(1)} MB, ${p.seconds.toFixed(1)} s → ${Math.round(p.changes / p.seconds)} changes/s; ` +
          `portal CPU ${p.portalCpuSeconds.toFixed(2)} s → ${Math.round(p.changes / p.portalCpuSeconds)} changes per portal CPU-second` +
          `${p.serverCpuSeconds === null ? '' : `; PostgreSQL backends' CPU ${p.serverCpuSeconds.toFixed(2)} s`}; load ${load.toFixed(2)}`
      )
    }
    if (passes.length === 0) return
    const best = passes.reduce((a, b) => (b.portalCpuSeconds < a.portalCpuSeconds ? b : a))
    process.stdout.write(
      `${JSON.stringify({
        db: DB,
        limit: LIMIT,
        changes: best.changes,
        bytes: best.bytes,
        best_changes_per_s: Math.round(Math.max(...passes.map((p) => p.changes / p.seconds))),
        best_changes_per_portal_cpu_s: Math.round(best.changes / best.portalCpuSeconds),
        portal_cpu_s: passes.map((p) => Number(p.portalCpuSeconds.toFixed(2))),
        server_cpu_s: passes.map((p) => (p.serverCpuSeconds === null ? null : Number(p.serverCpuSeconds.toFixed(2)))),
        wall_s: passes.map((p) => Number(p.seconds.toFixed(2))),
        load1: Number((loadavg()[0] ?? 0).toFixed(2))
      })}\n`
    )
  } finally {
    await portal?.stop()
    await admin?.close()
    rmSync(work, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
