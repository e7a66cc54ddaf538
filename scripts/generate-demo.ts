/**
 * Creates a workstation database filled with demo applications:
 *
 *   tsx scripts/generate-demo.ts --count 1000000 --out .vikno-data/demo.sqlite [--seed 42]
 *        [--now 2026-03-02T12:00:00+02:00] [--catalog resources/catalog/services.json] [--threads 1|2] [--force]
 *
 * Generating (pure JavaScript: names, deadlines, the state machine) and storing (SQLite) each take
 * about one core, so with --threads 2 (the default) a worker thread generates while the main
 * thread stores. The same seed and --now give the same data whatever the thread count.
 * The file is built as <out>.partial and renamed when complete: a crash never leaves a
 * half-filled database under the real name.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import { analyzeDatabase, startBulkLoad, toBulkRows, type BulkRows } from '../src/main/db/bulk-load'
import { loadCatalogueFile, seedCatalogue } from '../src/main/db/catalogue-repository'
import { closeDatabase, openDatabase } from '../src/main/db/connection'
import { writeSetting } from '../src/main/db/settings'
import type { Service } from '../src/shared/catalogue'
import { DEMO_CENTRE } from '../src/shared/demo/clerks'
import { generateDemo } from '../src/shared/demo/generate'
import { DEFAULT_CALENDAR } from '../src/shared/domain/calendar'

const BATCH = 10_000
/** Batches the worker may have sent ahead of the writer: bounds memory to a few hundred MB. */
const AHEAD = 3

interface Job {
  seed: number
  count: number
  now: string
  services: Service[]
}

type FromWorker = { kind: 'batch'; items: BulkRows[] } | { kind: 'done' } | { kind: 'error'; message: string }

/**
 * Batches of ready-made row parameters: turning records into rows (JSON, search keys) happens on
 * the generating thread, and flat rows are also cheaper to copy between threads than records.
 */
function* batches(job: Job): Generator<BulkRows[]> {
  let batch: BulkRows[] = []
  for (const item of generateDemo({ ...job, centreId: DEMO_CENTRE.id, calendar: DEFAULT_CALENDAR })) {
    batch.push(toBulkRows(item))
    if (batch.length === BATCH) {
      yield batch
      batch = []
    }
  }
  if (batch.length > 0) yield batch
}

async function workerMain(port: NonNullable<typeof parentPort>, job: Job): Promise<void> {
  let credits = AHEAD
  let wake: (() => void) | null = null
  port.on('message', () => {
    credits++
    wake?.()
    wake = null
  })
  try {
    for (const items of batches(job)) {
      while (credits === 0) await new Promise<void>((r) => (wake = r))
      credits--
      port.postMessage({ kind: 'batch', items } satisfies FromWorker)
    }
    port.postMessage({ kind: 'done' } satisfies FromWorker)
  } catch (error) {
    port.postMessage({
      kind: 'error',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error)
    } satisfies FromWorker)
  } finally {
    port.close()
  }
}

/** Hands batches over as they come, from a worker thread or generated right here. */
async function* produce(job: Job, threads: number): AsyncGenerator<BulkRows[], void, void> {
  if (threads < 2) {
    yield* batches(job)
    return
  }
  // A worker does not inherit tsx's module hooks (Node 20): the bootstrap registers them, then
  // loads this same file, which sees it is not the main thread.
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}) })`
  const worker = new Worker(boot, { eval: true, workerData: job })
  const queue: FromWorker[] = []
  let notify: (() => void) | null = null
  const push = (m: FromWorker): void => {
    queue.push(m)
    notify?.()
    notify = null
  }
  worker.on('message', (m: FromWorker) => push(m))
  worker.on('error', (e) => push({ kind: 'error', message: e.stack ?? e.message }))
  worker.on('exit', (code) => {
    if (code !== 0) push({ kind: 'error', message: `generator thread exited with code ${code}` })
  })
  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((r) => (notify = r))
      const m = queue.shift() as FromWorker
      if (m.kind === 'done') return
      if (m.kind === 'error') throw new Error(m.message)
      yield m.items
      worker.postMessage('ack')
    }
  } finally {
    await worker.terminate()
  }
}

function usage(message: string): never {
  process.stderr.write(
    `${message}\nusage: tsx scripts/generate-demo.ts --count N --out FILE [--seed 42] [--now ISO] [--catalog FILE] [--threads 1|2] [--force]\n`
  )
  process.exit(2)
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '1000' },
      out: { type: 'string' },
      seed: { type: 'string', default: '42' },
      now: { type: 'string' },
      catalog: { type: 'string', default: 'resources/catalog/services.json' },
      threads: { type: 'string', default: '2' },
      force: { type: 'boolean', default: false }
    }
  })
  const count = Number(values.count)
  const seed = Number(values.seed)
  const threads = Number(values.threads)
  if (!Number.isSafeInteger(count) || count < 0) usage(`--count must be a whole number, got ${values.count}`)
  if (!Number.isSafeInteger(seed)) usage(`--seed must be a whole number, got ${values.seed}`)
  if (!values.out) usage('--out is required')
  const out = resolve(values.out)
  if (existsSync(out) && !values.force) usage(`${out} exists; pass --force to replace it`)
  // The demo's clock: given, or this moment (the one place this script reads the clock).
  const now = values.now ?? new Date().toISOString()
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(now))
    usage(`--now must be an ISO instant with an offset, got ${now}`)

  const services = loadCatalogueFile(resolve(values.catalog))
  const partial = `${out}.partial`
  mkdirSync(dirname(out), { recursive: true })
  for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true })
  const db = openDatabase(partial, { log: (m) => process.stdout.write(`${m}\n`) })
  const started = performance.now()
  let stored = 0
  try {
    seedCatalogue(db, services)
    writeSetting(db, 'demo.generated', { seed, count, now, centreId: DEMO_CENTRE.id })
    const loader = startBulkLoad(db, { freshDatabase: true, scratchFile: true })
    try {
      let nextReport = 0
      for await (const items of produce({ seed, count, now, services }, threads)) {
        loader.writeRows(items)
        stored += items.length
        if (stored >= nextReport || stored === count) {
          const s = (performance.now() - started) / 1000
          process.stdout.write(
            `${String(stored).padStart(9)} / ${count}  ${((stored / Math.max(count, 1)) * 100).toFixed(0).padStart(3)}%  ${(stored / s).toFixed(0)} rows/s\n`
          )
          nextReport = stored + Math.max(BATCH, Math.floor(count / 20))
        }
      }
      process.stdout.write('building indexes…\n')
    } finally {
      loader.finish()
    }
    analyzeDatabase(db)
  } finally {
    closeDatabase(db)
  }
  // A -wal file left by an earlier database of the same name would be replayed into this one.
  for (const f of [out, `${out}-wal`, `${out}-shm`]) rmSync(f, { force: true })
  renameSync(partial, out)
  const seconds = (performance.now() - started) / 1000
  const mb = statSync(out).size / 1_048_576
  process.stdout.write(
    `${stored} applications in ${seconds.toFixed(1)} s (${(stored / Math.max(seconds, 0.001)).toFixed(0)} rows/s, ${threads >= 2 ? 2 : 1} thread(s)), ${mb.toFixed(0)} MB → ${out}\n`
  )
}

if (isMainThread) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exit(1)
  })
} else if (parentPort) {
  void workerMain(parentPort, workerData as Job)
}
