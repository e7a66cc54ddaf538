import pg from 'pg'
import { z } from 'zod'
import type { Queryable } from './portal-db'
import { typeParsers, type PgDbOptions } from './pg-db'

/*
 * Nudges across portal processes on PostgreSQL (issue 19). A writer's transaction issues
 * pg_notify (notifyCentreSql, used by takeChangeVersions; notifyRevoked); PostgreSQL delivers a
 * notification only when that transaction COMMITs, and drops it when it rolls back. Each portal
 * process holds ONE dedicated connection (not from the pool) that LISTENs and hands what it hears
 * to the process's streams (pg-nudges.ts).
 *
 * Channels are database-wide, schemas are not: two portals on two schemas of one database (the
 * tests do this) must not hear each other, so the channel names carry the schema the connection
 * writes to: `vikno_nudge:<schema>`, `vikno_revoke:<schema>`, cut to PostgreSQL's 63 bytes.
 */

const NUDGE_CHANNEL_SQL = `left('vikno_nudge:' || current_schema(), 63)`
const REVOKE_CHANNEL_SQL = `left('vikno_revoke:' || current_schema(), 63)`

/** The part of takeChangeVersions' statement that notifies: `id` and `version` are the centre's row after the UPDATE. */
export const NOTIFY_CENTRE_SQL = `pg_notify(${NUDGE_CHANNEL_SQL}, json_build_object('centreId', id, 'version', version)::text)`

/** Inside the revoking transaction: every process ends that workstation's streams when it commits. */
export async function notifyRevoked(q: Queryable, workstationId: string): Promise<void> {
  await q.query(`SELECT pg_notify(${REVOKE_CHANNEL_SQL}, $1)`, [workstationId])
}

const nudgePayloadSchema = z.strictObject({ centreId: z.string().min(1), version: z.number().int().min(0) })

export type Notification = { kind: 'nudge'; centreId: string; version: number } | { kind: 'revoke'; workstationId: string }

export interface ListenerEvents {
  notification(n: Notification): void
  /**
   * Listening (again). Notifications sent while the connection was down are lost: the caller nudges
   * its streams from `q` (the listening connection), read AFTER the LISTEN, so nothing falls between.
   */
  connected(q: Queryable, reconnect: boolean): Promise<void>
  log(level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>): void
}

export interface ListenerOptions {
  /** First wait before reconnecting; doubled after each failure up to maxBackoffMs. */
  minBackoffMs?: number
  maxBackoffMs?: number
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`

/** One LISTEN connection that reconnects with backoff until closed. */
export class PgListener {
  private client: pg.Client | null = null
  private closed = false
  private attempt = 0
  private everConnected = false
  private retry: ReturnType<typeof setTimeout> | null = null
  private backendPid: number | null = null
  private channels: { nudge: string; revoke: string } | null = null

  constructor(
    private readonly config: PgDbOptions,
    private readonly events: ListenerEvents,
    private readonly opts: ListenerOptions = {}
  ) {}

  /** Resolves after the first attempt: listening, or (the database unreachable) retrying in the background. */
  async start(): Promise<void> {
    await this.connect()
  }

  /** The server process of the listening connection (a test terminates it to prove the reconnect). */
  get pid(): number | null {
    return this.backendPid
  }

  get listening(): boolean {
    return this.client !== null && this.backendPid !== null
  }

  private async connect(): Promise<void> {
    if (this.closed) return
    const client = new pg.Client({
      connectionString: this.config.connectionString,
      connectionTimeoutMillis: 5_000,
      // BIGINT as numbers, as the pool reads them (pg-db.ts): the versions read after a reconnect.
      types: typeParsers,
      ...(this.config.options !== undefined ? { options: this.config.options } : {})
    })
    let failed = false
    const lost = (error?: unknown): void => {
      if (failed) return
      failed = true
      if (this.client === client) {
        this.client = null
        this.backendPid = null
      }
      client.removeAllListeners('notification')
      void client.end().catch(() => undefined)
      if (!this.closed) {
        this.events.log('warn', 'nudge listener lost its connection; reconnecting', { error: String(error ?? 'ended') })
        this.scheduleReconnect()
      }
    }
    client.on('error', lost)
    client.on('end', () => lost())
    try {
      await client.connect()
      const rows = (
        await client.query<{ pid: number; nudge: string; revoke: string }>(
          `SELECT pg_backend_pid() AS pid, ${NUDGE_CHANNEL_SQL} AS nudge, ${REVOKE_CHANNEL_SQL} AS revoke`
        )
      ).rows
      const row = rows[0]
      if (!row) throw new Error('no backend pid')
      this.channels = { nudge: row.nudge, revoke: row.revoke }
      client.on('notification', (msg) => this.handle(msg))
      await client.query(`LISTEN ${quoteIdent(row.nudge)}`)
      await client.query(`LISTEN ${quoteIdent(row.revoke)}`)
      if (this.closed) {
        await client.end().catch(() => undefined)
        return
      }
      this.client = client
      this.backendPid = row.pid
      this.attempt = 0
      const reconnect = this.everConnected
      this.everConnected = true
      const q: Queryable = {
        query: async <R>(sql: string, params: readonly unknown[] = []) => (await client.query(sql, [...params])).rows as R[]
      }
      await this.events.connected(q, reconnect)
    } catch (error) {
      lost(error)
    }
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retry) return
    const min = this.opts.minBackoffMs ?? 100
    const max = this.opts.maxBackoffMs ?? 5_000
    const wait = Math.min(max, min * 2 ** this.attempt)
    this.attempt += 1
    this.retry = setTimeout(() => {
      this.retry = null
      void this.connect()
    }, wait)
    this.retry.unref()
  }

  private handle(msg: pg.Notification): void {
    const channels = this.channels
    if (!channels) return
    if (msg.channel === channels.revoke && msg.payload) {
      this.events.notification({ kind: 'revoke', workstationId: msg.payload })
      return
    }
    if (msg.channel !== channels.nudge) return
    let parsed: unknown = null
    try {
      parsed = JSON.parse(msg.payload ?? '')
    } catch {
      parsed = null
    }
    const nudge = nudgePayloadSchema.safeParse(parsed)
    if (!nudge.success) {
      this.events.log('warn', 'nudge listener: a payload that is not a nudge', { payload: String(msg.payload).slice(0, 200) })
      return
    }
    this.events.notification({ kind: 'nudge', centreId: nudge.data.centreId, version: nudge.data.version })
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.retry) clearTimeout(this.retry)
    this.retry = null
    const client = this.client
    this.client = null
    this.backendPid = null
    if (client) {
      client.removeAllListeners('notification')
      await client.end().catch(() => undefined)
    }
  }
}
