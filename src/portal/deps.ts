import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { v7 as uuidv7 } from 'uuid'
import { catalogueFileSchema, type Service } from '../shared/catalogue'
import { DEFAULT_CALENDAR, formatInstant, type WorkCalendar } from '../shared/domain/calendar'
import { applyCommand, type CommandEnvelope, type ServiceRules } from '../shared/domain/commands'
import { LocalNudgeBus, type NudgeBus } from './nudges'
import { OFFLINE_SIGN_IN_DEFAULT_DAYS } from '../shared/admin-contract'
import { DEFAULT_ACCESS_LIMITS, type AccessLimits } from './auth/access-codes'
import type { PortalDb } from './db/portal-db'
import { PullPageCache } from './sync/pull-cache'

/*
 * Everything a portal handler needs besides the database. The clock and the id generator are
 * injected so that a deterministic simulation can drive the real handlers; `decide` and `hooks`
 * are seams for tests (a decision function that throws, a transaction paused at a chosen point).
 */

export type ChangeSource = 'push' | 'intake' | 'answer' | 'seed' | 'removal'

export interface PortalHooks {
  /** Inside a writing transaction, right after the centre's change version was taken. */
  afterChangeVersion?: (info: { centreId: string; version: number; source: ChangeSource }) => Promise<void> | void
  /** Inside a push transaction, just before COMMIT (a test throws a serialization failure here). */
  beforeCommit?: (cmd: CommandEnvelope, attempt: number) => Promise<void> | void
}

