import { mkdirSync, chmodSync, existsSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { hostname } from 'node:os'
import { randomBytes, randomUUID } from 'node:crypto'
import { v7 as uuidv7 } from 'uuid'
import { openDatabase, closeDatabase, isEncryptedDatabaseFile, type Db } from './db/connection'
import { loadCatalogueFile, seedCatalogue, listServices } from './db/catalogue-repository'
import { readSetting, writeSetting } from './db/settings'
import { countApplications, upsertApplication, insertEvents } from './db/applications-repository'
import { createDispatcher } from './services/dispatch'
import { createHandlers } from './services/workstation-handlers'
import { AttachmentPrefetcher } from './services/attachment-prefetch'
import { AttachmentStore } from './services/attachment-handlers'
import { createPrintHandlers } from './services/print-handlers'
import { createAuditTrail } from './services/audit-trail'
import { createSessionService } from './services/session-service'
import { createSessionHandlers, protectHandlers } from './services/session-handlers'
import { createReportHandlers } from './services/report-handlers'
import { createAdminHandlers } from './services/admin-handlers'
import { createClerkRoster } from './services/clerk-roster'
import { createCatalogueEditorHandlers } from './services/catalogue-editor-handlers'
import { createCataloguePortal } from './services/catalogue-portal'
import { ChromiumPdfRenderer } from '../print/pdf'
import { loadPrintFonts } from '../print/fonts'
import { SyncEngine } from './sync/sync-engine'
import { SyncScheduler } from './sync/sync-scheduler'
import { enrolWorkstation, HttpTransport, signInClerk } from './sync/http-transport'
import { createLogger } from './log'
import { createEvents, type Composed, type Composition, type Workstation, type WorkstationOptions } from './composition'
import { sealedWorkstation } from './sealed-workstation'
import { CommandSigner } from './sync/command-signing'
import { createClerkKeyring } from './services/clerk-keyring'
import { createKeySlots, keySlotsPathFor, newDatabaseKey, type KeySlots } from './services/key-slots'
import { createLocalVault } from './services/local-vault'
import { DEFAULT_CALENDAR, type WorkCalendar } from '../shared/domain/calendar'
import { generateDemo } from '../shared/demo/generate'
import { DEMO_CENTRE, DEMO_CLERKS } from '../shared/demo/clerks'

export type { Workstation, WorkstationOptions } from './composition'

/**
 * The one composition both shells use (architecture.md, "Two shells, one back end").
 *
 * The local database is encrypted at rest (README, "Local data protection"): a new one is made
 * encrypted with a random key, held in memory until the process ends, and each clerk who signs in
 * gets a key slot (services/key-slots.ts). After a restart the back end starts SEALED: only sign-in
 * answers, and a sign-in whose password opens its clerk's slot opens the database; then the usual
 * sign-in (online through the portal, or offline) follows.
 */
export async function createWorkstation(opts: WorkstationOptions): Promise<Workstation> {
  // Personal data lives here: owner-only permissions (Law 2297-VI; see README "Local data protection").
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 })
  try {
    chmodSync(opts.dataDir, 0o700)
  } catch {
    /* not ours to change (e.g. a mounted folder); the files themselves are still created 0600 */
  }
  const log = opts.log ?? createLogger({ file: join(opts.dataDir, 'workstation.log') })
  const file = join(opts.dataDir, 'workstation.sqlite')
  const slots = createKeySlots(keySlotsPathFor(file))
  const events = createEvents()

  if (isEncryptedDatabaseFile(file) && neverOpened(slots)) {
    // Made encrypted at a start that ended before anyone signed in: no slot was ever written, so no
    // one's work can be in it, and it opens for nobody. It is made again (and enrolled again).
    log.warn('the local database was created but nobody ever signed in, so no key slot exists: it is made anew')
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true })
  }
  if (isEncryptedDatabaseFile(file)) return sealedWorkstation(opts, { events, log, file, slots, key: null, unsealing: true }, compose)

  if (opts.benchPlainDatabase) return compose(opts, { events, log, file, slots, key: null, unsealing: false, plain: true })
  const plain = existsSync(file) && !isEncryptedDatabaseFile(file) && hasContent(file)
  let key: Buffer | null = null
  if (!plain) {
    key = newDatabaseKey()
    slots.create()
  }
  const composed = await compose(opts, { events, log, file, slots, key, unsealing: false })
  return composed
}

