import type { Db } from '../db/connection'
import type { ApplicationRecord } from '../../shared/domain/application'
import type { CommandEnvelope } from '../../shared/domain/commands'
import type { WorkCalendar } from '../../shared/domain/calendar'
import type { EventName, EventPayloads } from '../../shared/contract'
import type { ClerkSession } from '../../shared/session'
import type { AuditDetail } from '../../shared/audit'
import type { CommandSignature } from '../../shared/command-signature'
import { TransportError, type SyncTransport } from './transport'
import type { PortalResultsState } from './results-reconcile'

/*
 * The small context every part of the sync engine takes (Replicache's src/sync style: free functions
 * over it): the injected dependencies, the state of the running engine, and the status emitter.
 */

export interface SyncLog {
  info(message: string, data?: Record<string, unknown>): void
  warn(message: string, data?: Record<string, unknown>): void
}

export interface SyncEngineDeps {
  db: Db
  /** Injected so tests and the simulation control time. */
  clock: () => Date
  /** Command ids (UUID v7 in production), injected for deterministic runs. */
  newId: () => string
  /** null while the workstation is not enrolled with a portal: commands wait in the outbox. */
  transport: SyncTransport | null
  calendar: WorkCalendar
  centreId: string
  workstationId: string
  log: SyncLog
  emit: <E extends EventName>(event: E, payload: EventPayloads[E]) => void
  /** Pages applied per local transaction: bounded so one transaction never holds the database for long. */
  pullPageSize?: number
  /**
   * Changes applied per local transaction (default 1000). A page larger than this is applied as
   * several units, each with its own cursor, split only between versions, with the event loop free
   * between units: the clerk's screen never waits for a whole page.
   */
  applyUnitSize?: number
  /** Pages asked for ahead of the one being applied (default 2; page-pipeline.ts). */
  pullAhead?: number
  /**
   * The attachment hashes of the records a pull stored, after each commit (the workstation caches
   * those files for review offline: services/attachment-prefetch.ts).
   */
  onPulledAttachments?: (sha256: readonly string[]) => void
  pushBatchSize?: number
  /** How long the outbox may stay non-empty while the portal answers before the clerk is warned. */
  stallAfterMs?: number
  /**
   * Writes the command's audit row. Called INSIDE the transaction that stores the command (sync.md:
   * "the command and its audit row are written in one transaction"), so one never exists without the other.
   */
  auditCommand?: (entry: CommandAuditEntry) => void
  /**
   * The scans kept on this workstation (its attachment store): a walk-in's documents are uploaded
   * from here before the command that refers to them. Absent in tests that have no files.
   */
  scans?: { read(sha256: string): Promise<Uint8Array | null> }
  /**
   * An initial sync into an empty mirror builds its secondary and search indexes once at the end
   * instead of row by row (db/deferred-indexes.ts); false turns that off. Default on.
   */
  deferIndexes?: boolean
  /**
   * Who did it (issue 20, command-signing.ts): the signature of the command's clerk, made as the
   * command is stored; null when that clerk's key is not unlocked here. With `holdUnsigned`, a push
   * stops before the first pending command without a signature: it waits for its clerk to sign in
   * (services/clerk-keyring.ts signs it then), and is never sent unsigned.
   */
  sign?: (env: CommandEnvelope) => CommandSignature | null
  holdUnsigned?: boolean
  /** Test-only switches that plant the classic sync bugs, so the simulation can prove it catches them. */
  faults?: Partial<Record<EngineFault, boolean>>
}

