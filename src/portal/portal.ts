import type { FastifyInstance } from 'fastify'
import type { Service } from '../shared/catalogue'
import type { WorkCalendar } from '../shared/domain/calendar'
import type { applyCommand } from '../shared/domain/commands'
import { migrate } from './db/migrations'
import { seedAllCentres } from './catalogue/seeding'
import { refreshPlannerStatistics } from './db/maintenance-repository'
import type { PortalDb } from './db/portal-db'
import { makeDeps, type PortalDeps, type PortalHooks } from './deps'
import { PullPageCache } from './sync/pull-cache'
import { buildServer } from './http/server'
import { seedDemo, type SeedOptions, type SeedSummary } from './seed'
import { purgeAttempts } from './db/access-codes-repository'
import type { AccessLimits } from './auth/access-codes'
import { PgDb } from './db/pg-db'
import { purgeRateLimits, sharedSecret } from './db/shared-state-repository'
import { sharedRateLimitStore } from './http/shared-rate-limit'
import { WebKeys } from './web/session'
import { randomBytes } from 'node:crypto'
import { DEFAULT_NUDGE_PACING, DEFAULT_NUDGE_WINDOW_MS, LocalNudgeBus, type NudgeBus, type NudgePacing, type Timers } from './nudges'
import { PgNudgeBus } from './pg-nudges'
import { firstCentre } from './db/centres-repository'
import { withDemoSeedLock } from './db/seed-lock'

export interface CreatePortalOptions {
  db: PortalDb
  /** The portal's clock; every decision and every date it records comes from here. */
  clock?: () => Date
  /** Ids of applications submitted to the portal and of events (default: UUID v7). */
  newId?: () => string
  calendar?: WorkCalendar
  /** Default: resources/catalog/services.json. */
  catalogue?: readonly Service[]
  /** Per-IP limit on public endpoints (default 120 a minute); false turns it off. */
  rateLimit?: { max: number; timeWindowMs: number } | false
  /**
   * The load balancers in front of this process (addresses or CIDR ranges, e.g. 127.0.0.1 or
   * 10.0.0.0/24), whose X-Forwarded-For names the client for the per-address rate limit and the
   * access-code counters. Default none: the connection's own address is the client's.
   */
  trustProxy?: readonly string[]
  /** SSE keep-alive comment interval (default 15 s). */
  sseKeepAliveMs?: number
  publicBaseUrl?: string
  /** Tries at access codes per application and per address in a window (default 10 and 30 a quarter of an hour). */
  accessLimits?: AccessLimits
  intakeCentreId?: string
  /** Demo mode: the demo centre's static enrolment code enrols too (deps.ts, demoEnrolment). For demonstrations only. */
  demoEnrolment?: boolean
  hooks?: PortalHooks
  decide?: typeof applyCommand
  maxAttempts?: number
  sleep?: (ms: number) => Promise<void>
  log?: PortalDeps['log']
  /** Fastify's own request log (default off). */
  logger?: boolean
  /** close() also closes the database (default true). */
  closeDb?: boolean
  /**
   * Embedded database only: how often the planner statistics are refreshed (default 6 h; false:
   * never). PGlite has no autovacuum, and without statistics the planner guesses — a pull page's
   * bounds query read every row after the cursor (24 s instead of 1 s at 100k applications).
   */
  analyzeEveryMs?: number | false
  /**
   * Nudges of one centre within this window go out as one (nudges.ts, NudgeCoalescer; default 300 ms,
   * 0: each at once). On PostgreSQL they cross processes through LISTEN/NOTIFY, on PGlite they stay in the process.
   */
  nudgeWindowMs?: number
  /** How a round of nudges to one centre's streams is spread (nudges.ts NudgePacing); default DEFAULT_NUDGE_PACING. */
  nudgePacing?: NudgePacing
  /** Timers of the nudge window (a test's fake clock); default the real ones. */
  nudgeTimers?: Timers
  /**
   * A read replica of `db` (PostgreSQL only; issue 19, README "Read replica"): workstations' pulls
   * and citizens' status reads go there, everything that writes and every authentication to `db`,
   * and so does the nudge stream's LISTEN. Closed with the portal when `closeDb` is.
   */
  readDb?: PortalDb
  /**
   * The bound of this process's pull page cache in bytes (sync/pull-cache.ts; default 32 MiB; 0: no
   * cache, every pull reads its page).
   */
  pullCacheBytes?: number
}

export interface Portal {
  app: FastifyInstance
  db: PortalDb
  deps: PortalDeps
  seedDemo(opts?: SeedOptions): Promise<SeedSummary>
  /**
   * The demo, only when the database has no centre yet; null when it had one. Several processes
   * starting together on one PostgreSQL seed it once (db/seed-lock.ts).
   */
  seedDemoIfEmpty(opts?: SeedOptions): Promise<SeedSummary | null>
  close(): Promise<void>
}

