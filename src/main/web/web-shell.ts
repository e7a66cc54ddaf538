import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, resolve, sep } from 'node:path'
import type { Workstation } from '../workstation'
import { isMethodName, MAX_ATTACHMENT_BASE64, type MethodName } from '../../shared/contract'
import type { Logger } from '../log'

export interface WebShellOptions {
  workstation: Workstation
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** 0 picks a free port. */
  port: number
  log: Logger
  /** Fixed token for tests; a random one per launch otherwise. */
  token?: string
  /** Body limits per method (bytes); methods not listed get 1 MB. Defaults to DEFAULT_BODY_LIMITS. */
  bodyLimits?: Readonly<Partial<Record<MethodName, number>>>
  /**
   * How long close() lets a request still being answered finish before it cuts the connections
   * that remain (default CLOSE_GRACE_MS). A safety net for a call that hangs: a close normally ends
   * as soon as the calls in flight are answered, and a cut is logged.
   */
  closeGraceMs?: number
}

export interface WebShell {
  url: string
  /** The URL to open, with the per-launch token (as Jupyter prints it). */
  urlWithToken: string
  token: string
  port: number
  /**
   * Stops listening, ends the event streams, lets the calls in flight be answered and closes every
   * connection; resolves when none is left. Calling it again returns the same promise.
   */
  close(): Promise<void>
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.mjs.map': 'application/json'
}

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"

const MAX_BODY = 1024 * 1024

/** See WebShellOptions.closeGraceMs. */
export const CLOSE_GRACE_MS = 2_000

/** Logged when close() had to cut connections still busy after the grace period. */
export const CLOSE_CUT_MESSAGE = 'web shell close: connections still busy after the grace period were cut'

/**
 * Methods that carry files get their own cap; every other method keeps MAX_BODY. One request per
 * scan (base64 of up to 20 MB plus the JSON around it) rather than chunked uploads: chunks would
 * need half-uploaded files kept between requests, and the body is read only after the token and
 * origin checks, so nobody else can make the shell buffer it.
 */
export const DEFAULT_BODY_LIMITS: Readonly<Partial<Record<MethodName, number>>> = {
  'attachments.add': MAX_ATTACHMENT_BASE64 + 64 * 1024
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CSP)
  res.setHeader('X-Content-Type-Options', 'nosniff')
  // The token travels in the first URL: never let it leak through a Referer header.
  res.setHeader('Referrer-Policy', 'no-referrer')
  res.setHeader('X-Frame-Options', 'DENY')
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(text)
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } })
}

/**
 * The body, or null when it is over `limit`. An oversized body is left to drain (Node discards the
 * rest once the 413 is sent) instead of destroying the request: destroying it reset the connection,
 * and the client often saw ECONNRESET instead of the 413.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolveBody, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) return resolveBody(null)
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        // Stop collecting; the stream keeps flowing with no listener, so the rest is discarded.
        req.off('data', onData)
        req.off('end', onEnd)
        resolveBody(null)
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => resolveBody(Buffer.concat(chunks))
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', reject)
  })
}

/**
 * The web shell: the same back end and renderer on 127.0.0.1, guarded by a per-launch token.
 * It holds no business logic — every call goes to the workstation's one dispatcher, which parses
 * the input with the contract's schema exactly as the Electron IPC adapter does.
 */
