import type { EventName, EventPayloads, MethodInput, MethodName, MethodOutput, ViknoBridge } from '../../../../shared/contract'
import type { QueueRow } from '../../../../shared/queue'
import type { Result } from '../../../../shared/result'
import { installBridgeForTests } from '../api'

export type Handlers = { [M in MethodName]?: (input: MethodInput<M>) => Result<MethodOutput<M>> | Promise<Result<MethodOutput<M>>> }

export interface FakeBridge {
  bridge: ViknoBridge
  calls: { method: MethodName; input: unknown }[]
  callsOf: (method: MethodName) => unknown[]
  emit: <E extends EventName>(event: E, payload: EventPayloads[E]) => void
  handlers: Handlers
}

/**
 * A stand-in for the preload's bridge: answers from handlers, records calls, emits events.
 * `install` makes `lib/api` use it (the default), as the Electron shell's preload would be used.
 */
export function fakeBridge(handlers: Handlers, install = true): FakeBridge {
  const calls: { method: MethodName; input: unknown }[] = []
  const listeners = new Map<EventName, Set<(p: unknown) => void>>()
  const bridge: ViknoBridge = {
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>> {
      calls.push({ method, input })
      const handler = handlers[method] as ((i: MethodInput<M>) => Result<MethodOutput<M>> | Promise<Result<MethodOutput<M>>>) | undefined
      if (!handler) return { ok: false, error: { code: 'unknown_method', message: `no fake for ${method}` } }
      return handler(input)
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
      let set = listeners.get(event)
      if (!set) {
        set = new Set()
        listeners.set(event, set)
      }
      const wrapped = listener as (p: unknown) => void
      set.add(wrapped)
      return () => set.delete(wrapped)
    }
  }
  if (install) installBridgeForTests(bridge)
  return {
    bridge,
    calls,
    callsOf: (method) => calls.filter((c) => c.method === method).map((c) => c.input),
    emit: (event, payload) => {
      for (const l of [...(listeners.get(event) ?? [])]) l(payload)
    },
    handlers
  }
}

export function makeRow(i: number, over: Partial<QueueRow> = {}): QueueRow {
  const seq = String(i + 1).padStart(6, '0')
  return {
    id: `app-${i + 1}`,
    orderNumber: `001-${seq}-0`,
    serviceId: 'svc-1',
    serviceNameUk: 'Реєстрація місця проживання',
    serviceNameEn: 'Registration of residence',
    applicantName: `Мар’яна Коваль-${i + 1}`,
    receivedAt: '2026-11-20T09:00:00+02:00',
    dueAt: '2026-12-03T23:59:59+02:00',
    paused: false,
    status: 'registered',
    channel: 'portal',
    holderName: null,
    holderClerkId: null,
    sync: 'confirmed',
    answerBy: null,
    answeredLate: false,
    isTest: false,
    ...over
  }
}

/** Lets pending promise callbacks run (several hops: call → handler → store update). */
export async function flush(times = 5): Promise<void> {
  for (let i = 0; i < times; i++) await Promise.resolve()
}
