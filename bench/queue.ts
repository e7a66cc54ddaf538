/**
 * `npm run bench:queue`: the queue at the scale of a large city's centre over several years.
 *
 * Builds (once) a 1,000,000-application database with the demo generator's bulk path
 * (scripts/generate-demo.ts) and caches it under node_modules/.cache/vikno-bench/, keyed by the
 * row count, seed, generator version and schema version: building takes minutes, and a stale file
 * (older generator or schema) is rebuilt, never measured. Then times the representative queue
 * requests of src/main/db/queue-bench-queries.ts (each tab's first page, each filter, each sort,
 * the counters, and searches by number, surname prefix, full name, РНОКПП and phone) through the
 * same repository functions the workstation's handlers call.
 *
 * Figures: p50/p95 per request, and ratios against a baseline measured in the same run — a
 * 100-row page read by primary key with the same joins (the floor any page costs); point lookups
 * by rowid are printed too. The last line is one JSON object.
 *
 *   VIKNO_BENCH_ROWS=200000 npm run bench:queue   (a smaller file, for a quick look)
 *
 * Encryption at rest (issue 20 item 4): `--cipher on` (the default, what a workstation runs) measures
 * an encrypted copy of the file; `--cipher off` the plain file; `--cipher both` measures both in the
 * same run and prints each query's encrypted/plain ratio and their geometric mean. (Also
 * VIKNO_BENCH_CIPHER.) The encrypted copy is cached beside the plain one, under a fixed bench key.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { join } from 'node:path'
import { countQueue, listQueue, type QueueContext } from '../src/main/db/queue-repository'
import { closeDatabase, encryptOpenDatabase, openDatabase } from '../src/main/db/connection'
import { latestVersion } from '../src/main/db/migrations'
import { benchQueries, benchSample, type BenchSample } from '../src/main/db/queue-bench-queries'
import { prepared } from '../src/main/db/sql'
import { DEMO_GENERATOR_VERSION } from '../src/shared/demo/generate'
import { DEFAULT_CALENDAR } from '../src/shared/domain/calendar'
import { queueQuerySchema } from '../src/shared/queue'
import { ROOT } from '../scripts/lib/paths'

const ROWS = Number(process.env['VIKNO_BENCH_ROWS'] ?? 1_000_000)
const SEED = 42
/** The demo's clock, fixed so the cached file and the "today" of the due tab agree. */
const NOW = '2026-03-02T11:30:00+02:00'
const ITERATIONS = 200
const WARMUP = 20
const TARGET_P95_MS = 15

const cipherArg = parseArgs({ options: { cipher: { type: 'string' } }, strict: false }).values.cipher
const CIPHER = String(cipherArg ?? process.env['VIKNO_BENCH_CIPHER'] ?? 'on')
if (!['on', 'off', 'both'].includes(CIPHER)) {
  process.stderr.write(`--cipher must be on, off or both (not ${CIPHER})\n`)
  process.exit(2)
}
/** A fixed key: the bench measures the cipher's cost, not the secrecy of its file. */
const BENCH_KEY = Buffer.alloc(32, 0x5a)

const cacheDir = join(ROOT, 'node_modules', '.cache', 'vikno-bench')
const file = join(cacheDir, `queue-${ROWS}-seed${SEED}-g${DEMO_GENERATOR_VERSION}-s${latestVersion()}.sqlite`)

if (!existsSync(file)) {
  mkdirSync(cacheDir, { recursive: true })
  process.stderr.write(`building ${ROWS} applications → ${file} (minutes; cached for the next run)\n`)
  const res = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      'scripts/generate-demo.ts',
      '--count',
      String(ROWS),
      '--seed',
      String(SEED),
      '--now',
      NOW,
      '--out',
      file,
      '--force'
    ],
    { cwd: ROOT, stdio: ['ignore', process.stderr, 'inherit'] }
  )
  if (res.status !== 0) {
    process.stderr.write(`demo generator failed (exit ${res.status ?? 'signal'})\n`)
    process.exit(1)
  }
} else {
  process.stderr.write(`using cached ${file}\n`)
}

