import { afterAll, describe, expect, it, vi } from 'vitest'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Session, WebContents } from 'electron'
import { APP_ORIGIN, CONTENT_SECURITY_POLICY, hardenSession, hardenWebContents, isAppUrl, secureWebPreferences } from './security'
import { registerAppScheme, serveRenderer } from './app-protocol'
import { createMainWindow } from './main-window'
import { runElectron } from './run-electron'
import { recordingLog } from './testing/electron-fake'

/**
 * The Electron security checklist (architecture.md, "Security defaults"), asserted against the real
 * code of src/main/electron with electron itself faked (testing/electron-fake.ts): the CSP, the web
 * preferences, the session and web contents guards, the main window, the app's start and the
 * app:// protocol. The IPC adapter and the preload: electron-ipc.test.ts.
 */

const fake = await vi.hoisted(async () => (await import('./testing/electron-fake')).makeElectronFake())

vi.mock('electron', () => ({ ...fake.module, default: fake.module }))

// ─── CSP ────────────────────────────────────────────────────────────────────────────────────────

function parseCsp(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>()
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/)
    if (name) directives.set(name.toLowerCase(), sources)
  }
  return directives
}

/** What a strict policy for Vikno means: no eval, nothing remote, scripts from our origin only. */
function expectStrictCsp(policy: string, delivery: 'header' | 'meta' = 'header'): void {
  const csp = parseCsp(policy)
  expect(policy).not.toContain('unsafe-eval')
  expect(policy).not.toContain('wasm-unsafe-eval')
  expect(policy).not.toContain('unsafe-hashes')
  expect(csp.get('default-src')).toEqual(["'self'"])
  expect(csp.get('script-src')).toEqual(["'self'"])
  expect(csp.get('object-src')).toEqual(["'none'"])
  // Browsers ignore frame-ancestors in a <meta> policy (and log an error); the header carries it.
  if (delivery === 'header') expect(csp.get('frame-ancestors')).toEqual(["'none'"])
  else expect(csp.has('frame-ancestors')).toBe(false)
  expect(csp.get('base-uri')).toEqual(["'none'"])
  for (const [directive, sources] of csp) {
    for (const source of sources) {
      // No remote origins: no scheme-wide http(s)/ws(s), no wildcard, no host names.
      expect(source, `${directive} ${source}`).toMatch(/^(?:'self'|'none'|'unsafe-inline'|data:|blob:)$/)
      if (source === "'unsafe-inline'") expect(directive, 'inline is for styles only').toBe('style-src')
      if (source === 'data:' || source === 'blob:') expect(['img-src', 'font-src', 'worker-src', 'media-src']).toContain(directive)
    }
  }
}

describe('Content-Security-Policy', () => {
  it('the policy the app:// protocol and the session send is strict', () => {
    expectStrictCsp(CONTENT_SECURITY_POLICY)
    expect(parseCsp(CONTENT_SECURITY_POLICY).get('form-action')).toEqual(["'none'"])
  })

  it('the meta tag in src/renderer/index.html is strict too (it is what the web shell and dev server load)', () => {
    const html = readFileSync(join(__dirname, '../../renderer/index.html'), 'utf8')
    const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)]
    expect(metas).toHaveLength(1)
    expectStrictCsp(metas[0]?.[1] ?? '', 'meta')
    // No inline scripts and no remote scripts in the page itself.
    for (const script of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      expect(script[2]?.trim(), 'inline script').toBe('')
      expect(script[1]).toMatch(/src="\.?\/[^"]*"/)
      expect(script[1]).not.toMatch(/src="(?:https?:)?\/\//)
    }
  })

  it('the checker itself rejects loose policies', () => {
    expect(() =>
      expectStrictCsp("default-src 'self'; script-src 'self' 'unsafe-eval'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'")
    ).toThrow()
    expect(() =>
      expectStrictCsp(
        "default-src 'self'; script-src 'self' https://cdn.example; object-src 'none'; frame-ancestors 'none'; base-uri 'none'"
      )
    ).toThrow()
    expect(() =>
      expectStrictCsp("default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'")
    ).toThrow()
    expect(() => expectStrictCsp("default-src *; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'")).toThrow()
  })
})

// ─── webPreferences ─────────────────────────────────────────────────────────────────────────────

