import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import rateLimit, { type FastifyRateLimitStoreCtor } from '@fastify/rate-limit'
import { z } from 'zod'
import {
  enrolRequestSchema,
  type Nudge,
  parseCatalogueParam,
  pullHintHeaders,
  pushRequestSchema,
  RESULTS_PAGE_MAX,
  signInRequestSchema
} from '../../shared/protocol'
import { DbUnavailableError, type PortalDb } from '../db/portal-db'
import { attachmentVisibleToCentre, getAttachment } from '../db/attachments-repository'
import { getCentre } from '../db/centres-repository'
import type { AuthenticatedWorkstationRow } from '../db/workstations-repository'
import {
  adminDirectory,
  createClerkAsAdmin,
  createSeenTracker,
  issueEnrolmentCodeAsAdmin,
  resetClerkPasswordAsAdmin,
  revokeWorkstationAsAdmin,
  setClerkDisabledAsAdmin,
  setClerkRoleAsAdmin
} from '../auth/admin'
import {
  adminCreateClerkRequestSchema,
  adminCredentialsSchema,
  adminIssueEnrolmentCodeRequestSchema,
  adminResetPasswordRequestSchema,
  adminSetRoleRequestSchema
} from '../../shared/admin'
import { freeTextSchema } from '../../shared/domain/application'
import type { PortalDeps } from '../deps'
import { parseInput, PortalError, unavailable } from '../errors'
import {
  answerRequestSchema,
  citizenStatus,
  listServices,
  MAX_ATTACHMENT_BYTES,
  storeAttachment,
  submitAnswer,
  submitApplication
} from '../intake/intake'
import { openWithAccessCode } from '../intake/citizen-access'
import { handlePullReply, PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT } from '../sync/pull'
import { handleResults } from '../sync/results-chain'
import { handleRoster } from '../sync/roster'
import { handlePush } from '../sync/push'
import { handleAuditUpload } from '../sync/audit'
import { auditUploadRequestSchema } from '../../shared/audit'
import { authenticateWorkstation, handleEnrol, handleSignIn } from '../sync/workstations'
import { requireRecentSignIn } from '../sync/pull-access'
import { sha256Hex } from '../auth/secrets'
import { parseJsonBody } from './json-body'
import { registerCitizenWeb } from '../web/routes'
import { WebKeys } from '../web/session'
import { registerCatalogueStaffRoutes } from '../catalogue/routes'

/*
 * The portal's HTTP surface. Handlers are thin: parse, authenticate, call the plain functions in
 * intake/ and sync/, map errors to `{error:{code, message, field?}}`. No CORS headers at all: the
 * API is for citizens' tools, the portal's own page and workstations, never for other origins'
 * scripts.
 */

export interface HttpOptions {
  /** Per-IP limit on public endpoints; false turns it off (a simulation drives handlers directly). */
  rateLimit: { max: number; timeWindowMs: number } | false
  sseKeepAliveMs: number
  logger: boolean
  /** Seals the citizens' pages' cookies and CSRF tokens (web/session.ts); default: a random key per process. */
  webKeys?: WebKeys
  /** Where the rate limit counts (default: this process's memory; shared-rate-limit.ts for several processes). */
  rateLimitStore?: FastifyRateLimitStoreCtor
  /**
   * The addresses (or CIDR ranges) of the load balancers in front of this process, whose
   * X-Forwarded-For is believed (portal.ts PortalOptions.trustProxy). Empty: none, the peer's own
   * address is the client's.
   */
  trustProxy?: readonly string[]
}

export const JSON_BODY_LIMIT = 1024 * 1024
const PUSH_BODY_LIMIT = 8 * 1024 * 1024

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store'
}

/** Lets this encapsulated context (and only it) take a scan as the raw request body, up to the attachment limit. */
function acceptFileBodies(context: FastifyInstance): void {
  context.addContentTypeParser(
    ['application/pdf', 'image/jpeg', 'image/png', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES },
    (_req, body, done) => done(null, body)
  )
}