const hasContent = (file: string): boolean => existsSync(file) && readFileSize(file) > 0

function readFileSize(file: string): number {
  try {
    return statSync(file).size
  } catch {
    return 0
  }
}

/** A valid sidecar with no slot at all, written when the database was created. */
function neverOpened(slots: KeySlots): boolean {
  try {
    return slots.exists() && slots.list().length === 0
  } catch {
    return false
  }
}

async function compose(opts: WorkstationOptions, c: Composition): Promise<Composed> {
  const clock = opts.clock ?? (() => new Date())
  const newId = opts.newId ?? (() => uuidv7())
  const calendar = opts.calendar ?? DEFAULT_CALENDAR
  const { log } = c
  const db = openDatabase(c.file, {
    log: (m) => log.info(m),
    // Checkpoints (and the initial sync's index rebuild) on a second thread: the clerk's screen never waits for them.
    worker: true,
    key: c.key,
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {})
  })
  const vault = createLocalVault({ db, slots: c.slots, key: c.key, clock, log })

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

  const emit = c.events.emit

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

  // The centre's roster for the reassign dialog (services/clerk-roster.ts): fetched after each
  // online sign-in (which is what lets the portal answer it) and when the dialog asks.
  const roster = createClerkRoster({ db, transport, clock, log })

  // Sign-in, lock and lockout (services/session-service.ts). Online the portal checks the password.
  const signInUrl = opts.portal?.url ?? null
  const signInToken = portalToken
  const sessions = createSessionService({
    db,
    clock,
    audit,
    keyring,
    vault: c.plain ? null : vault,
    portalSignIn:
      signInUrl && signInToken
        ? async (login, password, publicKey) => {
            const signedIn = await signInClerk(signInUrl, signInToken, login, password, publicKey)
            // In the background: the sign-in does not wait for it (a failure keeps the roster fetched last).
            void roster.refresh()
            return signedIn
          }
        : null,
    onChange: (state) => {
      emit('session.changed', state)
      // A sign-in may be what the portal waited for before it lets this workstation read (issue 20).
      if (state.clerk && !state.locked) pokeSync()
      // Another clerk's "mine", or data refused while locked: every screen re-reads what it shows.
      emit('applications.changed', { ids: [], source: 'local' })
    },
    log
  })
  if (c.unsealing) {
    // The sign-in that opened the database is the caller's (sealedWorkstation).
  } else if (opts.portal?.login && opts.portal.password) {
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
    // The demo clerks' key slots, made with the demo database, so a restarted demo opens with any of them.
    if (demoFirstRun && !c.plain) {
      for (const c of DEMO_CLERKS)
        await vault.addSlot(c.login, { clerkId: c.clerkId, name: c.name, role: c.role, centreId: c.centreId }, c.password)
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
  // The catalogue editor (issue 17): the portal's staff API for service cards, with the administrator's password.
  const catalogueEditorHandlers = createCatalogueEditorHandlers({
    session: sessions,
    audit,
    portal: opts.portal && portalToken ? createCataloguePortal({ baseUrl: opts.portal.url, token: portalToken }) : null
  })
  // The supervisors' dashboard and exports, from the local database (issue 18).
  const reportHandlers = createReportHandlers({
    db,
    session: () => sessions.current(),
    clock,
    calendar,
    dataDir: opts.dataDir,
    audit,
    publisher: () => readSetting(db, 'workstation.centre_name') ?? 'Центр надання адміністративних послуг',
    progress: (p) => emit('reports.exportProgress', p),
    roster
  })
  const dispatch = createDispatcher(
    protectHandlers(
      { ...handlers, ...printHandlers, ...sessionHandlers, ...adminHandlers, ...reportHandlers, ...catalogueEditorHandlers },
      sessions,
      audit
    ),
    log
  )

  return {
    dispatch,
    db,
    engine,
    workstationId: identity,
    signIn: (login, password) => sessions.signIn(login, password),
    on: c.events.on,
    onAny: c.events.onAny,
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
