import { describe, expect, it } from 'vitest'
import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import { networkInterfaces } from 'node:os'
import { join } from 'node:path'
import { startWebShell } from './web-shell'
import type { AppInfo } from '../../shared/contract'
import type { QueuePage } from '../../shared/queue'
import {
  useWebShellBed,
  TOKEN,
  INDEX_HTML,
  logLines,
  log,
  dir,
  workstation,
  shell,
  type Reply,
  send,
  auth,
  rpc,
  envelope,
  expectWellFormed,
  warnings
} from './web-shell-bed'

/**
 * The web shell's guards, proven over real HTTP against a real workstation (web-shell-bed.ts):
 * loopback only, the per-launch token, Host and Origin checks, body limits, the contract's schema on
 * every call, no way out of the renderer folder, the security headers, the event stream.
 */

useWebShellBed()

// ─── network exposure ──────────────────────────────────────────────────────────────────────────

describe('binding', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect(shell.url).toBe(`http://127.0.0.1:${shell.port}/`)
    expect(shell.urlWithToken).toBe(`http://127.0.0.1:${shell.port}/?token=${TOKEN}`)
    const reachable = (host: string) =>
      new Promise<boolean>((resolve) => {
        const socket = connect({ host, port: shell.port })
        socket.setTimeout(2000, () => {
          socket.destroy()
          resolve(false)
        })
        socket.once('connect', () => {
          socket.destroy()
          resolve(true)
        })
        socket.once('error', () => resolve(false))
      })
    expect(await reachable('127.0.0.1')).toBe(true)
    // Not on IPv6 loopback, not on any of this machine's network addresses.
    expect(await reachable('::1')).toBe(false)
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a !== undefined && !a.internal)
      .map((a) => a?.address ?? '')
      .filter((a) => a !== '' && !a.startsWith('fe80'))
    for (const address of external) expect(await reachable(address), address).toBe(false)
  })

  it('gives a random token per launch when none is fixed', async () => {
    const a = await startWebShell({ workstation, rendererDir: join(dir, 'app', 'renderer'), port: 0, log })
    const b = await startWebShell({ workstation, rendererDir: join(dir, 'app', 'renderer'), port: 0, log })
    try {
      expect(a.token).not.toBe(b.token)
      expect(a.token.length).toBeGreaterThanOrEqual(32)
    } finally {
      await a.close()
      await b.close()
    }
  })
})

// ─── token, Host, Origin ──────────────────────────────────────────────────────────────────────

