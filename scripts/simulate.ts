/**
 * `npm run test:sim`: the deterministic sync simulation (src/sim, sync.md "How sync is proven").
 *
 *   npm run test:sim                      200 seeds (1..200), one line per failing seed
 *   npm run test:sim -- --seeds 2000      more seeds (--from S to start elsewhere)
 *   npm run test:sim -- --seed 17         replay one seed, printing its whole trace
 *   npm run test:sim -- --seed 17 --shrink   …and shrink it to the operations that matter
 *   --workers N (default: the number of cores, at most 4) · --plant timestampCursor|reexecuteDuplicates|
 *   blockOnRejection|retryRejected|cursorWithoutHistory|ignoreResultsChain|resendRejectedUnsettled|keepLostResults|
 *   noReplayAfterReset|skipSignatureCheck|replicaReadAsRestore|catalogueByNumber|replicaCatalogueAsTruth|reuseWalkInNumber|resolveWithoutBadge (plant a bug; src/sim/planted-bugs.test.ts) · --keep (keep the SQLite files) ·
 *   --strict (known issues, see src/sim/invariants.ts KNOWN_ISSUES, count as failures)
 *
 * Each worker process holds one PGlite portal shared by its seeds. A failing seed prints
 * `seed=N`, its violations and its shrunk trace; the last line is `Simulation: N passed, N failed`,
 * and the exit code is 1 when any seed failed.
 */
import { DESK_FAULTS } from '../src/main/services/desk-use-cases'
import { fork, type ChildProcess } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { INVARIANT_NAMES, KNOWN_ISSUES, knownIssueOf, type Violation } from '../src/sim/invariants'
import { portalHost } from '../src/sim/portal-host'
import { describeOp, generateScenario, type Scenario } from '../src/sim/scenario'
import { shrinkScenario } from '../src/sim/shrink'
import { cleanupTemplate, ENGINE_FAULTS, runScenario, type PlantedBugs, type RunResult } from '../src/sim/simulation'

interface Args {
  seeds: number
  from: number
  seed: number | null
  shrink: boolean
  workers: number
  plant: PlantedBugs
  keep: boolean
  worker: boolean
  shrinkFailures: number
  strict: boolean
}

const PLANTABLE = [
  'timestampCursor',
  'reexecuteDuplicates',
  'skipSignatureCheck',
  'replicaReadAsRestore',
  'replicaCatalogueAsTruth',
  ...ENGINE_FAULTS,
  ...DESK_FAULTS
] as const

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    seeds: 200,
    from: 1,
    seed: null,
    shrink: false,
    workers: Math.min(4, availableParallelism()),
    plant: {},
    keep: false,
    worker: false,
    shrinkFailures: 3,
    strict: false
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string
    const num = (): number => {
      const n = Number(argv[++i])
      if (!Number.isInteger(n) || n < 0) throw new Error(`${a} needs a whole number`)
      return n
    }
    if (a === '--seeds') args.seeds = num()
    else if (a === '--from') args.from = num()
    else if (a === '--seed') args.seed = num()
    else if (a === '--shrink') args.shrink = true
    else if (a === '--workers') args.workers = Math.max(1, num())
    else if (a === '--shrink-failures') args.shrinkFailures = num()
    else if (a === '--keep') args.keep = true
    else if (a === '--strict') args.strict = true
    else if (a === '--worker') args.worker = true
    else if (a === '--plant') {
      const name = argv[++i] as (typeof PLANTABLE)[number]
      if (!PLANTABLE.includes(name)) throw new Error(`--plant: one of ${PLANTABLE.join(', ')}`)
      args.plant[name] = true
    } else throw new Error(`Unknown option ${a}`)
  }
  return args
}

/** The first violation's invariant: a shrunk scenario must still fail the same way. */
const signature = (v: readonly Violation[]): string => String(v[0]?.invariant ?? 'none')

