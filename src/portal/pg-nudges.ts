import { centreVersions } from './db/centres-repository'
import type { PgDb } from './db/pg-db'
import { PgListener, type ListenerOptions } from './db/pg-listener'
import { NudgeCoalescer, NudgeHub, type NudgeBus, type NudgeSubscriber, type Timers } from './nudges'
import type { PortalDeps } from './deps'

/*
 * Nudges on PostgreSQL, for any number of portal processes on one database (nudges.ts). Writers queue
 * pg_notify inside their transaction (notifiesInTransaction); this process hears every commit of
 * every process, its own included, on one LISTEN connection, coalesces per centre and fans out to
 * its streams. After a reconnect it nudges every local stream once with its centre's current
 * version: notifications sent while the connection was down are lost.
 */
export class PgNudgeBus implements NudgeBus {
  readonly notifiesInTransaction = true
  readonly hub = new NudgeHub()
  private readonly coalescer: NudgeCoalescer
  readonly listener: PgListener

  constructor(db: PgDb, log: PortalDeps['log'], opts: { windowMs?: number; timers?: Timers; listener?: ListenerOptions } = {}) {
    this.coalescer = new NudgeCoalescer((c, v) => this.hub.deliver(c, v), opts.windowMs, opts.timers)
    this.listener = new PgListener(
      db.config,
      {
        notification: (n) => {
          if (n.kind === 'nudge') this.coalescer.add(n.centreId, n.version)
          else this.hub.disconnect(n.workstationId)
        },
        connected: async (q, reconnect) => {
          if (!reconnect) return
          const centres = await centreVersions(q, this.hub.centres())
          for (const c of centres) this.coalescer.add(c.id, c.version)
          log('info', 'nudge listener reconnected; nudged every stream of this process', {
            centres: centres.length,
            streams: this.hub.size
          })
        },
        log
      },
      opts.listener
    )
  }

  /** The database delivers (the writer notified inside its transaction). */
  published(): void {}

  subscribe(sub: NudgeSubscriber): () => void {
    return this.hub.subscribe(sub)
  }

  disconnect(workstationId: string): void {
    this.hub.disconnect(workstationId)
  }

  closeAll(): void {
    this.hub.closeAll()
  }

  start(): Promise<void> {
    return this.listener.start()
  }

  async close(): Promise<void> {
    await this.listener.close()
    this.coalescer.cancelAll()
    this.hub.closeAll()
  }

  get size(): number {
    return this.hub.size
  }
}