/** Migrates the database and builds the portal. Nothing listens until `app.listen(...)`. */
export async function createPortal(opts: CreatePortalOptions): Promise<Portal> {
  await migrate(opts.db)
  if (opts.readDb && (opts.readDb.kind !== 'postgres' || opts.db.kind !== 'postgres'))
    throw new Error('A read replica needs PostgreSQL for both the primary and the replica')
  const log = opts.log ?? ((): void => undefined)
  const windowMs = opts.nudgeWindowMs ?? DEFAULT_NUDGE_WINDOW_MS
  const pacing = opts.nudgePacing ?? DEFAULT_NUDGE_PACING
  const busOptions = { windowMs, pacing, ...(opts.nudgeTimers ? { timers: opts.nudgeTimers } : {}) }
  // The database kind chooses how nudges travel: a PostgreSQL server may have several portal processes.
  const nudges: NudgeBus = opts.db instanceof PgDb ? new PgNudgeBus(opts.db, log, busOptions) : new LocalNudgeBus(busOptions)
  await nudges.start()
  const deps = makeDeps({
    nudges,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.newId ? { newId: opts.newId } : {}),
    ...(opts.calendar ? { calendar: opts.calendar } : {}),
    ...(opts.catalogue ? { catalogue: opts.catalogue } : {}),
    ...(opts.hooks ? { hooks: opts.hooks } : {}),
    ...(opts.decide ? { decide: opts.decide } : {}),
    ...(opts.maxAttempts !== undefined ? { maxAttempts: opts.maxAttempts } : {}),
    ...(opts.sleep ? { sleep: opts.sleep } : {}),
    ...(opts.intakeCentreId !== undefined ? { intakeCentreId: opts.intakeCentreId } : {}),
    ...(opts.publicBaseUrl !== undefined ? { publicBaseUrl: opts.publicBaseUrl } : {}),
    ...(opts.demoEnrolment !== undefined ? { demoEnrolment: opts.demoEnrolment } : {}),
    ...(opts.accessLimits ? { accessLimits: opts.accessLimits } : {}),
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.readDb ? { readReplica: { db: opts.readDb, retryOnPrimary: true } } : {}),
    ...(opts.pullCacheBytes !== undefined ? { pullCache: opts.pullCacheBytes > 0 ? new PullPageCache(opts.pullCacheBytes) : null } : {})
  })
  // Every centre's catalogue: the catalogue file's cards as published version 1 (catalogue/seeding.ts).
  await seedAllCentres(opts.db, deps)
  const rateLimit = opts.rateLimit === undefined ? { max: 120, timeWindowMs: 60_000 } : opts.rateLimit
  // Several processes may serve a PostgreSQL database: what they must share lives in it (README, "Several processes").
  const shared = opts.db instanceof PgDb
  const app = await buildServer(opts.db, deps, {
    rateLimit,
    sseKeepAliveMs: opts.sseKeepAliveMs ?? 15_000,
    logger: opts.logger ?? false,
    ...(opts.trustProxy ? { trustProxy: opts.trustProxy } : {}),
    webKeys: new WebKeys(await sharedSecret(opts.db, 'web', randomBytes(32), deps.clock())),
    ...(shared ? { rateLimitStore: sharedRateLimitStore(opts.db, deps.clock) } : {})
  })
  let closed = false
  const embedded = opts.db.kind === 'pglite'
  const analyze = async (): Promise<void> => {
    try {
      await refreshPlannerStatistics(opts.db)
    } catch (error) {
      deps.log('warn', 'refreshing planner statistics failed', { error: String(error) })
    }
  }
  if (embedded) await analyze()
  const every = opts.analyzeEveryMs ?? 6 * 60 * 60 * 1000
  const timer = embedded && every !== false ? setInterval(() => void analyze(), every) : null
  timer?.unref()
  // Counters of tries at access codes whose window has ended would start afresh anyway: drop them.
  const purge = setInterval(() => {
    purgeAttempts(opts.db, new Date(deps.clock().getTime() - deps.accessLimits.windowMs)).catch((error: unknown) =>
      deps.log('warn', 'purging access-code counters failed', { error: String(error) })
    )
    if (rateLimit && shared)
      purgeRateLimits(opts.db, new Date(deps.clock().getTime() - rateLimit.timeWindowMs)).catch((error: unknown) =>
        deps.log('warn', 'purging rate-limit counters failed', { error: String(error) })
      )
  }, 10 * 60_000)
  purge.unref()
  const seed = async (seedOpts?: SeedOptions): Promise<SeedSummary> => {
    const summary = await seedDemo(opts.db, deps, seedOpts)
    // Thousands of rows at once: the planner's picture of the tables is stale.
    if (embedded) await analyze()
    return summary
  }
  return {
    app,
    db: opts.db,
    deps,
    seedDemo: seed,
    seedDemoIfEmpty: (seedOpts) => withDemoSeedLock(opts.db, async () => ((await firstCentre(opts.db)) ? null : seed(seedOpts))),
    close: async () => {
      if (closed) return
      closed = true
      if (timer) clearInterval(timer)
      clearInterval(purge)
      await app.close()
      await nudges.close()
      if (opts.closeDb !== false) {
        await opts.db.close()
        await opts.readDb?.close()
      }
    }
  }
}
