/**
 * The Electron security checklist (architecture.md, "Security defaults"), asserted against the real
 * code of src/main/electron and src/preload with electron itself faked: no Electron binary runs here,
 * so every object the code talks to (BrowserWindow, session, ipcMain, protocol, app, contextBridge,
 * ipcRenderer) is a recording fake and the tests drive the handlers the code installs.
 */
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserWindow, IpcMainInvokeEvent, Session, WebContents } from 'electron'
import { APP_ORIGIN, CONTENT_SECURITY_POLICY, hardenSession, hardenWebContents, isAppUrl, secureWebPreferences } from './security'
import { CALL_CHANNEL, EVENT_CHANNEL, registerIpc } from './ipc'
import { registerAppScheme, serveRenderer } from './app-protocol'
import { createMainWindow } from './main-window'
import { runElectron } from './run-electron'
import type { Workstation } from '../workstation'
import { createDispatcher, type HandlerMap } from '../services/dispatch'
import { METHOD_NAMES, type AppInfo, type EventName } from '../../shared/contract'
import { DomainError, type Result } from '../../shared/result'

type Listener = (...args: unknown[]) => unknown

const fake = vi.hoisted(() => {
  class FakeWebContents {
    readonly listeners = new Map<string, Listener[]>()
    windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
    readonly mainFrame = { url: 'app://vikno/index.html' }
    readonly send = vi.fn()
    on(name: string, listener: Listener): this {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener])
      return this
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
      this.windowOpenHandler = handler
    }
    emit(name: string, ...args: unknown[]): void {
      for (const l of this.listeners.get(name) ?? []) l(...args)
    }
  }

  class FakeSession {
    permissionRequest: Listener | null = null
    permissionCheck: Listener | null = null
    headersReceived: Listener | null = null
    readonly webRequest = {
      onHeadersReceived: (listener: Listener) => {
        this.headersReceived = listener
      }
    }
    setPermissionRequestHandler(handler: Listener): void {
      this.permissionRequest = handler
    }
    setPermissionCheckHandler(handler: Listener): void {
      this.permissionCheck = handler
    }
  }

  const windows: FakeBrowserWindow[] = []
  class FakeBrowserWindow {
    readonly webContents = new FakeWebContents()
    readonly loadURL = vi.fn(async (_url: string) => undefined)
    readonly loadFile = vi.fn(async (_file: string) => undefined)
    readonly show = vi.fn()
    readonly isDestroyed = vi.fn(() => false)
    readonly onceListeners = new Map<string, Listener>()
    constructor(readonly options: Record<string, unknown>) {
      windows.push(this)
    }
    once(name: string, listener: Listener): this {
      this.onceListeners.set(name, listener)
      return this
    }
    static getAllWindows(): FakeBrowserWindow[] {
      return windows
    }
  }

  const ipcHandlers = new Map<string, Listener>()
  const protocolHandlers = new Map<string, (request: { url: string }) => Promise<Response>>()
  const privilegedSchemes: unknown[] = []
  const exposed = new Map<string, unknown>()
  const rendererListeners = new Map<string, Listener[]>()
  const calls: string[] = []

  const module = {
    BrowserWindow: FakeBrowserWindow,
    session: { defaultSession: new FakeSession() },
    ipcMain: {
      handle: vi.fn((channel: string, handler: Listener) => {
        ipcHandlers.set(channel, handler)
      }),
      removeHandler: vi.fn((channel: string) => {
        ipcHandlers.delete(channel)
      })
    },
    protocol: {
      registerSchemesAsPrivileged: vi.fn((schemes: unknown[]) => {
        calls.push('registerSchemesAsPrivileged')
        privilegedSchemes.push(...schemes)
      }),
      handle: vi.fn((scheme: string, handler: (request: { url: string }) => Promise<Response>) => {
        protocolHandlers.set(scheme, handler)
      })
    },
    app: {
      requestSingleInstanceLock: vi.fn(() => true),
      quit: vi.fn(() => {
        calls.push('quit')
      }),
      enableSandbox: vi.fn(() => {
        calls.push('enableSandbox')
      }),
      // Never ready: runElectron's pre-ready steps are what these tests look at.
      whenReady: vi.fn(() => {
        calls.push('whenReady')
        return new Promise<void>(() => {})
      }),
      on: vi.fn()
    },
    contextBridge: {
      exposeInMainWorld: vi.fn((key: string, api: unknown) => {
        exposed.set(key, api)
      })
    },
    ipcRenderer: {
      invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: null })),
      on: vi.fn((channel: string, listener: Listener) => {
        rendererListeners.set(channel, [...(rendererListeners.get(channel) ?? []), listener])
      }),
      off: vi.fn((channel: string, listener: Listener) => {
        rendererListeners.set(
          channel,
          (rendererListeners.get(channel) ?? []).filter((l) => l !== listener)
        )
      })
    }
  }
  return {
    module,
    windows,
    ipcHandlers,
    protocolHandlers,
    privilegedSchemes,
    exposed,
    rendererListeners,
    calls,
    FakeWebContents,
    FakeSession
  }
})

