import type { ConflictAction } from '../shared/contract'
import type { Role } from '../shared/domain/application'
import { Rng } from './rng'

/*
 * A scenario is everything a seed decides, written out as data: the world (workstations, clerks,
 * clock offsets, page sizes) and a list of operations. Operations carry their own choices as numbers
 * that are interpreted against the state at the moment they run ("the k-th visible application"),
 * so a shrunk list (some operations removed) still means something and still replays exactly.
 */

export interface SimClerk {
  clerkId: string
  name: string
  role: Role
}

export type ClerkAction =
  'claim' | 'release' | 'force_release' | 'note' | 'request_correction' | 'forward' | 'decide' | 'issue_result' | 'record_print' | 'walk_in'

/** What can go wrong with one request on the simulated network. */
export type NetFault =
  | 'dropRequest' // never reaches the portal
  | 'dropResponse' // the portal committed; the answer is lost
  | 'duplicate' // delivered twice, concurrently
  | 'delay' // the client times out; the request reaches the portal later (reordered)
  | 'staleResponse' // an older answer is delivered instead of this one (a late response, a stale cache)
  | 'crashAfterPush' // the portal committed, the workstation dies before reading the answer
  | 'crashMidPull' // the workstation dies before the next page (after at least one page applied)
  | 'crashAfterSyncCommit' // the workstation dies right after its next sync transaction commits (between the units of a page, after recording push results)
  | 'misleadingHint' // a pull page arrives with a hint (protocol.ts PullHint) that its body contradicts

export type Op = { dt: number } & (
  | { k: 'clerk'; ws: number; clerk: number; app: number; action: ClerkAction; variant: number; crashAfter: boolean; whileSyncing: boolean }
  | { k: 'sync'; ws: number }
  | { k: 'syncMany'; ws: number[] }
  | { k: 'push'; ws: number }
  | { k: 'pull'; ws: number }
  | { k: 'citizenSubmit'; variant: number }
  | { k: 'citizenAnswer'; pick: number }
  | { k: 'partition'; ws: number; steps: number }
  | { k: 'arm'; ws: number; fault: NetFault; on: 'push' | 'pull' | 'any' }
  | { k: 'flaky'; ws: number; steps: number; seed: number; p: number }
  | { k: 'deliverDelayed'; ws: number }
  | { k: 'crash'; ws: number }
  | { k: 'portalCrash'; nth: number; at: 'beforeCommit' | 'afterChangeVersion' }
  | { k: 'upgrade'; ws: number }
  | { k: 'reset'; ws: number }
  | { k: 'portalBackup' }
  | { k: 'portalRestore' }
  /** Issue 19: a read replica starts (a copy of the primary now); from then on pulls are routed by `seed`. */
  | { k: 'replicaUp'; seed: number }
  /** The replica replays the primary up to now; frozen (lagging) until the next one. */
  | { k: 'replicaCatchUp' }
  /** The primary dies; the replica, as of its last catch-up, is promoted (what it had not replayed is lost). */
  | { k: 'replicaPromote' }
  /**
   * Issue 17, item 5: the centre's administrator changes the catalogue on the portal (staff API
   * functions): a version to testing (a next draft made first when needed), back to draft, published
   * (superseding the live one), withdrawn. `pick` chooses the service among those it applies to.
   */
  | { k: 'catalogue'; action: CatalogueAction; pick: number }
  | { k: 'clockJump'; ws: number; deltaMs: number }
  | { k: 'portalClockStep'; deltaMs: number }
  | { k: 'resolveConflict'; ws: number; pick: number; action: ConflictAction }
)

export const CATALOGUE_ACTIONS = ['toTesting', 'publish', 'withdraw', 'backToDraft'] as const
export type CatalogueAction = (typeof CATALOGUE_ACTIONS)[number]

export interface WorkstationConfig {
  clerks: number[]
  clockOffsetMs: number
  pullPageSize: number
  pushBatchSize: number
  /** Changes per local transaction: a page larger than this is applied in several units. */
  applyUnitSize: number
}

