import {
  EVENT_NAMES,
  type EventName,
  type EventPayloads,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type ViknoBridge
} from '../../../shared/contract'
import { ERROR_CODES, type AppError, type ErrorCode, type Result } from '../../../shared/result'

/*
 * The renderer's only door to the back end. Everything else in src/renderer calls `call` and `on`
 * and never learns which shell carries them: under Electron the preload's `window.vikno`, in a
 * browser the web shell's `POST /rpc/<method>` and `GET /events` (server-sent events). Neither path
 * throws: a failure is a `Result` with a code, as the contract promises.
 */

export const TOKEN_STORAGE_KEY = 'vikno.token'

const UNAVAILABLE_MESSAGE = 'Немає зв’язку з робочою станцією. Перевірте, що її запущено, і спробуйте ще раз.'

export const unavailable = (): { ok: false; error: AppError } => ({
  ok: false,
  error: { code: 'unavailable', message: UNAVAILABLE_MESSAGE }
})

/**
 * The web shell puts its per-launch token in the first URL (`?token=…`, as Jupyter does). We keep
 * it for this tab only (sessionStorage survives a reload, not a new window) and take it out of the
 * address bar, so it does not end up in the history, a bookmark or a screenshot.
 */
export function takeToken(win: Window = window): string | null {
  let fromUrl: string | null = null
  let url: URL | null = null
  try {
    url = new URL(win.location.href)
    fromUrl = url.searchParams.get('token')
  } catch {
    url = null
  }
  if (url && fromUrl) {
    try {
      win.sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl)
    } catch {
      // Storage can be disabled; the token still works for this page's lifetime.
    }
    url.searchParams.delete('token')
    win.history.replaceState(win.history.state, '', `${url.pathname}${url.search}${url.hash}`)
    return fromUrl
  }
  try {
    return win.sessionStorage.getItem(TOKEN_STORAGE_KEY)
  } catch {
    return null
  }
}

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES)

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null
}

/** Accepts a body only when it has the contract's Result shape; anything else is not trusted. */
function asResult<T>(body: unknown): Result<T> | null {
  if (!isRecord(body)) return null
  if (body.ok === true && 'value' in body) return { ok: true, value: body.value as T }
  if (body.ok === false && isRecord(body.error) && typeof body.error.message === 'string') {
    const rawCode = body.error.code
    const code: ErrorCode = typeof rawCode === 'string' && KNOWN_CODES.has(rawCode) ? (rawCode as ErrorCode) : 'internal'
    const field = body.error.field
    return {
      ok: false,
      error: typeof field === 'string' ? { code, message: body.error.message, field } : { code, message: body.error.message }
    }
  }
  return null
}

function errorForStatus(status: number): AppError {
  if (status === 401) {
    return {
      code: 'unauthenticated',
      message: 'Робоча станція не впізнала цю вкладку. Відкрийте адресу, яку вона надрукувала під час запуску.'
    }
  }
  if (status === 403) return { code: 'forbidden', message: 'Доступ заборонено.' }
  if (status === 404) return { code: 'unknown_method', message: 'Робоча станція не знає цієї дії. Можливо, її версія старша за інтерфейс.' }
  if (status === 413) return { code: 'payload_too_large', message: 'Забагато даних в одному запиті.' }
  if (status === 429) return { code: 'rate_limited', message: 'Забагато запитів поспіль. Зачекайте кілька секунд.' }
  if (status === 502 || status === 503 || status === 504) return unavailable().error
  return { code: 'internal', message: `Робоча станція відповіла помилкою ${status}. Спробуйте ще раз.` }
}

type AnyListener = (payload: unknown) => void

export interface WebTransportOptions {
  token: string | null
  /** Injected for tests; the browser's own by default. */
  fetch?: typeof fetch
  EventSource?: typeof EventSource
}

/** The browser transport of the web shell. */
export function createWebTransport(options: WebTransportOptions): ViknoBridge {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init))
  const EventSourceCtor = options.EventSource ?? (typeof EventSource === 'undefined' ? undefined : EventSource)
  const listeners = new Map<EventName, Set<AnyListener>>()
  let source: EventSource | null = null

  const openSource = (): void => {
    if (source || !EventSourceCtor) return
    source = new EventSourceCtor(`/events?token=${encodeURIComponent(options.token ?? '')}`)
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (ev) => {
        let payload: unknown
        try {
          payload = JSON.parse((ev as MessageEvent<string>).data)
        } catch {
          return
        }
        for (const listener of [...(listeners.get(name) ?? [])]) listener(payload)
      })
    }
  }

  return {
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>> {
      let response: Response
      try {
        const headers: Record<string, string> = { 'Content-Type': 'application/json' }
        if (options.token) headers['X-Vikno-Token'] = options.token
        response = await doFetch(`/rpc/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(input ?? {}),
          cache: 'no-store',
          credentials: 'same-origin'
        })
      } catch {
        return unavailable()
      }
      let body: unknown = undefined
      try {
        body = await response.json()
      } catch {
        body = undefined
      }
      return asResult<MethodOutput<M>>(body) ?? { ok: false, error: errorForStatus(response.status) }
    },

    on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
      let set = listeners.get(event)
      if (!set) {
        set = new Set()
        listeners.set(event, set)
      }
      const wrapped = listener as AnyListener
      set.add(wrapped)
      // One stream for the whole page, opened on the first subscription and kept: EventSource
      // reconnects by itself, and closing it on every unmount would only churn connections.
      openSource()
      return () => {
        set.delete(wrapped)
      }
    }
  }
}

/** Wraps the preload's bridge so that a broken IPC channel is a Result too, never a throw. */
function guardBridge(bridge: ViknoBridge): ViknoBridge {
  return {
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>> {
      try {
        return await bridge.call(method, input)
      } catch {
        return unavailable()
      }
    },
    on: (event, listener) => bridge.on(event, listener)
  }
}

let transport: ViknoBridge | null = null

/** Chooses the transport once: the Electron preload when present, the web shell otherwise. */
export function connect(win: Window = window): ViknoBridge {
  if (!transport) transport = win.vikno ? guardBridge(win.vikno) : createWebTransport({ token: takeToken(win) })
  return transport
}

export function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>> {
  return connect().call(method, input)
}

export function on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
  return connect().on(event, listener)
}

/** Tests only: forget the chosen transport so the next call chooses again. */
export function resetApiForTests(): void {
  transport = null
}

/** Tests only: answer every call from this bridge, as if a preload had exposed it. */
export function installBridgeForTests(bridge: ViknoBridge): void {
  transport = guardBridge(bridge)
}
