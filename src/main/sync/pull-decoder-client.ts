import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { DomainError, type ErrorCode } from '../../shared/result'
import { workerSource } from '../db/worker-entry'
import { decodePullPage, type PreparedPage } from './prepared-page'
import type { DecodeFailure, FromPullDecoder, ToPullDecoder } from './pull-decoder-protocol'
import { TransportError, type TransportFailure } from './transport'

/** Pages smaller than this are decoded on the calling thread (see PullDecoder). */
export const DECODE_INLINE_BELOW_BYTES = 256 * 1024

/**
 * Turns /sync/pull bodies into rows on a worker thread (pull-decoder.ts), so the main thread only
 * writes them. Only large pages go there (an initial sync's, a catch-up's: ~1.5 MB per 2000
 * changes): a small one (a nudge's new application) is decoded here in a millisecond or two, less
 * than the hop to the thread and back, and without waiting for the thread to start. The worker
 * starts with the first large page and is never what keeps the process alive when nothing waits on it. If it cannot start (a packaging problem) or dies, pages are decoded
 * here instead, the same way (decodePullPage), and that is logged once: slower, never wrong.
 */
export class PullDecoder {
  private worker: Worker | null = null
  private inline: boolean
  private nextId = 0
  private readonly waiting = new Map<number, { bytes: Uint8Array; resolve: (page: PreparedPage) => void; reject: (e: Error) => void }>()

  constructor(
    private readonly opts: {
      /** Decode on the calling thread from the start. */
      inline?: boolean
      log?: (message: string, data: Record<string, unknown>) => void
      /** The worker entry's name (tests: one that does not exist). */
      entry?: string
      /** Pages below this size are decoded on the calling thread (default DECODE_INLINE_BELOW_BYTES). */
      inlineBelowBytes?: number
    } = {}
  ) {
    this.inline = opts.inline === true
  }

  /** Live decoder threads, for tests that check none is leaked. */
  static live = 0

  decode(bytes: Uint8Array): Promise<PreparedPage> {
    const small = bytes.byteLength < (this.opts.inlineBelowBytes ?? DECODE_INLINE_BELOW_BYTES)
    const worker = this.inline || small ? null : this.ensureWorker()
    if (!worker) return Promise.resolve().then(() => decodePullPage(bytes))
    const id = ++this.nextId
    return new Promise<PreparedPage>((resolve, reject) => {
      this.waiting.set(id, { bytes, resolve, reject })
      if (this.waiting.size === 1) worker.ref()
      // Copied, not transferred: if the worker is lost, the page is decoded here from these bytes.
      worker.postMessage({ id, bytes } satisfies ToPullDecoder)
    })
  }

  /** Stops the thread; pages still waiting are decoded here. */
  close(): void {
    const worker = this.worker
    this.worker = null
    this.inline = true
    if (worker) {
      void worker.terminate()
      PullDecoder.live--
    }
    this.decodeWaitingInline()
  }

  private ensureWorker(): Worker | null {
    if (this.worker) return this.worker
    let worker: Worker
    try {
      const source = workerSource(this.opts.entry ?? 'pull-decoder', import.meta.url, dirname(fileURLToPath(import.meta.url)))
      // A young generation larger than V8's default: each page makes tens of megabytes of short-lived
      // strings and objects, and fewer, larger scavenges cost this thread about 2 CPU s less per
      // 100,000 applications (bench/diagnostics/initial-sync.ts, 64 vs default).
      worker = new Worker(source.code, { eval: source.eval, resourceLimits: { maxYoungGenerationSizeMb: 64 } })
    } catch (e) {
      this.lost(e instanceof Error ? e.message : String(e))
      return null
    }
    PullDecoder.live++
    worker.unref()
    worker.on('message', (m: FromPullDecoder) => {
      const w = this.waiting.get(m.id)
      if (!w) return
      this.waiting.delete(m.id)
      if (this.waiting.size === 0) worker.unref()
      if (m.ok) w.resolve(m.page)
      else w.reject(rebuildError(m.error))
    })
    worker.on('error', (e) => this.lost(e.message))
    worker.on('exit', (code) => {
      if (this.worker === worker) this.lost(`exited with code ${code}`)
    })
    this.worker = worker
    return worker
  }

  private lost(reason: string): void {
    if (this.worker) {
      void this.worker.terminate()
      PullDecoder.live--
    }
    this.worker = null
    this.inline = true
    this.opts.log?.('the pull decoder thread is unavailable; decoding pull pages on the main thread', { reason })
    this.decodeWaitingInline()
  }

  private decodeWaitingInline(): void {
    const waiting = [...this.waiting.values()]
    this.waiting.clear()
    for (const w of waiting) {
      try {
        w.resolve(decodePullPage(w.bytes))
      } catch (e) {
        w.reject(e instanceof Error ? e : new Error(String(e)))
      }
    }
  }
}

function rebuildError(e: DecodeFailure): Error {
  if (e.name === 'TransportError') return new TransportError((e.kind ?? 'protocol') as TransportFailure, e.message)
  if (e.name === 'DomainError') return new DomainError((e.kind ?? 'invalid_input') as ErrorCode, e.message, e.field)
  return new Error(e.message)
}