export interface Scenario {
  seed: number
  clerks: SimClerk[]
  workstations: WorkstationConfig[]
  initialApplications: number
  /** The first `hot` applications draw most of the clerks' attention: contention. */
  hot: number
  ops: Op[]
}

const DAY = 24 * 60 * 60 * 1000

/** The demo centre's five clerks (their ids exist in seedDemoCentre) and extra front-desk clerks. */
export const BASE_CLERKS: readonly SimClerk[] = [
  { clerkId: 'clerk-olena', name: 'Олена Коваль', role: 'clerk' },
  { clerkId: 'clerk-taras', name: 'Тарас Мар’янчук', role: 'clerk' },
  { clerkId: 'clerk-iryna', name: 'Ірина Дем’яненко', role: 'back_office' },
  { clerkId: 'clerk-petro', name: 'Петро Бондар', role: 'supervisor' },
  { clerkId: 'admin-nadiia', name: 'Надія Ткачук', role: 'admin' }
]

const EXTRA_NAMES = ['Оксана Мельник', 'Богдан Кравець', 'Софія Лисенко', 'Андрій Шевчук', 'Марта Гнатюк', 'Юрій Паламарчук']

export interface GenerateOptions {
  /** Operations per scenario (default: from the seed, 100..170 plus 3 per workstation). */
  ops?: number
  /** Force the workstation count (default: 3..20 from the seed). */
  workstations?: number
}

