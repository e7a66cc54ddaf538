import { contract, isMethodName, type MethodName, type MethodOutput, type Contract } from '../../shared/contract'
import { DomainError, zodToAppError, type AppError, type Result } from '../../shared/result'
import type { z } from 'zod'

/** One handler per contract method; inputs arrive already parsed by the contract's schema. */
export type HandlerMap = {
  [M in MethodName]: (input: z.output<Contract[M]['input']>) => Promise<MethodOutput<M>> | MethodOutput<M>
}

export interface DispatchLog {
  warn(message: string, data?: Record<string, unknown>): void
  error(message: string, data?: Record<string, unknown>): void
}

/**
 * The single entry both shells use: check the method name against the contract, parse the input
 * with its schema, run the handler, and turn every failure into `{ok:false, error}`. Nothing thrown
 * crosses the boundary (an Error crosses Electron IPC as its message only).
 */
export function createDispatcher(handlers: HandlerMap, log: DispatchLog) {
  return async function dispatch(method: string, rawInput: unknown): Promise<Result<unknown>> {
    if (!isMethodName(method)) {
      log.warn('refused unknown method', { method: method.slice(0, 100) })
      return { ok: false, error: { code: 'unknown_method', message: `Невідомий метод «${method.slice(0, 100)}»` } }
    }
    const parsed = (contract[method].input as z.ZodType).safeParse(rawInput ?? {})
    if (!parsed.success) {
      const error = zodToAppError(parsed.error)
      log.warn('refused malformed input', { method, field: error.field ?? null })
      return { ok: false, error }
    }
    try {
      const handler = handlers[method] as (input: unknown) => unknown
      const value = await handler(parsed.data)
      return { ok: true, value: value === undefined ? null : value }
    } catch (e) {
      if (e instanceof DomainError) {
        const error: AppError =
          e.field === undefined ? { code: e.code, message: e.message } : { code: e.code, message: e.message, field: e.field }
        return { ok: false, error }
      }
      log.error('handler failed', { method, error: e instanceof Error ? (e.stack ?? e.message) : String(e) })
      return { ok: false, error: { code: 'internal', message: 'Внутрішня помилка робочої станції; її записано в журнал' } }
    }
  }
}
export type Dispatch = ReturnType<typeof createDispatcher>
