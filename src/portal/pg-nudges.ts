import { centreVersions } from './db/centres-repository'
import type { PgDb } from './db/pg-db'
import { PgListener, type ListenerOptions } from './db/pg-listener'
import { HubNudgeBus, type NudgeBus, type NudgeBusOptions } from './nudges'
import type { PortalDeps } from './deps'

/*
 * Nudges on PostgreSQL, for any number of portal processes on one database (nudges.ts). Writers queue
 * pg_notify inside their transaction (notifiesInTransaction); this process hears every commit of
 * every process, its own included, on one LISTEN connection, coalesces per centre and fans out to
 * its streams. After a reconnect it nudges every local stream once with its centre's current
 * version: notifications sent while the connection was down are lost.
 */
export class PgNudgeBus extends HubNudgeBus implements NudgeBus {
  readonly notifiesInTransaction = true
  readonly listener: PgListener

  constructor(db: PgDb, log: PortalDeps['log'], opts: NudgeBusOptions & { listener?: ListenerOptions } = {}) {
    super(opts)
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

  start(): Promise<void> {
    return this.listener.start()
  }

  async close(): Promise<void> {
    await this.listener.close()
    this.closeLocal()
  }
}
