import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { workerSource } from './worker-entry'
import type { DbWorkerData, FromDbWorker, ToDbWorker } from './db-worker-protocol'

export interface DbWorkerOptions {
  nativeBinding?: string
  /** The database's key when the file is encrypted (db-key.ts). */
  key?: Uint8Array
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

export function startDbWorker(file: string, opts: DbWorkerOptions = {}): DbWorker {
  const stopped = new SharedArrayBuffer(4)
  const data: DbWorkerData = {
    file,
    intervalMs: opts.intervalMs ?? 1000,
    stopped,
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    ...(opts.key ? { key: opts.key } : {})
  }
  const source = workerSource('db-worker', import.meta.url, dirname(fileURLToPath(import.meta.url)))
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