describe('secureWebPreferences', () => {
  const prefs = secureWebPreferences('/app/out/preload/index.cjs')

  it('isolates and sandboxes the renderer, with Node nowhere', () => {
    expect(prefs.contextIsolation).toBe(true)
    expect(prefs.sandbox).toBe(true)
    expect(prefs.nodeIntegration).toBe(false)
    expect(prefs.nodeIntegrationInWorker).toBe(false)
    expect(prefs.nodeIntegrationInSubFrames).toBe(false)
  })

  it('keeps web security on and the risky features off', () => {
    expect(prefs.webSecurity).toBe(true)
    expect(prefs.allowRunningInsecureContent).toBe(false)
    expect(prefs.webviewTag).toBe(false)
    expect(prefs.experimentalFeatures).toBe(false)
    expect(prefs.navigateOnDragDrop).toBe(false)
    expect(prefs.enableBlinkFeatures).toBeUndefined()
    expect(prefs.preload).toBe('/app/out/preload/index.cjs')
  })
})

// ─── session ───────────────────────────────────────────────────────────────────────────────────

describe('hardenSession', () => {
  const PERMISSIONS = [
    'media',
    'geolocation',
    'notifications',
    'midi',
    'midiSysex',
    'pointerLock',
    'fullscreen',
    'openExternal',
    'clipboard-read',
    'clipboard-sanitized-write',
    'display-capture',
    'window-management',
    'fileSystem',
    'unknown'
  ]

  it('denies every permission request and every permission check', () => {
    const session = new fake.FakeSession()
    hardenSession(session as unknown as Session)
    for (const permission of PERMISSIONS) {
      const callback = vi.fn()
      session.permissionRequest?.({}, permission, callback, { requestingUrl: 'app://vikno/index.html' })
      expect(callback, permission).toHaveBeenCalledExactlyOnceWith(false)
      expect(session.permissionCheck?.(null, permission, 'app://vikno', {}), permission).toBe(false)
      expect(session.permissionCheck?.(null, permission, 'https://evil.example', {}), permission).toBe(false)
    }
  })

  it('puts the CSP on every response the session receives', () => {
    const session = new fake.FakeSession()
    hardenSession(session as unknown as Session)
    const callback = vi.fn()
    session.headersReceived?.({ responseHeaders: { 'Content-Type': ['text/html'] } }, callback)
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] }
    })
  })
})

// ─── navigation ────────────────────────────────────────────────────────────────────────────────

describe('hardenWebContents', () => {
  const FOREIGN = [
    'https://evil.example/',
    'http://127.0.0.1:5780/',
    'file:///etc/passwd',
    'app://other/index.html',
    'app://vikno.evil.example/index.html',
    'app://viknoevil/index.html',
    'app://vikno@evil.example/',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'chrome://settings',
    ''
  ]
  const OURS = ['app://vikno/index.html', 'app://vikno/index.html#/application/a1', 'app://vikno']

  function hardened() {
    const contents = new fake.FakeWebContents()
    const log = recordingLog()
    hardenWebContents(contents as unknown as WebContents, log.log)
    return { contents, log }
  }

  it('denies every window.open, ours included, and logs it', () => {
    const { contents, log } = hardened()
    for (const url of [...FOREIGN, ...OURS]) expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' })
    expect(log.calls.filter((c) => c.message === 'blocked window.open')).toHaveLength(FOREIGN.length + OURS.length)
  })

  for (const eventName of ['will-navigate', 'will-redirect']) {
    it(`blocks ${eventName} to anything outside app://vikno and allows app://vikno/…`, () => {
      const { contents, log } = hardened()
      for (const url of FOREIGN) {
        const event = { preventDefault: vi.fn() }
        contents.emit(eventName, event, url)
        expect(event.preventDefault, url).toHaveBeenCalled()
      }
      for (const url of OURS) {
        const event = { preventDefault: vi.fn() }
        contents.emit(eventName, event, url)
        expect(event.preventDefault, url).not.toHaveBeenCalled()
      }
      expect(log.calls).toHaveLength(FOREIGN.length)
    })
  }

  it('blocks every <webview> attach', () => {
    const { contents, log } = hardened()
    const event = { preventDefault: vi.fn() }
    contents.emit('will-attach-webview', event, { nodeIntegration: true }, { src: 'app://vikno/index.html' })
    expect(event.preventDefault).toHaveBeenCalled()
    expect(log.calls.map((c) => c.message)).toEqual(['blocked webview'])
  })

  it('isAppUrl accepts only our origin', () => {
    for (const url of FOREIGN) expect(isAppUrl(url), url).toBe(false)
    for (const url of OURS) expect(isAppUrl(url), url).toBe(true)
    expect(APP_ORIGIN).toBe('app://vikno')
  })
})

// ─── the window ────────────────────────────────────────────────────────────────────────────────

