import { v7 as uuidv7 } from 'uuid'
import { DEMO_CENTRE } from '../../../shared/demo/clerks'
import { command, NADIIA, validApplication } from '../fixtures'
import type { Method } from '../http'

export interface Ctx {
  token: string
  workstationId: string
  orderNumber: string
  /** The application's access code (issue 16): the citizen endpoints about it need it. */
  accessCode: string
  /** An uploaded PDF that the application refers to. */
  sha: string
  /** An uploaded PNG nobody refers to. */
  loneSha: string
  /** A citizens' pages visitor: the CSRF cookie (as a Cookie header) and the form token that goes with it. */
  web: { cookie: string; token: string }
}

export interface Hostile {
  name: string
  method: Method
  url: string | ((c: Ctx) => string)
  /** Send the workstation's token. */
  auth?: boolean
  /** A value is sent as JSON; a string or Buffer as it is (with `type` as its content type). */
  json?: (c: Ctx) => unknown
  raw?: (c: Ctx) => string | Buffer
  type?: string
  /** Extra request headers (the access code of the citizen endpoints). */
  headers?: (c: Ctx) => Record<string, string>
  status?: number
  code?: string
  /** A citizens' page answers (text/html, the error on the page) rather than `{error}` JSON. */
  html?: boolean
}

export const SQL = [
  "' OR '1'='1",
  "'; DROP TABLE applications; --",
  '1; DELETE FROM workstations',
  "\\'; TRUNCATE command_results CASCADE; --",
  '" OR ""="',
  '1) UNION SELECT token_hash FROM workstations--'
]
export const MB = 1024 * 1024

export const app0 = validApplication()
export const applicant0 = app0.applicant
export const withApplicant = (patch: Record<string, unknown>): Record<string, unknown> => ({
  ...app0,
  applicant: { ...applicant0, ...patch }
})
export const withAttachmentName = (c: Ctx, name: string): Record<string, unknown> => ({
  ...app0,
  attachments: [{ sha256: c.sha, name, mediaType: 'application/pdf' }]
})

export const nestedArrays = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth)
export const nestedObjects = (depth: number, leaf = '1'): string => '{"a":'.repeat(depth) + leaf + '}'.repeat(depth)
/** The valid application's JSON with `marker` (a string value) replaced by raw text or bytes. */
export function splice(marker: string, replacement: string | Buffer): Buffer {
  const text = JSON.stringify(withApplicant({ givenName: marker }))
  const [head, tail] = text.split(marker) as [string, string]
  return Buffer.concat([Buffer.from(head), typeof replacement === 'string' ? Buffer.from(replacement) : replacement, Buffer.from(tail)])
}

export const enrolBody = (patch: Record<string, unknown>): Record<string, unknown> => ({
  enrolmentCode: DEMO_CENTRE.enrolmentCode,
  workstationId: uuidv7(),
  creationNonce: `nonce-${uuidv7()}`,
  label: 'Вікно 9',
  ...patch
})
export const envelope = (c: Ctx, patch: Record<string, unknown>): Record<string, unknown> => ({
  workstationId: c.workstationId,
  commands: [{ ...command(1, 'note', uuidv7(), { text: 'x' }), ...patch }]
})

export const admin = (patch: Record<string, unknown>): Record<string, unknown> => ({
  login: NADIIA.login,
  password: NADIIA.password,
  ...patch
})
export const newClerk = (patch: Record<string, unknown>): Record<string, unknown> => ({
  login: 'marta',
  name: 'Марта Ковальчук',
  role: 'clerk',
  password: 'marta-pass-2026',
  ...patch
})

export const APPS = '/api/v1/applications'
export const answers = (c: Ctx): string => `${APPS}/${c.orderNumber}/answers`
export const status = (c: Ctx): string => `${APPS}/${c.orderNumber}/status`
export const withCode = (c: Ctx): Record<string, string> => ({ 'x-access-code': c.accessCode })

/** A multipart form body (boundary `VIKNO`): fields in order, then files. */
export function multipartBody(
  fields: Record<string, string>,
  files: readonly { field: string; filename: string; bytes: Buffer; type?: string }[] = []
): Buffer {
  const parts: Buffer[] = []
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--VIKNO\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
  for (const f of files)
    parts.push(
      Buffer.from(
        `--VIKNO\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\nContent-Type: ${f.type ?? 'application/pdf'}\r\n\r\n`
      ),
      f.bytes,
      Buffer.from('\r\n')
    )
  parts.push(Buffer.from('--VIKNO--\r\n'))
  return Buffer.concat(parts)
}
export const MULTIPART = 'multipart/form-data; boundary=VIKNO'
export const webSession = (c: Ctx): Record<string, string> => ({ cookie: c.web.cookie })
