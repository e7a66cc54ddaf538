import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify'
import { z } from 'zod'
import type { Service } from '../../shared/catalogue'
import { formatAccessCode, normalizeAccessCode } from '../../shared/domain/access-code'
import { kyivDate } from '../../shared/domain/calendar'
import { parseOrderNumber, ORDER_NUMBER_PROBLEM_UK } from '../../shared/domain/order-number'
import type { PortalDb } from '../db/portal-db'
import { nowIso, type PortalDeps } from '../deps'
import { parseInput, PortalError } from '../errors'
import { openWithAccessCode } from '../intake/citizen-access'
import {
  answerRequestSchema,
  citizenStatus,
  parseNumberParam,
  storeAttachment,
  submitAnswer,
  submitApplication,
  type Upload
} from '../intake/intake'
import {
  carryDraft,
  checkStep,
  docSlots,
  draftSchema,
  missingDocs,
  storedDoc,
  stepsFor,
  fieldOfIntakeError,
  firstIncomplete,
  isStepOf,
  questionInput,
  questionsOf,
  toIntakeRequest,
  type Docs,
  type Draft,
  type Step
} from './apply-form'
import { renderCheck, renderConfirmation, renderStep, type Confirmation } from './apply-pages'
import { renderHome, renderServiceStart, type LookupForm } from './catalogue-pages'
import { contextFor, type FieldError, type PageContext } from './layout'
import type { Lang } from './messages'
import { intakeCentreId, liveServices, offeredService, versionCard, type OfferedService } from '../catalogue/public'
import { renderNotFound, renderStaleForm, renderTooManyTries } from './notice-pages'
import { COOKIE, parseCookies, replyCookies, type WebKeys } from './session'
import { ReceiptPdf } from './receipt'
import { SITE_CSS, SITE_ICON_SVG } from './site-css'
import { checkPostedFile, readMultipart, type MultipartPost } from './uploads'
import { renderAccessCodePage, renderStatusPage } from './status-pages'
import {
  backQuery,
  formSchema,
  FORM_BODY_LIMIT,
  MAX_ANSWER_FILES,
  changeQuery,
  codeQuery,
  homeQuery,
  langParam,
  orderParam,
  parseForm,
  safeBack,
  serviceParam,
  stepParam,
  testQuery,
  withoutCode
} from './request-parts'

/*
 * The citizens' pages (issue 16), served by the portal process itself. Every page is plain HTML
 * from the server; forms post `application/x-www-form-urlencoded` and answer with a redirect (post,
 * redirect, get), so everything works without JavaScript — and there is none: the CSP forbids
 * scripts. Every post carries the CSRF token (web/session.ts). The rules are the API's: the same
 * functions open an application with its code, submit, and answer.
 *
 * State between requests, in sealed cookies only:
 *  - the draft of an application (`vikno_draft`, path /apply, 24 h): answers that passed their page,
 *    so a reload or a lost connection loses nothing that was sent;
 *  - the access code of one application (`vikno_access`, path /status/{number}, 15 min) after it was
 *    typed or came in a QR link — the link's `?code=` is then dropped from the address bar by a 303;
 *  - the confirmation (`vikno_done`, path /apply, 10 min), shown once after submitting.
 */

export const WEB_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

const DRAFT_TTL_MS = 24 * 3_600_000
const ACCESS_TTL_MS = 15 * 60_000
const DONE_TTL_MS = 10 * 60_000
const TEST_TTL_MS = 24 * 3_600_000
/** The longest sealed draft kept: browsers keep a cookie of about 4 KB (name and attributes included). */
export const DRAFT_COOKIE_MAX = 3_800

export interface CitizenWebOptions {
  keys: WebKeys
  /** Route options of the public, rate-limited endpoints (server.ts). */
  publicRoute: RouteShorthandOptions
}

