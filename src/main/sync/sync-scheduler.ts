import type { SyncEngine } from './sync-engine'
import { TransportError } from './transport'

export interface SchedulerOptions {
  /** Periodic pull even without nudges (a missed nudge must not leave a workstation stale). */
  pollMs?: number
  /** Backoff bounds after failures; the delay doubles with full jitter. */
  minBackoffMs?: number
  maxBackoffMs?: number
  /** After a pull answered `behind` (a read replica that lags): pull again this soon (default 2 s). */
  behindRetryMs?: number
  random?: () => number
  log: { warn(message: string, data?: Record<string, unknown>): void }
}

/**
 * Runs the engine in the background: push soon after a local command, pull at once on a nudge,
 * poll now and then, back off with jitter when the portal is unreachable.
 */
export class SyncScheduler {
  private timer: NodeJS.Timeout | null = null
  private failures = 0
  private stopped = true
  private running = false
  /** A poke came while a run was going: that run may have read the portal before the change. */
  private pokedWhileRunning = false

  constructor(
    private readonly engine: SyncEngine,
    private readonly opts: SchedulerOptions
  ) {}

  start(): void {
    this.stopped = false
    this.schedule(0)
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  /** Something happened (a local command, a nudge): sync as soon as possible. */
  poke(): void {
    if (this.stopped) return
    this.failures = 0
    // A run already going may have asked for its pages before what the poke announces was
    // committed: run once more when it ends, or a nudge is lost until the next poll.
    if (this.running) this.pokedWhileRunning = true
    else this.schedule(0)
  }

  private schedule(ms: number): void {
    if (this.stopped) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.run(), ms)
    this.timer.unref?.()
  }

  private async run(): Promise<void> {
    this.running = true
    this.pokedWhileRunning = false
    try {
      await this.engine.syncNow()
      this.failures = 0
      // The portal had not caught up with us yet (protocol.ts behindPage): soon, not at the next poll.
      this.schedule(this.engine.portalBehind ? (this.opts.behindRetryMs ?? 2_000) : (this.opts.pollMs ?? 30_000))
    } catch (e) {
      this.failures++
      const min = this.opts.minBackoffMs ?? 1000
      const max = this.opts.maxBackoffMs ?? 60_000
      const cap = Math.min(max, min * 2 ** Math.min(this.failures, 16))
      const delay = Math.round((this.opts.random ?? Math.random)() * cap)
      if (!(e instanceof TransportError && e.kind === 'offline')) {
        this.opts.log.warn('sync failed', { error: e instanceof Error ? e.message : String(e), retryInMs: delay })
      }
      this.schedule(Math.max(min, delay))
    } finally {
      this.running = false
      if (this.pokedWhileRunning) {
        this.pokedWhileRunning = false
        this.schedule(0)
      }
    }
  }
}
