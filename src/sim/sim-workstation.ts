import type { CommandSigner } from '../main/sync/command-signing'
import { writeSetting } from '../main/db/settings'
import { type DeskContext } from '../main/services/desk-use-cases'
import { copyFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { z } from 'zod'
import { closeDatabase, openDatabase, type Db } from '../main/db/connection'
import { loadCatalogueFile, seedCatalogue } from '../main/db/catalogue-repository'
import { SyncEngine, type SyncEngineDeps } from '../main/sync/sync-engine'
import { TransportError, type SyncTransport } from '../main/sync/transport'
import { DbUnavailableError, PortalError, handlePull, handlePush, handleResults, type PortalDb, type PortalDeps } from '../portal/index'
import type { ClerkSession } from '../shared/session'
import { DEFAULT_CALENDAR } from '../shared/domain/calendar'
import type { CatalogueRevision } from '../shared/catalogue/desk-catalogue'
import {
  catalogueParam,
  pullHintOf,
  pullResponseSchema,
  pushRequestSchema,
  pushResponseSchema,
  resultsResponseSchema,
  type CursorEvent,
  type PullHint,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type ResultsResponse
} from '../shared/protocol'
import { getOutboxBySeq } from '../main/db/sync-repository'
import type { Violation } from './invariants'
import { Rng, simUuid } from './rng'
import type { InvariantId } from './invariants'
import type { NetFault } from './scenario'

/*
 * One simulated workstation: the REAL SyncEngine on a REAL SQLite file, behind a simulated network
 * that calls the REAL portal handlers. A crash abandons the better-sqlite3 handle as it is (no
 * close, no checkpoint) and opens the same file again with a new engine, as a restarted process
 * would; the old engine's in-flight request never returns.
 */

export const CATALOGUE_PATH = fileURLToPath(new URL('../../resources/catalog/services.json', import.meta.url))

/** A migrated database with the catalogue, made once per process and copied for each workstation. */
export function workstationTemplate(dir: string): string {
  const file = join(dir, 'template.sqlite')
  if (existsSync(file)) return file
  const db = openDatabase(file)
  seedCatalogue(db, loadCatalogueFile(CATALOGUE_PATH))
  closeDatabase(db)
  return file
}

export interface SimWorld {
  portalDb: PortalDb
  deps: PortalDeps
  /** The simulated "now" in epoch ms (the portal adds its own offset). */
  now(): number
  /** The index of the operation being run (partitions and flaky periods end at an index). */
  step(): number
  trace(line: string): void
  /** A failure no correct system may show (e.g. the portal answering 500 because it threw). */
  unexpected(where: string, error: unknown): void
  /** A rule broken as it happens, seen on the wire (the invariants see only the final state). */
  violation(v: Violation): void
  /** The portal as this pull reaches it (issue 19: one of two processes, with or without the read replica). */
  pullDeps(): PortalDeps
  /** This workstation began rebuilding its mirror (resetMirror): checked against what the portal went through. */
  mirrorReset(ws: SimWorkstation): void
  /**
   * The portal sent a catalogue whose revision is below the one the desk named (issue 17, item 5):
   * allowed only once the portal lost history (a restore, a promoted replica); never from a replica that lags.
   */
  olderCatalogue(ws: SimWorkstation, held: CatalogueRevision, sent: CatalogueRevision): void
}

export type EngineFaults = NonNullable<SyncEngineDeps['faults']>

interface Armed {
  fault: NetFault
  on: 'push' | 'pull' | 'any'
}

type Kind = 'push' | 'pull'

const never = <T>(): Promise<T> => new Promise<T>(() => undefined)

export class SimWorkstation {
  db!: Db
  engine!: SyncEngine
  /** Which process is alive: requests of an engine from before a crash never reach the portal. */
  private epoch = 0
  clockOffsetMs: number
  pullPageSize: number
  pushBatchSize: number
  applyUnitSize: number
  crashes = 0
  /** Requests this workstation sent (pages pulled, batches pushed), for the run's statistics. */
  requests = { pull: 0, push: 0 }
  /** The outcome of the last guarded call was a failure (for the liveness report). */
  lastSyncFailed = false
  /** Its clerks' signing keys, registered on the portal (signatures.ts); commands wait unsigned until set. */
  signer: CommandSigner | null = null
  /** Planted mistakes in the desk's use cases (desk-use-cases.ts DeskFault); none in a normal run. */
  deskFaults: DeskContext['faults'] = undefined

  private ids = 0
  private partitionUntil = -1
  private flaky: { until: number; rng: Rng; p: number } | null = null
  private armed: Armed[] = []
  private midPullArmed = false
  /** The next pull page's hint is a wrong one (NetFault 'misleadingHint'). */
  private misleadNextHint = false
  private afterCommitArmed = false
  private delayed: (() => Promise<void>)[] = []
  private pushHistory: PushResponse[] = []
  private pullHistory = new Map<string, PullResponse>()
  private resultsHistory = new Map<string, ResultsResponse>()
  private crashNow: (() => void) | null = null

  constructor(
    private readonly world: SimWorld,
    readonly index: number,
    readonly id: string,
    readonly node: number,
    readonly centreId: string,
    readonly file: string,
    readonly clerks: readonly ClerkSession[],
    config: { clockOffsetMs: number; pullPageSize: number; pushBatchSize: number; applyUnitSize: number },
    private readonly engineFaults: EngineFaults | undefined
  ) {
    this.clockOffsetMs = config.clockOffsetMs
    this.pullPageSize = config.pullPageSize
    this.pushBatchSize = config.pushBatchSize
    this.applyUnitSize = config.applyUnitSize
  }

  /** The network as one engine (one process) sees it. */
  private transportFor(epoch: number): SyncTransport {
    const alive = (): boolean => epoch === this.epoch
    return {
      pull: (cursor, limit, held, onHint, catalogue) => (alive() ? this.pull(cursor, limit, held ?? null, onHint, catalogue) : never()),
      push: (request) => (alive() ? this.push(request) : never()),
      results: (to, limit) => (alive() ? this.results(to, limit) : never()),
      blob: () => Promise.reject(new TransportError('protocol', 'the simulation serves no attachments'))
    }
  }

  get label(): string {
    return `ws${this.index}`
  }

  /** This workstation's clock (the world's, off by its offset), as its engine reads it. */
  now(): Date {
    return new Date(this.world.now() + this.clockOffsetMs)
  }

  static create(world: SimWorld, template: string, dir: string, opts: Omit<WsInit, 'file'>): SimWorkstation {
    const file = join(dir, `ws${opts.index}.sqlite`)
    copyFileSync(template, file)
    const ws = new SimWorkstation(world, opts.index, opts.id, opts.node, opts.centreId, file, opts.clerks, opts.config, opts.engineFaults)
    ws.open()
    writeSetting(ws.db, 'workstation.node', opts.node)
    return ws
  }

  /** Something this desk did breaks an invariant the final checks cannot see any more (it left no row). */
  violation(invariant: InvariantId, message: string): void {
    this.world.violation({ invariant, message: `${this.label}: ${message}` })
  }

  /** The context the desk's real use cases (walk-ins, conflicts) run in at this workstation. */
  desk(): DeskContext {
    return {
      db: this.db,
      engine: this.engine,
      clock: () => this.now(),
      newId: () => this.newId(),
      ...(this.deskFaults ? { faults: this.deskFaults } : {})
    }
  }

  /** A new id from this workstation's id space (commands, conflicts, walk-in applications). */
  newId(): string {
    return simUuid(this.index + 1, ++this.ids)
  }

  open(): void {
    this.db = openDatabase(this.file)
    this.engine = new SyncEngine({
      db: this.db,
      clock: () => new Date(this.world.now() + this.clockOffsetMs),
      newId: () => this.newId(),
      transport: this.transportFor(++this.epoch),
      calendar: DEFAULT_CALENDAR,
      centreId: this.centreId,
      workstationId: this.id,
      log: {
        info: () => undefined,
        warn: (message, data) => {
          this.world.trace(`  ${this.label} engine warns: ${message}${data ? ` ${JSON.stringify(data)}` : ''}`)
          // reset.ts logs this as it starts rebuilding the mirror.
          if (message.startsWith('portal asked for a mirror reset')) this.world.mirrorReset(this)
        }
      },
      emit: (event, payload) => {
        // Emitted right after a sync transaction commits: the commit point to die at, when armed.
        if (event !== 'applications.changed' || !this.afterCommitArmed || !this.crashNow) return
        if ((payload as { source?: string }).source !== 'sync') return
        this.afterCommitArmed = false
        this.world.trace(`  ${this.label} dies right after a sync transaction committed (cursor ${this.engine.cursor()})`)
        this.crashNow()
      },
      pullPageSize: this.pullPageSize,
      pushBatchSize: this.pushBatchSize,
      applyUnitSize: this.applyUnitSize,
      sign: (env) => this.signer?.sign(env) ?? null,
      holdUnsigned: true,
      ...(this.engineFaults ? { faults: this.engineFaults } : {})
    })
  }

  /**
   * The process dies: no clean close (no optimize, no checkpoint), the file is reopened by a fresh
   * engine. The dead engine may still have continuations waiting (a prefetched page, a yield between
   * units); its handle is closed only AFTER the new connection holds the file, so SQLite does not
   * checkpoint on that close (only the last connection does), and nothing the dead process had in
   * flight can reach the file any more, as after kill -9.
   */
  crash(): void {
    this.crashes++
    const dead = this.db
    this.crashNow = null
    this.open()
    dead.close()
  }

  /** A new application version starts: a clean close, then openDatabase (which runs migrations) with a non-empty outbox. */
  upgrade(pullPageSize: number, pushBatchSize: number): void {
    closeDatabase(this.db)
    this.pullPageSize = pullPageSize
    this.pushBatchSize = pushBatchSize
    this.open()
  }

  dispose(): void {
    closeDatabase(this.db)
  }

  /**
   * Runs `fn` against the engine; if the network decides the workstation dies meanwhile, `fn`'s
   * promise is left hanging forever (as a killed process's would be) and the workstation restarts.
   */
  async guarded(what: string, fn: (engine: SyncEngine) => Promise<unknown>): Promise<'ok' | 'crashed' | 'failed'> {
    const crashed = new Promise<'crashed'>((resolve) => {
      this.crashNow = () => resolve('crashed')
    })
    this.lastSyncFailed = true
    try {
      const outcome = await Promise.race([fn(this.engine).then(() => 'ok' as const), crashed])
      this.lastSyncFailed = false
      if (outcome === 'crashed') {
        this.crash()
        this.world.trace(`  ${this.label} CRASHED during ${what}; reopened ${this.file.split('/').pop() ?? ''} with a new engine`)
      }
      return outcome
    } catch (error) {
      if (error instanceof TransportError) {
        this.world.trace(`  ${this.label} ${what} failed: ${error.kind} (${error.message.slice(0, 80)})`)
        return 'failed'
      }
      this.world.unexpected(`${this.label} ${what}`, error)
      return 'failed'
    } finally {
      this.crashNow = null
    }
  }

  // ————— the network —————

  partition(steps: number): void {
    this.partitionUntil = Math.max(this.partitionUntil, this.world.step() + steps)
  }

  makeFlaky(steps: number, seed: number, p: number): void {
    this.flaky = { until: this.world.step() + steps, rng: new Rng(seed), p }
  }

  arm(fault: NetFault, on: Armed['on']): void {
    if (fault === 'crashAfterSyncCommit') this.afterCommitArmed = true
    else this.armed.push({ fault, on })
  }

  /** The network is healthy again: partitions, flakiness and armed faults end. */
  heal(): void {
    this.partitionUntil = -1
    this.flaky = null
    this.armed = []
    this.midPullArmed = false
    this.afterCommitArmed = false
  }

  get delayedCount(): number {
    return this.delayed.length
  }

  /** Requests held back by the network reach the portal now, in the order they were sent; nobody reads the answers. */
  async deliverDelayed(): Promise<number> {
    const queue = this.delayed
    this.delayed = []
    for (const send of queue) await send()
    return queue.length
  }

  private die<T>(): Promise<T> {
    if (!this.crashNow) throw new Error('simulation bug: a workstation crash outside a guarded call')
    this.crashNow()
    return never<T>()
  }

  private offline(): boolean {
    return this.world.step() < this.partitionUntil
  }

  private takeFault(kind: Kind): NetFault | null {
    const i = this.armed.findIndex((a) => a.on === kind || a.on === 'any')
    if (i >= 0) {
      const [a] = this.armed.splice(i, 1)
      return a ? a.fault : null
    }
    const f = this.flaky
    if (f && this.world.step() < f.until && f.rng.chance(f.p)) {
      return f.rng.pick<NetFault>(['dropRequest', 'dropResponse', 'dropResponse', 'duplicate', 'delay', 'staleResponse'])
    }
    return null
  }

  private toTransportError(error: unknown, where: string): TransportError {
    if (error instanceof TransportError) return error
    if (error instanceof PortalError) {
      if (error.status === 401 || error.status === 403) return new TransportError('unauthorized', error.message, error.code)
      if (error.status >= 500) return new TransportError('server', error.message, error.code)
      return new TransportError('protocol', error.message, error.code)
    }
    if (error instanceof DbUnavailableError) return new TransportError('server', error.message, 'unavailable')
    // The HTTP layer would answer 500 'internal': a portal handler threw something it should not.
    this.world.unexpected(`portal ${where} for ${this.label}`, error)
    return new TransportError('server', 'Внутрішня помилка порталу', 'internal')
  }

  /** One HTTP exchange as the wire does it: JSON both ways, the response checked with its schema. */
  private async wire<S extends z.ZodType>(where: string, schema: S, call: () => Promise<unknown>): Promise<z.output<S>> {
    let body: unknown
    try {
      body = await call()
    } catch (error) {
      throw this.toTransportError(error, where)
    }
    const parsed = schema.safeParse(JSON.parse(JSON.stringify(body)))
    if (!parsed.success)
      throw new TransportError('protocol', `response of ${where} does not match its schema: ${parsed.error.issues[0]?.message ?? ''}`)
    return parsed.data
  }

  private async exchange<T>(kind: Kind, send: () => Promise<T>, stale: () => T | null, describe: string): Promise<T> {
    if (this.offline()) throw new TransportError('offline', 'network partition')
    if (kind === 'pull' && this.midPullArmed) {
      this.midPullArmed = false
      this.world.trace(`  ${this.label} dies before ${describe} (mid-pull, between pages)`)
      return this.die()
    }
    const fault = this.takeFault(kind)
    const note = (what: string): void => this.world.trace(`  ${this.label} ${describe}: ${what}`)
    switch (fault) {
      case null:
        return send()
      case 'dropRequest':
        note('request lost')
        throw new TransportError('offline', 'request lost')
      case 'dropResponse':
        await send().catch(() => undefined)
        note('portal answered, response lost')
        throw new TransportError('offline', 'response lost')
      case 'duplicate': {
        note('delivered twice, concurrently')
        const [first] = await Promise.allSettled([send(), send()])
        if (first.status === 'fulfilled') return first.value
        throw first.reason
      }
      case 'delay':
        note('held back by the network; the client times out')
        this.delayed.push(async () => {
          await send().catch(() => undefined)
          this.world.trace(`  ${this.label} late delivery of ${describe} reached the portal`)
        })
        throw new TransportError('offline', 'timeout')
      case 'staleResponse': {
        const fresh = await send()
        const old = stale()
        if (old === null) return fresh
        note('an older response is delivered instead')
        return old
      }
      case 'crashAfterPush':
        if (kind !== 'push') return send()
        await send().catch(() => undefined)
        note('portal committed; the workstation dies before reading the answer')
        return this.die()
      case 'crashAfterSyncCommit':
        return send()
      case 'misleadingHint':
        if (kind === 'pull') this.misleadNextHint = true
        return send()
      case 'crashMidPull':
        if (kind !== 'pull') return send()
        // Let this page through; the workstation dies when it asks for the next one.
        this.midPullArmed = true
        return send()
    }
  }

  private pull(
    cursor: number,
    limit: number,
    held: CursorEvent | null,
    onHint?: (hint: PullHint) => void,
    catalogue?: CatalogueRevision | null
  ): Promise<PullResponse> {
    this.requests.pull++
    const { portalDb } = this.world
    // The URL as the HTTP transport makes it: a stale answer is one this same URL got (catalogue= included).
    const url = `${held ? `${cursor}@${held.version}:${held.id}` : String(cursor)}${catalogue === undefined ? '' : `&catalogue=${catalogueParam(catalogue)}`}`
    const send = async (): Promise<PullResponse> => {
      const deps = this.world.pullDeps()
      const page = await this.wire('pull', pullResponseSchema, () =>
        handlePull(
          portalDb,
          deps,
          { id: this.id, centreId: this.centreId },
          {
            cursor,
            limit,
            after: held,
            withResultsChain: true,
            acceptBehind: true,
            withTesting: true,
            ...(catalogue !== undefined ? { catalogue } : {})
          }
        )
      )
      this.pullHistory.set(url, page)
      if (page.catalogue)
        this.world.trace(
          `  ${this.label} pull(cursor=${cursor}, holding ${catalogue === undefined ? '?' : catalogueParam(catalogue)}): catalogue ${page.catalogue.revision}.${page.catalogue.revisionId} sent`
        )
      if (catalogue && page.catalogue && page.catalogue.revision < catalogue.revision)
        this.world.olderCatalogue(this, catalogue, page.catalogue)
      if (page.behind) this.world.trace(`  ${this.label} pull(cursor=${cursor}): the portal is behind (its replica lags): nothing new yet`)
      return page
    }
    // A stale cache: the answer this same URL got earlier.
    const previous = this.pullHistory.get(url) ?? null
    return this.exchange('pull', send, () => previous, `pull(cursor=${cursor})`).then((page) => {
      // The portal's headers come before the body: the hint of the page delivered (protocol.ts).
      let hint = pullHintOf(page)
      if (hint && this.misleadNextHint) {
        this.misleadNextHint = false
        hint = {
          ...hint,
          nextCursor: hint.nextCursor + 1,
          hasMore: true,
          newestEvent: hint.newestEvent && { ...hint.newestEvent, id: `${hint.newestEvent.id}-not` }
        }
        this.world.trace(`  ${this.label} pull(cursor=${cursor}): its hint is wrong (${JSON.stringify(hint)})`)
      }
      if (hint) onHint?.(hint)
      return page
    })
  }

  /** GET /sync/results: a read like a pull, with a pull's faults (a stale answer is the last one this same URL got). */
  private results(to: number, limit: number): Promise<ResultsResponse> {
    this.requests.pull++
    const { portalDb } = this.world
    const url = `results:${to}:${limit}`
    const send = async (): Promise<ResultsResponse> => {
      const page = await this.wire('results', resultsResponseSchema, () =>
        handleResults(portalDb, { id: this.id, centreId: this.centreId }, { to, limit })
      )
      this.resultsHistory.set(url, page)
      return page
    }
    const previous = this.resultsHistory.get(url) ?? null
    return this.exchange('pull', send, () => previous, `results(to=${to})`)
  }

  private push(request: PushRequest): Promise<PushResponse> {
    this.requests.push++
    const { portalDb, deps } = this.world
    const seqs = request.commands.map((c) => c.seq)
    // sync.md: a rejected command is never retried automatically. The only way a rejection may go
    // to the portal again is `settled` (to be stored as the clerk was shown it, never decided).
    for (const c of request.commands) {
      if (c.settled) continue
      const row = getOutboxBySeq(this.db, c.seq)
      if (row?.state === 'rejected' && row.commandId === c.commandId)
        this.world.violation({
          invariant: 5,
          message: `${this.label}: seq ${c.seq} (${c.type}) was rejected and is sent to be decided again`
        })
    }
    const send = async (): Promise<PushResponse> => {
      // The route parses the body with the protocol's schema; so does the simulation.
      const body = pushRequestSchema.parse(JSON.parse(JSON.stringify(request)))
      const res = await this.wire('push', pushResponseSchema, () =>
        handlePush(portalDb, deps, { id: this.id, centreId: this.centreId }, body)
      )
      this.pushHistory.push(res)
      return res
    }
    const previous = this.pushHistory[this.pushHistory.length - 1] ?? null
    return this.exchange('push', send, () => previous, `push(seq ${seqs[0] ?? '-'}..${seqs[seqs.length - 1] ?? '-'})`)
  }
}

export interface WsInit {
  index: number
  id: string
  node: number
  centreId: string
  file: string
  clerks: readonly ClerkSession[]
  config: { clockOffsetMs: number; pullPageSize: number; pushBatchSize: number; applyUnitSize: number }
  engineFaults: EngineFaults | undefined
}
