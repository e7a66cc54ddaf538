import { afterAll, beforeAll, expect } from 'vitest'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startWebShell, type WebShell } from './web-shell'
import { createWorkstation, type Workstation } from '../workstation'
import type { Logger } from '../log'
import { ERROR_CODES } from '../../shared/result'

/*
 * The web shell's test bed: a real workstation (standalone demo data in a temporary folder) behind
 * a real web shell on 127.0.0.1, with raw HTTP helpers that put any path, header or body on the
 * wire. Each test file that calls useWebShellBed() gets its own; the bindings below are live.
 */

export const TOKEN = 'test-token-0123456789abcdefghijklmn'
export const CATALOG = join(__dirname, '../../../resources/catalog/services.json')
export const INDEX_HTML = '<!doctype html><title>Вікно (test renderer)</title>'

export interface LogLine {
  level: 'info' | 'warn' | 'error'
  message: string
  data?: Record<string, unknown>
}
export const logLines: LogLine[] = []
export const log: Logger = {
  info: (message, data) => logLines.push({ level: 'info', message, data }),
  warn: (message, data) => logLines.push({ level: 'warn', message, data }),
  error: (message, data) => logLines.push({ level: 'error', message, data })
}

export let dir: string
export let workstation: Workstation
export let shell: WebShell
export const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort()

/** Registers this file's hooks: one workstation and one web shell for the file, removed after it. */
export function useWebShellBed(): void {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vikno-web-shell-'))
    // The renderer folder, and secrets beside and above it that must never be served.
    mkdirSync(join(dir, 'app', 'renderer', 'assets'), { recursive: true })
    writeFileSync(join(dir, 'app', 'renderer', 'index.html'), INDEX_HTML)
    writeFileSync(join(dir, 'app', 'renderer', 'assets', 'main.js'), 'console.log("vikno")')
    writeFileSync(join(dir, 'app', 'package.json'), '{"name":"SECRET-PACKAGE"}')
    mkdirSync(join(dir, 'app', 'renderer-evil'))
    writeFileSync(join(dir, 'app', 'renderer-evil', 'x.js'), 'SECRET-SIBLING')
    workstation = await createWorkstation({
      dataDir: join(dir, 'data'),
      shell: 'web',
      appVersion: '0.0.0-test',
      catalogPath: CATALOG,
      log,
      standaloneDemo: { count: 20, seed: 1 }
    })
    shell = await startWebShell({ workstation, rendererDir: join(dir, 'app', 'renderer'), port: 0, log, token: TOKEN })
  })

  afterAll(async () => {
    await shell?.close()
    await workstation?.close()
    rmSync(dir, { recursive: true, force: true })
  })
}

// ─── HTTP helpers ───────────────────────────────────────────────────────────────────────────────

export interface Reply {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

export interface Req {
  method?: string
  path: string
  headers?: Record<string, string>
  body?: string | Buffer
  /** Send no Host header at all. */
  noHost?: boolean
  timeoutMs?: number
}

/** A raw HTTP request: the path goes on the wire as given (no URL normalisation), any Host header can be sent. */
export function send(req: Req): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...req.headers }
    if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body)
    const r = httpRequest(
      {
        host: '127.0.0.1',
        port: shell.port,
        method: req.method ?? 'GET',
        path: req.path,
        headers,
        setHost: !req.noHost && !('host' in headers)
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
        res.on('error', reject)
      }
    )
    r.setTimeout(req.timeoutMs ?? 10_000, () =>
      r.destroy(new Error(`no answer within ${req.timeoutMs ?? 10_000} ms: ${req.method ?? 'GET'} ${req.path.slice(0, 80)}`))
    )
    r.on('error', reject)
    r.end(req.body)
  })
}

export const auth = (extra: Record<string, string> = {}): Record<string, string> => ({
  'x-vikno-token': TOKEN,
  'content-type': 'application/json',
  ...extra
})
export const rpc = (method: string, input: unknown, headers: Record<string, string> = auth()): Promise<Reply> =>
  send({ method: 'POST', path: `/rpc/${method}`, headers, body: JSON.stringify(input) })

export interface Envelope {
  ok: boolean
  value?: unknown
  error?: { code: string; message: string; field?: string }
}
export function envelope(reply: Reply): Envelope {
  return JSON.parse(reply.body) as Envelope
}

/** Every answer of /rpc: JSON, and either {ok:true,value} or {ok:false,error:{code,message}} with a known code. */
export function expectWellFormed(reply: Reply, context: string): Envelope {
  expect(reply.status, context).not.toBe(500)
  expect([200, 400, 401, 403, 404, 405, 413], context).toContain(reply.status)
  expect(reply.headers['content-type'], context).toBe('application/json; charset=utf-8')
  const body = envelope(reply)
  if (body.ok) {
    expect(reply.status, context).toBe(200)
    expect(Object.keys(body).sort(), context).toEqual(['ok', 'value'])
  } else {
    expect(Object.keys(body).sort(), context).toEqual(['error', 'ok'])
    expect(ERROR_CODES as readonly string[], context).toContain(body.error?.code)
    expect(typeof body.error?.message, context).toBe('string')
    expect(body.error?.code, context).not.toBe('internal')
  }
  return body
}

export const warnings = (message: string): LogLine[] => logLines.filter((l) => l.level === 'warn' && l.message === message)