/** The encrypted copy of the cached file (made once, then cached beside it). */
function encryptedCopy(): string {
  const enc = file.replace(/\.sqlite$/, '.encrypted.sqlite')
  if (existsSync(enc)) return enc
  process.stderr.write(`encrypting a copy of the bench file → ${enc}\n`)
  const tmp = `${enc}.tmp`
  rmSync(tmp, { force: true })
  copyFileSync(file, tmp)
  const db = openDatabase(tmp)
  encryptOpenDatabase(db, BENCH_KEY)
  closeDatabase(db)
  renameSync(tmp, enc)
  return enc
}

function round(x: number, digits = 3): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

interface Result {
  name: string
  p50_ms: number
  p95_ms: number
  ratio_p50: number
  rows_listed: number
  total: number
}

interface Run {
  rows: number
  point: { p50: number; p95: number }
  pkPage: { p50: number; p95: number }
  results: Result[]
}

function runOn(path: string, key: Buffer | null): Run {
  const db = openDatabase(path, { key })
  // What a workstation that has been running a while has: the hot pages in its cache.
  db.pragma('cache_size = -65536')
  const rows = prepared<{ n: number }>(db, 'SELECT count(*) AS n FROM applications').get()?.n ?? 0
  const maxRowid = prepared<{ m: number }>(db, 'SELECT max(rowid) AS m FROM applications').get()?.m ?? 1

  function percentile(sorted: readonly number[], p: number): number {
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
  }

  function measure(run: (i: number) => unknown): { p50: number; p95: number } {
    for (let i = 0; i < WARMUP; i++) run(i)
    const times: number[] = []
    for (let i = 0; i < ITERATIONS; i++) {
      const t = performance.now()
      run(i)
      times.push(performance.now() - t)
    }
    times.sort((a, b) => a - b)
    return { p50: percentile(times, 50), p95: percentile(times, 95) }
  }

  // A deterministic spread of rowids (no Math.random: runs compare).
  const spread = (i: number, salt: number): number => 1 + ((i * 2654435761 + salt * 40503) % maxRowid)

  // Baselines: a point lookup by rowid, and a 100-row page by primary key with the queue's joins.
  const point = measure((i) => prepared(db, 'SELECT id FROM applications WHERE rowid = ?').get(spread(i, 1)))
  const pkPage = measure((i) =>
    prepared(
      db,
      `SELECT a.id, a.order_number, p.surname, p.given_name, s.name_uk FROM applications a
       CROSS JOIN applicants p ON p.id = a.applicant_id CROSS JOIN services s ON s.id = a.service_id
       WHERE a.rowid >= ? ORDER BY a.rowid LIMIT 100`
    ).all(spread(i, 2))
  )

  // Twenty samples of real values from across the file, rotated so searches do not repeat one row.
  const samples: BenchSample[] = Array.from({ length: 20 }, (_, k) => benchSample(db, spread(k, 3)))
  const ctx: QueueContext = { clerkId: samples[0]?.holderClerkId ?? null, now: NOW, calendar: DEFAULT_CALENDAR }
  const names = benchQueries(samples[0] as BenchSample).map((q) => q.name)
  const results: Result[] = []
  names.forEach((name, k) => {
    const variants = samples.map((s) => benchQueries(s)[k]).filter((q) => q !== undefined)
    let listed = 0
    let total = 0
    const timing = measure((i) => {
      const q = variants[i % variants.length]
      if (q === undefined) return
      if ('counts' in q) {
        countQueue(db, ctx)
        return
      }
      const page = listQueue(db, queueQuerySchema.parse(q.query), {
        ...ctx,
        clerkId: q.query.tab === 'mine' ? (samples[i % samples.length]?.holderClerkId ?? null) : ctx.clerkId
      })
      listed = page.rows.length
      total = page.total
    })
    results.push({
      name,
      p50_ms: round(timing.p50),
      p95_ms: round(timing.p95),
      ratio_p50: round(timing.p50 / pkPage.p50, 1),
      rows_listed: listed,
      total
    })
  })

  closeDatabase(db)
  return { rows, point, pkPage, results }
}

