import type { Nudge } from '../shared/protocol'

/*
 * "Centre X moved to version V" — the only thing the server push says (sync.md). It carries no data;
 * a workstation that hears it pulls. A late or repeated nudge costs one pull that finds nothing, so
 * no ordering is needed; a lost one would leave a desk stale until its poll, so none is dropped.
 *
 * Two buses, one interface (`NudgeBus`), chosen by the database kind in the composition (portal.ts):
 * - `LocalNudgeBus` (PGlite, one process): every writer publishes after its transaction commits.
 * - `PgNudgeBus` (PostgreSQL, any number of processes; pg-nudges.ts): the writer's transaction itself
 *   issues `pg_notify` (db/centres-repository.ts, takeChangeVersions), which PostgreSQL delivers only at
 *   COMMIT, so a nudge is never seen before its change is readable; each process LISTENs on one
 *   connection and fans out to its own streams.
 * Both coalesce per centre (`NudgeCoalescer`): a burst of changes makes one round of pulls, not one per change.
 */

export interface NudgeSubscriber {
  workstationId: string
  centreId: string
  send(nudge: Nudge): void
  close(): void
}

/**
 * How a round of nudges to one centre's streams is paced (issue 19's pull p99). Every desk pulls the
 * moment it hears a nudge; 200 desks hearing it in the same millisecond queue 200 pulls on a process
 * that serves them one after another, so the last waits for all the others (p99 188 ms measured,
 * src/portal/README.md "The speed target"). Sent over `perStreamMs` per stream, at most `spreadMs` in
 * all, the pulls arrive about as fast as they are served. A nudge is only a hint (sync.md): its timing
 * changes when a desk pulls, never what it receives, so pacing cannot break the protocol.
 * A few streams (spreadMs / tickMs or fewer per tick) go out at once, as before.
 */
export interface NudgePacing {
  /** The longest a round may take, for a centre with many streams; 0: no pacing. */
  spreadMs: number
  /** The time given to each stream, so a centre with few desks is not delayed by the full spread. */
  perStreamMs: number
  /** Batches go out every tickMs. */
  tickMs: number
}

/** 250 ms for 200 desks: the measured service time of their pulls on one 2-core machine (README). */
export const DEFAULT_NUDGE_PACING: NudgePacing = { spreadMs: 250, perStreamMs: 1.25, tickMs: 10 }

/** The open event streams of this process and the fan-out to them, paced (NudgePacing). No coalescing here. */
export class NudgeHub {
  private readonly subscribers = new Set<NudgeSubscriber>()
  private readonly rounds = new Set<unknown>()
  /** Rotates where a round starts, so the same desk is not always the last to hear. */
  private roundNumber = 0

  constructor(
    private readonly pacing: NudgePacing = { spreadMs: 0, perStreamMs: 0, tickMs: 1 },
    private readonly timers: Timers = realTimers
  ) {
    const { spreadMs, perStreamMs, tickMs } = pacing
    if (![spreadMs, perStreamMs].every((x) => Number.isFinite(x) && x >= 0) || !Number.isFinite(tickMs) || tickMs <= 0)
      throw new RangeError(`NudgeHub: pacing ${JSON.stringify(pacing)}`)
  }

  subscribe(sub: NudgeSubscriber): () => void {
    this.subscribers.add(sub)
    return () => {
      this.subscribers.delete(sub)
    }
  }

  deliver(centreId: string, version: number): void {
    const streams = [...this.subscribers].filter((sub) => sub.centreId === centreId)
    if (streams.length === 0) return
    // A Weyl sequence (k × golden ratio, mod 1): consecutive rounds start far apart on the ring.
    const start = Math.floor(((this.roundNumber++ * 0.6180339887498949) % 1) * streams.length)
    const order = [...streams.slice(start), ...streams.slice(0, start)]
    const roundMs = Math.min(this.pacing.spreadMs, streams.length * this.pacing.perStreamMs)
    const ticks = Math.max(1, Math.ceil(roundMs / this.pacing.tickMs))
    const batch = Math.ceil(order.length / ticks)
    const sendNext = (from: number): void => {
      // A stream that closed while the round was under way is skipped.
      for (const sub of order.slice(from, from + batch)) if (this.subscribers.has(sub)) sub.send({ centreId, version })
      if (from + batch >= order.length) return
      const handle: unknown = this.timers.setTimeout(() => {
        this.rounds.delete(handle)
        sendNext(from + batch)
      }, this.pacing.tickMs)
      if (typeof handle === 'object' && handle !== null && 'unref' in handle && typeof handle.unref === 'function') handle.unref()
      this.rounds.add(handle)
    }
    sendNext(0)
  }

  /** The centres that have at least one stream open in this process. */
  centres(): string[] {
    return [...new Set([...this.subscribers].map((s) => s.centreId))]
  }

  /** Ends the streams of a workstation (revoked). */
  disconnect(workstationId: string): void {
    for (const sub of [...this.subscribers]) {
      if (sub.workstationId === workstationId) {
        this.subscribers.delete(sub)
        sub.close()
      }
    }
  }

  closeAll(): void {
    for (const handle of this.rounds) this.timers.clearTimeout(handle)
    this.rounds.clear()
    for (const sub of [...this.subscribers]) sub.close()
    this.subscribers.clear()
  }