describe('the per-launch token', () => {
  it('answers a call with the token', async () => {
    const reply = await rpc('app.info', {})
    expect(reply.status).toBe(200)
    const body = expectWellFormed(reply, 'app.info')
    expect(body.ok).toBe(true)
    expect((body.value as AppInfo).shell).toBe('web')
  })

  it('refuses /rpc without a token, with a wrong one, with one of another length; logs each and keeps running', async () => {
    const before = warnings('web shell refused a call without a valid token').length
    const bad: Record<string, string>[] = [
      { 'content-type': 'application/json' },
      auth({ 'x-vikno-token': '' }),
      auth({ 'x-vikno-token': TOKEN.slice(0, -1) + (TOKEN.endsWith('n') ? 'm' : 'n') }), // same length, wrong
      auth({ 'x-vikno-token': TOKEN.slice(0, 8) }), // shorter
      auth({ 'x-vikno-token': TOKEN + TOKEN }), // longer
      auth({ 'x-vikno-token': TOKEN.toUpperCase() }),
      auth({ 'x-vikno-token': 'ÿ'.repeat(TOKEN.length) }), // same length in characters, not in bytes
      auth({ 'x-vikno-token': `${TOKEN}.` }), // the token plus a tail
      { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, // the token only counts in its own header
      { 'content-type': 'application/json', cookie: `token=${TOKEN}` }
    ]
    for (const headers of bad) {
      const reply = await rpc('app.info', {}, headers)
      expect(reply.status, JSON.stringify(headers)).toBe(401)
      expect(envelope(reply).error?.code).toBe('unauthenticated')
    }
    // Nor in the query string: /rpc takes it from the header only.
    const inQuery = await send({
      method: 'POST',
      path: `/rpc/app.info?token=${TOKEN}`,
      headers: { 'content-type': 'application/json' },
      body: '{}'
    })
    expect(inQuery.status).toBe(401)
    expect(warnings('web shell refused a call without a valid token').length - before).toBe(bad.length + 1)
    // Refusals never leak the token.
    for (const line of logLines) expect(JSON.stringify(line)).not.toContain(TOKEN)
    expect((await rpc('app.info', {})).status).toBe(200)
  })

  it('refuses a foreign Host header (DNS rebinding), logged', async () => {
    const before = warnings('web shell refused a foreign Host header').length
    const hosts = [
      `evil.example:${shell.port}`,
      'evil.example',
      `127.0.0.1.evil.example:${shell.port}`,
      `127.0.0.1:${shell.port + 1}`,
      '127.0.0.1',
      `[::1]:${shell.port}`,
      `0.0.0.0:${shell.port}`,
      `127.0.0.2:${shell.port}`
    ]
    for (const host of hosts) {
      for (const req of [
        { method: 'POST', path: '/rpc/app.info', headers: auth({ host }), body: '{}' },
        { path: '/', headers: { host } },
        { path: `/events?token=${TOKEN}`, headers: { host } }
      ]) {
        const reply = await send(req)
        expect(reply.status, `${host} ${req.path}`).toBe(403)
        expect(envelope(reply).error?.code).toBe('forbidden')
        expect(reply.body).not.toContain('Вікно (test renderer)')
      }
    }
    // No Host at all: Node's parser already answers 400 (HTTP/1.1 requires one); never the app.
    const none = await send({ method: 'POST', path: '/rpc/app.info', headers: auth(), body: '{}', noHost: true })
    expect([400, 403]).toContain(none.status)
    expect(none.body).not.toContain('"ok":true')
    expect(warnings('web shell refused a foreign Host header').length - before).toBeGreaterThanOrEqual(hosts.length * 3)
    // Our own names are fine.
    for (const host of [`127.0.0.1:${shell.port}`, `localhost:${shell.port}`]) {
      expect((await rpc('app.info', {}, auth({ host }))).status, host).toBe(200)
    }
  })

  it('refuses a foreign Origin even with the right token, logged', async () => {
    const before = warnings('web shell refused a cross-origin call').length
    const origins = [
      'http://evil.example',
      'null',
      `http://127.0.0.1:${shell.port + 1}`,
      `https://127.0.0.1:${shell.port}`,
      'file://',
      `http://127.0.0.1.evil.example:${shell.port}`
    ]
    for (const origin of origins) {
      const reply = await rpc('app.info', {}, auth({ origin }))
      expect(reply.status, origin).toBe(403)
      expect(envelope(reply).error?.code).toBe('forbidden')
    }
    expect(warnings('web shell refused a cross-origin call').length - before).toBe(origins.length)
    for (const origin of [`http://127.0.0.1:${shell.port}`, `http://localhost:${shell.port}`]) {
      expect((await rpc('app.info', {}, auth({ origin }))).status, origin).toBe(200)
    }
  })
})

// ─── the request itself ────────────────────────────────────────────────────────────────────────

describe('/rpc requests', () => {
  it('answers 413 to a body over 1 MB and stays healthy', async () => {
    const big = JSON.stringify({ id: 'x'.repeat(1024 * 1024) })
    const reply = await send({ method: 'POST', path: '/rpc/application.get', headers: auth(), body: big })
    expect(reply.status).toBe(413)
    expect(envelope(reply).error?.code).toBe('payload_too_large')
    const exactly = await send({
      method: 'POST',
      path: '/rpc/application.get',
      headers: auth(),
      body: JSON.stringify({ id: 'y'.repeat(1024 * 1024 - 12) })
    })
    expect(exactly.status).toBe(200)
    expect(envelope(exactly).error?.code).toBe('invalid_input')
    expect((await rpc('app.info', {})).status).toBe(200)
  })

  it('answers 413, not a reset connection, to oversized bodies however they are sent', async () => {
    // Regression: the body reader used to destroy the request on overflow, and about half of the
    // clients saw ECONNRESET instead of the 413.
    const huge = JSON.stringify({ id: '\u202e'.repeat(1_100_000) }) // 3.3 MB of UTF-8
    for (let i = 0; i < 10; i++) {
      const reply = await send({ method: 'POST', path: '/rpc/application.get', headers: auth(), body: huge })
      expect(reply.status).toBe(413)
    }
    // Chunked, with no Content-Length to refuse up front.
    const chunked = await new Promise<Reply>((resolve, reject) => {
      const r = httpRequest(
        {
          host: '127.0.0.1',
          port: shell.port,
          method: 'POST',
          path: '/rpc/application.get',
          headers: auth({ 'transfer-encoding': 'chunked' })
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
        }
      )
      r.on('error', reject)
      const piece = 'x'.repeat(64 * 1024)
      for (let i = 0; i < 40; i++) r.write(piece)
      r.end()
    })
    expect(chunked.status).toBe(413)
    expect((await rpc('app.info', {})).status).toBe(200)
  })

  it('answers 400 to malformed JSON', async () => {
    for (const body of ['{', '{"id":', "{'id':'a'}", 'undefined', 'NaN', '{"a":1}}', '\u0000', Buffer.from([0xff, 0xfe, 0x00])]) {
      const reply = await send({ method: 'POST', path: '/rpc/application.get', headers: auth(), body })
      expect(reply.status, String(body)).toBe(400)
      expect(envelope(reply).error?.code).toBe('invalid_input')
    }
  })

  it('refuses every verb but POST on /rpc', async () => {
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const reply = await send({ method, path: '/rpc/app.info', headers: auth() })
      expect(reply.status, method).toBe(405)
      if (method !== 'HEAD') expect(envelope(reply).error?.code).toBe('invalid_input')
    }
  })

  it('answers unknown methods with unknown_method', async () => {
    for (const method of [
      'nope',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'prototype',
      '',
      'app.info%20',
      'APP.INFO',
      'app.info/x',
      encodeURIComponent('app.info\u202e')
    ]) {
      const reply = await rpc(method, {})
      expect(reply.status, method).toBe(200)
      expect(envelope(reply), method).toMatchObject({ ok: false, error: { code: 'unknown_method' } })
    }
  })

  it('answers malformed inputs to real methods with invalid_input', async () => {
    const cases: [string, unknown][] = [
      ['app.info', { extra: true }],
      ['app.info', []],
      ['app.info', 'a string'],
      ['app.info', 42],
      ['settings.setLanguage', { language: 'ru' }],
      ['settings.setLanguage', { language: ['uk'] }],
      ['queue.list', { limit: 0 }],
      ['queue.list', { limit: 1e9 }],
      ['queue.list', { tab: 'everything' }],
      ['queue.list', { search: 'x'.repeat(101) }],
      ['queue.list', { offset: -1 }],
      ['application.get', {}],
      ['application.get', { id: '' }],
      ['application.get', { id: 5 }],
      ['application.get', { id: 'x'.repeat(65) }],
      ['command.submit', { type: 'drop_table' }],
      ['command.submit', { type: 'note', applicationId: 'a1', payload: { text: 'hi\u202eih' } }],
      ['command.submit', { type: 'note', applicationId: 'a1', payload: { text: '   ' } }],
      ['walkIn.register', {}],
      ['conflicts.resolve', { id: 'c1', action: 'delete' }],
      ['conflicts.resolve', { id: 'c1', action: 'discard', extra: 1 }]
    ]
    for (const [method, input] of cases) {
      const reply = await rpc(method, input)
      expect(reply.status, method).toBe(200)
      expect(envelope(reply), `${method} ${JSON.stringify(input).slice(0, 60)}`).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' }
      })
    }
    expect(warnings('refused malformed input').length).toBeGreaterThanOrEqual(cases.length - 2)
  })

  it('treats SQL and LIKE metacharacters in a search as text', async () => {
    for (const search of ["' OR 1=1 --", '%', '_', '\\', "'); DROP TABLE applications; --", '"', '%%%%']) {
      const reply = await rpc('queue.list', { search })
      const body = expectWellFormed(reply, search)
      expect(body.ok, search).toBe(true)
    }
    // The classic injection finds nothing rather than everything.
    const injected = envelope(await rpc('queue.list', { search: "' OR 1=1 --" })).value as QueuePage
    expect(injected.total).toBe(0)
    expect(injected.rows).toEqual([])
  })
})