/** The raw file a route of such a context was sent: any other body (a JSON one, say) is refused. */
function fileBody(req: FastifyRequest): Buffer {
  if (!Buffer.isBuffer(req.body))
    throw new PortalError(415, 'unsupported_media_type', 'Надсилайте сам файл (PDF, JPEG або PNG) як тіло запиту')
  return req.body
}

function bearer(req: FastifyRequest): string | null {
  const header = req.headers.authorization
  if (typeof header !== 'string') return null
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim())
  return m?.[1] ?? null
}

function errorBody(code: string, message: string, field?: string): { error: { code: string; message: string; field?: string } } {
  return { error: field === undefined ? { code, message } : { code, message, field } }
}

const fastifyErrorCodes: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', message: 'Запит завеликий (не більше 1 МБ; файли — до 20 МБ)' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    message: 'Непідтримуваний тип вмісту: надсилайте application/json'
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_json', message: 'Тіло запиту порожнє: очікується JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_input', message: 'Некоректна довжина тіла запиту' }
}

const pullQuerySchema = z
  .strictObject({
    cursor: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(PULL_MAX_LIMIT).default(PULL_DEFAULT_LIMIT),
    // The newest event the workstation holds at its cursor (protocol.ts, CursorEvent): both or neither.
    eventVersion: z.coerce.number().int().positive().optional(),
    eventId: z.string().min(1).max(200).optional(),
    // Asks for the results chain at lastSeq (protocol.ts); an older workstation does not send it.
    chain: z.literal('1').optional(),
    // The workstation understands a `behind` page (protocol.ts, behindPage); an older one does not send it.
    behind: z.literal('1').optional(),
    // Reads records' serviceVersion and isTest and `removed` changes (protocol.ts PULL_TESTING_PARAM); an older one does not send it.
    testing: z.literal('1').optional(),
    // The catalogue revision the workstation holds (protocol.ts PULL_CATALOGUE_PARAM); an older one does not send it.
    catalogue: z
      .string()
      .max(100)
      .transform((v, ctx) => {
        const held = parseCatalogueParam(v)
        if (held === undefined) {
          ctx.addIssue({ code: 'custom', message: 'catalogue: <ревізія>.<ідентифікатор> або none' })
          return z.NEVER
        }
        return held
      })
      .optional()
  })
  .refine((q) => (q.eventVersion === undefined) === (q.eventId === undefined), {
    message: 'eventVersion і eventId передаються разом',
    path: ['eventId']
  })
const resultsQuerySchema = z.strictObject({
  to: z.coerce.number().int().min(0),
  limit: z.coerce.number().int().min(1).max(RESULTS_PAGE_MAX).default(RESULTS_PAGE_MAX)
})
const testQuerySchema = z.strictObject({ test: z.string().max(100).optional() })
const orderParamSchema = z.strictObject({ orderNumber: z.string().max(40) })
/** The access code of a citizen endpoint may come in the query (the QR link, a plain form) instead of the header. */
const codeQuerySchema = z.strictObject({ code: z.string().max(64).optional() })

/** The access code a request carries: the X-Access-Code header, else the `code` query parameter; null when neither. */
function accessCodeOf(req: FastifyRequest): string | null {
  const header = req.headers['x-access-code']
  if (typeof header === 'string' && header.trim() !== '') return header
  const { code } = parseInput(codeQuerySchema, req.query)
  return code ?? null
}
const shaParamSchema = z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256 — 64 шістнадцяткові цифри') })
const idParamSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'Ідентифікатор — латинські літери, цифри, «_», «-», «.»')
})
// The portal is stricter than the shared schema: the label is shown to admins, the nonce is a token.
const portalEnrolSchema = enrolRequestSchema.extend({
  creationNonce: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'Від 8 до 64 латинських літер, цифр, «_» або «-»'),
  label: freeTextSchema(100).default('')
})

