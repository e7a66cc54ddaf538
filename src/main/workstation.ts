import { EventEmitter } from 'node:events'
import { mkdirSync, chmodSync, existsSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { hostname } from 'node:os'
import { randomBytes, randomUUID } from 'node:crypto'
import { v7 as uuidv7 } from 'uuid'
import { openDatabase, closeDatabase, isEncryptedDatabaseFile, DatabaseKeyError, type Db } from './db/connection'
import { loadCatalogueFile, seedCatalogue, listServices } from './db/catalogue-repository'
import { readSetting, writeSetting } from './db/settings'
import { countApplications, upsertApplication, insertEvents } from './db/applications-repository'
import { createDispatcher, type Dispatch, type HandlerMap } from './services/dispatch'
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
import { createKeySlots, keySlotsPathFor, newDatabaseKey, type KeySlots } from './services/key-slots'
import { createLocalVault } from './services/local-vault'
import { tooManyMessage, DEFAULT_LOCKOUT, INVALID_CREDENTIALS } from './services/session-service'
import { contract, type MethodName } from '../shared/contract'
import { DomainError } from '../shared/result'
import { IDLE_LOCK_DEFAULT_MINUTES, type SessionState } from '../shared/session-contract'
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

interface Events {
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void
  on: Workstation['on']
  onAny: Workstation['onAny']
}

function createEvents(): Events {
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
interface Composition {
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

interface Composed extends Workstation {
  signIn(login: string, password: string): Promise<SessionState>
}

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
  if (isEncryptedDatabaseFile(file)) return sealedWorkstation(opts, { events, log, file, slots, key: null, unsealing: true })

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

const SEALED_MESSAGE = 'Дані цієї робочої станції зашифровано: увійдіть до системи'
const NO_SLOT_MESSAGE =
  'Дані цієї робочої станції зашифровано, а ключа для вашого облікового запису тут ще немає. ' +
  'Спершу має увійти колега, який уже працював на цій станції; після цього увійдіть ви (з підключенням до порталу). ' +
  'Якщо такого колеги немає, зверніться до адміністратора.'
const WRONG_PASSWORD_SEALED =
  `${INVALID_CREDENTIALS}. Якщо пароль нещодавно змінено на порталі, ця станція ще знає попередній: ` +
  'увійдіть ним, а потім новим (або нехай спершу увійде колега).'
const SLOTS_DAMAGED =
  'Файл ключів цієї робочої станції пошкоджено або видалено, тож зашифровані дані відкрити не можна. ' +
  'Зверніться до адміністратора: робоче місце буде підключено до порталу заново.'
const KEY_MISMATCH = 'Ключ не відкриває базу даних цієї робочої станції (файл ключів від іншої бази?). Зверніться до адміністратора.'

/**
 * A restarted workstation whose database is encrypted: until a sign-in opens it, only sign-in,
 * session.state and app.info answer. A sign-in whose password opens the login's slot composes the
 * workstation with the key (kept in memory until the process ends), then signs in as usual.
 * Wrong passwords are limited here in memory with the lockout's back-off (the counters in the
 * database cannot be read yet); each attempt also costs a scrypt.
 */
async function sealedWorkstation(opts: WorkstationOptions, base: Composition): Promise<Workstation> {
  const { log, slots, events } = base
  let inner: Composed | null = null
  const failures = new Map<string, { failures: number; lockedUntil: number }>()
  const now = (): number => (opts.clock ?? (() => new Date()))().getTime()

  // Older than any state of the session service the sign-in composes (its revisions start from the clock then).
  const sealedRevision = now()
  const sealedState = (): SessionState => ({
    clerk: null,
    locked: false,
    lockedUntil: null,
    idleLockMinutes: IDLE_LOCK_DEFAULT_MINUTES,
    sealed: true,
    revision: sealedRevision
  })

  const unseal = async (rawLogin: string, password: string): Promise<SessionState> => {
    if (inner) return inner.signIn(rawLogin, password)
    const login = rawLogin.trim()
    const failureKey = login.toLocaleLowerCase('uk')
    const f = failures.get(failureKey)
    if (f && f.lockedUntil > now()) throw new DomainError('rate_limited', tooManyMessage(f.lockedUntil - now()))
    let hasSlot: boolean
    try {
      hasSlot = slots.has(login)
    } catch (error) {
      log.error('key slots unreadable', { error: String(error) })
      throw new DomainError('unavailable', SLOTS_DAMAGED)
    }
    const key = hasSlot ? await slots.open(login, password) : null
    if (!key) {
      if (!hasSlot) {
        log.warn('sealed sign-in refused: no key slot for this login')
        throw new DomainError('unauthenticated', NO_SLOT_MESSAGE, 'login')
      }
      const n = (f?.failures ?? 0) + 1
      const p = DEFAULT_LOCKOUT
      const lockMs = n >= p.threshold ? Math.min(p.maxMs, p.baseMs * 2 ** (n - p.threshold)) : 0
      failures.set(failureKey, { failures: n, lockedUntil: now() + lockMs })
      log.warn('sealed sign-in refused: the password does not open the slot', { failures: n })
      if (lockMs > 0) throw new DomainError('rate_limited', tooManyMessage(lockMs))
      throw new DomainError('unauthenticated', WRONG_PASSWORD_SEALED, 'password')
    }
    failures.delete(failureKey)
    try {
      inner = await compose(opts, { ...base, key })
    } catch (error) {
      key.fill(0)
      if (error instanceof DatabaseKeyError) {
        log.error('a key slot opened but its key does not open the database', { error: error.message })
        throw new DomainError('unavailable', KEY_MISMATCH)
      }
      throw error
    }
    log.info('the local database was unsealed by a sign-in')
    // Open now for the rest of the process; the sign-in itself is the usual one (the portal, or the verifier).
    return inner.signIn(login, password)
  }

  let queue: Promise<unknown> = Promise.resolve()
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn)
    queue = run.catch(() => undefined)
    return run
  }

  const sealedHandlers = {} as Record<MethodName, (input: unknown) => unknown>
  for (const method of Object.keys(contract) as MethodName[]) {
    sealedHandlers[method] = () => {
      throw new DomainError('unauthenticated', SEALED_MESSAGE)
    }
  }
  sealedHandlers['app.info'] = () => ({
    version: opts.appVersion,
    shell: opts.shell,
    workstationId: '',
    node: null,
    language: 'uk',
    clerk: null
  })
  sealedHandlers['settings.setLanguage'] = () => null
  sealedHandlers['session.state'] = () => sealedState()
  sealedHandlers['session.signOut'] = () => sealedState()
  sealedHandlers['session.lock'] = () => sealedState()
  sealedHandlers['session.signIn'] = (input) => {
    const { login, password } = input as { login: string; password: string }
    return exclusive(() => unseal(login, password))
  }
  const sealedDispatch = createDispatcher(sealedHandlers as HandlerMap, log)
  const dispatch: Dispatch = (method, input) => (inner ? inner.dispatch(method, input) : sealedDispatch(method, input))

  log.info('the local database is encrypted: sealed until a clerk with a key slot here signs in')
  if (opts.portal?.login && opts.portal.password) {
    await exclusive(() => unseal(opts.portal?.login ?? '', opts.portal?.password ?? '')).catch((e: unknown) => {
      log.warn('start-up sign-in failed', { error: e instanceof Error ? e.message : String(e) })
    })
  }

  const opened = (): Composed => {
    if (!inner) throw new Error('the local database is sealed: nobody has signed in since the start')
    return inner
  }
  return {
    dispatch,
    on: events.on,
    onAny: events.onAny,
    get db() {
      return opened().db
    },
    get engine() {
      return opened().engine
    },
    get workstationId() {
      return opened().workstationId
    },
    async close() {
      await inner?.close()
    }
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