function summarise(r: Pick<RunResult, 'seed' | 'violations'>): string {
  const first = r.violations[0]
  if (!first) return `seed=${r.seed} ok`
  const more = r.violations.length > 1 ? ` (+${r.violations.length - 1} more)` : ''
  return `seed=${r.seed} FAIL [${first.invariant} ${INVARIANT_NAMES[first.invariant]}] ${first.message}${more}`
}

async function shrinkAndDescribe(
  sc: Scenario,
  planted: PlantedBugs,
  violations: readonly Violation[],
  budgetMs: number
): Promise<string[]> {
  const target = signature(violations)
  const shrunk = await shrinkScenario(
    sc,
    async (candidate) => {
      const r = await runScenario(candidate, { planted })
      return !r.ok && signature(r.violations) === target
    },
    { maxRuns: 200, maxMs: budgetMs }
  )
  const replay = await runScenario(shrunk.scenario, { planted })
  const lines = [
    `  shrunk to ${shrunk.scenario.ops.length} of ${sc.ops.length} operations in ${shrunk.runs} runs${shrunk.truncated ? ' (budget ran out)' : ''}; its trace:`,
    ...replay.trace.map((l) => `    ${l}`),
    ...replay.violations.slice(0, 5).map((v) => `  ✗ [${v.invariant} ${INVARIANT_NAMES[v.invariant]}] ${v.message}`),
    `  shrunk operations: ${JSON.stringify(shrunk.scenario.ops.map(describeOp))}`
  ]
  return lines
}

// ————— worker process: runs the seeds it is sent —————

interface Job {
  seed: number
  shrink: boolean
}
interface Done {
  seed: number
  ok: boolean
  violations: Violation[]
  known: Violation[]
  ms: number
  commands: number
  pullPages: RunResult['stats']['pullPages']
  details: string[]
}

async function worker(args: Args): Promise<void> {
  process.on('message', (job: Job | 'exit') => {
    void (async () => {
      if (job === 'exit') {
        cleanupTemplate()
        await (await portalHost()).close()
        process.exit(0)
      }
      const sc = generateScenario(job.seed)
      const r = await runScenario(sc, { planted: args.plant, keepFiles: args.keep, strict: args.strict })
      const details = !r.ok && job.shrink ? await shrinkAndDescribe(sc, args.plant, r.violations, 60_000) : []
      const done: Done = {
        seed: r.seed,
        ok: r.ok,
        violations: r.violations,
        known: r.known,
        ms: r.stats.ms,
        commands: r.stats.commands,
        pullPages: r.stats.pullPages,
        details
      }
      process.send?.(done)
    })().catch((error: unknown) => {
      process.send?.({
        seed: job === 'exit' ? -1 : job.seed,
        ok: false,
        violations: [{ invariant: 'error', message: `simulation crashed: ${String(error)}` }],
        known: [],
        ms: 0,
        commands: 0,
        pullPages: { hits: 0, shared: 0, reads: 0 },
        details: []
      } satisfies Done)
    })
  })
  process.send?.('ready')
}

// ————— one seed, verbosely —————

async function replayOne(args: Args, seed: number): Promise<number> {
  const sc = generateScenario(seed)
  console.log(`seed=${seed}: ${sc.workstations.length} workstations, ${sc.clerks.length} clerks, ${sc.ops.length} operations`)
  const r = await runScenario(sc, { planted: args.plant, keepFiles: args.keep, strict: args.strict, onTrace: (line) => console.log(line) })
  console.log(JSON.stringify(r.stats))
  for (const v of r.known)
    console.log(`known issue (not counted; --strict counts it): [${v.invariant}] ${v.message} — ${knownIssueOf(v)?.note ?? ''}`)
  console.log(`digest ${r.digest}${args.keep ? `; files kept in ${r.dir}` : ''}`)
  for (const v of r.violations) console.log(`✗ [${v.invariant} ${INVARIANT_NAMES[v.invariant]}] ${v.message}`)
  if (!r.ok && args.shrink) for (const line of await shrinkAndDescribe(sc, args.plant, r.violations, 10 * 60_000)) console.log(line)
  console.log(summarise(r))
  console.log(`Simulation: ${r.ok ? 1 : 0} passed, ${r.ok ? 0 : 1} failed`)
  cleanupTemplate()
  await (await portalHost()).close()
  return r.ok ? 0 : 1
}

