import Database from 'better-sqlite3-multiple-ciphers'
import { parentPort, workerData } from 'node:worker_threads'
import { restoreDeferredIndexes } from './deferred-indexes'
import { applyDatabaseKey } from './db-key'
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
if (data.key) applyDatabaseKey(db, data.key)
// A checkpoint that would have to wait gives up at once and is tried at the next tick; a rebuild
// waits for the main thread's transaction to end, as any writer does.
db.pragma('busy_timeout = 0')
db.pragma('synchronous = FULL')

const send = (m: FromDbWorker): void => port.postMessage(m)

/*
 * PASSIVE only: it never takes the writer's lock. A TRUNCATE checkpoint here (what this worker did
 * first) holds that lock while it copies, flushes and cuts the log, and the main connection's
 * BEGIN IMMEDIATE failed at once with SQLITE_BUSY (its busy wait gave up within ~75 ms) while a
 * 100-175 MB log was truncated: an initial sync stopped half-way. The log's file is cut back by the
 * main connection itself instead (journal_size_limit, connection.ts), at its first commit after a
 * complete checkpoint let it start the log over.
 */
function checkpoint(): { busy: boolean; frames: number; checkpointed: number } {
  const [r] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[]
  return { busy: (r?.busy ?? 1) !== 0, frames: r?.log ?? 0, checkpointed: r?.checkpointed ?? 0 }
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