export function generateScenario(seed: number, opts: GenerateOptions = {}): Scenario {
  const rng = new Rng(seed)
  const wsCount = opts.workstations ?? (rng.chance(0.65) ? rng.int(3, 8) : rng.int(9, 20))
  const clerks: SimClerk[] = [...BASE_CLERKS]
  const extra = rng.int(0, EXTRA_NAMES.length)
  for (let i = 0; i < extra; i++) clerks.push({ clerkId: `clerk-sim-${i + 1}`, name: EXTRA_NAMES[i] as string, role: 'clerk' })

  const workstations: WorkstationConfig[] = []
  for (let i = 0; i < wsCount; i++) {
    const signedIn = new Set<number>()
    const n = rng.int(1, 3)
    while (signedIn.size < n) signedIn.add(rng.int(0, clerks.length - 1))
    // A supervisor works somewhere most of the time, so forced releases happen.
    if (i === 0 && rng.chance(0.8)) signedIn.add(3)
    const skew = rng.weighted({ none: 3, minutes: 2, days: 3 })
    const clockOffsetMs =
      skew === 'none' ? 0 : skew === 'minutes' ? rng.int(-30, 30) * 60_000 : rng.int(-5, 5) * DAY + rng.int(-600, 600) * 60_000
    workstations.push({
      clerks: [...signedIn],
      clockOffsetMs,
      // Small pages find page-boundary bugs; they are also what costs most, so not every station has them.
      pullPageSize: Number(rng.weighted({ '1': 0.5, '2': 1, '3': 1, '5': 1.5, '10': 1.5, '50': 2, '500': 2 })),
      pushBatchSize: rng.pick([1, 2, 3, 5, 50]),
      applyUnitSize: Number(rng.weighted({ '1': 1, '2': 1, '4': 1, '1000': 2 }))
    })
  }

  const opCount = opts.ops ?? rng.int(100, 170) + 3 * wsCount
  const ops: Op[] = []
  const dt = (): number => {
    const kind = rng.weighted({ same: 3, seconds: 5, minutes: 2, hours: 0.4 })
    if (kind === 'same') return 0
    if (kind === 'seconds') return rng.int(1, 59) * 1000
    if (kind === 'minutes') return rng.int(1, 59) * 60_000
    return rng.int(1, 16) * 3_600_000
  }
  const ws = (): number => rng.int(0, wsCount - 1)
  // Every workstation starts with an initial sync; contention needs everyone to see the hot items.
  for (let i = 0; i < wsCount; i++) ops.push({ dt: 0, k: 'sync', ws: i })
  while (ops.length < opCount + wsCount) {
    const kind = rng.weighted({
      clerk: 40,
      sync: 22,
      syncMany: 4,
      push: 3,
      pull: 3,
      citizenSubmit: 4,
      citizenAnswer: 4,
      partition: 2.5,
      arm: 9,
      flaky: 1.5,
      deliverDelayed: 1,
      crash: 2,
      portalCrash: 1.5,
      upgrade: 1,
      reset: 1,
      clockJump: 1,
      portalClockStep: 1,
      resolveConflict: 3
    })
    const t = dt()
    switch (kind) {
      case 'clerk':
        ops.push({
          dt: t,
          k: 'clerk',
          ws: ws(),
          clerk: rng.int(0, 5),
          app: rng.int(0, 9999),
          action: rng.weighted<ClerkAction>({
            claim: 24,
            release: 8,
            force_release: 6,
            note: 10,
            request_correction: 10,
            forward: 7,
            decide: 14,
            issue_result: 6,
            record_print: 3,
            walk_in: 4
          }),
          variant: rng.int(0, 9999),
          crashAfter: rng.chance(0.04),
          whileSyncing: rng.chance(0.12)
        })
        break
      case 'sync':
        ops.push({ dt: t, k: 'sync', ws: ws() })
        break
      case 'syncMany': {
        const set = new Set<number>()
        const n = rng.int(2, Math.min(5, wsCount))
        while (set.size < n) set.add(ws())
        ops.push({ dt: t, k: 'syncMany', ws: [...set] })
        break
      }
      case 'push':
      case 'pull':
        ops.push({ dt: t, k: kind, ws: ws() })
        break
      case 'citizenSubmit':
        ops.push({ dt: t, k: 'citizenSubmit', variant: rng.int(0, 9999) })
        break
      case 'citizenAnswer':
        ops.push({ dt: t, k: 'citizenAnswer', pick: rng.int(0, 9999) })
        break
      case 'partition':
        ops.push({ dt: t, k: 'partition', ws: ws(), steps: rng.int(10, 80) })
        break
      case 'arm':
        ops.push({
          dt: t,
          k: 'arm',
          ws: ws(),
          fault: rng.weighted<NetFault>({
            dropRequest: 2,
            dropResponse: 4,
            duplicate: 3,
            delay: 3,
            staleResponse: 2,
            crashAfterPush: 2,
            crashMidPull: 2,
            crashAfterSyncCommit: 2,
            misleadingHint: 2
          }),
          on: rng.weighted({ push: 3, pull: 2, any: 1 })
        })
        break
      case 'flaky':
        ops.push({ dt: t, k: 'flaky', ws: ws(), steps: rng.int(10, 60), seed: rng.u32(), p: rng.pick([0.1, 0.25, 0.5]) })
        break
      case 'deliverDelayed':
      case 'crash':
      case 'upgrade':
      case 'reset':
        ops.push({ dt: t, k: kind, ws: ws() })
        break
      case 'portalCrash':
        ops.push({ dt: t, k: 'portalCrash', nth: rng.int(1, 4), at: rng.chance(0.5) ? 'beforeCommit' : 'afterChangeVersion' })
        break
      case 'clockJump':
        ops.push({ dt: t, k: 'clockJump', ws: ws(), deltaMs: rng.int(-3, 3) * DAY + rng.int(-120, 120) * 60_000 })
        break
      case 'portalClockStep':
        // NTP steps the portal's clock, backwards too: nothing may depend on it moving forward.
        ops.push({ dt: t, k: 'portalClockStep', deltaMs: rng.int(-300, 120) * 1000 })
        break
      case 'resolveConflict':
        ops.push({
          dt: t,
          k: 'resolveConflict',
          ws: ws(),
          pick: rng.int(0, 9999),
          action: rng.weighted({ discard: 2, reissue: 2, keep_as_note: 1 })
        })
        break
    }
  }
  const initialApplications = rng.int(3, 12)
  const hot = rng.int(1, 4)
  addPortalRestore(seed, wsCount, ops)
  addReplica(seed, wsCount, ops)
  addCatalogueChanges(seed, wsCount, ops)
  return { seed, clerks, workstations, initialApplications, hot, ops }
}