vi.mock('electron', () => ({ ...fake.module, default: fake.module }))

// The preload runs its contextBridge call on import, against the fake above.
// eslint-disable-next-line vikno/layers -- the test loads the preload (with electron faked) to assert exactly what it exposes
await import('../../preload/index')

type LogCall = { message: string; data: Record<string, unknown> }
function recordingLog(): { log: (message: string, data: Record<string, unknown>) => void; calls: LogCall[] } {
  const calls: LogCall[] = []
  return { calls, log: (message, data) => calls.push({ message, data }) }
}

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

const INFO: AppInfo = { version: '0.0.0-test', shell: 'electron', workstationId: 'ws-test', node: 2, language: 'uk', clerk: null }

/** The real dispatcher over stub handlers: app.info answers, anything else is "unavailable", one handler crashes. */
function stubWorkstation(): { workstation: Workstation; emit: (event: EventName, payload: unknown) => void; warnings: string[] } {
  const warnings: string[] = []
  const handlers = Object.fromEntries(
    METHOD_NAMES.map((name) => [
      name,
      () => {
        throw new DomainError('unavailable', `stub: ${name}`)
      }
    ])
  ) as unknown as HandlerMap
  handlers['app.info'] = () => INFO
  handlers['sync.now'] = () => {
    throw new Error('a bug in a handler')
  }
  const dispatch = createDispatcher(handlers, { warn: (m) => warnings.push(m), error: (m) => warnings.push(m) })
  const listeners = new Set<(event: EventName, payload: unknown) => void>()
  const workstation = {
    dispatch,
    onAny(listener: (event: EventName, payload: unknown) => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }
  } as unknown as Workstation
  return { workstation, warnings, emit: (event, payload) => listeners.forEach((l) => l(event, payload)) }
}

