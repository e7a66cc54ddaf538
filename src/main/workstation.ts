import { EventEmitter } from 'node:events'
import { mkdirSync, chmodSync } from 'node:fs'
import { join } from 'node:path'
import { hostname } from 'node:os'
import { randomBytes, randomUUID } from 'node:crypto'
import { v7 as uuidv7 } from 'uuid'
import { openDatabase, closeDatabase, type Db } from './db/connection'
import { loadCatalogueFile, seedCatalogue, listServices } from './db/catalogue-repository'
import { readSetting, writeSetting } from './db/settings'
import { countApplications, upsertApplication, insertEvents } from './db/applications-repository'
import { createDispatcher, type Dispatch } from './services/dispatch'
import { createHandlers } from './services/workstation-handlers'
import { AttachmentPrefetcher } from './services/attachment-prefetch'
import { AttachmentStore } from './services/attachment-handlers'
import { createPrintHandlers } from './services/print-handlers'
import { createAuditTrail } from './services/audit-trail'
import { createSessionService } from './services/session-service'
import { createSessionHandlers, protectHandlers } from './services/session-handlers'
import { createReportHandlers } from './services/report-handlers'
import { createAdminHandlers } from './services/admin-handlers'
import { ChromiumPdfRenderer, type NativePrinter, type PdfRenderer } from '../print/pdf'
import { loadPrintFonts } from '../print/fonts'
import { SyncEngine } from './sync/sync-engine'
import { SyncScheduler } from './sync/sync-scheduler'
import { enrolWorkstation, HttpTransport, signInClerk } from './sync/http-transport'
import { createLogger, type Logger } from './log'
import { CommandSigner } from './sync/command-signing'
import { createClerkKeyring } from './services/clerk-keyring'
import { DEFAULT_CALENDAR, type WorkCalendar } from '../shared/domain/calendar'
import { generateDemo } from '../shared/demo/generate'
import { DEMO_CENTRE, DEMO_CLERKS } from '../shared/demo/clerks'
import type { EventName, EventPayloads } from '../shared/contract'

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