/**
 * The portal restored from a backup, in about a quarter of the seeds: a backup somewhere after the
 * initial syncs, the restore 1..60 operations later. Drawn from a stream of its own, after the
 * others, so the seeds that do not draw it keep their scenarios, and those that do keep every
 * other operation. Every workstation is enrolled (and every clerk exists) in the setup, before any
 * operation, so a backup never predates an enrolment: a workstation enrolled after the backup would
 * be refused by the restored portal (an unknown token) and need enrolling again, which is not sync.
 */
function addPortalRestore(seed: number, wsCount: number, ops: Op[]): void {
  const rng = new Rng((seed ^ 0x7e57_0b4c) >>> 0)
  if (!rng.chance(0.25)) return
  const backupAt = rng.int(wsCount, ops.length - 1)
  const restoreAt = Math.min(ops.length, backupAt + rng.int(1, 60))
  ops.splice(restoreAt, 0, { dt: rng.int(0, 59) * 60_000, k: 'portalRestore' })
  ops.splice(backupAt, 0, { dt: rng.int(0, 59) * 1000, k: 'portalBackup' })
}

/**
 * A read replica (issue 19) in about half the seeds: it starts after the initial syncs, catches up
 * 1..4 times at drawn steps (frozen, lagging, in between), and in a third of those seeds the primary
 * dies and the replica is promoted at a drawn step. Its own stream, drawn after the others, as
 * addPortalRestore's: the other operations stay as they were. Inserted with dt 0: the clock too.
 */
function addReplica(seed: number, wsCount: number, ops: Op[]): void {
  const rng = new Rng((seed ^ 0x4e91_ca5a) >>> 0)
  if (!rng.chance(0.5)) return
  const upAt = rng.int(wsCount, Math.max(wsCount, ops.length - 1))
  const later: Op[] = []
  const catchUps = rng.int(1, 4)
  for (let i = 0; i < catchUps; i++) later.push({ dt: 0, k: 'replicaCatchUp' })
  if (rng.chance(1 / 3)) later.push({ dt: 0, k: 'replicaPromote' })
  const at = later.map(() => rng.int(upAt + 1, ops.length)).sort((a, b) => b - a)
  for (const [i, op] of later.entries()) ops.splice(Math.min(ops.length, at[i] ?? ops.length), 0, op)
  ops.splice(upAt, 0, { dt: 0, k: 'replicaUp', seed: rng.u32() })
}

/**
 * The catalogue changed on the portal (issue 17, item 5) in about 3 seeds in 4: 2..9 changes at
 * drawn steps after the initial syncs, publishes and moves to testing most often. Its own stream,
 * drawn last, as addReplica's: the other operations stay as they were. Inserted with dt 0.
 */
function addCatalogueChanges(seed: number, wsCount: number, ops: Op[]): void {
  const rng = new Rng((seed ^ 0x0ca7_a106) >>> 0)
  if (!rng.chance(0.75)) return
  const count = rng.int(2, 9)
  const drawn: Op[] = []
  for (let i = 0; i < count; i++) {
    const action = rng.weighted({ toTesting: 4, publish: 4, withdraw: 1.5, backToDraft: 1 })
    drawn.push({ dt: 0, k: 'catalogue', action, pick: rng.int(0, 9999) })
  }
  const at = drawn.map(() => rng.int(Math.min(wsCount, ops.length), ops.length)).sort((a, b) => b - a)
  // From the last position back, so that each index still means the step it was drawn for; the
  // changes keep their drawn order among themselves.
  for (const [i, op] of [...drawn].reverse().entries()) ops.splice(at[i] ?? ops.length, 0, op)
}

/** One line per operation, for traces. */
export function describeOp(op: Op): string {
  const { dt: _dt, k, ...rest } = op
  const fields = Object.entries(rest)
    .map(([key, v]) => `${key}=${Array.isArray(v) ? v.join(',') : String(v)}`)
    .join(' ')
  return `${k} ${fields}`.trim()
}
