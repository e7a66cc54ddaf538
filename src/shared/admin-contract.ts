import { z } from 'zod'
import {
  clerkLoginSchema,
  clerkNameSchema,
  ENROLMENT_CODE_HOURS,
  newPasswordSchema,
  roleSchema,
  type AdminClerk,
  type AdminEnrolmentCode,
  type AdminWorkstation
} from './admin'

/*
 * The administration part of the workstation contract (issue 8), merged into `contract` in
 * contract.ts like the session part. Every method goes to the portal, which holds the accounts: it
 * needs the network, and the signed-in supervisor's or administrator's password with EVERY call
 * (`password`). The renderer asks for it in the dialog that confirms the action and forgets it when
 * the dialog closes; the back end passes it on and keeps it nowhere, on disk or in memory.
 */

export interface AdminDirectoryView {
  clerks: AdminClerk[]
  workstations: AdminWorkstation[]
  /** This workstation's id, so the screen can mark it (and warn before revoking it). */
  thisWorkstationId: string
}

/** Settings of this workstation that supervisors and administrators change here, without the portal. */
export interface LocalAdminSettings {
  idleLockMinutes: number
  /** Days a cached offline sign-in verifier stays valid after the portal last confirmed the password. */
  offlineSignInDays: number
}

export const OFFLINE_SIGN_IN_DEFAULT_DAYS = 30
export const OFFLINE_SIGN_IN_MIN_DAYS = 1
export const OFFLINE_SIGN_IN_MAX_DAYS = 365

/** The signed-in supervisor's or administrator's own password. Not trimmed. */
const confirmSchema = z.string().min(1, 'Введіть свій пароль').max(200, 'Не довше 200 символів')
const idSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'Некоректний ідентифікатор')

export const adminContract = {
  'admin.directory': { input: z.strictObject({ password: confirmSchema }), output: {} as AdminDirectoryView },
  'admin.createClerk': {
    input: z.strictObject({
      password: confirmSchema,
      login: clerkLoginSchema,
      name: clerkNameSchema,
      role: roleSchema,
      initialPassword: newPasswordSchema
    }),
    output: {} as AdminDirectoryView
  },
  'admin.setRole': {
    input: z.strictObject({ password: confirmSchema, clerkId: idSchema, role: roleSchema }),
    output: {} as AdminDirectoryView
  },
  'admin.setDisabled': {
    input: z.strictObject({ password: confirmSchema, clerkId: idSchema, disabled: z.boolean() }),
    output: {} as AdminDirectoryView
  },
  'admin.resetPassword': {
    input: z.strictObject({ password: confirmSchema, clerkId: idSchema, newPassword: newPasswordSchema }),
    output: {} as AdminDirectoryView
  },
  'admin.revokeWorkstation': {
    input: z.strictObject({ password: confirmSchema, workstationId: idSchema }),
    output: {} as AdminDirectoryView
  },
  /** A one-time code that enrols one more workstation with this centre (administrators; shown once). */
  'admin.issueEnrolmentCode': {
    input: z.strictObject({
      password: confirmSchema,
      validHours: z.number().int().min(ENROLMENT_CODE_HOURS.min).max(ENROLMENT_CODE_HOURS.max)
    }),
    output: {} as AdminEnrolmentCode
  },
  'admin.localSettings': { input: z.strictObject({}), output: {} as LocalAdminSettings },
  'admin.setOfflineSignInDays': {
    input: z.strictObject({ days: z.number().int().min(OFFLINE_SIGN_IN_MIN_DAYS).max(OFFLINE_SIGN_IN_MAX_DAYS) }),
    output: {} as LocalAdminSettings
  }
} as const

export type AdminContract = typeof adminContract
export type AdminMethodName = keyof AdminContract

export const ADMIN_OFFLINE_MESSAGE = 'Адміністрування доступне лише з підключенням до порталу'