export interface PortalDeps {
  clock: () => Date
  newId: () => string
  calendar: WorkCalendar
  catalogue: readonly Service[]
  services: ReadonlyMap<string, Service>
  /** Nudges to the workstations' event streams (nudges.ts): in-process on PGlite, LISTEN/NOTIFY on PostgreSQL. */
  nudges: NudgeBus
  /** The decision function: the shared `applyCommand` (the same one workstations predict with). */
  decide: typeof applyCommand
  hooks: PortalHooks
  /** Attempts per command when PostgreSQL reports a serialization failure or a deadlock. */
  maxAttempts: number
  /** Back-off between those attempts (a simulation with a virtual clock replaces it). */
  sleep: (ms: number) => Promise<void>
  /** Where citizens' applications go while the portal serves one centre (the pilot). */
  intakeCentreId: string | null
  /**
   * Demo mode (`npm start`, `npm run portal -- --demo`): a centre's static demo enrolment code enrols
   * too, besides the one-time codes administrators issue. For demonstrations only: anyone who reads
   * the README could enrol a workstation. Off by default.
   */
  demoEnrolment: boolean
  /**
   * Days after the last online sign-in on a workstation during which it may read personal data
   * (pull, attachments; sync/pull-access.ts). The workstations' offline sign-in lifetime by default.
   */
  readAfterSignInDays: number
  /** Prefix for links handed to citizens, e.g. https://vikno.example.ua; '' → relative links. */
  publicBaseUrl: string
  /** How many tries at access codes a window allows (intake/citizen-access.ts). */
  accessLimits: AccessLimits
  log: (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void
  /**
   * A read replica (issue 19, src/portal/README.md "Read replica"): pulls and citizens' reads go
   * there, everything that writes (and the authentication of a request) to the primary. Null: every
   * read on the primary.
   */
  readReplica: ReadReplica | null
  /**
   * This process's cache of centres' pull pages (sync/pull-cache.ts; issue 19, the thundering herd):
   * only a cache, never shared between processes. Null: every pull reads its page (as before).
   */
  pullCache: PullPageCache | null
  /**
   * Test-only switches that plant the classic sync bugs on the portal, so the deterministic
   * simulation (src/sim) can prove that its invariants catch them. Never set in production.
   */
  faults?: PortalFaults
}

/** A database that holds a consistent but possibly older copy of the primary (PostgreSQL streaming replication). */
export interface ReadReplica {
  db: PortalDb
  /**
   * When the replica cannot serve a pull (it is behind the workstation), read the primary once
   * (true, production) or answer `behind` at once (false: the simulation, to exercise the
   * workstation's side; a portal that must keep pulls off the primary).
   */
  retryOnPrimary: boolean
}

export interface PortalFaults {
  /**
   * A read replica's snapshot treated as the authority: a replica that is behind the workstation
   * answers `reset` (and its lower lastSeq is sent as is) instead of reading the primary or
   * answering `behind` (issue 19; the simulation must catch it).
   */
  replicaReadAsRestore?: boolean
  /**
   * A read replica's catalogue sent whenever it differs from the workstation's, older or not,
   * instead of reading the primary (issue 17, item 5: the simulation must catch it).
   */
  replicaCatalogueAsTruth?: boolean
  /** Pull pages by the records' timestamps instead of the centre's version counter. */
  timestampCursor?: boolean
  /** Run a command again when its seq was already executed, instead of returning the stored result. */
  reexecuteDuplicates?: boolean
  /** Decide commands without checking their clerk's signature (issue 20: the simulation must catch it). */
  skipSignatureCheck?: boolean
}

export const DEFAULT_CATALOGUE_PATH = fileURLToPath(new URL('../../resources/catalog/services.json', import.meta.url))

export function loadCatalogue(path: string = DEFAULT_CATALOGUE_PATH): Service[] {
  const parsed = catalogueFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')))
  return parsed.services
}

export function makeDeps(opts: Partial<PortalDeps> & { catalogue?: readonly Service[] } = {}): PortalDeps {
  const catalogue = opts.catalogue ?? loadCatalogue()
  return {
    clock: opts.clock ?? (() => new Date()),
    newId: opts.newId ?? (() => uuidv7()),
    calendar: opts.calendar ?? DEFAULT_CALENDAR,
    catalogue,
    services: new Map(catalogue.map((s) => [s.id, s])),
    // Without a composition (a simulation driving handlers): in-process, uncoalesced, no timers.
    nudges: opts.nudges ?? new LocalNudgeBus({ windowMs: 0 }),
    decide: opts.decide ?? applyCommand,
    hooks: opts.hooks ?? {},
    maxAttempts: opts.maxAttempts ?? 5,
    sleep: opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    intakeCentreId: opts.intakeCentreId ?? null,
    demoEnrolment: opts.demoEnrolment ?? false,
    readAfterSignInDays: opts.readAfterSignInDays ?? OFFLINE_SIGN_IN_DEFAULT_DAYS,
    publicBaseUrl: opts.publicBaseUrl ?? '',
    accessLimits: opts.accessLimits ?? DEFAULT_ACCESS_LIMITS,
    log: opts.log ?? (() => undefined),
    readReplica: opts.readReplica ?? null,
    pullCache: opts.pullCache !== undefined ? opts.pullCache : new PullPageCache(),
    ...(opts.faults ? { faults: opts.faults } : {})
  }
}

/** The portal's "now" in the centre's zone, as the domain records it (e.g. 2026-11-28T18:00:00+02:00). */
export function nowIso(deps: Pick<PortalDeps, 'clock' | 'calendar'>): string {
  return formatInstant(deps.clock().getTime(), deps.calendar.timeZone)
}

/**
 * "Now" for a change to a record whose last change was at `after`: the clock, but never earlier. A
 * clock stepped back (NTP, a restored VM) must not date a change before the record's previous one:
 * a wait for corrections would end before it began, which computeDueAt refuses with a RangeError
 * (the command was then stored as an 'internal' rejection). Found by the simulation (src/sim), seed 186.
 */
export function nowNotBefore(deps: Pick<PortalDeps, 'clock' | 'calendar'>, after: string | null | undefined): string {
  const now = nowIso(deps)
  return after && Date.parse(after) > Date.parse(now) ? formatInstant(Date.parse(after), deps.calendar.timeZone) : now
}

export function serviceRules(service: Service | undefined): ServiceRules | null {
  if (!service) return null
  return { term: { value: service.term.value, unit: service.term.unit }, refusalGrounds: service.refusal_grounds_uk }
}