// ————— many seeds, in parallel worker processes —————

async function runMany(args: Args): Promise<number> {
  const started = Date.now()
  const seeds = Array.from({ length: args.seeds }, (_, i) => args.from + i)
  const queue = [...seeds]
  let passed = 0
  let failed = 0
  let shrinkLeft = args.shrinkFailures
  let commands = 0
  const pages = { hits: 0, shared: 0, reads: 0 }
  const known = new Map<string, number[]>()
  const self = fileURLToPath(import.meta.url)
  const workerArgs = [
    '--worker',
    ...Object.keys(args.plant).flatMap((k) => ['--plant', k]),
    ...(args.keep ? ['--keep'] : []),
    ...(args.strict ? ['--strict'] : [])
  ]
  await new Promise<void>((resolve) => {
    let live = 0
    const start = (): void => {
      const child: ChildProcess = fork(self, workerArgs, { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
      live++
      const next = (): void => {
        const seed = queue.shift()
        if (seed === undefined) {
          child.send('exit')
          return
        }
        const shrink = shrinkLeft > 0
        child.send({ seed, shrink } satisfies Job)
      }
      child.on('message', (msg: Done | 'ready') => {
        if (msg === 'ready') return next()
        commands += msg.commands
        pages.hits += msg.pullPages.hits
        pages.shared += msg.pullPages.shared
        pages.reads += msg.pullPages.reads
        for (const v of msg.known) {
          const id = knownIssueOf(v)?.id ?? '?'
          const seedsOf = known.get(id) ?? []
          if (!seedsOf.includes(msg.seed)) seedsOf.push(msg.seed)
          known.set(id, seedsOf)
        }
        if (msg.ok) passed++
        else {
          failed++
          if (msg.details.length > 0) shrinkLeft--
          console.log(summarise(msg))
          for (const line of msg.details) console.log(line)
          if (msg.details.length > 0 || msg.violations.length > 0)
            console.log(
              `  replay: npm run test:sim -- --seed ${msg.seed}${Object.keys(args.plant)
                .map((k) => ` --plant ${k}`)
                .join('')}`
            )
        }
        next()
      })
      child.on('exit', (code) => {
        live--
        if (code !== 0 && code !== null) {
          failed++
          console.log(`a simulation worker exited with code ${code}`)
        }
        if (live === 0) resolve()
      })
    }
    for (let i = 0; i < Math.min(args.workers, seeds.length); i++) start()
  })
  for (const [id, seedsOf] of known) {
    const issue = KNOWN_ISSUES.find((k) => k.id === id)
    console.log(
      `known issue '${id}' (not counted as a failure; --strict counts it) in seeds ${seedsOf.sort((a, b) => a - b).join(', ')}: ${issue?.note ?? ''}`
    )
  }
  const seconds = (Date.now() - started) / 1000
  console.log(
    `${seeds.length} seeds (${args.from}..${args.from + seeds.length - 1}), ${commands} commands, ${seconds.toFixed(1)} s on ${Math.min(args.workers, seeds.length)} worker(s)`
  )
  console.log(
    `pull pages (two portal processes, a cache each): ${pages.hits} served from a cache, ${pages.shared} shared in flight, ${pages.reads} read`
  )
  console.log(`Simulation: ${passed} passed, ${failed} failed`)
  return failed > 0 ? 1 : 0
}

const args = parseArgs(process.argv.slice(2))
if (args.worker) void worker(args)
else {
  const run = args.seed !== null ? replayOne(args, args.seed) : runMany(args)
  run.then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    }
  )
}
