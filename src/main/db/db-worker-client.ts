import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { DbWorkerData, FromDbWorker, ToDbWorker } from './db-worker-protocol'

export interface DbWorkerOptions {
  nativeBinding?: string
  /** PASSIVE checkpoint every this many ms (default 1000). */
  intervalMs?: number
  /**
   * The worker ended without being stopped (failed to load — e.g. a packaging problem — or
   * crashed). The caller must take checkpoints back, or the write-ahead log grows without bound.
   */
  onLost?: (reason: string) => void
}

export interface CheckpointResult {
  busy: boolean
  frames: number
  checkpointed: number
}

/**
 * The main thread's handle on db-worker.ts. The main connection runs with wal_autocheckpoint = 0
 * (connection.ts): without this worker its write-ahead log would only grow.
 */
export interface DbWorker {
  /** One checkpoint now (tests, and a shell that wants one before a backup). */
  checkpoint(): Promise<CheckpointResult>
  /** Rebuilds indexes deferred by an initial sync (deferred-indexes.ts) on the worker's connection. */
  restoreDeferred(): Promise<boolean>
  /**
   * Closes the worker's connection and waits for that (synchronously, bounded), so the caller can
   * then checkpoint and close the last connection: the file is complete on its own afterwards.
   */
  stop(): void
  readonly running: boolean
}

/** Live workers, for tests that check none is leaked. */
let live = 0
export function liveDbWorkers(): number {
  return live
}

/**
 * Where the worker's code is: next to this module when running from source (tsx, vitest: the
 * worker registers tsx's hooks first, as a worker does not inherit them on Node 20), or the
 * db-worker entry of the electron-vite build (out/main/db-worker.js; this module may sit in a
 * shared chunk one folder below).
 */
function workerSource(): { code: string; eval: boolean } {
  const here = fileURLToPath(import.meta.url)
  if (here.endsWith('.ts')) {
    const tsx = pathToFileURL(tsxEsmApi()).href
    const target = pathToFileURL(join(dirname(here), 'db-worker.ts')).href
    return {
      eval: true,
      code: `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(target)}) })`
    }
  }
  for (const dir of [dirname(here), dirname(dirname(here))]) {
    for (const name of ['db-worker.js', 'db-worker.mjs', 'db-worker.cjs']) {
      const file = join(dir, name)
      if (existsSync(file)) return { eval: false, code: file }
    }
  }
  throw new Error(`db-worker: no worker entry next to ${here}`)
}

/** tsx's ESM register API (its `import` export: the CommonJS one cannot register ESM hooks in a worker). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url)
  const manifest = require.resolve('tsx/package.json')
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: Record<string, { import?: { default?: string } }> }
  const entry = pkg.exports?.['./esm/api']?.import?.default
  if (!entry) throw new Error('db-worker: tsx has no ESM register API')
  return join(dirname(manifest), entry)
}

export function startDbWorker(file: string, opts: DbWorkerOptions = {}): DbWorker {
  const stopped = new SharedArrayBuffer(4)
  const data: DbWorkerData = {
    file,
    intervalMs: opts.intervalMs ?? 1000,
    stopped,
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {})
  }
  const source = workerSource()
  const worker = new Worker(source.code, { eval: source.eval, workerData: data })
  // Never what keeps the process alive.
  worker.unref()
  live++
  let running = true
  let nextId = 0
  const waiting = new Map<number, { resolve: (m: FromDbWorker) => void; reject: (e: Error) => void }>()
  const failAll = (error: Error): void => {
    for (const w of waiting.values()) w.reject(error)
    waiting.clear()
  }
  const ended = (): void => {
    if (!running) return
    running = false
    live--
  }
  worker.on('message', (m: FromDbWorker) => {
    const w = waiting.get(m.id)
    if (!w) return
    waiting.delete(m.id)
    if (m.kind === 'failed') w.reject(new Error(`db-worker: ${m.message}`))
    else w.resolve(m)
  })
  const lost = (reason: string): void => {
    if (running) opts.onLost?.(reason)
  }
  worker.on('error', (e) => {
    lost(e.message)
    ended()
    failAll(e)
  })
  worker.on('exit', (code) => {
    lost(`exited with code ${code}`)
    ended()
    failAll(new Error('db-worker exited'))
  })

  const ask = (kind: 'checkpoint' | 'restore'): Promise<FromDbWorker> => {
    if (!running) return Promise.reject(new Error('db-worker is stopped'))
    const id = ++nextId
    return new Promise<FromDbWorker>((resolve, reject) => {
      waiting.set(id, { resolve, reject })
      worker.postMessage({ kind, id } satisfies ToDbWorker)
    })
  }

  return {
    get running() {
      return running
    },
    async checkpoint() {
      const m = await ask('checkpoint')
      if (m.kind !== 'checkpointed') throw new Error(`db-worker: unexpected answer ${m.kind}`)
      return { busy: m.busy, frames: m.frames, checkpointed: m.checkpointed }
    },
    async restoreDeferred() {
      const m = await ask('restore')
      if (m.kind !== 'restored') throw new Error(`db-worker: unexpected answer ${m.kind}`)
      return m.restored
    },
    stop() {
      if (!running) return
      worker.postMessage({ kind: 'stop' } satisfies ToDbWorker)
      // Bounded: a worker still starting (loading tsx from source) or finishing a checkpoint.
      Atomics.wait(new Int32Array(stopped), 0, 0, 15_000)
      ended()
      failAll(new Error('db-worker stopped'))
      void worker.terminate()
    }
  }
}
