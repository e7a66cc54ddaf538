import { createHash } from 'node:crypto'
import { DESK_FAULTS, type DeskFault } from '../main/services/desk-use-cases'
import { existsSync, mkdirSync, readdirSync, rmSync, statfsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { countPending } from '../main/db/sync-repository'
import type { EngineFault } from '../main/sync/sync-engine'
import { writeSetting } from '../main/db/settings'
import { DbUnavailableError, handleEnrol, seedDemoCentre, type PortalDeps } from '../portal/index'
import { upsertClerk } from '../portal/db/clerks-repository'
import { PullPageCache } from '../portal/sync/pull-cache'
import { DEMO_CENTRE } from '../shared/demo/clerks'
import { checkPortal, checkWorkstation, canonical, knownIssueOf, readPortal, type Violation } from './invariants'
import { portalHost } from './portal-host'
import { simPortalDeps } from './portal-host'
import { Rng, simUuid } from './rng'
import { describeOp, type Op, type Scenario } from './scenario'
import { SimWorkstation, workstationTemplate, type EngineFaults, type SimWorld } from './sim-workstation'
import { citizenAnswers, citizenSubmits, clerkAct, resolveOneConflict } from './workload'
import { catalogueChange, checkCatalogue } from './catalogue'
import { attack, checkSignatures, enrolAttacker, registerSimKeys } from './signatures'

/*
 * One seed, start to finish: a fresh portal state on the shared PGlite, N workstations on their own
 * SQLite files, the operations of the scenario one after another on a simulated clock, then healing
 * (every fault ends, held-back requests arrive, everyone syncs until quiet) and the invariants.
 */

/**
 * The bugs the simulation must catch: three on the portal, the rest in the engine (EngineFault in
 * sync-engine.ts says what each one does).
 */
export interface PlantedBugs extends Partial<Record<EngineFault | DeskFault, boolean>> {
  /** Portal: pull pages by timestamp instead of the version counter. */
  timestampCursor?: boolean
  /** Portal: a duplicate (seq <= last_seq) is executed again. */
  reexecuteDuplicates?: boolean
  /** Portal: decides commands without checking their clerk's signature (issue 20). */
  skipSignatureCheck?: boolean
  /** Portal: a read replica behind the workstation answers `reset` (issue 19) instead of the primary or `behind`. */
  replicaReadAsRestore?: boolean
  /** Portal: a read replica's catalogue is sent when it differs from the desk's, older or not (issue 17, item 5). */
  replicaCatalogueAsTruth?: boolean
}

export const ENGINE_FAULTS: readonly EngineFault[] = [
  'retryRejected',
  'blockOnRejection',
  'cursorWithoutHistory',
  'ignoreResultsChain',
  'resendRejectedUnsettled',
  'keepLostResults',
  'noReplayAfterReset',
  'catalogueByNumber'
]

export interface RunOptions {
  planted?: PlantedBugs
  /** Called with every trace line as it happens (--seed N prints them). */
  onTrace?: (line: string) => void
  /** Keep the workstations' SQLite files (their folder is printed). */
  keepFiles?: boolean
  /** Known issues (see KNOWN_ISSUES) fail the run too. */
  strict?: boolean
}

export interface RunStats {
  workstations: number
  ops: number
  commands: number
  applied: number
  rejected: number
  crashes: number
  healRounds: number
  pulls: number
  pushes: number
  portalVersion: number
  /** The two portal processes' pull page caches together: pages served from them, shared in flight, read. */
  pullPages: { hits: number; shared: number; reads: number }
  ms: number
}

function cacheStats(caches: readonly (PullPageCache | null)[]): RunStats['pullPages'] {
  const sum = { hits: 0, shared: 0, reads: 0 }
  for (const c of caches) {
    const s = c?.stats()
    if (!s) continue
    sum.hits += s.hits
    sum.shared += s.shared
    sum.reads += s.misses
  }
  return sum
}

export interface RunResult {
  seed: number
  ok: boolean
  violations: Violation[]
  /** Violations matching a known, reported issue: they fail the run only when strict. */
  known: Violation[]
  trace: string[]
  stats: RunStats
  /** A hash of the final portal state and the trace: the same seed must give the same digest. */
  digest: string
  dir: string
}

const START = Date.parse('2026-11-27T09:00:00+02:00')
/** After healing, each workstation gets this many background sync rounds (one poll each) to go quiet. */
export const MAX_HEAL_ROUNDS = 6
const POLL_MS = 30_000

/**
 * Where the workstations' files go: memory-backed /dev/shm when it has room (the files are real
 * SQLite files either way; fsync is just free there), else the temp folder. Docker's default
 * /dev/shm is 64 MB, too small for two workers' seeds.
 */
function baseDir(): string {
  if (process.env.VIKNO_SIM_DIR) return process.env.VIKNO_SIM_DIR
  const shm = '/dev/shm'
  try {
    if (existsSync(shm)) {
      const fs = statfsSync(shm)
      if (fs.bavail * fs.bsize > 1024 ** 3) return shm
    }
  } catch {
    /* no statfs here: the temp folder */
  }
  return tmpdir()
}

let templateDir: string | null = null
function template(): string {
  if (!templateDir) {
    sweepDeadRuns(baseDir())
    templateDir = join(baseDir(), `vikno-sim-template-${process.pid}`)
  }
  mkdirSync(templateDir, { recursive: true })
  return workstationTemplate(templateDir)
}

/** Folders left by simulation processes that were killed mid-seed (their pid is gone). */
function sweepDeadRuns(dir: string): void {
  for (const name of readdirSync(dir)) {
    const pid = /^vikno-sim-(?:template-)?(\d+)/.exec(name)?.[1]
    if (!pid || Number(pid) === process.pid) continue
    try {
      process.kill(Number(pid), 0)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(dir, name), { recursive: true, force: true })
    }
  }
}

