import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { PORTAL_PID_FILE } from './pid-file'
import { parseTrustProxy } from './http/trust-proxy'
import { startCitizenSimulator, type CitizenSimulator } from './citizen-simulator'
import { firstCentre } from './db/centres-repository'
import { PgDb } from './db/pg-db'
import { PgliteDb } from './db/pglite-db'
import type { PortalDb } from './db/portal-db'
import { createPortal } from './portal'
import { DEFAULT_NUDGE_PACING } from './nudges'
import { DEMO_CENTRE } from '../shared/demo/clerks'

/*
 * `npm run portal`: the portal alone. PGlite in .vikno-data/portal (or PORTAL_DATA_DIR) unless
 * DATABASE_URL points at PostgreSQL; demo data on first start; the citizen simulator unless
 * --no-citizens. PORTAL_PUBLIC_URL: the address citizens reach it at (status links, the receipt's
 * QR code); default http://HOST:PORT. READ_DATABASE_URL (or --read-database-url): a PostgreSQL read
 * replica for pulls and citizens' status reads (README "Read replica"). The URL is the LAST line
 * printed, for scripts that start it.
 */

interface CliOptions {
  /** The demo centre's static enrolment code enrols too (deps.ts, demoEnrolment): demonstrations only. */
  demo: boolean
  demoCount: number
  /** The demo as it stood N days ago (seed.ts, SeedOptions.daysAgo): its open applications are overdue now. */
  demoDaysAgo: number
  citizens: boolean
  citizenIntervalMs: number
  /** Nudges of one centre within this window go out as one (nudges.ts); default 300 ms; also PORTAL_NUDGE_WINDOW_MS. */
  nudgeWindowMs: number | null
  /** A round of nudges to a centre's streams is spread over at most this (nudges.ts NudgePacing); default 250 ms; 0: all at once; also PORTAL_NUDGE_SPREAD_MS. */
  nudgeSpreadMs: number | null
  /** The pull page cache's bound in MiB (sync/pull-cache.ts); default 32; 0: none; also PORTAL_PULL_CACHE_MB. */
  pullCacheMb: number | null
  /** A PostgreSQL read replica (README "Read replica"); also READ_DATABASE_URL. */
  readDatabaseUrl: string | null
  /** Public requests per minute per address (default 120); 0: no limit (a load test whose every client is one address). */
  rateLimitPerMinute: number
  /** The load balancers whose X-Forwarded-For is believed (--trust-proxy, PORTAL_TRUST_PROXY; README "Several processes"). */
  trustProxy: string[]
}