/** The one composition both shells use (architecture.md, "Two shells, one back end"). */
export async function createWorkstation(opts: WorkstationOptions): Promise<Workstation> {
  const clock = opts.clock ?? (() => new Date())
  const newId = opts.newId ?? (() => uuidv7())
  const calendar = opts.calendar ?? DEFAULT_CALENDAR
  // Personal data lives here: owner-only permissions (Law 2297-VI; see README "Local data protection").
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 })
  try {
    chmodSync(opts.dataDir, 0o700)
  } catch {
    /* not ours to change (e.g. a mounted folder); the files themselves are still created 0600 */
  }
  const log = opts.log ?? createLogger({ file: join(opts.dataDir, 'workstation.log') })
  const db = openDatabase(join(opts.dataDir, 'workstation.sqlite'), {
    log: (m) => log.info(m),
    // Checkpoints (and the initial sync's index rebuild) on a second thread: the clerk's screen never waits for them.
    worker: true,
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {})
  })

  const identity = db.transaction(() => {
    let id = readSetting(db, 'workstation.id')
    if (!id) {
      id = randomUUID()
      writeSetting(db, 'workstation.id', id)
      writeSetting(db, 'workstation.creation_nonce', randomBytes(16).toString('hex'))
    }
    if (listServices(db).length === 0) seedCatalogue(db, loadCatalogueFile(opts.catalogPath))
    return id
  })()

  const emitter = new EventEmitter()
  emitter.setMaxListeners(100)
  const emit = <E extends EventName>(event: E, payload: EventPayloads[E]) => {
    emitter.emit(event, payload)
    emitter.emit('*', event, payload)
  }

  const audit = createAuditTrail({ db, clock, workstationId: identity })

  let transport: HttpTransport | null = null
  let portalToken: string | null = null
  let portalUrl: string | null = readSetting(db, 'workstation.portal_url')
  if (opts.portal) {
    portalUrl = opts.portal.url
    let token = readSetting(db, 'workstation.token')
    if (!token || readSetting(db, 'workstation.portal_url') !== opts.portal.url) {
      const enrolment = await enrolWorkstation(opts.portal.url, {
        enrolmentCode: opts.portal.enrolmentCode,
        workstationId: identity,
        creationNonce: readSetting(db, 'workstation.creation_nonce') ?? '',
        // What the centre's admin sees in the list of workstations: the computer's name, the shell, and the end of its id.
        label: `${hostname().slice(0, 60)} · ${opts.shell} · ${identity.slice(-6)}`
      })
      token = enrolment.token
      db.transaction(() => {
        writeSetting(db, 'workstation.token', enrolment.token)
        writeSetting(db, 'workstation.node', enrolment.node)
        writeSetting(db, 'workstation.centre_id', enrolment.centreId)
        writeSetting(db, 'workstation.centre_name', enrolment.centreName)
        writeSetting(db, 'workstation.portal_url', opts.portal?.url ?? '')
      })()
      log.info('enrolled with the portal', { node: enrolment.node, centre: enrolment.centreId })
    }
    transport = new HttpTransport(opts.portal.url, token, fetch, { log: (message, data) => log.warn(message, data) })
    portalToken = token
  }
  const demoFirstRun = !opts.portal && !!opts.standaloneDemo && countApplications(db) === 0
  if (demoFirstRun && opts.standaloneDemo) seedStandaloneDemo(db, opts.standaloneDemo, clock, calendar)

  // Who did it (issue 20): each clerk's signing key on this workstation, registered at an online
  // sign-in, unlocked by the password; every command is signed by its clerk as it is stored.
  const signer = new CommandSigner(identity)
  let pokeSync: () => void = () => undefined
  const keyring = transport ? createClerkKeyring({ db, signer, clock, log, onSigned: () => pokeSync() }) : null

  // Sign-in, lock and lockout (services/session-service.ts). Online the portal checks the password.
  const signInUrl = opts.portal?.url ?? null
  const signInToken = portalToken
  const sessions = createSessionService({
    db,
    clock,
    audit,
    keyring,
    portalSignIn:
      signInUrl && signInToken ? (login, password, publicKey) => signInClerk(signInUrl, signInToken, login, password, publicKey) : null,
    onChange: (state) => {
      emit('session.changed', state)
      // A sign-in may be what the portal waited for before it lets this workstation read (issue 20).
      if (state.clerk && !state.locked) pokeSync()
      // Another clerk's "mine", or data refused while locked: every screen re-reads what it shows.
      emit('applications.changed', { ids: [], source: 'local' })
    },
    log
  })
  if (opts.portal?.login && opts.portal.password) {
    // npm start and the Electron shell's environment sign the clerk in; a failure leaves the sign-in screen.
    await sessions.signIn(opts.portal.login, opts.portal.password).catch((e: unknown) => {
      log.warn('start-up sign-in failed', { error: e instanceof Error ? e.message : String(e) })
    })
  } else if (opts.standaloneDemo && !opts.portal) {
    // No portal to ask: the demo clerks get verifiers here, so sign-in, lock and unlock work (password 'vikno-demo').
    for (const c of DEMO_CLERKS) {
      if (!sessions.hasVerifier(c.login)) {
        await sessions.seedVerifier(c.login, { clerkId: c.clerkId, name: c.name, role: c.role, centreId: c.centreId }, c.password)
      }
    }
    const demoClerk = DEMO_CLERKS[0]
    if (demoFirstRun && demoClerk) await sessions.signIn(demoClerk.login, demoClerk.password)
  }

  const scanStore = new AttachmentStore(opts.dataDir)
  // Scans of what sync brings are cached in the background, for review when the network is down.
  let prefetcher: AttachmentPrefetcher | null = null
  const engine = new SyncEngine({
    db,
    clock,
    newId,
    transport,
    calendar,
    centreId: readSetting(db, 'workstation.centre_id') ?? DEMO_CENTRE.id,
    workstationId: identity,
    log,
    emit,
    auditCommand: (entry) => audit.command(entry),
    sign: (env) => signer.sign(env),
    holdUnsigned: transport !== null,
    // A walk-in's scans live here until its command reaches the portal (uploaded just before it).
    scans: { read: async (sha256) => (await scanStore.get(sha256))?.bytes ?? null },
    onPulledAttachments: (sha256s) => prefetcher?.want(sha256s)
  })
  const scheduler = transport ? new SyncScheduler(engine, { log }) : null
  pokeSync = () => scheduler?.poke()
  const abort = new AbortController()
  if (transport) prefetcher = new AttachmentPrefetcher({ store: scanStore, engine, log })
  if (transport && scheduler) {
    scheduler.start()
    void transport.listen(
      () => scheduler.poke(),
      abort.signal,
      (connected) => {
        // The stream ends when close() aborts it, possibly after the database is closed.
        if (abort.signal.aborted) return
        engine.noteConnection(connected)
        if (connected) scheduler.poke()
      }
    )
  }

  const handlers = createHandlers({
    db,
    engine,
    clock,
    newId,
    calendar,
    shell: opts.shell,
    appVersion: opts.appVersion,
    workstationId: identity,
    portalUrl,
    session: () => sessions.current(),
    poke: () => scheduler?.poke(),
    dataDir: opts.dataDir
  })
  const pdf = opts.print?.pdf ?? new ChromiumPdfRenderer()
  const printHandlers = createPrintHandlers({
    db,
    engine,
    pdf,
    printer: opts.print?.printer ?? null,
    session: () => sessions.current(),
    clock,
    calendar,
    portalUrl: () => portalUrl,
    // What the centre's papers say about it: its name comes from the portal at enrolment; the rest
    // are centre settings (set by the administrator), printed only when present.
    centre: () => ({
      name: readSetting(db, 'workstation.centre_name') ?? 'Центр надання адміністративних послуг',
      parent: readSetting(db, 'centre.parent'),
      address: readSetting(db, 'centre.address'),
      phone: readSetting(db, 'centre.phone'),
      email: readSetting(db, 'centre.email')
    }),
    ...(opts.resourcesDir ? { fonts: loadPrintFonts(join(opts.resourcesDir, 'fonts')) } : {}),
    poke: () => scheduler?.poke()
  })
  const sessionHandlers = createSessionHandlers({ db, session: sessions, calendar })
  // Locked or signed out: only the session methods and app.info answer (enforced here, for every shell).
  // The administration screen: the portal's admin API with the signed-in supervisor's or admin's password.
  const adminHandlers = createAdminHandlers({ session: sessions, audit, transport, workstationId: identity, log })
  // The supervisors' dashboard and exports, from the local database (issue 18).
  const reportHandlers = createReportHandlers({
    db,
    session: () => sessions.current(),
    clock,
    calendar,
    dataDir: opts.dataDir,
    audit,
    publisher: () => readSetting(db, 'workstation.centre_name') ?? 'Центр надання адміністративних послуг',
    progress: (p) => emit('reports.exportProgress', p)
  })
  const dispatch = createDispatcher(
    protectHandlers({ ...handlers, ...printHandlers, ...sessionHandlers, ...adminHandlers, ...reportHandlers }, sessions, audit),
    log
  )

  return {
    dispatch,
    db,
    engine,
    workstationId: identity,
    on(event, listener) {
      emitter.on(event, listener as (p: unknown) => void)
      return () => emitter.off(event, listener as (p: unknown) => void)
    },
    onAny(listener) {
      emitter.on('*', listener)
      return () => emitter.off('*', listener)
    },
    async close() {
      abort.abort()
      signer.forgetAll()
      // No sync run starts while the print browser closes.
      scheduler?.stop()
      transport?.close()
      // Bounded: a print browser that does not close must not keep the database open.
      await Promise.race([pdf.close().catch(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref())])
      closeDatabase(db)
    }
  }
}

/** A standalone demo (no portal): the local database gets generated applications directly. */
function seedStandaloneDemo(db: Db, demo: { count: number; seed: number }, clock: () => Date, calendar: WorkCalendar): void {
  const services = listServices(db)
  const insert = db.transaction((batch: ReturnType<typeof generateDemo> extends Generator<infer T> ? T[] : never) => {
    for (const { record, events } of batch) {
      upsertApplication(db, record, 'confirmed')
      insertEvents(db, events)
    }
  })
  let batch: Parameters<typeof insert>[0] = []
  for (const item of generateDemo({
    seed: demo.seed,
    count: demo.count,
    now: clock().toISOString(),
    centreId: DEMO_CENTRE.id,
    services,
    calendar
  })) {
    batch.push(item)
    if (batch.length >= 5000) {
      insert(batch)
      batch = []
    }
  }
  if (batch.length > 0) insert(batch)
  db.transaction(() => {
    writeSetting(db, 'workstation.node', 2)
    writeSetting(db, 'workstation.centre_name', DEMO_CENTRE.name)
    writeSetting(db, 'centre.parent', 'Хмельницька міська рада')
  })()
}