export async function buildServer(db: PortalDb, deps: PortalDeps, opts: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger,
    bodyLimit: JSON_BODY_LIMIT,
    // Behind a load balancer every request comes from its address: the per-address rate limit and
    // access-code counters would then count all citizens as one. Only the balancers named here are
    // believed about the client (X-Forwarded-For); from anyone else the header is ignored, so a
    // client cannot pick the address it is counted under.
    trustProxy: opts.trustProxy && opts.trustProxy.length > 0 ? [...opts.trustProxy] : false,
    return503OnClosing: true,
    // A URL the router cannot decode (bad percent-encoding, an over-long parameter) never reaches
    // the hooks: answer it here, in our format and with our headers.
    frameworkErrors: (error, _req, reply) => {
      const status = error.statusCode === 414 ? 414 : 400
      const plain: FastifyReply = reply
      plain
        .status(status)
        .headers(SECURITY_HEADERS)
        .send(errorBody('invalid_input', status === 414 ? 'Адреса запиту задовга' : 'Некоректна адреса запиту'))
    }
  })

  // JSON only, parsed by us (strict UTF-8, depth, duplicate keys, see json-body.ts) so that a
  // malformed body gets our code and message.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body))
    } catch (error) {
      done(error instanceof Error ? error : new PortalError(400, 'invalid_json', 'Некоректний JSON у тілі запиту'), undefined)
    }
  })

  app.addHook('onRequest', async (_req, reply) => {
    reply.headers(SECURITY_HEADERS)
  })

  app.setErrorHandler((error: unknown, req, reply) => {
    if (error instanceof PortalError) return reply.status(error.status).send(error.toBody())
    if (error instanceof DbUnavailableError) {
      const e = unavailable()
      return reply.status(e.status).send(e.toBody())
    }
    const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : ''
    const known = fastifyErrorCodes[code]
    if (known) return reply.status(known.status).send(errorBody(known.code, known.message))
    const status =
      typeof error === 'object' && error !== null && 'statusCode' in error ? Number((error as { statusCode: unknown }).statusCode) : 500
    if (status === 429) return reply.status(429).send(errorBody('rate_limited', 'Забагато запитів; спробуйте пізніше'))
    if (status >= 400 && status < 500) return reply.status(status).send(errorBody('invalid_input', 'Некоректний запит'))
    deps.log('error', 'unhandled error', { url: req.url, error: String(error) })
    return reply.status(500).send(errorBody('internal', 'Внутрішня помилка порталу'))
  })

  app.setNotFoundHandler((_req, reply) => reply.status(404).send(errorBody('not_found', 'Такої адреси немає')))

  const limited = opts.rateLimit
  if (limited) {
    await app.register(rateLimit, {
      global: false,
      ...(opts.rateLimitStore ? { store: opts.rateLimitStore } : {}),
      max: limited.max,
      timeWindow: limited.timeWindowMs,
      errorResponseBuilder: () => new PortalError(429, 'rate_limited', 'Забагато запитів з вашої адреси; спробуйте за хвилину')
    })
  }
  const publicRoute = limited ? { config: { rateLimit: { max: limited.max, timeWindow: limited.timeWindowMs } } } : {}

  app.get('/health', async () => ({ ok: true }))

  // ── public intake API ────────────────────────────────────────────────
  // A service in testing is listed and accepted only with its test link's token (catalogue/public.ts).
  app.get('/api/v1/services', publicRoute, async (req) => listServices(db, deps, parseInput(testQuerySchema, req.query).test ?? null))

  app.post('/api/v1/applications', publicRoute, async (req, reply) => {
    const header = req.headers['x-test-link']
    const created = await submitApplication(db, deps, req.body, { testToken: typeof header === 'string' ? header : null })
    return reply.status(201).send(created)
  })

  // Every citizen endpoint about one application opens it with its access code first
  // (intake/citizen-access.ts): without the right one, the same 404 as for a number that does not exist.
  const open = (req: FastifyRequest, orderNumber: string): Promise<string> =>
    openWithAccessCode(db, deps, { orderNumber, code: accessCodeOf(req), address: req.ip })

  app.get('/api/v1/applications/:orderNumber/status', publicRoute, async (req) => {
    const { orderNumber } = parseInput(orderParamSchema, req.params)
    return citizenStatus(db, deps, await open(req, orderNumber))
  })

  // The citizens' pages (web/routes.ts): home, a service's start page and form, the status page a
  // receipt's QR code opens. In their own context: only they accept form posts.
  await app.register(async (web) => registerCitizenWeb(web, db, deps, { keys: opts.webKeys ?? new WebKeys(), publicRoute }))

  app.post('/api/v1/applications/:orderNumber/answers', publicRoute, async (req) => {
    const { orderNumber } = parseInput(orderParamSchema, req.params)
    // The body first: a malformed answer costs no scrypt work and counts no try.
    const body = parseInput(answerRequestSchema, req.body)
    return submitAnswer(db, deps, await open(req, orderNumber), body)
  })

  // Binary uploads live in their own encapsulated context: only this route accepts raw bodies.
  await app.register(async (binary) => {
    acceptFileBodies(binary)
    binary.post('/api/v1/attachments', { ...publicRoute, bodyLimit: MAX_ATTACHMENT_BYTES }, async (req, reply) => {
      const stored = await storeAttachment(db, deps, fileBody(req))
      return reply.status(201).send(stored)
    })
  })

  // ── workstation API ──────────────────────────────────────────────────
  // Every route below except enrol needs a workstation's token. It is checked in onRequest, before
  // the body is read: an unauthenticated caller never gets a multi-megabyte body parsed.
  const workstations = new WeakMap<FastifyRequest, AuthenticatedWorkstationRow>()
  const seen = createSeenTracker(db, deps)
  const requireWorkstation = async (req: FastifyRequest): Promise<void> => {
    const ws = await authenticateWorkstation(db, bearer(req))
    workstations.set(req, ws)
    await seen(ws)
  }
  const workstationOf = (req: FastifyRequest): AuthenticatedWorkstationRow => {
    const ws = workstations.get(req)
    if (!ws) throw new PortalError(401, 'unauthenticated', 'Потрібен токен робочого місця (заголовок Authorization: Bearer …)')
    return ws
  }
  const guarded = { onRequest: requireWorkstation }
  // Personal data (pull, attachments): also a clerk's recent online sign-in on that workstation (issue 20).
  const personal = {
    onRequest: [requireWorkstation, async (req: FastifyRequest): Promise<void> => requireRecentSignIn(db, deps, workstationOf(req))]
  }

  app.post('/sync/enrol', publicRoute, async (req) => handleEnrol(db, deps, parseInput(portalEnrolSchema, req.body)))

  app.post('/sync/sign-in', { ...publicRoute, ...guarded }, async (req) => {
    return handleSignIn(db, deps, workstationOf(req), parseInput(signInRequestSchema, req.body))
  })

  app.get('/sync/pull', personal, async (req, reply) => {
    const q = parseInput(pullQuerySchema, req.query)
    const after = q.eventVersion !== undefined && q.eventId !== undefined ? { version: q.eventVersion, id: q.eventId } : null
    // The page is already JSON (sync/pull.ts), as UTF-8 bytes or a string: with a JSON content type
    // Fastify sends either as is, and the bytes without an encoding pass.
    const ws = workstationOf(req)
    // With a read replica the page is read there; the workstation's last seq on the primary, read
    // when it was authenticated, tells a replica that lags from one that can serve (sync/pull.ts).
    const page = await handlePullReply(db, deps, ws, {
      cursor: q.cursor,
      limit: q.limit,
      after,
      withResultsChain: q.chain === '1',
      acceptBehind: q.behind === '1',
      withTesting: q.testing === '1',
      ...(q.catalogue !== undefined ? { catalogue: q.catalogue } : {}),
      primaryLastSeq: ws.lastSeq
    })
    // Where the page ends, ahead of the body: the workstation asks for the next page meanwhile.
    if (page.hint) void reply.headers(pullHintHeaders(page.hint))
    return reply.type('application/json; charset=utf-8').send(page.body)
  })

  // The results this portal holds for the workstation, newest first (sync/results-chain.ts).
  app.get('/sync/results', guarded, async (req) => {
    const q = parseInput(resultsQuerySchema, req.query)
    return handleResults(db, workstationOf(req), { to: q.to, limit: q.limit })
  })

  // The centre's active clerks, for the reassign dialog (sync/roster.ts). Staff names are personal
  // data too: like pull, it needs a recent online sign-in on that workstation (issue 20).
  app.get('/sync/clerks', personal, async (req) => handleRoster(db, workstationOf(req)))

  app.post('/sync/push', { bodyLimit: PUSH_BODY_LIMIT, ...guarded }, async (req) => {
    return handlePush(db, deps, workstationOf(req), parseInput(pushRequestSchema, req.body))
  })

  // Workstations' audit trails (issue 8): append-only, idempotent by entry id.
  app.post('/sync/audit', guarded, async (req) =>
    handleAuditUpload(db, deps, workstationOf(req), parseInput(auditUploadRequestSchema, req.body))
  )

  app.get('/sync/blobs/:sha256', personal, async (req, reply) => {
    const ws = workstationOf(req)
    const { sha256 } = parseInput(shaParamSchema, req.params)
    const blob = (await attachmentVisibleToCentre(db, sha256, ws.centreId)) ? await getAttachment(db, sha256) : null
    if (!blob) throw new PortalError(404, 'not_found', 'Файл не знайдено')
    return reply.header('Content-Type', blob.mediaType).header('Content-Disposition', 'attachment').send(blob.bytes)
  })

  // A scan taken at the desk (a walk-in's documents), uploaded by its workstation before the command
  // that refers to it: content-addressed, so the name must be the hash of the body, and a second
  // upload of the same bytes is a no-op. Its own context: only here (and the citizens' upload) are
  // raw bodies accepted. Behind the workstation token, so it does not share the public rate limit.
  await app.register(async (binary) => {
    acceptFileBodies(binary)
    binary.put('/sync/blobs/:sha256', { ...guarded, bodyLimit: MAX_ATTACHMENT_BYTES }, async (req, reply) => {
      const ws = workstationOf(req)
      const { sha256 } = parseInput(shaParamSchema, req.params)
      const file = fileBody(req)
      if (sha256Hex(file) !== sha256)
        throw new PortalError(400, 'invalid_input', 'Вміст файлу не збігається з його відбитком SHA-256', 'sha256')
      const stored = await storeAttachment(db, deps, file)
      deps.log('info', 'blob uploaded by a workstation', { workstationId: ws.id, sha256, size: stored.size })
      return reply.status(201).send(stored)
    })
  })

  app.get('/sync/events', guarded, async (req, reply) => {
    const ws = workstationOf(req)
    await serveNudges(req, reply, deps, { workstationId: ws.id, centreId: ws.centreId }, opts.sseKeepAliveMs, async () => {
      const centre = await getCentre(db, ws.centreId)
      return centre ? Number(centre.version) : null
    })
  })

  // ── admin API: a workstation's token AND a supervisor's or admin's password (auth/admin.ts) ──
  // Rate-limited like the public routes: each request checks a password.
  const adminRoute = { ...publicRoute, ...guarded }

  app.post('/admin/directory', adminRoute, async (req) =>
    adminDirectory(db, workstationOf(req), parseInput(adminCredentialsSchema, req.body))
  )

  app.post('/admin/clerks', adminRoute, async (req, reply) => {
    const { clerk, ...creds } = parseInput(adminCreateClerkRequestSchema, req.body)
    return reply.status(201).send({ clerk: await createClerkAsAdmin(db, deps, workstationOf(req), creds, clerk) })
  })

  app.post('/admin/enrolment-codes', adminRoute, async (req, reply) => {
    const { validHours, ...creds } = parseInput(adminIssueEnrolmentCodeRequestSchema, req.body)
    return reply.status(201).send(await issueEnrolmentCodeAsAdmin(db, deps, workstationOf(req), creds, validHours))
  })

  app.post('/admin/workstations/:id/revoke', adminRoute, async (req) => {
    const { id } = parseInput(idParamSchema, req.params)
    const creds = parseInput(adminCredentialsSchema, req.body)
    await revokeWorkstationAsAdmin(db, deps, workstationOf(req), creds, id)
    return { ok: true }
  })

  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false]
  ] as const) {
    app.post(`/admin/clerks/:id/${action}`, adminRoute, async (req) => {
      const { id } = parseInput(idParamSchema, req.params)
      const creds = parseInput(adminCredentialsSchema, req.body)
      await setClerkDisabledAsAdmin(db, deps, workstationOf(req), creds, id, disabled)
      return { ok: true }
    })
  }

  app.post('/admin/clerks/:id/role', adminRoute, async (req) => {
    const { id } = parseInput(idParamSchema, req.params)
    const { role, ...creds } = parseInput(adminSetRoleRequestSchema, req.body)
    await setClerkRoleAsAdmin(db, deps, workstationOf(req), creds, id, role)
    return { ok: true }
  })

  app.post('/admin/clerks/:id/password', adminRoute, async (req) => {
    const { id } = parseInput(idParamSchema, req.params)
    const { newPassword, ...creds } = parseInput(adminResetPasswordRequestSchema, req.body)
    await resetClerkPasswordAsAdmin(db, deps, workstationOf(req), creds, id, newPassword)
    return { ok: true }
  })

  // The catalogue's staff side (issue 17): the same two credentials as the admin API.
  registerCatalogueStaffRoutes(app, db, deps, { route: adminRoute, workstationOf })

  app.addHook('preClose', async () => {
    deps.nudges.closeAll()
  })

  return app
}

