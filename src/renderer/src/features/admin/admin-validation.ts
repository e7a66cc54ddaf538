import { clerkLoginSchema, clerkNameSchema, CLERK_PASSWORD_MIN } from '../../../../shared/admin'
import type { Role } from '../../../../shared/domain/application'
import { IDLE_LOCK_MAX_MINUTES, IDLE_LOCK_MIN_MINUTES } from '../../../../shared/session-contract'
import { OFFLINE_SIGN_IN_MAX_DAYS, OFFLINE_SIGN_IN_MIN_DAYS } from '../../../../shared/admin-contract'

/*
 * The administration forms' checks, as i18n keys (admin.errors.*), before anything is sent. The
 * back end parses the same shared schemas again; these only say it sooner and in the clerk's language.
 */

export interface NewClerkForm {
  login: string
  name: string
  role: Role | ''
  initialPassword: string
  repeatPassword: string
}

type ErrorName =
  | 'loginRequired'
  | 'loginLength'
  | 'loginChars'
  | 'nameRequired'
  | 'nameInvalid'
  | 'roleRequired'
  | 'passwordShort'
  | 'passwordLong'
  | 'passwordSpaces'
  | 'passwordMismatch'
/** An i18n key of the locales' admin.errors. */
export type AdminErrorKey = `admin.errors.${ErrorName}`

export type NewClerkErrors = Partial<Record<keyof NewClerkForm, AdminErrorKey>>

export function validatePassword(password: string, repeat: string): { password?: AdminErrorKey; repeat?: AdminErrorKey } {
  const out: { password?: AdminErrorKey; repeat?: AdminErrorKey } = {}
  if (password.length < CLERK_PASSWORD_MIN) out.password = 'admin.errors.passwordShort'
  else if (password.length > 200) out.password = 'admin.errors.passwordLong'
  else if (password.trim() !== password) out.password = 'admin.errors.passwordSpaces'
  if (!out.password && repeat !== password) out.repeat = 'admin.errors.passwordMismatch'
  return out
}

export function validateNewClerk(form: NewClerkForm): NewClerkErrors {
  const errors: NewClerkErrors = {}
  const login = form.login.trim()
  if (login.length === 0) errors.login = 'admin.errors.loginRequired'
  else if (!clerkLoginSchema.safeParse(login).success)
    errors.login = login.length < 3 || login.length > 32 ? 'admin.errors.loginLength' : 'admin.errors.loginChars'
  if (form.name.trim().length === 0) errors.name = 'admin.errors.nameRequired'
  else if (!clerkNameSchema.safeParse(form.name).success) errors.name = 'admin.errors.nameInvalid'
  if (form.role === '') errors.role = 'admin.errors.roleRequired'
  const pw = validatePassword(form.initialPassword, form.repeatPassword)
  if (pw.password) errors.initialPassword = pw.password
  if (pw.repeat) errors.repeatPassword = pw.repeat
  return errors
}

/** A whole number in range, from what was typed; null when it is not one. */
export function parseWhole(value: string | number, min: number, max: number): number | null {
  const n = typeof value === 'number' ? value : Number(value.trim())
  return Number.isInteger(n) && n >= min && n <= max && String(value).trim() !== '' ? n : null
}

export const idleLockMinutes = (value: string | number): number | null => parseWhole(value, IDLE_LOCK_MIN_MINUTES, IDLE_LOCK_MAX_MINUTES)
export const offlineDays = (value: string | number): number | null => parseWhole(value, OFFLINE_SIGN_IN_MIN_DAYS, OFFLINE_SIGN_IN_MAX_DAYS)