describe('registerIpc', () => {
  let win: InstanceType<typeof fake.module.BrowserWindow>
  let stub: ReturnType<typeof stubWorkstation>
  let log: ReturnType<typeof recordingLog>
  let unregister: () => void

  beforeEach(() => {
    win = new fake.module.BrowserWindow({})
    stub = stubWorkstation()
    log = recordingLog()
    unregister = registerIpc(win as unknown as BrowserWindow, stub.workstation, log.log)
  })

  const invoke = async (event: { sender: unknown; senderFrame: unknown }, method: unknown, input?: unknown): Promise<Result<unknown>> => {
    const handler = fake.ipcHandlers.get(CALL_CHANNEL)
    if (!handler) throw new Error('no IPC handler registered')
    return (await handler(event as IpcMainInvokeEvent, method, input)) as Result<unknown>
  }
  const fromMainFrame = () => ({ sender: win.webContents, senderFrame: win.webContents.mainFrame })

  it('passes a good call from our main frame to workstation.dispatch', async () => {
    const spy = vi.spyOn(stub.workstation, 'dispatch')
    expect(await invoke(fromMainFrame(), 'app.info', {})).toEqual({ ok: true, value: INFO })
    expect(spy).toHaveBeenCalledExactlyOnceWith('app.info', {})
    expect(log.calls).toEqual([])
  })

  it('refuses senders that are not the main frame of our window at app://vikno, and logs each', async () => {
    const otherContents = new fake.FakeWebContents()
    const senders: { sender: unknown; senderFrame: unknown }[] = [
      { sender: win.webContents, senderFrame: { url: 'app://vikno/index.html' } }, // a subframe at our origin
      { sender: otherContents, senderFrame: otherContents.mainFrame }, // another window's main frame
      { sender: win.webContents, senderFrame: null }, // the frame is gone
      { sender: win.webContents, senderFrame: undefined },
      { sender: null, senderFrame: win.webContents.mainFrame }
    ]
    // Subframes of ours at foreign origins (an injected iframe).
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', 'app://vikno.evil/', 'about:blank', 'http://127.0.0.1:5780/']) {
      senders.push({ sender: win.webContents, senderFrame: { url } })
    }
    for (const event of senders) {
      expect(await invoke(event, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    }
    expect(log.calls).toHaveLength(senders.length)
    expect(log.calls.every((c) => c.message === 'refused IPC from an unexpected sender')).toBe(true)
  })

  it('refuses our main frame once it has navigated away from app://vikno', async () => {
    const spy = vi.spyOn(stub.workstation, 'dispatch')
    win.webContents.mainFrame.url = 'https://evil.example/phish'
    expect(await invoke(fromMainFrame(), 'app.info', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(spy).not.toHaveBeenCalled()
    expect(log.calls[0]?.data).toEqual({ url: 'https://evil.example/phish' })
  })

  it('refuses a method that is not a string', async () => {
    const spy = vi.spyOn(stub.workstation, 'dispatch')
    for (const method of [undefined, null, 42, {}, ['app.info'], { toString: () => 'app.info' }]) {
      const r = await invoke(fromMainFrame(), method, {})
      expect(r).toMatchObject({ ok: false, error: { code: 'unknown_method' } })
    }
    expect(spy).not.toHaveBeenCalled()
  })

  it('answers unknown methods, malformed inputs and handler crashes as {ok:false}, never a throw', async () => {
    for (const method of ['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'app.info ', 'APP.INFO']) {
      expect(await invoke(fromMainFrame(), method, {}), method).toMatchObject({ ok: false, error: { code: 'unknown_method' } })
    }
    const malformed: [string, unknown][] = [
      ['app.info', { extra: 1 }],
      ['app.info', 'a string'],
      ['app.info', [1, 2]],
      ['application.get', { id: 5 }],
      ['application.get', { id: 'x'.repeat(65) }],
      ['settings.setLanguage', { language: 'ru' }],
      ['queue.list', { limit: 100_000 }],
      ['conflicts.resolve', { id: 'c1', action: 'drop table' }],
      ['application.get', JSON.parse('{"id":"a1","__proto__":{"polluted":true}}')]
    ]
    for (const [method, input] of malformed) {
      expect(await invoke(fromMainFrame(), method, input), method).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    }
    expect(await invoke(fromMainFrame(), 'sync.now', {})).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('forwards workstation events to the window, not to a destroyed one, and unregisters cleanly', () => {
    stub.emit('conflicts.changed', { open: 1 })
    expect(win.webContents.send).toHaveBeenCalledWith(EVENT_CHANNEL, 'conflicts.changed', { open: 1 })
    win.isDestroyed.mockReturnValue(true)
    stub.emit('conflicts.changed', { open: 2 })
    expect(win.webContents.send).toHaveBeenCalledTimes(1)
    unregister()
    expect(fake.ipcHandlers.has(CALL_CHANNEL)).toBe(false)
  })
})

// ─── preload ───────────────────────────────────────────────────────────────────────────────────

describe('the preload', () => {
  it('exposes exactly window.vikno with call and on, and nothing else', () => {
    expect(fake.module.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1)
    expect([...fake.exposed.keys()]).toEqual(['vikno'])
    const bridge = fake.exposed.get('vikno') as Record<string, unknown>
    expect(Object.keys(bridge).sort()).toEqual(['call', 'on'])
    expect(typeof bridge['call']).toBe('function')
    expect(typeof bridge['on']).toBe('function')
    // Not the raw ipcRenderer, nor anything that leads to it.
    expect(Object.values(bridge)).not.toContain(fake.module.ipcRenderer)
  })

  it('call goes through the one invoke channel; on listens to the one event channel and filters by name', async () => {
    const bridge = fake.exposed.get('vikno') as {
      call: (method: string, input: unknown) => Promise<unknown>
      on: (event: string, listener: (payload: unknown) => void) => () => void
    }
    await bridge.call('app.info', {})
    expect(fake.module.ipcRenderer.invoke).toHaveBeenLastCalledWith('vikno:call', 'app.info', {})

    const got: unknown[] = []
    const off = bridge.on('conflicts.changed', (p) => got.push(p))
    const listeners = fake.rendererListeners.get('vikno:event') ?? []
    expect(listeners).toHaveLength(1)
    for (const l of listeners) {
      l({ sender: 'ipc' }, 'sync.status', { online: true })
      l({ sender: 'ipc' }, 'conflicts.changed', { open: 3 })
    }
    // The listener sees the payload only, never the IpcRendererEvent (which carries `sender`).
    expect(got).toEqual([{ open: 3 }])
    off()
    expect(fake.rendererListeners.get('vikno:event')).toEqual([])
    expect([...fake.rendererListeners.keys()]).toEqual(['vikno:event'])
  })
})
