import { z } from 'zod'

/**
 * The closed list of error codes that may cross any boundary (IPC, web shell, portal API).
 * A clerk sees the Ukrainian message; machines branch on the code.
 */
export const ERROR_CODES = [
  'invalid_input',
  'not_found',
  'unknown_method',
  'forbidden',
  'unauthenticated',
  'conflict',
  'illegal_transition',
  'not_holder',
  'stale_version',
  // A command's signature (issue 20, src/shared/command-signature.ts): none, one that does not verify,
  // a key the portal does not know or has revoked, a key registered for another workstation.
  'unsigned',
  'bad_signature',
  'key_unknown',
  'key_revoked',
  'other_workstation',
  // Reassigning an application to a named clerk (issue 18): the clerk's account is disabled, or
  // their role may not hold the application at its stage. Only a workstation that sent a
  // reassign receives them: older workstations never meet these codes.
  'assignee_disabled',
  'assignee_not_permitted',
  'offline',
  'database_newer_than_app',
  'payload_too_large',
  'rate_limited',
  'unavailable',
  'internal'
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]
export const errorCodeSchema = z.enum(ERROR_CODES)

export interface AppError {
  code: ErrorCode
  /** Human-readable, Ukrainian first: what happened and what the clerk can do. */
  message: string
  /** The input field the error is about, when there is one (dot path). */
  field?: string
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = (code: ErrorCode, message: string, field?: string): { ok: false; error: AppError } => ({
  ok: false,
  error: field === undefined ? { code, message } : { code, message, field }
})

/** An error a service throws on purpose; adapters turn it into `{ok:false, error}`. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string
  ) {
    super(message)
    this.name = 'DomainError'
  }
}

/** Turns a zod failure into the first issue as a Ukrainian message with its field path. */
export function zodToAppError(error: z.ZodError): AppError {
  const issue = error.issues[0]
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : undefined
  const message = `Некоректні дані${field ? ` у полі «${field}»` : ''}: ${issue?.message ?? 'невідома помилка'}`
  return field === undefined ? { code: 'invalid_input', message } : { code: 'invalid_input', message, field }
}
