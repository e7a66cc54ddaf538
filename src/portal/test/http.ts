import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { expect } from 'vitest'
import { PORTAL_ERROR_CODES } from '../errors'

/* HTTP helpers shared by the security and hostile-payload tests. */

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS'

export interface SendOptions {
  token?: string
  headers?: Record<string, string>
  /** A value is sent as JSON (with its content type unless `headers` has one); a string or Buffer as is. */
  json?: unknown
  body?: string | Buffer
}

export function send(app: FastifyInstance, method: Method, url: string, opts: SendOptions = {}): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {}
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`
  if (opts.json !== undefined) headers['content-type'] = 'application/json'
  Object.assign(headers, opts.headers ?? {})
  const request: InjectOptions = { method, url, headers }
  if (opts.json !== undefined) request.payload = JSON.stringify(opts.json)
  if (opts.body !== undefined) request.payload = opts.body
  return app.inject(request)
}

/** The portal's headers, on every answer. */
export function expectSecurityHeaders(res: LightMyRequestResponse, label: string): void {
  const h = res.headers
  expect(h['x-content-type-options'], label).toBe('nosniff')
  expect(h['referrer-policy'], label).toBe('no-referrer')
  expect(h['x-frame-options'], label).toBe('DENY')
  const csp = String(h['content-security-policy'] ?? '')
  expect(csp, label).toContain("default-src 'none'")
  expect(csp, label).toContain("frame-ancestors 'none'")
  expect(h['cache-control'], label).toBe('no-store')
}

/** CORS stays closed: no Access-Control-* header of any kind. */
export function expectNoCors(res: LightMyRequestResponse, label: string): void {
  const cors = Object.keys(res.headers).filter((k) => k.toLowerCase().startsWith('access-control-'))
  expect(cors, label).toEqual([])
}

/** A machine-readable error: `{error:{code, message}}` with a code from the portal's closed list. */
export function expectError(res: LightMyRequestResponse, label: string, status?: number, code?: string): string {
  if (status !== undefined) expect(res.statusCode, `${label}: ${res.body.slice(0, 300)}`).toBe(status)
  expect(res.statusCode, `${label}: ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400)
  expect(res.statusCode, `${label}: ${res.body.slice(0, 300)}`).toBeLessThan(500)
  expect(String(res.headers['content-type']), label).toContain('application/json')
  const body = res.json<{ error?: { code?: unknown; message?: unknown } }>()
  const errorCode = String(body.error?.code)
  expect(PORTAL_ERROR_CODES as readonly string[], `${label}: code ${errorCode}`).toContain(errorCode)
  expect(typeof body.error?.message === 'string' && body.error.message.length > 0, `${label}: message`).toBe(true)
  if (code !== undefined) expect(errorCode, `${label}: ${res.body.slice(0, 300)}`).toBe(code)
  return errorCode
}

export interface RouteEntry {
  method: Method
  url: string
}

/**
 * Every route the server has, read from `printRoutes({commonPrefix: false})` (a tree: a child's
 * path continues its parent's, four characters of indentation a level).
 */
export function listRoutes(app: FastifyInstance): RouteEntry[] {
  const out: RouteEntry[] = []
  const prefixes: string[] = []
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/u.exec(line)
    if (!m) continue
    const depth = (m[1] ?? '').length / 4
    const path = (depth > 0 ? (prefixes[depth - 1] ?? '') : '') + (m[2] ?? '')
    prefixes.length = depth
    prefixes[depth] = path
    for (const method of (m[3] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0))
      out.push({ method: method as Method, url: path })
  }
  return out
}