/** Removes this process's template (call once when done with all seeds). */
export function cleanupTemplate(): void {
  if (templateDir) rmSync(templateDir, { recursive: true, force: true })
  templateDir = null
}

function clockLabel(ms: number): string {
  const d = Math.floor(ms / 86_400_000)
  const rest = new Date(ms % 86_400_000).toISOString().slice(11, 19)
  return `+${d}d${rest}`
}

export async function runScenario(sc: Scenario, opts: RunOptions = {}): Promise<RunResult> {
  const started = performance.now()
  const host = await portalHost()
  await host.reset()
  const planted = opts.planted ?? {}
  const trace: string[] = []
  const violations: Violation[] = []
  const log = (line: string): void => {
    trace.push(line)
    opts.onTrace?.(line)
  }

  let now = START
  let portalOffset = 0
  let step = -1
  let portalIds = 0
  const portalFaults: PortalDeps['faults'] =
    planted.timestampCursor ||
    planted.reexecuteDuplicates ||
    planted.skipSignatureCheck ||
    planted.replicaReadAsRestore ||
    planted.replicaCatalogueAsTruth
      ? {
          timestampCursor: planted.timestampCursor === true,
          reexecuteDuplicates: planted.reexecuteDuplicates === true,
          skipSignatureCheck: planted.skipSignatureCheck === true,
          replicaReadAsRestore: planted.replicaReadAsRestore === true,
          replicaCatalogueAsTruth: planted.replicaCatalogueAsTruth === true
        }
      : undefined
  const unexpected = (where: string, error: unknown): void => {
    const message = `${where}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`
    violations.push({ invariant: 'error', message })
    log(`  UNEXPECTED ${message}`)
  }
  const deps = simPortalDeps(host, {
    clock: () => new Date(now + portalOffset),
    newId: () => simUuid(0, ++portalIds),
    faults: portalFaults,
    log: (level, message, data) => {
      if (level === 'error') unexpected('portal log', `${message} ${data ? JSON.stringify(data) : ''}`)
      else if (level === 'warn') log(`  portal warns: ${message}`)
    }
  })
  // Issue 19: the portal as two processes behind a load balancer, both with the read replica; each
  // pull goes (drawn from the replicaUp op's seed) to the first process, which reads the replica
  // and the primary once if the replica cannot serve; to the second, configured to answer `behind`
  // at once; or, as a workstation's pull that reaches neither replica path, to the primary.
  let routing: Rng | null = null
  let healing = false
  const routes = { primary: 0, replica: 0, replicaNoRetry: 0 }
  // Each process has its own pull page cache (portal/sync/pull-cache.ts): the first process's is
  // `deps`'s (its pulls on the primary and through the replica), the second has one of its own.
  const withReplicaRetry: PortalDeps = { ...deps, readReplica: { db: host.replica, retryOnPrimary: true } }
  const withReplicaBehind: PortalDeps = {
    ...deps,
    pullCache: new PullPageCache(),
    readReplica: { db: host.replica, retryOnPrimary: false }
  }
  // Mirror resets are expected only after the portal lost history (a restore, a promotion) or a
  // workstation's cursor was forced ahead: any other one is a spurious reset (invariant 8).
  let portalLostHistory = false
  const forcedReset = new Set<number>()
  const world: SimWorld = {
    portalDb: host.db,
    deps,
    pullDeps: () => {
      if (!routing) return deps
      // The second process answering `behind` stands for a moment when a process cannot read the
      // primary: a fault, which ends at healing like every other one. Its `behind` cannot tell a
      // replica that lags from a primary that lost the workstation's history (a promoted replica's
      // copy is up to date and still lacks it): only the primary can, so it must answer in the end.
      const route = healing ? routing.weighted({ primary: 1, replica: 2 }) : routing.weighted({ primary: 1, replica: 2, replicaNoRetry: 2 })
      routes[route]++
      return route === 'primary' ? deps : route === 'replica' ? withReplicaRetry : withReplicaBehind
    },
    mirrorReset: (ws) => {
      if (portalLostHistory || forcedReset.has(ws.index)) return
      const v: Violation = {
        invariant: 8,
        message: `${ws.label} reset its mirror though the portal lost no history and its cursor was not forced ahead`
      }
      violations.push(v)
      log(`  VIOLATION [8] ${v.message}`)
    },
    olderCatalogue: (ws, held, sent) => {
      if (portalLostHistory) return
      const v: Violation = {
        invariant: 9,
        message: `${ws.label} was sent catalogue revision ${sent.revision} though it holds ${held.revision} and the portal lost no history`
      }
      violations.push(v)
      log(`  VIOLATION [9] ${v.message}`)
    },
    now: () => now,
    step: () => step,
    trace: log,
    unexpected,
    violation: (v) => {
      violations.push(v)
      log(`  VIOLATION [${v.invariant}] ${v.message}`)
    }
  }

  // ————— the world —————
  await seedDemoCentre(host.db, deps)
  for (const c of sc.clerks.filter((c) => c.clerkId.startsWith('clerk-sim-'))) {
    await upsertClerk(host.db, {
      id: c.clerkId,
      centreId: DEMO_CENTRE.id,
      login: c.clerkId,
      name: c.name,
      role: c.role,
      passwordHash: 'sim: never signs in'
    })
  }
  for (let i = 0; i < sc.initialApplications; i++) {
    log(`setup: ${await citizenSubmits(host.db, deps, i * 7919 + sc.seed)}`)
    now += 60_000
  }
  const hot = (await host.db.query<{ id: string }>('SELECT id FROM applications ORDER BY change_version LIMIT $1', [sc.hot])).map(
    (r) => r.id
  )

  const dir = join(baseDir(), `vikno-sim-${process.pid}-seed-${sc.seed}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const tpl = template()
  const planting = ENGINE_FAULTS.filter((f) => planted[f] === true)
  const engineFaults: EngineFaults | undefined = planting.length > 0 ? Object.fromEntries(planting.map((f) => [f, true])) : undefined
  const deskPlanting = DESK_FAULTS.filter((f) => planted[f] === true)
  const deskFaults = deskPlanting.length > 0 ? Object.fromEntries(deskPlanting.map((f) => [f, true])) : undefined
  const stations: SimWorkstation[] = []
  for (const [index, cfg] of sc.workstations.entries()) {
    const id = simUuid(0x5e000000 + index, 0)
    const enrolment = await handleEnrol(host.db, deps, {
      enrolmentCode: DEMO_CENTRE.enrolmentCode,
      workstationId: id,
      creationNonce: `sim-nonce-${index}`,
      label: `Вікно ${index + 1}`
    })
    const clerks = cfg.clerks.map((i) => {
      const c = sc.clerks[i % sc.clerks.length] ?? sc.clerks[0]
      if (!c) throw new Error('scenario without clerks')
      return { clerkId: c.clerkId, name: c.name, role: c.role, centreId: DEMO_CENTRE.id }
    })
    stations.push(
      SimWorkstation.create(world, tpl, dir, {
        index,
        id,
        node: enrolment.node,
        centreId: enrolment.centreId,
        clerks,
        config: {
          clockOffsetMs: cfg.clockOffsetMs,
          pullPageSize: cfg.pullPageSize,
          pushBatchSize: cfg.pushBatchSize,
          applyUnitSize: cfg.applyUnitSize
        },
        engineFaults
      })
    )
    log(
      `setup: ws${index} node ${enrolment.node}, clock ${cfg.clockOffsetMs >= 0 ? '+' : ''}${Math.round(cfg.clockOffsetMs / 60_000)} min, pages of ${cfg.pullPageSize} in units of ${cfg.applyUnitSize}, batches of ${cfg.pushBatchSize}, clerks ${clerks.map((c) => c.name).join(', ')}`
    )
  }
  for (const w of stations) w.deskFaults = deskFaults
  // Who did it (issue 20): each desk's clerks sign with keys registered on the portal; an attacker is enrolled too.
  for (const w of stations)
    w.signer = await registerSimKeys(
      host.db,
      deps,
      w,
      w.clerks.map((c) => c.clerkId),
      `sim-${sc.seed}`
    )
  const attacker = await enrolAttacker(host.db, deps, sc.seed)
  const at = (i: number): SimWorkstation => {
    const w = stations[i % stations.length]
    if (!w) throw new Error('no workstation')
    return w
  }

  // ————— the operations —————
  const portalVersion = async (): Promise<number> =>
    Number((await host.db.query<{ version: number }>('SELECT version FROM centres WHERE id = $1', [DEMO_CENTRE.id]))[0]?.version ?? 0)
  let backup: { step: number; version: number } | null = null
  const runOp = async (op: Op): Promise<string> => {
    switch (op.k) {
      case 'clerk': {
        const w = at(op.ws)
        if (op.whileSyncing) {
          const syncing = w.guarded('sync', (e) => e.syncNow())
          const line = `${w.label} (while syncing) ${clerkAct(w, op, hot)}`
          await syncing
          if (op.crashAfter) w.crash()
          return op.crashAfter ? `${line}; then the workstation dies` : line
        }
        const line = `${w.label} ${clerkAct(w, op, hot)}`
        if (op.crashAfter) {
          w.crash()
          return `${line}; the workstation dies right after the local commit`
        }
        return line
      }
      case 'sync':
        return `${at(op.ws).label} sync: ${await at(op.ws).guarded('sync', (e) => e.syncNow())}`
      case 'syncMany': {
        const outcomes = await Promise.all(op.ws.map((i) => at(i).guarded('sync', (e) => e.syncNow())))
        return op.ws.map((i, n) => `${at(i).label} ${outcomes[n] ?? '?'}`).join(', ')
      }
      case 'push':
        return `${at(op.ws).label} push: ${await at(op.ws).guarded('push', (e) => e.pushOnce())}`
      case 'pull':
        return `${at(op.ws).label} pull: ${await at(op.ws).guarded('pull', (e) => e.pullOnce())}`
      case 'citizenSubmit':
        return citizenSubmits(host.db, deps, op.variant)
      case 'citizenAnswer':
        return citizenAnswers(host.db, deps, op.pick)
      case 'partition':
        at(op.ws).partition(op.steps)
        return `${at(op.ws).label} cut off from the portal until #${step + op.steps}`
      case 'arm':
        at(op.ws).arm(op.fault, op.on)
        return `${at(op.ws).label}: the next ${op.on} request will meet '${op.fault}'`
      case 'flaky':
        at(op.ws).makeFlaky(op.steps, op.seed, op.p)
        return `${at(op.ws).label}: flaky network (p=${op.p}) until #${step + op.steps}`
      case 'deliverDelayed':
        return `${at(op.ws).label}: ${await at(op.ws).deliverDelayed()} held-back request(s) delivered`
      case 'crash':
        at(op.ws).crash()
        return `${at(op.ws).label} dies between operations and restarts`
      case 'portalCrash': {
        let count = 0
        const hook = op.at
        const fire = (): void => {
          if (++count !== op.nth) return
          delete deps.hooks[hook]
          log(`  PORTAL CRASH mid-batch (DbUnavailableError in ${hook}); nothing of that transaction is stored`)
          throw new DbUnavailableError('simulated portal crash')
        }
        deps.hooks[hook] = fire
        return `the portal will crash at its ${op.nth}-th ${hook}`
      }
      case 'upgrade': {
        const w = at(op.ws)
        const pending = countPending(w.db)
        w.upgrade([1, 3, 10, 100][step % 4] ?? 10, [1, 4, 200][step % 3] ?? 200)
        return `${w.label} upgraded with ${pending} pending command(s): clean close, openDatabase (migrations), new engine`
      }
      case 'reset': {
        const w = at(op.ws)
        const rows = await host.db.query<{ version: number }>('SELECT version FROM centres WHERE id = $1', [DEMO_CENTRE.id])
        // As after a portal restored from a backup: far ahead of its counter, or only a little ahead,
        // so that the counter overtakes the cursor before the next pull. "cursor > version" alone
        // cannot see the second case; the event the workstation holds at its cursor (CursorEvent)
        // then differs from the portal's newest event up to it, and the pull is answered 'reset'.
        const current = Number(rows[0]?.version ?? 0)
        const ahead = step % 2 === 0 ? current + 1_000_000_000 : current + 1 + (step % 5)
        writeSetting(w.db, 'sync.cursor', ahead)
        forcedReset.add(w.index)
        return `${w.label}'s cursor forced ahead of the portal (${ahead}, the portal is at ${current}): its pull is answered 'reset'`
      }
      case 'portalBackup': {
        const rows = await host.backup()
        backup = { step, version: await portalVersion() }
        return `portal backup taken at version ${backup.version} (${rows['applications']} applications, ${rows['application_events']} events, ${rows['command_results']} command results)`
      }
      case 'portalRestore': {
        // The portal's database goes back to the backup: versions after it will be handed to other
        // changes, results decided after it are gone (a workstation learns it from its next push,
        // which meets a gap, or its next pull's lastSeq, and sends them again to be decided anew),
        // and so are citizens' submissions and answers made after it: the portal's loss. A clerk's
        // command is never lost: it is still in its outbox.
        if (!backup) return 'no backup was taken in this run: nothing restored'
        const from = await portalVersion()
        portalLostHistory = true
        const rows = await host.restore()
        // A replica cannot follow a primary restored from a backup (another timeline): it is made again from it.
        if (routing) await host.replicaCatchUp()
        const lost = (t: string): number => (rows[t]?.[0] ?? 0) - (rows[t]?.[1] ?? 0)
        return `portal restored from the backup of #${backup.step}: version ${from} → ${backup.version}; lost ${lost('applications')} application(s), ${lost('application_events')} event(s), ${lost('command_results')} command result(s)`
      }
      case 'replicaUp': {
        await host.replicaCatchUp()
        routing = new Rng(op.seed)
        return `read replica up at version ${await portalVersion()}: pulls now reach a process that reads it (the primary once if it cannot serve), one that answers 'behind', or the primary`
      }
      case 'replicaCatchUp': {
        if (!routing) return 'no replica'
        await host.replicaCatchUp()
        return `read replica caught up to version ${await portalVersion()}`
      }
      case 'replicaPromote': {
        if (!routing) return 'no replica'
        // What the replica had not replayed is lost, as in a restore from a backup; a new replica
        // is made from the promoted primary at once.
        const from = await portalVersion()
        portalLostHistory = true
        const rows = await host.promoteReplica()
        await host.replicaCatchUp()
        const lost = (t: string): number => (rows[t]?.[0] ?? 0) - (rows[t]?.[1] ?? 0)
        return `the primary dies; the replica is promoted: version ${from} → ${await portalVersion()}; lost ${lost('applications')} application(s), ${lost('application_events')} event(s), ${lost('command_results')} command result(s)`
      }
      case 'clockJump':
        at(op.ws).clockOffsetMs += op.deltaMs
        return `${at(op.ws).label} clock is now ${Math.round(at(op.ws).clockOffsetMs / 60_000)} min off`
      case 'portalClockStep':
        portalOffset += op.deltaMs
        return `portal clock stepped by ${op.deltaMs / 1000} s`
      case 'resolveConflict':
        return `${at(op.ws).label} ${resolveOneConflict(at(op.ws), op.pick, op.action)}`
      case 'catalogue':
        // The administrator at the first desk, acting on the portal (which the desk may not reach: the staff API is not sync).
        return catalogueChange(host.db, deps, at(0).id, op.action, op.pick)
    }
  }

  for (let i = 0; i < sc.ops.length; i++) {
    const op = sc.ops[i] as Op
    step = i
    now += op.dt
    log(`#${i} ${clockLabel(now - START)} ${describeOp(op)}`)
    try {
      log(`  → ${await runOp(op)}`)
    } catch (error) {
      unexpected(`operation #${i}`, error)
    }
  }

  // ————— healing —————
  step = sc.ops.length
  healing = true
  if (routing)
    log(
      `read replica: pulls routed ${routes.primary} to the primary, ${routes.replica} to the replica (retry on the primary), ${routes.replicaNoRetry} to the replica (behind)`
    )
  log(`heal: partitions end, faults disarmed, held-back requests delivered`)
  for (const key of Object.keys(deps.hooks) as (keyof typeof deps.hooks)[]) delete deps.hooks[key]
  // A malicious enrolled workstation forges commands in the clerks' names (signatures.ts) while the honest desks have work pending.
  try {
    log(`attack: ${await attack(host.db, deps, attacker, stations, sc.clerks, hot)}`)
  } catch (error) {
    unexpected('attack', error)
  }
  for (const w of stations) w.heal()
  for (const w of stations) {
    const n = await w.deliverDelayed()
    if (n > 0) log(`  ${w.label}: ${n} held-back request(s) delivered`)
  }
  let healRounds = -1
  let previous: number[] = []
  for (let round = 1; round <= MAX_HEAL_ROUNDS; round++) {
    now += POLL_MS
    // Replication keeps up within a poll: the replica replays what the last round wrote.
    if (routing) await host.replicaCatchUp()
    const outcomes: string[] = []
    for (const w of stations) outcomes.push(await w.guarded('sync (healing)', (e) => e.syncNow()))
    const cursors = stations.map((w) => w.engine.cursor())
    const version = Number(
      (await host.db.query<{ version: number }>('SELECT version FROM centres WHERE id = $1', [DEMO_CENTRE.id]))[0]?.version ?? 0
    )
    // Quiet: every sync succeeded, nothing is pending, and every cursor is at the portal's version
    // (or, where cursors are not versions, did not move since the last round).
    const settled = planted.timestampCursor ? cursors.every((c, i) => c === previous[i]) : cursors.every((c) => c === version)
    const quiet = outcomes.every((o) => o === 'ok') && stations.every((w) => countPending(w.db) === 0) && settled
    log(
      `heal round ${round}: pending ${stations.map((w) => countPending(w.db)).join('/')}, cursors ${cursors.join('/')}${
        outcomes.every((o) => o === 'ok')
          ? ''
          : `, failed: ${stations
              .filter((_, i) => outcomes[i] !== 'ok')
              .map((w) => w.label)
              .join(' ')}`
      }`
    )
    if (quiet) {
      healRounds = round
      break
    }
    previous = cursors
  }
  if (healRounds < 0) {
    const stuck = stations
      .filter((w) => countPending(w.db) > 0 || w.lastSyncFailed)
      .map((w) => `${w.label} ${countPending(w.db)} pending${w.lastSyncFailed ? ', its sync keeps failing' : ''}`)
    violations.push({
      invariant: 6,
      message: `not quiet ${MAX_HEAL_ROUNDS} polls (${(MAX_HEAL_ROUNDS * POLL_MS) / 1000} s simulated) after healing: ${stuck.length > 0 ? stuck.join(', ') : 'cursors still moving'}`
    })
  }

  // ————— the invariants —————
  const portal = await readPortal(host.db, DEMO_CENTRE.id)
  violations.push(...checkPortal({ ...portal, results: portal.results.filter((r) => r.workstation_id !== attacker.id) }))
  violations.push(...(await checkSignatures(host.db, attacker.id)))
  for (const w of stations) violations.push(...checkWorkstation({ label: w.label, id: w.id, db: w.db }, portal))
  for (const w of stations) violations.push(...(await checkCatalogue(host.db, deps, DEMO_CENTRE.id, { label: w.label, db: w.db })))

  const versionRow = await host.db.query<{ version: number }>('SELECT version FROM centres WHERE id = $1', [DEMO_CENTRE.id])
  const stats: RunStats = {
    workstations: stations.length,
    ops: sc.ops.length,
    commands: portal.results.length,
    applied: portal.results.filter((r) => r.outcome === 'applied').length,
    rejected: portal.results.filter((r) => r.outcome === 'rejected').length,
    crashes: stations.reduce((n, w) => n + w.crashes, 0),
    healRounds,
    pulls: stations.reduce((n, w) => n + w.requests.pull, 0),
    pushes: stations.reduce((n, w) => n + w.requests.push, 0),
    portalVersion: Number(versionRow[0]?.version ?? 0),
    pullPages: cacheStats([deps.pullCache, withReplicaBehind.pullCache]),
    ms: 0
  }
  const digest = createHash('sha256')
    .update(portal.recordHash)
    .update(portal.eventHash)
    .update(canonical(portal.results))
    .update(trace.join('\n'))
    .digest('hex')
    .slice(0, 16)
  for (const w of stations) w.dispose()
  const known = opts.strict ? [] : violations.filter((v) => knownIssueOf(v) !== null)
  const failures = violations.filter((v) => !known.includes(v))
  const ok = failures.length === 0
  if (!opts.keepFiles) rmSync(dir, { recursive: true, force: true })
  stats.ms = Math.round(performance.now() - started)
  return { seed: sc.seed, ok, violations: failures, known, trace, stats, digest, dir }
}
