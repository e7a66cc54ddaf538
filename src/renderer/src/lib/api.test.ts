import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ViknoBridge } from '../../../shared/contract'
import { fakeBridge } from './testing/fake-bridge'
import { call, connect, createWebTransport, on, resetApiForTests, takeToken, TOKEN_STORAGE_KEY } from './api'

/** A window as the Electron preload leaves it: with the contract's bridge on it. */
const electronWindow = (bridge: ViknoBridge): Window => ({ vikno: bridge }) as unknown as Window

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

afterEach(() => {
  window.history.replaceState(null, '', '/')
})

describe('transport choice', () => {
  it('uses the Electron preload bridge when window.vikno exists, and never fetch', async () => {
    const fetchSpy = vi.fn()
    vi.stubGlobal('fetch', fetchSpy)
    const fake = fakeBridge(
      { 'queue.counts': () => ({ ok: true, value: { new: 1, mine: 0, waiting: 0, due: 0, forwarded: 0, all: 1, history: 0 } }) },
      false
    )
    connect(electronWindow(fake.bridge))
    const result = await call('queue.counts', {})
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ new: 1 }) })
    expect(fake.callsOf('queue.counts')).toEqual([{}])
    expect(fetchSpy).not.toHaveBeenCalled()
  })

  it('turns a throwing bridge into an "unavailable" result instead of a throw', async () => {
    connect(
      electronWindow({
        call: () => Promise.reject(new Error('IPC channel closed')),
        on: () => () => undefined
      })
    )
    const result = await call('app.info', {})
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('unavailable')
      expect(result.error.message).toMatch(/^Немає зв’язку з робочою станцією/)
    }
  })

  it('chooses once: a bridge appearing later does not switch the transport', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse({ ok: true, value: null }))
    )
    const chosen = connect(window)
    expect(connect(electronWindow(fakeBridge({}, false).bridge))).toBe(chosen)
    const result = await call('sync.now', {})
    expect(result).toEqual({ ok: true, value: null })
  })

  it('falls back to the web transport without window.vikno and posts to /rpc/<method> with the token', async () => {
    window.history.replaceState(null, '', '/?token=s3cret#/queue')
    const fetchSpy = vi.fn(async () => jsonResponse({ ok: true, value: { language: 'uk' } }))
    vi.stubGlobal('fetch', fetchSpy)
    resetApiForTests()
    await call('queue.list', { tab: 'new', offset: 0, limit: 100 })
    expect(fetchSpy).toHaveBeenCalledTimes(1)
    const [url, init] = fetchSpy.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/rpc/queue.list')
    expect(init.method).toBe('POST')
    expect((init.headers as Record<string, string>)['X-Vikno-Token']).toBe('s3cret')
    expect(JSON.parse(String(init.body))).toEqual({ tab: 'new', offset: 0, limit: 100 })
  })
})

describe('token handling', () => {
  it('reads the token from the URL, keeps it in sessionStorage and removes it from the address bar', () => {
    window.history.replaceState(null, '', '/index.html?token=abc123&debug=1#/application/app-7')
    const replace = vi.spyOn(window.history, 'replaceState')
    expect(takeToken(window)).toBe('abc123')
    expect(window.sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBe('abc123')
    expect(replace).toHaveBeenCalledTimes(1)
    expect(window.location.search).toBe('?debug=1')
    expect(window.location.hash).toBe('#/application/app-7')
    expect(window.location.href).not.toContain('abc123')
  })

  it('after a reload (no token in the URL) takes it from sessionStorage', () => {
    window.sessionStorage.setItem(TOKEN_STORAGE_KEY, 'kept')
    window.history.replaceState(null, '', '/#/queue')
    expect(takeToken(window)).toBe('kept')
  })

  it('has no token when neither the URL nor the session has one', () => {
    window.history.replaceState(null, '', '/')
    expect(takeToken(window)).toBeNull()
  })
})

describe('web transport', () => {
  it('returns "unavailable" on a network failure, never throws', async () => {
    const t = createWebTransport({ token: 't', fetch: () => Promise.reject(new TypeError('Failed to fetch')) })
    const result = await t.call('app.info', {})
    expect(result).toEqual({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/^Немає зв’язку з робочою станцією/) }
    })
  })

  it('passes a Result error from the back end through unchanged', async () => {
    const body = { ok: false, error: { code: 'not_holder', message: 'Заявку тримає Тарас Мар’янчук', field: 'applicationId' } }
    const t = createWebTransport({ token: 't', fetch: async () => jsonResponse(body, 409) })
    expect(await t.call('command.submit', { type: 'claim', applicationId: 'a', payload: {} })).toEqual(body)
  })

  it('maps a non-Result answer to a code from the closed list', async () => {
    const t401 = createWebTransport({ token: 'bad', fetch: async () => new Response('Unauthorized', { status: 401 }) })
    const r = await t401.call('app.info', {})
    expect(!r.ok && r.error.code).toBe('unauthenticated')
    const t500 = createWebTransport({ token: 't', fetch: async () => new Response('<html>', { status: 500 }) })
    const r2 = await t500.call('app.info', {})
    expect(!r2.ok && r2.error.code).toBe('internal')
    const odd = createWebTransport({ token: 't', fetch: async () => jsonResponse({ ok: false, error: { code: 'made_up', message: 'x' } }) })
    const r3 = await odd.call('app.info', {})
    expect(!r3.ok && r3.error.code).toBe('internal')
  })

  it('receives events over one EventSource with the token, parses them, and unsubscribes', () => {
    const sources: FakeEventSource[] = []
    class FakeEventSource {
      readonly listeners = new Map<string, ((ev: MessageEvent) => void)[]>()
      constructor(readonly url: string) {
        sources.push(this)
      }
      addEventListener(name: string, fn: (ev: MessageEvent) => void): void {
        this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn])
      }
      close(): void {}
      fire(name: string, data: string): void {
        for (const fn of this.listeners.get(name) ?? []) fn(new MessageEvent(name, { data }))
      }
    }
    const t = createWebTransport({ token: 'a b', fetch: vi.fn(), EventSource: FakeEventSource as unknown as typeof EventSource })
    const changed = vi.fn()
    const status = vi.fn()
    const off = t.on('applications.changed', changed)
    t.on('sync.status', status)
    expect(sources).toHaveLength(1)
    expect(sources[0]?.url).toBe('/events?token=a%20b')
    sources[0]?.fire('applications.changed', JSON.stringify({ ids: ['x'], source: 'sync' }))
    sources[0]?.fire('applications.changed', '{not json')
    expect(changed).toHaveBeenCalledTimes(1)
    expect(changed).toHaveBeenCalledWith({ ids: ['x'], source: 'sync' })
    expect(status).not.toHaveBeenCalled()
    off()
    sources[0]?.fire('applications.changed', JSON.stringify({ ids: [], source: 'local' }))
    expect(changed).toHaveBeenCalledTimes(1)
  })

  it('routes on() to the bridge under Electron', () => {
    const fake = fakeBridge({}, false)
    connect(electronWindow(fake.bridge))
    const listener = vi.fn()
    const off = on('conflicts.changed', listener)
    fake.emit('conflicts.changed', { open: 2 })
    off()
    fake.emit('conflicts.changed', { open: 3 })
    expect(listener).toHaveBeenCalledExactlyOnceWith({ open: 2 })
  })
})