// ─── static files ──────────────────────────────────────────────────────────────────────────────

describe('static files', () => {
  it('serves the renderer', async () => {
    const index = await send({ path: '/' })
    expect(index.status).toBe(200)
    expect(index.body).toBe(INDEX_HTML)
    const js = await send({ path: '/assets/main.js' })
    expect(js.status).toBe(200)
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
  })

  it('never serves a file outside the renderer folder', async () => {
    const paths = [
      '/../package.json',
      '/../../package.json',
      '/%2e%2e/package.json',
      '/%2e%2e%2fpackage.json',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/%2e%2e%2frenderer-evil%2fx.js',
      '/..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/..%5c..%5cpackage.json',
      `/${encodeURIComponent(join(dir, 'app', 'package.json'))}`,
      '//etc/passwd.txt',
      '/index.html%00.js',
      '/%E0%A4%A.js'
    ]
    for (const path of paths) {
      const reply = await send({ path })
      expect(reply.status, path).toBe(404)
      expect(reply.body, path).not.toContain('SECRET')
      expect(reply.body, path).not.toContain('root:')
    }
  })

  it('answers dot-segment paths without an extension with 404, never the file', async () => {
    // `/%2e%2e/%2e%2e/etc/passwd` is `/etc/passwd` once the URL is parsed: a path inside the renderer
    // folder that does not exist there. The renderer routes with #fragments, so there is no fallback.
    for (const path of ['/%2e%2e/%2e%2e/etc/passwd', '/../../../../etc/passwd', '/%E0%A4%A']) {
      const reply = await send({ path })
      expect(reply.status, path).toBe(404)
      expect(reply.body, path).not.toContain('root:')
    }
  })

  it('sets the security headers on every answer', async () => {
    const answers = [
      await send({ path: '/' }),
      await send({ path: '/assets/main.js' }),
      await send({ path: '/missing.js' }),
      await rpc('app.info', {}),
      await rpc('app.info', {}, { 'content-type': 'application/json' }),
      await send({ path: '/', headers: { host: 'evil.example' } })
    ]
    for (const reply of answers) {
      const csp = String(reply.headers['content-security-policy'] ?? '')
      expect(csp).toContain("script-src 'self'")
      expect(csp).toContain("object-src 'none'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).not.toContain('unsafe-eval')
      expect(csp).not.toMatch(/https?:|\*/)
      expect(reply.headers['x-content-type-options']).toBe('nosniff')
      expect(reply.headers['referrer-policy']).toBe('no-referrer')
      expect(reply.headers['x-frame-options']).toBe('DENY')
      expect(reply.headers['access-control-allow-origin']).toBeUndefined()
    }
  })
})

// ─── events ────────────────────────────────────────────────────────────────────────────────────

describe('/events', () => {
  it('refuses a stream without the token', async () => {
    const before = warnings('web shell refused an event stream without a valid token').length
    for (const path of ['/events', '/events?token=', `/events?token=${TOKEN.slice(1)}`, `/events?token=${TOKEN}x`, '/events?token=wrong']) {
      const reply = await send({ path })
      expect(reply.status, path).toBe(401)
      expect(envelope(reply).error?.code).toBe('unauthenticated')
    }
    // The header does not open the stream either: EventSource cannot send one, the query is the door.
    expect((await send({ path: '/events', headers: { 'x-vikno-token': TOKEN } })).status).toBe(401)
    expect(warnings('web shell refused an event stream without a valid token').length - before).toBe(6)
  })

  it('streams workstation events with the token', async () => {
    const page = envelope(await rpc('queue.list', { limit: 1 })).value as QueuePage
    const id = page.rows[0]?.id ?? ''
    expect(id).not.toBe('')
    const received = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: shell.port, path: `/events?token=${TOKEN}` }, (res) => {
        expect(res.statusCode).toBe(200)
        expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8')
        let text = ''
        let submitted = false
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          text += chunk
          if (!submitted && text.includes(': connected')) {
            submitted = true
            void rpc('command.submit', { type: 'note', applicationId: id, payload: { text: 'Перевірка потоку подій' } }).then((r) => {
              if (!envelope(r).ok) reject(new Error(`note refused: ${r.body}`))
            }, reject)
          }
          if (text.includes('event: applications.changed')) {
            req.destroy()
            resolve(text)
          }
        })
      })
      req.setTimeout(10_000, () => req.destroy(new Error('no event within 10 s')))
      req.on('error', (e) => {
        if (!String(e.message).includes('aborted')) reject(e)
      })
      req.end()
    })
    expect(received).toMatch(new RegExp(`event: applications.changed\\ndata: \\{"ids":\\["${id}"\\],"source":"local"\\}`))
  })
})
