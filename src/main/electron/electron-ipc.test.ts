import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron'
import { CALL_CHANNEL, EVENT_CHANNEL, registerIpc } from './ipc'
import type { Workstation } from '../workstation'
import { createDispatcher, type HandlerMap } from '../services/dispatch'
import { METHOD_NAMES, type AppInfo, type EventName } from '../../shared/contract'
import { DomainError, type Result } from '../../shared/result'
import { recordingLog } from './testing/electron-fake'

/**
 * The IPC adapter and the preload, with electron faked (testing/electron-fake.ts): every message is
 * checked for its sender and parsed with the contract's schema, and the preload exposes exactly the
 * contract's call/on.
 */

const fake = await vi.hoisted(async () => (await import('./testing/electron-fake')).makeElectronFake())

vi.mock('electron', () => ({ ...fake.module, default: fake.module }))

// The preload runs its contextBridge call on import, against the fake above.
// eslint-disable-next-line vikno/layers -- the test loads the preload (with electron faked) to assert exactly what it exposes
await import('../../preload/index')

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