const pad = (s: string, n: number): string => s.padEnd(n)
const runs: { cipher: 'off' | 'on'; run: Run }[] = []
if (CIPHER !== 'on') runs.push({ cipher: 'off', run: runOn(file, null) })
if (CIPHER !== 'off') runs.push({ cipher: 'on', run: runOn(encryptedCopy(), BENCH_KEY) })

for (const { cipher, run } of runs) {
  const { rows, point, pkPage, results } = run
  console.log(
    `\n${cipher === 'on' ? 'ENCRYPTED' : 'PLAIN'} database: ${rows} applications; ${ITERATIONS} runs each after ${WARMUP} warm-up runs`
  )
  console.log(
    `baseline: 100-row primary-key page p50 ${pkPage.p50.toFixed(3)} ms, p95 ${pkPage.p95.toFixed(3)} ms; point lookup by rowid p50 ${point.p50.toFixed(4)} ms`
  )
  console.log(
    `${pad('query', 32)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'×base'.padStart(7)} ${'total'.padStart(8)}  target p95 < ${TARGET_P95_MS} ms`
  )
  for (const r of results) {
    console.log(
      `${pad(r.name, 32)} ${r.p50_ms.toFixed(2).padStart(8)} ${r.p95_ms.toFixed(2).padStart(8)} ${r.ratio_p50.toFixed(1).padStart(7)} ${String(r.total).padStart(8)}  ${r.p95_ms < TARGET_P95_MS ? 'ok' : 'MISS'}`
    )
  }
}

// The cost of encryption: each query's p50 on the encrypted file over the plain one, same run.
const plainRun = runs.find((r) => r.cipher === 'off')?.run ?? null
const encRun = runs.find((r) => r.cipher === 'on')?.run ?? null
let cipherCost: { per_query: { name: string; ratio_p50: number }[]; geomean_p50: number; pk_page_ratio_p50: number } | null = null
if (plainRun && encRun) {
  const perQuery = plainRun.results.map((p, k) => ({
    name: p.name,
    ratio_p50: round((encRun.results[k]?.p50_ms ?? 0) / Math.max(p.p50_ms, 1e-6), 2)
  }))
  const geomean = Math.exp(perQuery.reduce((sum, q) => sum + Math.log(Math.max(q.ratio_p50, 1e-6)), 0) / Math.max(1, perQuery.length))
  cipherCost = { per_query: perQuery, geomean_p50: round(geomean, 2), pk_page_ratio_p50: round(encRun.pkPage.p50 / plainRun.pkPage.p50, 2) }
  console.log(`\nencrypted / plain, p50 (1.00 = no cost):`)
  for (const q of perQuery) console.log(`${pad(q.name, 32)} ${q.ratio_p50.toFixed(2).padStart(8)}`)
  console.log(
    `${pad('geometric mean', 32)} ${cipherCost.geomean_p50.toFixed(2).padStart(8)}   (100-row pk page: ${cipherCost.pk_page_ratio_p50.toFixed(2)})`
  )
}

// The figures of the encrypted run when there is one (what a workstation runs), the plain one otherwise.
const main = encRun ?? plainRun
if (!main) throw new Error('no run')
const { rows, point, pkPage, results } = main
const misses = results.filter((r) => r.p95_ms >= TARGET_P95_MS).map((r) => r.name)
console.log(
  JSON.stringify({
    rows,
    queries: results.map((r) => ({ name: r.name, p50_ms: r.p50_ms, p95_ms: r.p95_ms, ratio: r.ratio_p50, total: r.total })),
    baseline_ms: round(pkPage.p50),
    baseline: { pk_page_100_p50_ms: round(pkPage.p50), pk_page_100_p95_ms: round(pkPage.p95), point_lookup_p50_ms: round(point.p50, 4) },
    target_p95_ms: TARGET_P95_MS,
    misses,
    cipher: CIPHER,
    cipher_cost: cipherCost
  })
)
