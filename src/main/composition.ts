import { EventEmitter } from 'node:events'
import type { Db } from './db/connection'
import type { Dispatch } from './services/dispatch'
import type { KeySlots } from './services/key-slots'
import type { SyncEngine } from './sync/sync-engine'
import type { Logger } from './log'
import type { NativePrinter, PdfRenderer } from '../print/pdf'
import type { SessionState } from '../shared/session-contract'
import type { WorkCalendar } from '../shared/domain/calendar'
import type { EventName, EventPayloads } from '../shared/contract'

/*
 * What the workstation's composition (workstation.ts) is made of and gives the shells, apart from
 * the composition itself, so that the sealed start (sealed-workstation.ts) can name them too.
 */

export interface WorkstationOptions {
  dataDir: string
  shell: 'electron' | 'web'
  appVersion: string
  catalogPath: string
  clock?: () => Date
  newId?: () => string
  calendar?: WorkCalendar
  log?: Logger
  /** Connect to a portal: enrol once with the centre's code, sign the clerk in, sync in the background. */
  portal?: { url: string; enrolmentCode: string; login?: string; password?: string } | null
  /** An Electron-ABI better-sqlite3 binary (the Electron shell); Node's build otherwise. */
  nativeBinding?: string
  /** Where resources/ lives (fonts for print); the checkout's by default. */
  resourcesDir?: string
  /**
   * How documents become PDF and paper: Electron's printToPDF and printers in the desktop shell;
   * headless Chromium (PDF only, the browser prints) in the web shell.
   */
  print?: { pdf: PdfRenderer; printer: NativePrinter | null }
  /**
   * Benchmarks only (bench/sync.ts `--cipher off`, to measure what encryption costs): a NEW database
   * stays plain and no key slot is written. No shell sets it.
   */
  benchPlainDatabase?: boolean
  /** No portal: fill an empty local database with generated demo applications (a standalone demo). */
  standaloneDemo?: { count: number; seed: number } | null
}

export interface Workstation {
  dispatch: Dispatch
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void
  onAny(listener: (event: EventName, payload: unknown) => void): () => void
  db: Db
  engine: SyncEngine
  workstationId: string
  close(): Promise<void>
}

export interface Events {
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void
  on: Workstation['on']
  onAny: Workstation['onAny']
}

export function createEvents(): Events {
  const emitter = new EventEmitter()
  emitter.setMaxListeners(100)
  return {
    emit(event, payload) {
      emitter.emit(event, payload)
      emitter.emit('*', event, payload)
    },
    on(event, listener) {
      emitter.on(event, listener as (p: unknown) => void)
      return () => emitter.off(event, listener as (p: unknown) => void)
    },
    onAny(listener) {
      emitter.on('*', listener)
      return () => emitter.off('*', listener)
    }
  }
}

/** What the composition needs besides the options: the events the shells listen to, the key, its slots. */
export interface Composition {
  events: Events
  log: Logger
  file: string
  slots: KeySlots
  /** The database's key; null for a plain database from before encryption (encrypted at the first sign-in). */
  key: Buffer | null
  /** True when this composition is made by a sign-in on a sealed workstation: that sign-in is the caller's. */
  unsealing: boolean
  /** WorkstationOptions.benchPlainDatabase: no encryption, no key slots. */
  plain?: boolean
}

export interface Composed extends Workstation {
  signIn(login: string, password: string): Promise<SessionState>
}
