import Database from 'better-sqlite3'
import { statSync } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import { restoreDeferredIndexes } from './deferred-indexes'
import type { DbWorkerData, FromDbWorker, ToDbWorker } from './db-worker-protocol'

/*
 * The database's second thread (db-worker-client.ts starts it): write-ahead-log checkpoints, and
 * the rebuild of indexes deferred during an initial sync, on a connection of its own, so that
 * neither the disk flushes of a checkpoint nor a rebuild ever run on the thread that answers the
 * clerk. It must not import anything heavier than deferred-indexes.ts: it is its own build entry
 * (electron.vite.config.ts).
 */

const data = workerData as DbWorkerData
const port = parentPort
if (!port) throw new Error('db-worker: not started as a worker thread')
const done = new Int32Array(data.stopped)

const db = new Database(data.file, data.nativeBinding ? { nativeBinding: data.nativeBinding } : {})
// A checkpoint that would have to wait gives up at once and is tried at the next tick; a rebuild
// waits for the main thread's transaction to end, as any writer does.
db.pragma('busy_timeout = 0')
db.pragma('synchronous = FULL')

const send = (m: FromDbWorker): void => port.postMessage(m)

function walBytes(): number {
  try {
    return statSync(`${data.file}-wal`).size
  } catch {
    return 0
  }
}

function checkpoint(): { busy: boolean; frames: number; checkpointed: number; truncated: boolean } {
  const [r] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[]
  const result = { busy: (r?.busy ?? 1) !== 0, frames: r?.log ?? 0, checkpointed: r?.checkpointed ?? 0, truncated: false }
  // Everything is in the main file and the log is big: give the disk space back. A writer that is
  // busy right now makes TRUNCATE answer busy (busy_timeout 0): it is tried again later.
  if (!result.busy && result.frames === result.checkpointed && walBytes() > data.truncateAboveBytes) {
    const [t] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[]
    result.truncated = (t?.busy ?? 1) === 0
  }
  return result
}

function safeCheckpoint(): void {
  try {
    checkpoint()
  } catch {
    /* SQLITE_BUSY and the like: the next tick tries again */
  }
}

const timer = setInterval(safeCheckpoint, data.intervalMs)

port.on('message', (m: ToDbWorker) => {
  switch (m.kind) {
    case 'checkpoint': {
      try {
        send({ kind: 'checkpointed', id: m.id, ...checkpoint() })
      } catch (e) {
        send({ kind: 'failed', id: m.id, message: e instanceof Error ? e.message : String(e) })
      }
      return
    }
    case 'restore': {
      try {
        // The rebuild waits for the main thread's writes (a pulled unit, a clerk's command).
        db.pragma('busy_timeout = 10000')
        const restored = restoreDeferredIndexes(db)
        db.pragma('busy_timeout = 0')
        send({ kind: 'restored', id: m.id, restored })
      } catch (e) {
        db.pragma('busy_timeout = 0')
        send({ kind: 'failed', id: m.id, message: e instanceof Error ? e.message : String(e) })
      }
      return
    }
    case 'stop': {
      clearInterval(timer)
      try {
        db.close()
      } finally {
        // The main thread waits on this (Atomics.wait) before it closes its own connection.
        Atomics.store(done, 0, 1)
        Atomics.notify(done, 0)
        port.close()
      }
      return
    }
  }
})
