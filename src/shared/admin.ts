import { z } from 'zod'
import { freeTextSchema, ROLES } from './domain/application'

/*
 * The portal's administration API (issue 8), as the portal checks it and the workstation reads it.
 * Every request carries the acting supervisor's or administrator's own login and password in the
 * body (`login`, `password`), beside the workstation's bearer token: the portal checks both on every
 * request, and never keeps a session for them.
 */

export const roleSchema = z.enum(ROLES)

/** A login people type: Latin letters, digits, dot, dash, underscore; compared as typed (lower case). */
export const clerkLoginSchema = z
  .string()
  .trim()
  .min(3, 'Логін — щонайменше 3 символи')
  .max(32, 'Логін — не довше 32 символів')
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'Логін — малі латинські літери, цифри, «.», «-» або «_», починається з літери чи цифри')

export const CLERK_PASSWORD_MIN = 10
/** A new password. Not trimmed: what is typed is the password. */
export const newPasswordSchema = z
  .string()
  .min(CLERK_PASSWORD_MIN, `Пароль — щонайменше ${CLERK_PASSWORD_MIN} символів`)
  .max(200, 'Пароль — не довше 200 символів')
  .refine((s) => s.trim().length === s.length, 'Пароль не може починатися чи закінчуватися пробілом')

export const clerkNameSchema = freeTextSchema(100).pipe(z.string().trim().min(3, 'Вкажіть ім’я та прізвище'))

/** The acting supervisor's or administrator's credentials (the same limits as the portal's sign-in). */
export const adminCredentialsSchema = z.strictObject({ login: z.string().min(1).max(100), password: z.string().min(1).max(200) })
export type AdminCredentials = z.infer<typeof adminCredentialsSchema>

export const adminCreateClerkRequestSchema = adminCredentialsSchema.extend({
  clerk: z.strictObject({ login: clerkLoginSchema, name: clerkNameSchema, role: roleSchema, password: newPasswordSchema })
})
export const adminSetRoleRequestSchema = adminCredentialsSchema.extend({ role: roleSchema })
export const adminResetPasswordRequestSchema = adminCredentialsSchema.extend({ newPassword: newPasswordSchema })

const instant = z.string().datetime({ offset: true })

export const adminClerkSchema = z.strictObject({
  id: z.string(),
  login: z.string(),
  name: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  disabledAt: instant.nullable(),
  /** The last sign-in the portal checked (offline sign-ins reach it only through the audit trail). */
  lastSignInAt: instant.nullable()
})
export type AdminClerk = z.infer<typeof adminClerkSchema>

export const adminWorkstationSchema = z.strictObject({
  id: z.string(),
  label: z.string(),
  node: z.number().int(),
  enrolledAt: instant,
  /** The last request the portal saw from it (recorded at most once a minute). */
  lastSeenAt: instant.nullable(),
  revokedAt: instant.nullable()
})
export type AdminWorkstation = z.infer<typeof adminWorkstationSchema>

export const adminDirectorySchema = z.strictObject({
  clerks: z.array(adminClerkSchema),
  workstations: z.array(adminWorkstationSchema)
})
export type AdminDirectory = z.infer<typeof adminDirectorySchema>

/** Hours a one-time enrolment code stays valid: a day unless the administrator says otherwise (at most a week). */
export const ENROLMENT_CODE_HOURS = { default: 24, min: 1, max: 7 * 24 } as const
export const adminIssueEnrolmentCodeRequestSchema = adminCredentialsSchema.extend({
  validHours: z.number().int().min(ENROLMENT_CODE_HOURS.min).max(ENROLMENT_CODE_HOURS.max).default(ENROLMENT_CODE_HOURS.default)
})
/** A one-time enrolment code, shown once to the administrator who issued it; the portal keeps only its hash. */
export const adminEnrolmentCodeSchema = z.strictObject({ id: z.string(), code: z.string(), expiresAt: instant })
export type AdminEnrolmentCode = z.infer<typeof adminEnrolmentCodeSchema>

export const adminCreatedClerkSchema = z.strictObject({ clerk: adminClerkSchema })
export const adminOkSchema = z.strictObject({ ok: z.literal(true) })
