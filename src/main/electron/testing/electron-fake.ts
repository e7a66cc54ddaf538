import { vi } from 'vitest'

/*
 * Electron, faked for the tests of src/main/electron and the preload: no Electron binary runs here,
 * so every object the code talks to (BrowserWindow, session, ipcMain, protocol, app, contextBridge,
 * ipcRenderer) is a recording fake and the tests drive the handlers the code installs. A test file
 * makes one in vi.hoisted and mocks 'electron' with its `module`.
 */

export type Listener = (...args: unknown[]) => unknown

/** A fresh fake Electron and what it records. */
export function makeElectronFake() {
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
}

export type ElectronFake = ReturnType<typeof makeElectronFake>

export type LogCall = { message: string; data: Record<string, unknown> }
export function recordingLog(): { log: (message: string, data: Record<string, unknown>) => void; calls: LogCall[] } {
  const calls: LogCall[] = []
  return { calls, log: (message, data) => calls.push({ message, data }) }
}