/**
 * The sync bugs the simulation must catch, each planted behind a test-only switch (src/sim/planted-bugs.test.ts):
 * - retryRejected: a rejection is treated as retryable (stays pending);
 * - blockOnRejection: a rejection stops the queue;
 * - cursorWithoutHistory: pulls send the cursor alone (a restored portal goes unseen);
 * - ignoreResultsChain: the portal's results chain is not compared (a result decided again after a restore stays unseen);
 * - resendRejectedUnsettled: a rejection the portal lost is sent again to be decided, not to be stored as shown;
 * - keepLostResults: a pull (caught up, or a reset) that shows the portal holds fewer results keeps them recorded here;
 * - noReplayAfterReset: a mirror reset does not replay the commands the new mirror does not reflect;
 * - catalogueByNumber: the portal's catalogue is taken only when its revision number is higher (pull-apply.ts).
 */
export type EngineFault =
  | 'retryRejected'
  | 'blockOnRejection'
  | 'cursorWithoutHistory'
  | 'ignoreResultsChain'
  | 'resendRejectedUnsettled'
  | 'keepLostResults'
  | 'noReplayAfterReset'
  | 'catalogueByNumber'

/** What the audit row of a command says: a change, or a print / PDF export recorded as a record_print command. */
export interface CommandAudit {
  action: 'change' | 'print' | 'export'
  detail?: AuditDetail
}

export interface CommandAuditEntry extends CommandAudit {
  env: CommandEnvelope
  record: ApplicationRecord
  clerk: ClerkSession
}

/** What the engine keeps between calls (sync-engine.ts owns it; the parts read and set it through the context). */
export interface RunState {
  online: boolean
  lastError: string | null
  initialSyncProgress: number | null
  /** Set when a pull finds the portal lost results (portalLostData): syncNow pushes again before it ends. */
  resendAfterPull: boolean
  /** Set when a caught-up pull's results chain differs from ours (noteResultsState): syncNow reads the portal's results. */
  resultsToCheck: PortalResultsState | null
  /** Since when pushes fail although the portal answers (see status()); null after a push that got results. */
  pushRefusedSince: number | null
  /** The stall was logged once; it is logged again only after it ended. */
  reportedStall: boolean
  /**
   * The last pull run ended on a `behind` page (a read replica that lags; protocol.ts behindPage):
   * nothing new yet, so the scheduler pulls again soon instead of waiting for the next poll.
   */
  portalBehind: boolean
}

export interface EngineContext {
  deps: SyncEngineDeps
  run: RunState
  /** Emits the engine's status (sync.status) now. */
  emitStatus: () => void
}

export function newRunState(): RunState {
  return {
    online: false,
    lastError: null,
    initialSyncProgress: null,
    resendAfterPull: false,
    resultsToCheck: null,
    pushRefusedSince: null,
    reportedStall: false,
    portalBehind: false
  }
}

/**
 * Changes asked for per pull request. Larger pages cost the portal less per change, but each page is
 * held whole (bytes, then rows) while it waits to be applied; 4000 was no faster than 2000 once pages
 * were decoded off the main thread and asked for ahead (bench/diagnostics/initial-sync.ts).
 */
export const DEFAULT_PULL_PAGE_SIZE = 2000
/** Pages asked for ahead of the one being applied (page-pipeline.ts): enough to keep the portal busy. */
export const DEFAULT_PULL_AHEAD = 2
/**
 * Changes applied per local transaction. Each commit costs (and a write-ahead-log checkpoint every
 * few), so smaller units are slower; 1000 changes block the event loop for 50-100 ms (bench/sync.ts).
 */
export const DEFAULT_APPLY_UNIT_SIZE = 1000

/** Every request to the portal goes through here: it keeps `online` and `lastError`, and shows a failure in the status. */
export async function guard<T>(ctx: EngineContext, fn: () => Promise<T>): Promise<T> {
  try {
    const value = await fn()
    ctx.run.online = true
    ctx.run.lastError = null
    return value
  } catch (e) {
    const te = e instanceof TransportError ? e : new TransportError('offline', e instanceof Error ? e.message : String(e))
    ctx.run.online = te.kind !== 'offline'
    ctx.run.lastError = te.message
    ctx.emitStatus()
    throw te
  }
}