  /** Rounds still under way (tests, diagnostics). */
  get pacingRounds(): number {
    return this.rounds.size
  }

  get size(): number {
    return this.subscribers.size
  }
}

/** Timers, injected so that tests drive the window with a fake clock. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
}

/**
 * 300 ms, measured (issue 19, src/portal/README.md "The speed target"): at 200 desks of one centre
 * and ~5 changes a second it halves the rounds of pulls against 50 ms (24k instead of 46k pulls a
 * minute), pull p99 188 instead of 326 ms, for ~140 ms more propagation at the median.
 */
export const DEFAULT_NUDGE_WINDOW_MS = 300

/**
 * Per centre, the first change opens a window of `windowMs`; every change until it closes only
 * raises the version; at its end ONE nudge with the highest version goes out. Nothing is dropped: a
 * change that arrives while a window is open is covered by that window's nudge, which is sent after
 * it (so the pull it causes sees it); a change after the window closed opens a new one. The price is
 * up to `windowMs` of added latency. `windowMs` 0: every change is delivered at once.
 */
export class NudgeCoalescer {
  private readonly pending = new Map<string, { version: number; timer: unknown }>()

  constructor(
    private readonly deliver: (centreId: string, version: number) => void,
    private readonly windowMs: number = DEFAULT_NUDGE_WINDOW_MS,
    private readonly timers: Timers = realTimers
  ) {
    if (!Number.isFinite(windowMs) || windowMs < 0) throw new RangeError(`NudgeCoalescer: window ${windowMs} ms`)
  }

  add(centreId: string, version: number): void {
    if (this.windowMs === 0) {
      this.deliver(centreId, version)
      return
    }
    const open = this.pending.get(centreId)
    if (open) {
      open.version = Math.max(open.version, version)
      return
    }
    const timer = this.timers.setTimeout(() => this.flush(centreId), this.windowMs)
    // A process must not stay alive for a nudge nobody will read.
    if (typeof timer === 'object' && timer !== null && 'unref' in timer && typeof timer.unref === 'function') timer.unref()
    this.pending.set(centreId, { version, timer })
  }

  private flush(centreId: string): void {
    const open = this.pending.get(centreId)
    if (!open) return
    this.pending.delete(centreId)
    this.deliver(centreId, open.version)
  }

  /** Windows still open (tests, diagnostics). */
  get open(): number {
    return this.pending.size
  }

  /** Drops the open windows without sending (the process is closing: its streams end anyway). */
  cancelAll(): void {
    for (const { timer } of this.pending.values()) this.timers.clearTimeout(timer)
    this.pending.clear()
  }
}

export interface NudgeBus {
  /**
   * True when writers must notify INSIDE their transaction (PostgreSQL: takeChangeVersions with
   * `notify`), false when they publish after COMMIT (`published`).
   */
  readonly notifiesInTransaction: boolean
  /** After COMMIT: the writer moved `centreId` to `version`. A no-op when the database delivers the nudge. */
  published(centreId: string, version: number): void
  /** A stream of this process. */
  subscribe(sub: NudgeSubscriber): () => void
  /** After COMMIT of a revocation: ends the workstation's streams in this process (the others hear it from the database). */
  disconnect(workstationId: string): void
  /** Ends every stream of this process (the server closes). */
  closeAll(): void
  /** Ready to deliver (PostgreSQL: listening). */
  start(): Promise<void>
  close(): Promise<void>
  /** Streams open in this process. */
  readonly size: number
}

export interface NudgeBusOptions {
  windowMs?: number
  /** Default: no pacing (tests, the embedded one-process portal's own choice in portal.ts). */
  pacing?: NudgePacing
  timers?: Timers
}

/**
 * What both buses share: this process's streams (the hub) and the per-centre coalescer in front of
 * them. The buses differ only in where a nudge comes from (after COMMIT here, or from the database).
 */
export abstract class HubNudgeBus {
  readonly hub: NudgeHub
  protected readonly coalescer: NudgeCoalescer

  constructor(opts: NudgeBusOptions) {
    this.hub = new NudgeHub(opts.pacing, opts.timers)
    this.coalescer = new NudgeCoalescer((c, v) => this.hub.deliver(c, v), opts.windowMs, opts.timers)
  }

  subscribe(sub: NudgeSubscriber): () => void {
    return this.hub.subscribe(sub)
  }

  disconnect(workstationId: string): void {
    this.hub.disconnect(workstationId)
  }

  closeAll(): void {
    this.hub.closeAll()
  }

  /** Drops the open windows and ends the streams (the process is closing). */
  protected closeLocal(): void {
    this.coalescer.cancelAll()
    this.hub.closeAll()
  }

  get size(): number {
    return this.hub.size
  }
}

/** One process on the embedded database: nudges never leave the process. */
export class LocalNudgeBus extends HubNudgeBus implements NudgeBus {
  readonly notifiesInTransaction = false

  constructor(opts: NudgeBusOptions = {}) {
    super(opts)
  }

  published(centreId: string, version: number): void {
    this.coalescer.add(centreId, version)
  }

  async start(): Promise<void> {}

  async close(): Promise<void> {
    this.closeLocal()
  }
}