/** A whole number from the environment, or null when the variable is unset or empty. */
function envWhole(name: string): number | null {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return null
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name}: expected a whole number, got ${raw}`)
  return n
}

function parseArgs(argv: readonly string[]): CliOptions {
  const opts: CliOptions = {
    demo: false,
    demoCount: 2000,
    demoDaysAgo: 0,
    citizens: true,
    citizenIntervalMs: 5_000,
    nudgeWindowMs: envWhole('PORTAL_NUDGE_WINDOW_MS'),
    nudgeSpreadMs: envWhole('PORTAL_NUDGE_SPREAD_MS'),
    pullCacheMb: envWhole('PORTAL_PULL_CACHE_MB'),
    readDatabaseUrl: process.env.READ_DATABASE_URL || null,
    rateLimitPerMinute: 120,
    trustProxy: parseTrustProxy('PORTAL_TRUST_PROXY', process.env.PORTAL_TRUST_PROXY ?? '')
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    const value = (): number => {
      const raw = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i]
      const n = Number(raw)
      if (!Number.isInteger(n) || n < 0) throw new Error(`${arg}: expected a whole number, got ${String(raw)}`)
      return n
    }
    if (arg === '--demo') opts.demo = true
    else if (arg === '--citizens') opts.citizens = true
    else if (arg === '--no-citizens') opts.citizens = false
    else if (arg.startsWith('--demo-count')) opts.demoCount = value()
    else if (arg.startsWith('--demo-days-ago')) opts.demoDaysAgo = value()
    else if (arg.startsWith('--citizen-interval-ms')) opts.citizenIntervalMs = Math.max(100, value())
    else if (arg.startsWith('--nudge-window-ms')) opts.nudgeWindowMs = value()
    else if (arg.startsWith('--nudge-spread-ms')) opts.nudgeSpreadMs = value()
    else if (arg.startsWith('--pull-cache-mb')) opts.pullCacheMb = value()
    else if (arg.startsWith('--rate-limit-per-minute')) opts.rateLimitPerMinute = value()
    else if (arg.startsWith('--trust-proxy'))
      opts.trustProxy = parseTrustProxy(arg, arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i])
    else if (arg.startsWith('--read-database-url')) {
      const raw = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i]
      if (!raw || !/^postgres(ql)?:\/\//.test(raw)) throw new Error(`${arg}: expected a postgres:// URL`)
      opts.readDatabaseUrl = raw
    } else
      throw new Error(
        `Unknown option ${arg}. Options: --demo, --demo-count N, --demo-days-ago N, --citizens, --no-citizens, --citizen-interval-ms N, --nudge-window-ms N, --nudge-spread-ms N, --pull-cache-mb N, --rate-limit-per-minute N, --read-database-url URL, --trust-proxy ADDR[,ADDR…]`
      )
  }
  return opts
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2))
  const port = Number(process.env.PORT ?? 7400)
  const host = process.env.HOST ?? '127.0.0.1'

  let db: PortalDb
  let readDb: PortalDb | null = null
  if (opts.readDatabaseUrl && !process.env.DATABASE_URL)
    throw new Error('--read-database-url (READ_DATABASE_URL) needs DATABASE_URL: a replica of PostgreSQL')
  if (process.env.DATABASE_URL) {
    db = new PgDb({ connectionString: process.env.DATABASE_URL })
    console.log('Vikno portal: PostgreSQL (DATABASE_URL)')
    if (opts.readDatabaseUrl) {
      readDb = new PgDb({ connectionString: opts.readDatabaseUrl })
      console.log("Vikno portal: pulls and citizens' status reads on the read replica (READ_DATABASE_URL)")
    }
  } else {
    const dataDir = resolve(process.env.PORTAL_DATA_DIR ?? '.vikno-data/portal')
    mkdirSync(dataDir, { recursive: true })
    console.log(`Vikno portal: embedded PostgreSQL (PGlite) in ${dataDir}`)
    db = await PgliteDb.open({ dataDir })
    // admin-cli.ts refuses to open the embedded database while this process has it.
    const pidFile = join(dataDir, PORTAL_PID_FILE)
    writeFileSync(pidFile, String(process.pid), { mode: 0o600 })
    process.once('exit', () => rmSync(pidFile, { force: true }))
  }

  const portal = await createPortal({
    db,
    ...(readDb ? { readDb } : {}),
    demoEnrolment: opts.demo,
    rateLimit: opts.rateLimitPerMinute === 0 ? false : { max: opts.rateLimitPerMinute, timeWindowMs: 60_000 },
    ...(opts.trustProxy.length > 0 ? { trustProxy: opts.trustProxy } : {}),
    ...(opts.nudgeWindowMs !== null ? { nudgeWindowMs: opts.nudgeWindowMs } : {}),
    ...(opts.nudgeSpreadMs !== null ? { nudgePacing: { ...DEFAULT_NUDGE_PACING, spreadMs: opts.nudgeSpreadMs } } : {}),
    ...(opts.pullCacheMb !== null ? { pullCacheBytes: opts.pullCacheMb * 1024 * 1024 } : {}),
    // The address citizens reach the portal at: status links and the receipt's QR code point there.
    publicBaseUrl: (process.env.PORTAL_PUBLIC_URL ?? `http://${host}:${port}`).replace(/\/+$/, ''),
    log: (level, message, data) => {
      if (level !== 'info') console.error(`[portal ${level}] ${message}${data ? ` ${JSON.stringify(data)}` : ''}`)
    }
  })
  // Several processes starting together on one PostgreSQL seed the demo once (db/seed-lock.ts).
  const started = Date.now()
  const summary = await portal.seedDemoIfEmpty({ count: opts.demoCount, seed: 1, daysAgo: opts.demoDaysAgo })
  if (summary) {
    console.log(
      `Vikno portal: demo data seeded (${summary.applications} applications, centre ${summary.centreId}) in ${((Date.now() - started) / 1000).toFixed(1)} s`
    )
  }

  const url = await portal.app.listen({ port, host })
  const centre = await firstCentre(db)
  if (opts.demo) {
    console.log(
      `Vikno portal: DEMO MODE, for demonstrations only — the demo centre's static enrolment code (${DEMO_CENTRE.enrolmentCode}, printed in the README) enrols any workstation; never run a real centre like this`
    )
  } else {
    console.log(
      `Vikno portal: workstations enrol only with one-time codes from an administrator (the first one: npm run portal:admin -- enrolment-code --centre ${centre?.id ?? 'ID'} --admin LOGIN)`
    )
  }
  let citizens: CitizenSimulator | null = null
  if (opts.citizens) {
    citizens = startCitizenSimulator({
      baseUrl: url,
      intervalMs: opts.citizenIntervalMs,
      onError: (error) => console.error(`[citizens] ${error instanceof Error ? error.message : String(error)}`)
    })
    console.log(
      `Vikno portal: citizen simulator on, a new application every ${opts.citizenIntervalMs / 1000} s (--no-citizens turns it off)`
    )
  }

  const shutdown = async (): Promise<void> => {
    await citizens?.stop()
    await portal.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void shutdown())
  process.once('SIGTERM', () => void shutdown())

  // Not the last line: scripts read the portal's URL from that one.
  console.log(`Vikno portal: citizens' pages at ${url}/`)
  console.log(url)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