/**
 * Server-sent events: only `data: {"centreId":…,"version":V}` lines and keep-alive comments. The
 * current version is sent once on connect, so a workstation that reconnects after an outage pulls
 * whatever it missed. The stream subscribes BEFORE it reads that version: a change committed in
 * between is either in the version read or in a nudge held back until the first line is out.
 */
async function serveNudges(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: PortalDeps,
  sub: { workstationId: string; centreId: string },
  keepAliveMs: number,
  currentVersion: () => Promise<number | null>
): Promise<void> {
  const raw = reply.raw
  const write = (text: string): void => {
    if (!raw.writableEnded && !raw.destroyed) raw.write(text)
  }
  const held: Nudge[] = []
  let open = false
  let ended = false
  let timer: ReturnType<typeof setInterval> | null = null
  const end = (): void => {
    ended = true
    if (timer) clearInterval(timer)
    if (open && !raw.writableEnded) raw.end()
  }
  const unsubscribe = deps.nudges.subscribe({
    workstationId: sub.workstationId,
    centreId: sub.centreId,
    send: (nudge) => (open ? write(`data: ${JSON.stringify(nudge)}\n\n`) : held.push(nudge)),
    close: end
  })
  let version: number | null
  try {
    version = await currentVersion()
  } catch (error) {
    unsubscribe()
    throw error
  }
  if (version === null) {
    unsubscribe()
    throw new PortalError(404, 'not_found', 'ЦНАП не знайдено')
  }
  reply.hijack()
  if (raw.destroyed) {
    // The workstation hung up while the version was read.
    unsubscribe()
    return
  }
  raw.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/event-stream; charset=utf-8',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no'
  })
  open = true
  if (ended) {
    // Revoked while the version was read.
    raw.end()
    unsubscribe()
    return
  }
  write(`data: ${JSON.stringify({ centreId: sub.centreId, version })}\n\n`)
  for (const nudge of held) if (nudge.version > version) write(`data: ${JSON.stringify(nudge)}\n\n`)
  timer = setInterval(() => write(': keep-alive\n\n'), keepAliveMs)
  req.raw.on('close', () => {
    if (timer) clearInterval(timer)
    unsubscribe()
  })
}
