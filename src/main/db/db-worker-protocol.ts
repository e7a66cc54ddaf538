/** Messages between db-worker-client.ts (the main thread) and db-worker.ts. Types only. */

export interface DbWorkerData {
  file: string
  nativeBinding?: string
  /** The database's key (db-key.ts) when the file is encrypted. */
  key?: Uint8Array
  /** How often the worker runs a PASSIVE checkpoint. */
  intervalMs: number
  /** Int32[0] becomes 1 when the worker's connection is closed (see DbWorker.stop). */
  stopped: SharedArrayBuffer
}

export type ToDbWorker = { kind: 'checkpoint'; id: number } | { kind: 'restore'; id: number } | { kind: 'stop' }

export type FromDbWorker =
  | { kind: 'checkpointed'; id: number; busy: boolean; frames: number; checkpointed: number }
  | { kind: 'restored'; id: number; restored: boolean }
  | { kind: 'failed'; id: number; message: string }