export async function registerCitizenWeb(app: FastifyInstance, db: PortalDb, deps: PortalDeps, opts: CitizenWebOptions): Promise<void> {
  const { keys, publicRoute } = opts
  const secure = deps.publicBaseUrl.startsWith('https://')

  // File uploads (web/uploads.ts): only read by the routes that take files, in this context only.
  await app.register(multipart, { throwFileSizeLimit: true })

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_req, body, done) => {
    try {
      done(null, parseForm(typeof body === 'string' ? body : body.toString('utf8')))
    } catch (error) {
      done(error instanceof Error ? error : new PortalError(400, 'invalid_input', 'Некоректна форма'), undefined)
    }
  })

  const cookiesOf = (req: FastifyRequest): Map<string, string> => parseCookies(req.headers.cookie)
  const { set: setCookie, clear: clearCookie } = replyCookies(secure)

  /** The page's language, CSRF token (setting the cookie on a first visit) and path. */
  const context = (req: FastifyRequest, reply: FastifyReply): PageContext => {
    const cookies = cookiesOf(req)
    const lang: Lang = cookies.get(COOKIE.lang) === 'en' ? 'en' : 'uk'
    let csrf = cookies.get(COOKIE.csrf)
    if (!csrf || csrf.length !== 43) {
      csrf = keys.newCsrfCookie()
      setCookie(reply, COOKIE.csrf, csrf, '/', null)
    }
    return contextFor(lang, keys.csrfToken(csrf), withoutCode(req.url))
  }

  const send = (reply: FastifyReply, status: number, body: string): FastifyReply =>
    reply.status(status).header('content-security-policy', WEB_CSP).type('text/html; charset=utf-8').send(body)
  const seeOther = (reply: FastifyReply, to: string): FastifyReply => reply.header('location', to).status(303).send()

  const isMultipart = (req: FastifyRequest): boolean => /^multipart\/form-data\b/i.test(String(req.headers['content-type'] ?? ''))
  /** A multipart post (uploads.ts), its CSRF token checked before any file is read; null (and the "stale form" page sent) when it fails. */
  const multipartOf = async (req: FastifyRequest, reply: FastifyReply, back: string): Promise<(MultipartPost & { ok: true }) | null> => {
    const ctx = context(req, reply)
    const post = await readMultipart(req, ctx.t, (token) => keys.csrfValid(cookiesOf(req).get(COOKIE.csrf), token))
    if (!post.ok) {
      void send(reply, 403, renderStaleForm(ctx, back))
      return null
    }
    return post
  }

  /** A form post's fields, after its CSRF token was checked; null (and the "stale form" page sent) when it fails. */
  const formOf = (req: FastifyRequest, reply: FastifyReply, back: string): Record<string, string> | null => {
    if (!/^application\/x-www-form-urlencoded\b/i.test(String(req.headers['content-type'] ?? '')))
      throw new PortalError(415, 'unsupported_media_type', 'Форми надсилаються як application/x-www-form-urlencoded')
    const form = parseInput(formSchema, req.body)
    if (!keys.csrfValid(cookiesOf(req).get(COOKIE.csrf), form._csrf)) {
      void send(reply, 403, renderStaleForm(context(req, reply), back))
      return null
    }
    return form
  }

  const now = (): number => deps.clock().getTime()
  const today = (): string => kyivDate(nowIso(deps), deps.calendar)
  /*
   * The service a page is about (catalogue/public.ts): its live version, or — for a tester who came
   * through a test link — the version in testing. The link's token is set aside in a sealed cookie
   * (`vikno_test`) and dropped from the address bar, as an access code is.
   */
  const testTokenOf = (req: FastifyRequest): string | null => {
    const parsed = z.object({ t: z.string().max(100) }).safeParse(keys.unseal('test', cookiesOf(req).get(COOKIE.test), now()))
    return parsed.success ? parsed.data.t : null
  }
  const offerOf = (req: FastifyRequest, id: string): Promise<OfferedService | null> => offeredService(db, deps, id, testTokenOf(req))

  // ── the access code of one application ─────────────────────────────
  const accessPath = (canonical: string): string => `/status/${canonical}`
  const rememberCode = (reply: FastifyReply, canonical: string, code: string): void =>
    setCookie(
      reply,
      COOKIE.access,
      keys.seal('access', { n: canonical, c: code }, now() + ACCESS_TTL_MS),
      accessPath(canonical),
      ACCESS_TTL_MS
    )
  const rememberedCode = (req: FastifyRequest, canonical: string): string | null => {
    const p = keys.unseal('access', cookiesOf(req).get(COOKIE.access), now())
    const parsed = z.object({ n: z.string(), c: z.string().max(64) }).safeParse(p)
    return parsed.success && parsed.data.n === canonical ? parsed.data.c : null
  }
  const open = (req: FastifyRequest, orderNumber: string, code: string | null): Promise<string> =>
    openWithAccessCode(db, deps, { orderNumber, code, address: req.ip })

  /** The code this request brings for a number: the X-Access-Code header (citizens' tools) or the one set aside for it. */
  const presentedCode = (req: FastifyRequest, canonical: string): string | null => {
    const header = req.headers['x-access-code']
    return typeof header === 'string' && header.trim() !== '' ? header : rememberedCode(req, canonical)
  }

  /**
   * Opens the number with `code` (the canonical number), or sends the one answer for every refusal:
   * the "not found or wrong code" page (404; `forget` drops a kept code that no longer opens it) or
   * "too many tries" (429), and gives null.
   */
  const openOrRefuse = async (
    req: FastifyRequest,
    reply: FastifyReply,
    canonical: string,
    code: string,
    forget = false
  ): Promise<string | null> => {
    try {
      return await open(req, canonical, code)
    } catch (error) {
      if (!(error instanceof PortalError) || (error.status !== 404 && error.status !== 429)) throw error
      const ctx = context(req, reply)
      if (error.status === 429) void send(reply, 429, renderTooManyTries(ctx))
      else {
        if (forget) clearCookie(reply, COOKIE.access, accessPath(canonical))
        void send(reply, 404, renderAccessCodePage(ctx, canonical, true))
      }
      return null
    }
  }

  /** Opens with `code` and sets it aside for this number, or sends the refusal (openOrRefuse). */
  const tryCode = async (req: FastifyRequest, reply: FastifyReply, canonical: string, code: string): Promise<boolean> => {
    if ((await openOrRefuse(req, reply, canonical, code)) === null) return false
    rememberCode(reply, canonical, code)
    return true
  }

  app.get('/assets/site.css', async (_req, reply) => reply.type('text/css; charset=utf-8').send(SITE_CSS))
  // The site's icon (a window: «вікно»), so browsers do not ask for /favicon.ico and log a 404.
  app.get('/assets/icon.svg', async (_req, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(SITE_ICON_SVG)
  )

  app.get('/language/:lang', async (req, reply) => {
    const { lang } = parseInput(langParam, req.params)
    const { back } = parseInput(backQuery, req.query)
    setCookie(reply, COOKIE.lang, lang, '/', 365 * 86_400_000)
    return seeOther(reply, safeBack(back))
  })

  // ── home: services, search, "my application" ────────────────────────
  app.get('/', publicRoute, async (req, reply) => {
    const { q } = parseInput(homeQuery, req.query)
    const services = (await liveServices(db, deps)).map((o) => o.service)
    return send(reply, 200, renderHome(context(req, reply), services, (q ?? '').trim(), { orderNumber: '', code: '', errors: [] }))
  })

  app.post('/lookup', publicRoute, async (req, reply) => {
    const form = formOf(req, reply, '/')
    if (!form) return reply
    const ctx = context(req, reply)
    const lookup: LookupForm = { orderNumber: (form.orderNumber ?? '').trim().slice(0, 40), code: '', errors: [] }
    const code = (form.code ?? '').trim().slice(0, 64)
    const parsed = parseOrderNumber(lookup.orderNumber)
    const errors: FieldError[] = []
    if (!parsed.ok)
      errors.push({
        field: 'orderNumber',
        message: ctx.lang === 'uk' && parsed.reason !== 'empty' ? ORDER_NUMBER_PROBLEM_UK[parsed.reason] : ctx.t.enterOrderNumber
      })
    if (code === '') errors.push({ field: 'code', message: ctx.t.enterAccessCode })
    const services = async (): Promise<Service[]> => (await liveServices(db, deps)).map((o) => o.service)
    if (errors.length > 0 || !parsed.ok) return send(reply, 400, renderHome(ctx, await services(), '', { ...lookup, errors }))
    try {
      await open(req, parsed.canonical, code)
    } catch (error) {
      if (error instanceof PortalError && (error.status === 404 || error.status === 429)) {
        const message = error.status === 404 ? ctx.t.notFoundOrWrongCode : ctx.t.tooManyTries
        return send(reply, error.status, renderHome(ctx, await services(), '', { ...lookup, errors: [{ field: 'code', message }] }))
      }
      throw error
    }
    rememberCode(reply, parsed.canonical, code)
    return seeOther(reply, accessPath(parsed.canonical))
  })

  // ── one application's status ───────────────────────────────────────
  // Without a code it asks for one (the same page for every number); with a wrong one, the same 404
  // page for every reason. A code in the query (a QR link) is checked, set aside in a cookie and
  // dropped from the address bar; the X-Access-Code header (citizens' tools) answers in place.
  app.get('/status/:orderNumber', publicRoute, async (req, reply) => {
    const { orderNumber } = parseInput(orderParam, req.params)
    const { code: queryCode } = parseInput(codeQuery, req.query)
    const canonical = parseNumberParam(orderNumber)
    if (queryCode !== undefined && queryCode.trim() !== '') {
      if (!(await tryCode(req, reply, canonical, queryCode))) return reply
      return seeOther(reply, accessPath(canonical))
    }
    const code = presentedCode(req, canonical)
    if (code === null) return send(reply, 200, renderAccessCodePage(context(req, reply), canonical, false))
    const opened = await openOrRefuse(req, reply, canonical, code, true)
    if (opened === null) return reply
    const status = await citizenStatus(db, deps, opened)
    return send(reply, 200, renderStatusPage(context(req, reply), status, today(), { value: '', errors: [], sent: false }))
  })

  app.post('/status/:orderNumber', publicRoute, async (req, reply) => {
    const { orderNumber } = parseInput(orderParam, req.params)
    const canonical = parseNumberParam(orderNumber)
    const form = formOf(req, reply, accessPath(canonical))
    if (!form) return reply
    const code = (form.code ?? '').trim().slice(0, 64)
    if (code === '') return send(reply, 404, renderAccessCodePage(context(req, reply), canonical, true))
    if (!(await tryCode(req, reply, canonical, code))) return reply
    return seeOther(reply, accessPath(canonical))
  })

  // The answer: text and, optionally, corrected documents (a multipart form; a plain one is taken too).
  // Nothing of the body is read for a stranger without the code, nothing past the form token of a
  // forged post, and the files are stored in the answer's own transaction: a refused answer leaves none.
  app.post('/status/:orderNumber/answer', publicRoute, async (req, reply) => {
    const { orderNumber } = parseInput(orderParam, req.params)
    const canonical = parseNumberParam(orderNumber)
    const code = rememberedCode(req, canonical)
    if (!isMultipart(req) && !/^application\/x-www-form-urlencoded\b/i.test(String(req.headers['content-type'] ?? '')))
      throw new PortalError(415, 'unsupported_media_type', 'Відповідь надсилається формою (multipart/form-data)')
    // No code kept for this number: the same answer as a wrong code, before a byte of the body is read.
    if (code === null) return send(reply, 404, renderAccessCodePage(context(req, reply), canonical, true))
    const post = isMultipart(req)
      ? await multipartOf(req, reply, accessPath(canonical))
      : ((f) => (f ? { ok: true as const, fields: f, files: [], errors: [] } : null))(formOf(req, reply, accessPath(canonical)))
    if (!post) return reply
    const ctx = context(req, reply)
    const answer = post.fields.answer ?? ''
    const checked = answerRequestSchema.safeParse({ answer })
    const errors: FieldError[] = [...post.errors]
    if (!checked.success)
      errors.unshift({
        field: 'answer',
        message: ctx.lang === 'uk' ? (checked.error.issues[0]?.message ?? ctx.t.answerEmpty) : ctx.t.answerEmpty
      })
    const uploads: Upload[] = []
    const posted = post.files.filter((f) => f.field === 'files')
    if (posted.length !== post.files.length) throw new PortalError(400, 'invalid_input', 'Файли надсилаються лише в полі «files»')
    if (posted.length > MAX_ANSWER_FILES) errors.push({ field: 'files', message: ctx.t.filesTooMany })
    else
      posted.forEach((f, i) => {
        const one = checkPostedFile(f, `Виправлений документ ${i + 1}`, ctx.t)
        if ('error' in one) errors.push(one.error)
        else uploads.push(one.upload)
      })
    if (errors.some((e) => e.field === 'files')) errors.push({ field: 'files', message: ctx.t.filesChooseAgain })
    try {
      const opened = await open(req, canonical, code)
      if (errors.length > 0 || !checked.success) {
        const status = await citizenStatus(db, deps, opened)
        return send(reply, 400, renderStatusPage(ctx, status, today(), { value: answer.slice(0, 4000), errors, sent: false }))
      }
      await submitAnswer(db, deps, opened, checked.data, uploads)
    } catch (error) {
      if (error instanceof PortalError && error.status === 404) return send(reply, 404, renderAccessCodePage(ctx, canonical, true))
      if (error instanceof PortalError && error.status === 429) return send(reply, 429, renderTooManyTries(ctx))
      // Answered already (another tab) or no remarks any more: the status page shows where it stands.
      if (error instanceof PortalError && error.status === 409) return seeOther(reply, accessPath(canonical))
      throw error
    }
    return seeOther(reply, accessPath(canonical))
  })

  // The receipt as a PDF (web/receipt.ts): with the code kept for this number, or the X-Access-Code
  // header; without it, the same 404 page as for a number that does not exist.
  const receipts = new ReceiptPdf()
  app.addHook('onClose', async () => receipts.close())
  app.get('/status/:orderNumber/receipt.pdf', publicRoute, async (req, reply) => {
    const { orderNumber } = parseInput(orderParam, req.params)
    const canonical = parseNumberParam(orderNumber)
    const code = presentedCode(req, canonical)
    if (code === null) return send(reply, 404, renderAccessCodePage(context(req, reply), canonical, true))
    const opened = await openOrRefuse(req, reply, canonical, code)
    if (opened === null) return reply
    // The code as the receipt prints it (K7QM-4XPR-9TAW), whichever way it was typed.
    const pdf = await receipts.render(db, deps, opened, formatAccessCode(normalizeAccessCode(code) ?? code))
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="vikno-${opened}.pdf"`)
      .send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength))
  })

  app.post('/status/:orderNumber/close', publicRoute, async (req, reply) => {
    const { orderNumber } = parseInput(orderParam, req.params)
    const canonical = parseNumberParam(orderNumber)
    if (!formOf(req, reply, accessPath(canonical))) return reply
    clearCookie(reply, COOKIE.access, accessPath(canonical))
    return seeOther(reply, '/')
  })

  // ── a service's start page and the application form ─────────────────
  app.get('/services/:serviceId', publicRoute, async (req, reply) => {
    const { serviceId } = parseInput(serviceParam, req.params)
    const { test } = parseInput(testQuery, req.query)
    if (test !== undefined) {
      // A test link: set its token aside when it opens this service's version in testing, and drop
      // it from the address either way (a wrong one opens nothing more than no token does).
      const tested = await offeredService(db, deps, serviceId, test)
      if (tested?.isTest) setCookie(reply, COOKIE.test, keys.seal('test', { t: test }, now() + TEST_TTL_MS), '/', TEST_TTL_MS)
      return seeOther(reply, `/services/${encodeURIComponent(serviceId)}`)
    }
    const ctx = context(req, reply)
    const offer = await offerOf(req, serviceId)
    return offer ? send(reply, 200, renderServiceStart(ctx, offer.service, offer.isTest)) : send(reply, 404, renderNotFound(ctx))
  })

  const draftOf = (req: FastifyRequest, offer: OfferedService): Draft => {
    const parsed = draftSchema.safeParse(keys.unseal('draft', cookiesOf(req).get(COOKIE.draft), now()))
    return parsed.success && parsed.data.serviceId === offer.card.id
      ? { ...parsed.data, version: parsed.data.version ?? offer.version }
      : { serviceId: offer.card.id, version: offer.version, answers: {}, fields: {}, docs: {} }
  }
  const sealDraft = (draft: Draft): string => keys.seal('draft', draft, now() + DRAFT_TTL_MS)
  const saveDraft = (reply: FastifyReply, draft: Draft | string): void =>
    setCookie(reply, COOKIE.draft, typeof draft === 'string' ? draft : sealDraft(draft), '/apply', DRAFT_TTL_MS)
  const applyBase = (s: Service): string => `/apply/${encodeURIComponent(s.id)}`
  /**
   * The draft of this service, answering the version offered now. A draft begun under another
   * version (published since, or a tester's link expired) keeps what still fits the version offered
   * now (apply-form.ts, carryDraft), is saved so, and comes back `carried`: the page it was going
   * to show is no longer the one to show, the citizen goes to the first page to answer, told why.
   */
  const currentDraft = async (
    req: FastifyRequest,
    reply: FastifyReply,
    offer: OfferedService
  ): Promise<{ draft: Draft; carried: boolean }> => {
    const draft = draftOf(req, offer)
    if (draft.version === offer.version) return { draft, carried: false }
    const before =
      draft.version === undefined
        ? null
        : await versionCard(db, { centreId: await intakeCentreId(db, deps), serviceId: offer.card.id, version: draft.version })
    const carried = carryDraft(before, offer.card, offer.version, draft, today())
    saveDraft(reply, carried)
    return { draft: carried, carried: true }
  }
  const toFirstIncomplete = (reply: FastifyReply, offer: OfferedService, draft: Draft): FastifyReply =>
    seeOther(reply, `${applyBase(offer.service)}/${firstIncomplete(offer.card, draft, today()) ?? 'check'}`)
  /** The page's draft as shown once: a notice it carries is dropped from the saved draft after this page. */
  const shownOnce = (reply: FastifyReply, draft: Draft): void => {
    if (draft.notice === undefined) return
    const { notice: _shown, ...rest } = draft
    saveDraft(reply, rest)
  }

  app.get('/apply/:serviceId/:step', publicRoute, async (req, reply) => {
    const { serviceId, step } = parseInput(stepParam, req.params)
    const { change } = parseInput(changeQuery, req.query)
    const ctx = context(req, reply)
    const offer = await offerOf(req, serviceId)
    if (!offer) return send(reply, 404, renderNotFound(ctx))
    const service = offer.service
    if (step === 'done') {
      const done = z
        .object({ serviceId: z.string(), orderNumber: z.string(), accessCode: z.string(), dueAt: z.string() })
        .safeParse(keys.unseal('done', cookiesOf(req).get(COOKIE.done), now()))
      if (!done.success || done.data.serviceId !== service.id) return seeOther(reply, `/services/${encodeURIComponent(service.id)}`)
      const c: Confirmation = done.data
      return send(reply, 200, renderConfirmation(ctx, service, c))
    }
    if (step !== 'check' && !isStepOf(offer.card, step)) return send(reply, 404, renderNotFound(ctx))
    const { draft, carried } = await currentDraft(req, reply, offer)
    if (carried) return toFirstIncomplete(reply, offer, draft)
    if (step === 'check') {
      const missing = firstIncomplete(offer.card, draft, today())
      if (missing) return seeOther(reply, `${applyBase(service)}/${missing}`)
      shownOnce(reply, draft)
      return send(reply, 200, renderCheck(ctx, offer, draft, []))
    }
    shownOnce(reply, draft)
    return send(reply, 200, renderStep(ctx, offer, step, draft, [], change === '1'))
  })

  app.post('/apply/:serviceId/:step', publicRoute, async (req, reply) => {
    const { serviceId, step } = parseInput(stepParam, req.params)
    const offer = await offerOf(req, serviceId)
    if (!offer) return send(reply, 404, renderNotFound(context(req, reply)))
    const service = offer.service
    const here = `${applyBase(service)}/${step}`
    if (step === 'documents') return documents(req, reply, offer, here)
    const form = formOf(req, reply, step === 'submit' ? `${applyBase(service)}/check` : here)
    if (!form) return reply
    const ctx = context(req, reply)
    if (step !== 'submit' && !isStepOf(offer.card, step)) return send(reply, 404, renderNotFound(ctx))
    const { draft, carried } = await currentDraft(req, reply, offer)
    // Answers to another version's questions are not taken: the citizen sees this version's.
    if (carried) return toFirstIncomplete(reply, offer, draft)
    if (step === 'submit') return submit(req, reply, ctx, offer, draft)
    const fromCheck = form.returnTo === 'check'
    const checked = checkStep(offer.card, step, form, today(), ctx.lang, ctx.t)
    const shown = { ...draft, answers: { ...draft.answers, ...checked.answers }, fields: { ...draft.fields, ...checked.fields } }
    if (checked.errors.length > 0) return send(reply, 400, renderStep(ctx, offer, step, shown, checked.errors, fromCheck))
    const { notice: _seen, ...next } = shown
    const sealed = sealDraft(next)
    if (sealed.length > DRAFT_COOKIE_MAX) {
      // Too much to keep in the cookie: nothing is saved; the longest answer of this page is the one to shorten.
      const posted = [
        ...Object.entries(checked.answers),
        ...(questionsOf(offer.card, step) ?? []).map((f) => [questionInput(f), checked.fields[f.id] ?? ''] as const)
      ]
      const longest = posted.reduce((a, b) => (b[1].length > a[1].length ? b : a), ['', ''] as readonly [string, string])
      return send(reply, 400, renderStep(ctx, offer, step, shown, [{ field: longest[0], message: ctx.t.draftTooLong }], fromCheck))
    }
    saveDraft(reply, sealed)
    const steps = stepsFor(offer.card)
    const following = steps[steps.indexOf(step) + 1] ?? 'check'
    // From "check your answers" back there, unless this version's form asks something not answered yet.
    const next2 = fromCheck ? (firstIncomplete(offer.card, next, today()) ?? 'check') : following
    return seeOther(reply, `${applyBase(service)}/${next2}`)
  })

  /**
   * The documents page: one file per document of the card and per own question answered with a
   * file (apply-form.ts, docSlots). Every posted file is checked first; only when all pass (and
   * every required one has a file, new or from before) are they stored, in one transaction, and the
   * draft remembers them. A refused post stores nothing.
   */
  const documents = async (req: FastifyRequest, reply: FastifyReply, offer: OfferedService, here: string): Promise<FastifyReply> => {
    if (!isMultipart(req)) throw new PortalError(415, 'unsupported_media_type', 'Документи надсилаються як multipart/form-data')
    const post = await multipartOf(req, reply, here)
    if (!post) return reply
    const ctx = context(req, reply)
    const { service, card } = offer
    const { draft, carried } = await currentDraft(req, reply, offer)
    if (carried) return toFirstIncomplete(reply, offer, draft)
    const fromCheck = post.fields.returnTo === 'check'
    const errors: FieldError[] = [...post.errors]
    const uploads = new Map<string, Upload>()
    const slots = docSlots(card)
    const nameOf = (key: string): string => slots.find((d) => d.key === key)?.name[ctx.lang] ?? key
    for (const f of post.files) {
      const slot = slots.find((d) => d.key === f.field)
      if (!slot || uploads.has(f.field)) throw new PortalError(400, 'invalid_input', `Зайве поле файлу «${f.field.slice(0, 40)}»`)
      const one = checkPostedFile(f, slot.name.uk.slice(0, 150), ctx.t)
      if ('error' in one) errors.push(one.error)
      else uploads.set(f.field, one.upload)
    }
    const docs: Docs = { ...draft.docs }
    for (const [key, u] of uploads) docs[key] = storedDoc(u.sha256, u.mediaType)
    for (const key of missingDocs(card, docs))
      if (!errors.some((e) => e.field === key)) errors.push({ field: key, message: `${nameOf(key)}: ${ctx.t.fileMissing}` })
    if (errors.length > 0) {
      if (uploads.size > 0 || post.files.length > 0) errors.push({ field: errors[0]?.field ?? 'doc-0', message: ctx.t.filesChooseAgain })
      return send(reply, 400, renderStep(ctx, offer, 'documents', draft, errors, fromCheck))
    }
    await db.transaction(async (tx) => {
      for (const u of uploads.values()) await storeAttachment(tx, deps, u.bytes)
    })
    const { notice: _seen, ...rest } = draft
    saveDraft(reply, { ...rest, docs })
    return seeOther(reply, `${applyBase(service)}/${firstIncomplete(card, { ...rest, docs }, today()) ?? 'check'}`)
  }

  const submit = async (
    req: FastifyRequest,
    reply: FastifyReply,
    ctx: PageContext,
    offer: OfferedService,
    draft: Draft
  ): Promise<FastifyReply> => {
    const { service, card } = offer
    const missing = firstIncomplete(card, draft, today())
    if (missing) return seeOther(reply, `${applyBase(service)}/${missing}`)
    let created
    try {
      created = await submitApplication(db, deps, toIntakeRequest(card, draft), {
        testToken: testTokenOf(req),
        expectVersion: draft.version
      })
    } catch (error) {
      // Published (or withdrawn to another version) between the last page and this one: the draft
      // is made the new version's and the citizen is sent to what it asks (currentDraft).
      if (error instanceof PortalError && error.code === 'form_changed') {
        const fresh = await offerOf(req, service.id)
        if (!fresh) return send(reply, 404, renderNotFound(ctx))
        const { draft: carried } = await currentDraft(req, reply, fresh)
        return toFirstIncomplete(reply, fresh, carried)
      }
      const at = error instanceof PortalError && error.status < 500 ? fieldOfIntakeError(card, error.field) : null
      if (error instanceof PortalError && at) {
        const step: Step = at.step
        const message = ctx.lang === 'uk' ? error.message : `${ctx.t.checkField}`
        return send(reply, 400, renderStep(ctx, offer, step, draft, [{ field: at.input, message }], true))
      }
      throw error
    }
    const status = await citizenStatus(db, deps, created.orderNumber)
    clearCookie(reply, COOKIE.draft, '/apply')
    const done = { serviceId: service.id, orderNumber: created.orderNumber, accessCode: created.accessCode, dueAt: status.dueAt }
    setCookie(reply, COOKIE.done, keys.seal('done', done, now() + DONE_TTL_MS), '/apply', DONE_TTL_MS)
    rememberCode(reply, created.orderNumber, created.accessCode)
    return seeOther(reply, `${applyBase(service)}/done`)
  }
}