describe('createMainWindow', () => {
  it('creates the window with the secure preferences, hardens it and loads app://vikno/index.html', () => {
    const before = fake.windows.length
    const log = recordingLog()
    const win = createMainWindow('/app/out/preload/index.cjs', log.log) as unknown as InstanceType<typeof fake.module.BrowserWindow>
    expect(fake.windows.length).toBe(before + 1)
    expect(win.options['webPreferences']).toEqual(secureWebPreferences('/app/out/preload/index.cjs'))
    expect(win.loadURL).toHaveBeenCalledExactlyOnceWith('app://vikno/index.html')
    expect(win.loadFile).not.toHaveBeenCalled()
    for (const [url] of win.loadURL.mock.calls) expect(url).toMatch(/^app:\/\/vikno\//)
    // The window's contents got the guards; the default session got the deny-all handlers.
    expect(win.webContents.windowOpenHandler?.({ url: 'https://evil.example' })).toEqual({ action: 'deny' })
    expect([...win.webContents.listeners.keys()].sort()).toEqual(['will-attach-webview', 'will-navigate', 'will-redirect'])
    const callback = vi.fn()
    fake.module.session.defaultSession.permissionRequest?.({}, 'media', callback, {})
    expect(callback).toHaveBeenCalledWith(false)
    // Shown only once ready (no flash of an empty window).
    expect(win.show).not.toHaveBeenCalled()
    win.onceListeners.get('ready-to-show')?.()
    expect(win.show).toHaveBeenCalled()
  })
})

describe('runElectron', () => {
  it('registers app:// as privileged and enables the sandbox for all renderers before the app is ready', () => {
    fake.calls.length = 0
    runElectron()
    expect(fake.calls).toEqual(['registerSchemesAsPrivileged', 'enableSandbox', 'whenReady'])
  })

  it('quits when another instance already runs', () => {
    fake.calls.length = 0
    fake.module.app.requestSingleInstanceLock.mockReturnValueOnce(false)
    runElectron()
    expect(fake.calls).toEqual(['registerSchemesAsPrivileged', 'quit'])
  })
})

// ─── app:// ────────────────────────────────────────────────────────────────────────────────────

describe('the app:// protocol', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vikno-app-protocol-'))
  const rendererDir = join(dir, 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Вікно</title>')
  writeFileSync(join(rendererDir, 'assets', 'main.js'), 'console.log(1)')
  writeFileSync(join(dir, 'secret.txt'), 'SECRET-OUTSIDE')
  mkdirSync(join(dir, 'renderer-evil'))
  writeFileSync(join(dir, 'renderer-evil', 'x.js'), 'SECRET-SIBLING')
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  serveRenderer(rendererDir)
  const fetchApp = async (url: string): Promise<{ status: number; body: string; headers: Headers }> => {
    const handler = fake.protocolHandlers.get('app')
    if (!handler) throw new Error('no app:// handler registered')
    // Electron hands the handler a Request whose URL is already canonical, as `new URL` makes it.
    const response = await handler({ url: new URL(url).href })
    return { status: response.status, body: await response.text(), headers: response.headers }
  }

  it('is a standard, secure scheme that does not bypass the CSP', () => {
    registerAppScheme()
    const app = fake.privilegedSchemes.find(
      (s): s is { scheme: string; privileges: Record<string, boolean> } => (s as { scheme?: string }).scheme === 'app'
    )
    expect(app?.privileges).toMatchObject({ standard: true, secure: true })
    expect(app?.privileges['bypassCSP']).not.toBe(true)
    expect(app?.privileges['corsEnabled']).not.toBe(true)
  })

  it('serves the renderer with the CSP header', async () => {
    for (const url of ['app://vikno/index.html', 'app://vikno/']) {
      const r = await fetchApp(url)
      expect(r.status).toBe(200)
      expect(r.body).toContain('Вікно')
      expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8')
    }
    const js = await fetchApp('app://vikno/assets/main.js')
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(js.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
  })

  it('refuses path traversal, encoded or not, and other hosts', async () => {
    const refused = [
      'app://vikno/../../etc/passwd',
      'app://vikno/../secret.txt',
      'app://vikno/%2e%2e/secret.txt',
      'app://vikno/%2e%2e%2fsecret.txt',
      'app://vikno/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      'app://vikno/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://vikno/%2e%2e%2frenderer-evil%2fx.js',
      'app://vikno/..%5csecret.txt',
      'app://vikno/%2fetc%2fpasswd',
      `app://vikno/${encodeURIComponent(join(dir, 'secret.txt'))}`,
      'app://vikno/index.html%00.js',
      'app://vikno/assets',
      'app://vikno/missing.js',
      'app://vikno/%E0%A4%A',
      'app://other/index.html',
      'app://vikno.evil.example/index.html',
      'app://vikno:8080/index.html'
    ]
    for (const url of refused) {
      const r = await fetchApp(url)
      expect(r.status, url).toBe(404)
      expect(r.body, url).not.toContain('SECRET')
      expect(r.body, url).not.toContain('root:')
    }
  })
})

// ─── IPC ───────────────────────────────────────────────────────────────────────────────────────