export async function startWebShell(opts: WebShellOptions): Promise<WebShell> {
  const token = opts.token ?? randomBytes(24).toString('base64url')
  const tokenBuf = Buffer.from(token)
  const rendererRoot = resolve(opts.rendererDir)
  let port = opts.port
  const bodyLimits = opts.bodyLimits ?? DEFAULT_BODY_LIMITS
  const sseClients = new Set<ServerResponse>()
  /** Requests not yet answered to the end (event streams included). */
  const inFlight = new Set<ServerResponse>()
  let shuttingDown = false
  let closed: Promise<void> | null = null

  const tokenOk = (candidate: string | null | undefined): boolean => {
    if (!candidate) return false
    const buf = Buffer.from(candidate)
    return buf.length === tokenBuf.length && timingSafeEqual(buf, tokenBuf)
  }

  // DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host header.
  const hostOk = (req: IncomingMessage): boolean => {
    const host = req.headers.host ?? ''
    return host === `127.0.0.1:${port}` || host === `localhost:${port}`
  }

  const serveStatic = async (pathname: string, res: ServerResponse): Promise<void> => {
    let relative: string
    try {
      relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '')
    } catch {
      // Malformed percent-encoding (`/%E0%A4%A`) is a bad address, not an internal error.
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Не знайдено')
      return
    }
    const file = normalize(join(rendererRoot, relative))
    if (file !== rendererRoot && !file.startsWith(rendererRoot + sep)) {
      res.writeHead(404).end()
      return
    }
    try {
      const info = await stat(file)
      if (!info.isFile()) throw new Error('not a file')
      const body = await readFile(file)
      const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream'
      res.writeHead(200, { 'Content-Type': type, 'Cache-Control': relative === 'index.html' ? 'no-store' : 'max-age=3600' })
      res.end(body)
    } catch {
      // No fallback to index.html: the renderer routes with #fragments, so any other path is simply absent.
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Не знайдено')
    }
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    securityHeaders(res)
    if (!hostOk(req)) {
      opts.log.warn('web shell refused a foreign Host header', { host: String(req.headers.host ?? '').slice(0, 100) })
      refuse(res, 403, 'forbidden', 'Доступ лише з цього комп’ютера')
      return
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    if (url.pathname.startsWith('/rpc/')) {
      if (req.method !== 'POST') return refuse(res, 405, 'invalid_input', 'Лише POST')
      const origin = req.headers.origin
      if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) {
        opts.log.warn('web shell refused a cross-origin call', { origin: origin.slice(0, 100) })
        return refuse(res, 403, 'forbidden', 'Запит з іншого джерела відхилено')
      }
      const header = req.headers['x-vikno-token']
      if (!tokenOk(Array.isArray(header) ? header[0] : header)) {
        opts.log.warn('web shell refused a call without a valid token', { path: url.pathname.slice(0, 100) })
        return refuse(res, 401, 'unauthenticated', 'Недійсний ключ сеансу; відкрийте адресу, яку надрукувала програма')
      }
      const method = url.pathname.slice('/rpc/'.length)
      const limit = (isMethodName(method) ? bodyLimits[method] : undefined) ?? MAX_BODY
      const body = await readBody(req, limit)
      if (body === null) return refuse(res, 413, 'payload_too_large', 'Запит завеликий')
      let input: unknown = {}
      if (body.length > 0) {
        try {
          input = JSON.parse(body.toString('utf8'))
        } catch {
          return refuse(res, 400, 'invalid_input', 'Тіло запиту — не JSON')
        }
      }
      const result = await opts.workstation.dispatch(method, input)
      return sendJson(res, 200, result)
    }
    if (url.pathname === '/events') {
      if (!tokenOk(url.searchParams.get('token'))) {
        opts.log.warn('web shell refused an event stream without a valid token')
        return refuse(res, 401, 'unauthenticated', 'Недійсний ключ сеансу')
      }
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
      res.write(': connected\n\n')
      sseClients.add(res)
      const off = opts.workstation.onAny((event, payload) => {
        res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`)
      })
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000)
      req.on('close', () => {
        off()
        clearInterval(keepAlive)
        sseClients.delete(res)
      })
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'invalid_input', 'Метод не підтримується')
    return serveStatic(url.pathname, res)
  }

  /*
   * Shutting down, a connection is closed as soon as it has nothing left to do. Node's server.close()
   * closes only the connections idle at that moment: one still answering a call (or still receiving
   * a body already refused with 413) stays open with keep-alive, and the browser keeps using it — the renderer's next calls and, three seconds later,
   * its EventSource reconnecting, which then got a new event stream that nothing would ever end, so
   * server.close() never called back (a CI run's afterAll hung for 60 s stopping the shells).
   */
  const closeWhenIdle = (): void => {
    if (shuttingDown) setImmediate(() => server.closeIdleConnections())
  }

  const server: Server = createServer((req, res) => {
    if (shuttingDown) {
      // Only a connection open from before close() can bring one: answered, and that connection closes.
      securityHeaders(res)
      res.setHeader('Connection', 'close')
      req.once('end', closeWhenIdle)
      refuse(res, 503, 'unavailable', 'Програма завершує роботу')
      return
    }
    inFlight.add(res)
    res.once('close', () => inFlight.delete(res))
    // A call answered, or the rest of a refused body drained: the connection may now be idle.
    res.once('finish', closeWhenIdle)
    req.once('end', closeWhenIdle)
    handle(req, res).catch((e: unknown) => {
      opts.log.error('web shell request failed', { error: e instanceof Error ? e.message : String(e) })
      if (!res.headersSent) refuse(res, 500, 'internal', 'Внутрішня помилка')
      else res.end()
    })
  })
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    // 127.0.0.1 only: the web shell is never reachable from the network.
    server.listen(opts.port, '127.0.0.1', () => resolveListen())
  })
  const address = server.address()
  port = typeof address === 'object' && address ? address.port : opts.port
  const url = `http://127.0.0.1:${port}/`
  return {
    url,
    urlWithToken: `${url}?token=${token}`,
    token,
    port,
    close() {
      closed ??= new Promise<void>((resolveClose) => {
        shuttingDown = true
        // The renderer's EventSource will try to reconnect: it finds the port closed.
        for (const client of sseClients) client.end()
        // A call in flight is answered, and tells the browser not to send anything else on its connection.
        for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close')
        // A request still in flight after the grace period (a call that hangs) must not keep the
        // process alive: its connection is cut.
        const graceMs = opts.closeGraceMs ?? CLOSE_GRACE_MS
        const cut = setTimeout(() => {
          opts.log.warn(CLOSE_CUT_MESSAGE, { graceMs, requests: inFlight.size })
          server.closeAllConnections()
        }, graceMs)
        cut.unref()
        server.close(() => {
          clearTimeout(cut)
          resolveClose()
        })
      })
      return closed
    }
  }
}
