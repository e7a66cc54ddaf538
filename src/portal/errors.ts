import { z } from 'zod'

/*
 * Errors the portal answers with: `{error:{code, message, field?}}`, a machine code from this
 * closed list and a message in Ukrainian. Command rejections inside a push use the shared
 * ErrorCode list instead (they travel in CommandResult).
 */

export const PORTAL_ERROR_CODES = [
  'invalid_json',
  'invalid_input',
  'unknown_field',
  'unsupported_media_type',
  'payload_too_large',
  'unknown_service',
  'unknown_attachment',
  'invalid_rnokpp',
  'invalid_order_number',
  'not_found',
  'illegal_transition',
  'rate_limited',
  'unauthenticated',
  'invalid_token',
  'invalid_credentials',
  'invalid_enrolment_code',
  'enrolment_code_expired',
  'enrolment_code_used',
  'workstation_revoked',
  'workstation_copied',
  'clerk_disabled',
  'key_revoked',
  'sign_in_required',
  'login_taken',
  'not_publishable',
  /** The card version changed between a form's pages and its submission (intake.ts). */
  'form_changed',
  'forbidden',
  'no_free_node',
  'unavailable',
  'internal'
] as const
export type PortalErrorCode = (typeof PORTAL_ERROR_CODES)[number]

export class PortalError extends Error {
  constructor(
    readonly status: number,
    readonly code: PortalErrorCode,
    message: string,
    readonly field?: string,
    /** Every problem, machine-readable (a card's publication errors: path, code, uk, en). */
    readonly details?: readonly { path: string; code: string; uk: string; en: string }[]
  ) {
    super(message)
    this.name = 'PortalError'
  }

  toBody(): {
    error: {
      code: PortalErrorCode
      message: string
      field?: string
      errors?: readonly { path: string; code: string; uk: string; en: string }[]
    }
  } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field === undefined ? {} : { field: this.field }),
        ...(this.details === undefined ? {} : { errors: this.details })
      }
    }
  }
}

const ukrainian = z.locales.uk()

/**
 * Parses input at a boundary and turns the first problem into a PortalError with the field's dot
 * path. An unknown field is reported as such (a typo in a field name is the commonest client bug).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const parsed = schema.safeParse(input, { error: ukrainian.localeError })
  if (parsed.success) return parsed.data
  const issues = parsed.error.issues
  const unknown = issues.find((i) => i.code === 'unrecognized_keys')
  const path = (p: readonly PropertyKey[]): string | undefined => {
    const joined = [prefix, ...p.map(String)].filter((s) => s.length > 0).join('.')
    return joined.length > 0 ? joined : undefined
  }
  if (unknown && unknown.code === 'unrecognized_keys') {
    const key = unknown.keys[0] ?? ''
    const field = path([...unknown.path, key])
    return fail(400, 'unknown_field', `Невідоме поле «${field ?? key}»: перевірте назву поля`, field)
  }
  const issue = issues[0]
  const field = issue ? path(issue.path) : undefined
  const missing = issue?.code === 'invalid_type' && issue.message.includes('undefined')
  const message = missing
    ? `Обов’язкове поле${field ? ` «${field}»` : ''} не заповнено`
    : `${field ? `Поле «${field}»: ` : ''}${issue?.message ?? 'некоректні дані'}`
  return fail(400, 'invalid_input', message, field)
}

function fail(status: number, code: PortalErrorCode, message: string, field?: string): never {
  throw new PortalError(status, code, message, field)
}

export const unavailable = (): PortalError =>
  new PortalError(503, 'unavailable', 'Портал тимчасово не може обробити запит (база даних недоступна). Спробуйте ще раз за хвилину.')
