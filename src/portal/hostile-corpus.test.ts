import { beforeEach, expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import { DEMO_CENTRE } from '../shared/demo/clerks'
import type { Queryable } from './db/portal-db'
import { demoPdf, demoPng } from './demo-files'
import { describeBackends, type PortalFixture } from './test/backends'
import { command, issueCode, NADIIA, OLENA, setup, submit, validApplication } from './test/fixtures'
import { expectError, expectSecurityHeaders, send, type Method, type SendOptions } from './test/http'

/*
 * A corpus of hostile requests across every endpoint (issue 8, "Proven by tests"). Each one must be
 * answered 4xx with `{error:{code, message}}` (never 500), must store NOTHING (every table's row
 * count and the counters are compared before and after), and the portal must stay healthy: /health
 * answers and a valid submission still succeeds after every payload.
 *
 * SQL injection text in a FREE-TEXT field (an address, a workstation label) is legitimate data: it is
 * accepted and stored verbatim, which the last test shows; here it goes into every field that has a
 * format, into path and query parameters and into credentials.
 */

interface Ctx {
  token: string
  workstationId: string
  orderNumber: string
  /** An uploaded PDF that the application refers to. */
  sha: string
  /** An uploaded PNG nobody refers to. */
  loneSha: string
}

interface Hostile {
  name: string
  method: Method
  url: string | ((c: Ctx) => string)
  /** Send the workstation's token. */
  auth?: boolean
  /** A value is sent as JSON; a string or Buffer as it is (with `type` as its content type). */
  json?: (c: Ctx) => unknown
  raw?: (c: Ctx) => string | Buffer
  type?: string
  status?: number
  code?: string
}

const SQL = [
  "' OR '1'='1",
  "'; DROP TABLE applications; --",
  '1; DELETE FROM workstations',
  "\\'; TRUNCATE command_results CASCADE; --",
  '" OR ""="',
  '1) UNION SELECT token_hash FROM workstations--'
]
const MB = 1024 * 1024

const app0 = validApplication()
const applicant0 = app0.applicant
const withApplicant = (patch: Record<string, unknown>): Record<string, unknown> => ({ ...app0, applicant: { ...applicant0, ...patch } })
const withAttachmentName = (c: Ctx, name: string): Record<string, unknown> => ({
  ...app0,
  attachments: [{ sha256: c.sha, name, mediaType: 'application/pdf' }]
})

const nestedArrays = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth)
const nestedObjects = (depth: number, leaf = '1'): string => '{"a":'.repeat(depth) + leaf + '}'.repeat(depth)
/** The valid application's JSON with `marker` (a string value) replaced by raw text or bytes. */
function splice(marker: string, replacement: string | Buffer): Buffer {
  const text = JSON.stringify(withApplicant({ givenName: marker }))
  const [head, tail] = text.split(marker) as [string, string]
  return Buffer.concat([Buffer.from(head), typeof replacement === 'string' ? Buffer.from(replacement) : replacement, Buffer.from(tail)])
}

const enrolBody = (patch: Record<string, unknown>): Record<string, unknown> => ({
  enrolmentCode: DEMO_CENTRE.enrolmentCode,
  workstationId: uuidv7(),
  creationNonce: `nonce-${uuidv7()}`,
  label: 'Вікно 9',
  ...patch
})
const envelope = (c: Ctx, patch: Record<string, unknown>): Record<string, unknown> => ({
  workstationId: c.workstationId,
  commands: [{ ...command(1, 'note', uuidv7(), { text: 'x' }), ...patch }]
})

const admin = (patch: Record<string, unknown>): Record<string, unknown> => ({ login: NADIIA.login, password: NADIIA.password, ...patch })
const newClerk = (patch: Record<string, unknown>): Record<string, unknown> => ({
  login: 'marta',
  name: 'Марта Ковальчук',
  role: 'clerk',
  password: 'marta-pass-2026',
  ...patch
})

const APPS = '/api/v1/applications'
const answers = (c: Ctx): string => `${APPS}/${c.orderNumber}/answers`

const CORPUS: Hostile[] = [
  // ── intake: wrong types and shapes ─────────────────────────────────────
  {
    name: 'serviceId is a number',
    method: 'POST',
    url: APPS,
    json: () => ({ ...app0, serviceId: 42 }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'applicant is a string',
    method: 'POST',
    url: APPS,
    json: () => ({ ...app0, applicant: 'Шевченко' }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'applicant is an array',
    method: 'POST',
    url: APPS,
    json: () => ({ ...app0, applicant: [applicant0] }),
    status: 400,
    code: 'invalid_input'
  },
  { name: 'body is null', method: 'POST', url: APPS, raw: () => 'null', status: 400, code: 'invalid_input' },
  { name: 'body is a bare string', method: 'POST', url: APPS, raw: () => '"residence-registration"', status: 400, code: 'invalid_input' },
  {
    name: 'fields holds an object',
    method: 'POST',
    url: APPS,
    json: () => ({ ...app0, fields: { a: { b: 'c' } } }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'attachments is an object',
    method: 'POST',
    url: APPS,
    json: () => ({ ...app0, attachments: { 0: 'x' } }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: '21 attachments',
    method: 'POST',
    url: APPS,
    json: (c) => ({
      ...app0,
      attachments: Array.from({ length: 21 }, () => ({ sha256: c.sha, name: 'a.pdf', mediaType: 'application/pdf' }))
    }),
    status: 400
  },
  {
    name: '51 fields',
    method: 'POST',
    url: APPS,
    json: () => ({ ...app0, fields: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`f${i}`, 'x'])) }),
    status: 400
  },
  {
    name: 'an extra privileged field',
    method: 'POST',
    url: APPS,
    json: () => ({ ...app0, status: 'issued', centreId: 'other' }),
    status: 400,
    code: 'unknown_field'
  },
  // ── huge strings and deep nesting ──────────────────────────────────────
  {
    name: '1 MB surname',
    method: 'POST',
    url: APPS,
    json: () => withApplicant({ surname: 'Ш'.repeat(MB) }),
    status: 413,
    code: 'payload_too_large'
  },
  {
    name: '900 KB surname (under the body limit)',
    method: 'POST',
    url: APPS,
    json: () => withApplicant({ surname: 'a'.repeat(900 * 1024) }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: '900 KB field value',
    method: 'POST',
    url: APPS,
    json: () => ({ ...app0, fields: { note: 'b'.repeat(900 * 1024) } }),
    status: 400,
    code: 'invalid_input'
  },
  { name: '10,000 nested arrays', method: 'POST', url: APPS, raw: () => nestedArrays(10_000), status: 400, code: 'invalid_json' },
  {
    name: '10,000 nested objects in fields',
    method: 'POST',
    url: APPS,
    raw: () => JSON.stringify(app0).replace('"fields":{}', `"fields":${nestedObjects(10_000)}`),
    status: 400,
    code: 'invalid_json'
  },
  { name: '100,000 nested arrays', method: 'POST', url: APPS, raw: () => nestedArrays(100_000), status: 400, code: 'invalid_json' },
  // ── SQL injection in every formatted field ─────────────────────────────
  { name: 'SQL in surname', method: 'POST', url: APPS, json: () => withApplicant({ surname: SQL[1] }), status: 400, code: 'invalid_input' },
  {
    name: 'SQL in givenName',
    method: 'POST',
    url: APPS,
    json: () => withApplicant({ givenName: SQL[0] }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'SQL in patronymic',
    method: 'POST',
    url: APPS,
    json: () => withApplicant({ patronymic: SQL[3] }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'SQL in serviceId',
    method: 'POST',
    url: APPS,
    json: () => ({ ...app0, serviceId: `residence-registration${SQL[0]}` }),
    status: 422,
    code: 'unknown_service'
  },
  {
    name: 'SQL in rnokpp',
    method: 'POST',
    url: APPS,
    json: () => withApplicant({ rnokpp: "1' OR 1=1--" }),
    status: 422,
    code: 'invalid_rnokpp'
  },
  {
    name: 'SQL in birthDate',
    method: 'POST',
    url: APPS,
    json: () => withApplicant({ birthDate: "1990-01-01' OR '1'='1" }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'SQL in phone',
    method: 'POST',
    url: APPS,
    json: () => withApplicant({ phone: `+380${SQL[2]}` }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'SQL in email',
    method: 'POST',
    url: APPS,
    json: () => withApplicant({ email: `a@b.ua${SQL[1]}` }),
    status: 400,
    code: 'invalid_input'
  },
  { name: 'SQL in delivery', method: 'POST', url: APPS, json: () => ({ ...app0, delivery: SQL[1] }), status: 400, code: 'invalid_input' },
  {
    name: 'SQL in a field name',
    method: 'POST',
    url: APPS,
    json: () => ({ ...app0, fields: { [SQL[1] as string]: 'x' } }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'SQL in an attachment hash',
    method: 'POST',
    url: APPS,
    json: () => ({ ...app0, attachments: [{ sha256: SQL[5], name: 'a.pdf', mediaType: 'application/pdf' }] }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'SQL in an attachment media type',
    method: 'POST',
    url: APPS,
    json: (c) => ({ ...app0, attachments: [{ sha256: c.sha, name: 'a.pdf', mediaType: SQL[0] }] }),
    status: 400,
    code: 'invalid_input'
  },
  // ── Unicode control and bidi characters ────────────────────────────────
  {
    name: 'RLO (U+202E) in surname',
    method: 'POST',
    url: APPS,
    json: () => withApplicant({ surname: 'Шев\u202Eоккенч' }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'LRI (U+2066) in givenName',
    method: 'POST',
    url: APPS,
    json: () => withApplicant({ givenName: '\u2066Марія\u2069' }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'RLM (U+200F) in patronymic',
    method: 'POST',
    url: APPS,
    json: () => withApplicant({ patronymic: 'Іван\u200Fівна' }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'zero-width space in surname',
    method: 'POST',
    url: APPS,
    json: () => withApplicant({ surname: 'Шев\u200Bченко' }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'BEL (U+0007) in the address',
    method: 'POST',
    url: APPS,
    json: () => withApplicant({ address: 'вул. Шевченка\u0007, 1' }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'ESC sequence in a field value',
    method: 'POST',
    url: APPS,
    json: () => ({ ...app0, fields: { note: '\u001b[2J\u001b[31mREAD ME' } }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'NUL (U+0000) in the address',
    method: 'POST',
    url: APPS,
    json: () => withApplicant({ address: 'вул. Шевченка, 1\u0000; DROP TABLE x' }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'unpaired surrogate in the address',
    method: 'POST',
    url: APPS,
    raw: () => JSON.stringify(withApplicant({ address: 'ADDR' })).replace('ADDR', 'вул. \\ud800 Шевченка'),
    status: 400,
    code: 'invalid_input'
  },
  // ── invalid UTF-8 bytes ────────────────────────────────────────────────
  {
    name: 'invalid UTF-8 (lone continuation byte)',
    method: 'POST',
    url: APPS,
    raw: () => splice('MARKER', Buffer.from([0x4d, 0x80, 0x61])),
    status: 400,
    code: 'invalid_json'
  },
  {
    name: 'overlong UTF-8 encoding of "/"',
    method: 'POST',
    url: APPS,
    raw: () => splice('MARKER', Buffer.from([0xc0, 0xaf])),
    status: 400,
    code: 'invalid_json'
  },
  {
    name: 'UTF-8 encoded surrogate (CESU)',
    method: 'POST',
    url: APPS,
    raw: () => splice('MARKER', Buffer.from([0xed, 0xa0, 0x80])),
    status: 400,
    code: 'invalid_json'
  },
  {
    name: 'truncated multi-byte sequence',
    method: 'POST',
    url: APPS,
    raw: () => splice('MARKER', Buffer.from([0xd0])),
    status: 400,
    code: 'invalid_json'
  },
  {
    name: 'UTF-16 body declared as JSON',
    method: 'POST',
    url: APPS,
    raw: () => Buffer.from(JSON.stringify(app0), 'utf16le'),
    type: 'application/json; charset=utf-16le',
    status: 400,
    code: 'invalid_json'
  },
  // ── path traversal in attachment names ─────────────────────────────────
  {
    name: 'attachment ../../etc/passwd',
    method: 'POST',
    url: APPS,
    json: (c) => withAttachmentName(c, '../../etc/passwd'),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'attachment ..\\..\\win.ini',
    method: 'POST',
    url: APPS,
    json: (c) => withAttachmentName(c, '..\\..\\win.ini'),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'attachment %2e%2e%2f',
    method: 'POST',
    url: APPS,
    json: (c) => withAttachmentName(c, '%2e%2e%2f%2e%2e%2fetc%2fpasswd'),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'attachment absolute path',
    method: 'POST',
    url: APPS,
    json: (c) => withAttachmentName(c, '/etc/shadow'),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'attachment C:\\ path',
    method: 'POST',
    url: APPS,
    json: (c) => withAttachmentName(c, 'C:\\Windows\\system.ini'),
    status: 400,
    code: 'invalid_input'
  },
  { name: 'attachment named ..', method: 'POST', url: APPS, json: (c) => withAttachmentName(c, '..'), status: 400, code: 'invalid_input' },
  {
    name: 'attachment with RLO (exe disguised as pdf)',
    method: 'POST',
    url: APPS,
    json: (c) => withAttachmentName(c, 'скан\u202Efdp.exe'),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'attachment name with NUL',
    method: 'POST',
    url: APPS,
    json: (c) => withAttachmentName(c, 'scan.pdf\u0000.exe'),
    status: 400,
    code: 'invalid_input'
  },
  // ── prototype pollution ────────────────────────────────────────────────
  {
    name: '__proto__ at the top',
    method: 'POST',
    url: APPS,
    raw: () => `{"__proto__":{"polluted":true},${JSON.stringify(app0).slice(1)}`,
    status: 400,
    code: 'invalid_json'
  },
  {
    name: 'escaped \\u005f_proto__ key',
    method: 'POST',
    url: APPS,
    raw: () => `{"\\u005f_proto__":{"polluted":true},${JSON.stringify(app0).slice(1)}`,
    status: 400,
    code: 'invalid_json'
  },
  {
    name: 'constructor.prototype at the top',
    method: 'POST',
    url: APPS,
    raw: () => `{"constructor":{"prototype":{"polluted":true}},${JSON.stringify(app0).slice(1)}`,
    status: 400,
    code: 'invalid_json'
  },
  {
    name: '__proto__ in fields',
    method: 'POST',
    url: APPS,
    raw: () => JSON.stringify(app0).replace('"fields":{}', '"fields":{"__proto__":"x"}'),
    status: 400,
    code: 'invalid_json'
  },
  {
    name: 'constructor in fields',
    method: 'POST',
    url: APPS,
    json: () => ({ ...app0, fields: { constructor: { prototype: { polluted: 'yes' } } } }),
    status: 400
  },
  // ── numbers JSON has no place for ──────────────────────────────────────
  {
    name: 'NaN literal',
    method: 'POST',
    url: APPS,
    raw: () => JSON.stringify(app0).replace('"fields":{}', '"fields":NaN'),
    status: 400,
    code: 'invalid_json'
  },
  {
    name: 'Infinity literal',
    method: 'POST',
    url: APPS,
    raw: () => JSON.stringify(app0).replace('"fields":{}', '"fields":Infinity'),
    status: 400,
    code: 'invalid_json'
  },
  {
    name: '1e400 (parses to Infinity) as birthDate',
    method: 'POST',
    url: APPS,
    raw: () => JSON.stringify(app0).replace('"birthDate":"1982-05-14"', '"birthDate":1e400'),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: '-0 as serviceId',
    method: 'POST',
    url: APPS,
    raw: () => JSON.stringify(app0).replace('"serviceId":"residence-registration"', '"serviceId":-0'),
    status: 400,
    code: 'invalid_input'
  },
  // ── duplicate keys ─────────────────────────────────────────────────────
  {
    name: 'duplicate serviceId',
    method: 'POST',
    url: APPS,
    raw: () => `{"serviceId":"no-such",${JSON.stringify(app0).slice(1)}`,
    status: 400,
    code: 'invalid_json'
  },
  {
    name: 'duplicate key inside applicant',
    method: 'POST',
    url: APPS,
    raw: () => JSON.stringify(app0).replace('"surname":', '"surname":"X","surname":'),
    status: 400,
    code: 'invalid_json'
  },
  {
    name: 'duplicate key written with an escape',
    method: 'POST',
    url: APPS,
    raw: () => JSON.stringify(app0).replace('"delivery":', '"deliver\\u0079":"post","delivery":'),
    status: 400,
    code: 'invalid_json'
  },
  // ── wrong content types and empty or broken bodies ─────────────────────
  {
    name: 'text/plain',
    method: 'POST',
    url: APPS,
    raw: () => JSON.stringify(app0),
    type: 'text/plain',
    status: 415,
    code: 'unsupported_media_type'
  },
  {
    name: 'form-urlencoded',
    method: 'POST',
    url: APPS,
    raw: () => 'serviceId=residence-registration',
    type: 'application/x-www-form-urlencoded',
    status: 415,
    code: 'unsupported_media_type'
  },
  {
    name: 'multipart',
    method: 'POST',
    url: APPS,
    raw: () => '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--',
    type: 'multipart/form-data; boundary=b',
    status: 415,
    code: 'unsupported_media_type'
  },
  {
    name: 'JSON sent as a PDF',
    method: 'POST',
    url: APPS,
    raw: () => JSON.stringify(app0),
    type: 'application/pdf',
    status: 415,
    code: 'unsupported_media_type'
  },
  { name: 'no content type', method: 'POST', url: APPS, raw: () => JSON.stringify(app0), type: '', status: 415 },
  { name: 'empty body', method: 'POST', url: APPS, raw: () => '', status: 400, code: 'invalid_json' },
  { name: 'whitespace body', method: 'POST', url: APPS, raw: () => ' \n\t ', status: 400, code: 'invalid_json' },
  { name: 'truncated JSON', method: 'POST', url: APPS, raw: () => JSON.stringify(app0).slice(0, 80), status: 400, code: 'invalid_json' },
  {
    name: 'trailing garbage',
    method: 'POST',
    url: APPS,
    raw: () => `${JSON.stringify(app0)}; DROP TABLE applications`,
    status: 400,
    code: 'invalid_json'
  },
  {
    name: 'two JSON documents',
    method: 'POST',
    url: APPS,
    raw: () => `${JSON.stringify(app0)}${JSON.stringify(app0)}`,
    status: 400,
    code: 'invalid_json'
  },
  {
    name: 'single-quoted pseudo-JSON',
    method: 'POST',
    url: APPS,
    raw: () => "{'serviceId':'residence-registration'}",
    status: 400,
    code: 'invalid_json'
  },
  // ── answers ────────────────────────────────────────────────────────────
  { name: 'answer is a number', method: 'POST', url: answers, json: () => ({ answer: 42 }), status: 400, code: 'invalid_input' },
  { name: 'answer is an array', method: 'POST', url: answers, json: () => ({ answer: ['так'] }), status: 400, code: 'invalid_input' },
  { name: '1 MB answer', method: 'POST', url: answers, json: () => ({ answer: 'я'.repeat(MB) }), status: 413, code: 'payload_too_large' },
  {
    name: 'answer with RLO',
    method: 'POST',
    url: answers,
    json: () => ({ answer: 'Так\u202E, згоден' }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'answer with an extra field',
    method: 'POST',
    url: answers,
    json: () => ({ answer: 'так', status: 'in_review' }),
    status: 400,
    code: 'unknown_field'
  },
  {
    name: 'answer when none is awaited (SQL as text)',
    method: 'POST',
    url: answers,
    json: () => ({ answer: SQL[1] }),
    status: 409,
    code: 'illegal_transition'
  },
  {
    name: 'answer: SQL in the order number',
    method: 'POST',
    url: `${APPS}/${encodeURIComponent(SQL[0] as string)}/answers`,
    json: () => ({ answer: 'так' }),
    status: 400,
    code: 'invalid_order_number'
  },
  {
    name: 'answer: traversal in the order number',
    method: 'POST',
    url: `${APPS}/..%2F..%2Fetc%2Fpasswd/answers`,
    json: () => ({ answer: 'так' }),
    status: 400,
    code: 'invalid_order_number'
  },
  // ── status lookups ─────────────────────────────────────────────────────
  { name: 'status: SQL in the order number', method: 'GET', url: `${APPS}/${encodeURIComponent(SQL[5] as string)}/status`, status: 400 },
  {
    name: 'status: UNION in the order number',
    method: 'GET',
    url: `${APPS}/1%20UNION%20SELECT%201/status`,
    status: 400,
    code: 'invalid_order_number'
  },
  {
    name: 'status: NUL in the order number',
    method: 'GET',
    url: `${APPS}/001-000001%00/status`,
    status: 400,
    code: 'invalid_order_number'
  },
  {
    name: 'status: RLO in the order number',
    method: 'GET',
    url: `${APPS}/%E2%80%AE001-000001-7/status`,
    status: 400,
    code: 'invalid_order_number'
  },
  { name: 'status: 10,000-character order number', method: 'GET', url: `${APPS}/${'1'.repeat(10_000)}/status` },
  { name: 'status: broken percent-encoding', method: 'GET', url: `${APPS}/%E0%A4%A/status`, status: 400, code: 'invalid_input' },
  { name: 'status: invalid UTF-8 in the path', method: 'GET', url: `${APPS}/%C0%AF/status`, status: 400 },
  {
    name: 'status page: SQL in the order number',
    method: 'GET',
    url: `/status/${encodeURIComponent(SQL[1] as string)}`,
    status: 400,
    code: 'invalid_order_number'
  },
  { name: 'status page: traversal', method: 'GET', url: '/status/..%2F..%2F..%2Fetc%2Fpasswd', status: 400, code: 'invalid_order_number' },
  // ── attachments ────────────────────────────────────────────────────────
  {
    name: 'HTML declared as a PDF',
    method: 'POST',
    url: '/api/v1/attachments',
    raw: () => '<html><script>alert(1)</script></html>',
    type: 'application/pdf',
    status: 415,
    code: 'unsupported_media_type'
  },
  {
    name: 'a Windows executable as octet-stream',
    method: 'POST',
    url: '/api/v1/attachments',
    raw: () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(1000)]),
    type: 'application/octet-stream',
    status: 415,
    code: 'unsupported_media_type'
  },
  {
    name: 'an SVG image',
    method: 'POST',
    url: '/api/v1/attachments',
    raw: () => '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    type: 'image/svg+xml',
    status: 415,
    code: 'unsupported_media_type'
  },
  {
    name: 'a GIF',
    method: 'POST',
    url: '/api/v1/attachments',
    raw: () => Buffer.from('GIF89a\x01\x00\x01\x00'),
    type: 'image/gif',
    status: 415,
    code: 'unsupported_media_type'
  },
  { name: 'an empty PDF', method: 'POST', url: '/api/v1/attachments', raw: () => Buffer.alloc(0), type: 'application/pdf' },
  {
    name: 'JSON to the file endpoint',
    method: 'POST',
    url: '/api/v1/attachments',
    json: () => ({ name: '../../etc/passwd', bytes: 'JVBERi0=' }),
    status: 415,
    code: 'unsupported_media_type'
  },
  // ── enrolment ──────────────────────────────────────────────────────────
  {
    name: 'enrol: workstationId is a number',
    method: 'POST',
    url: '/sync/enrol',
    json: () => enrolBody({ workstationId: 7 }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'enrol: SQL in the enrolment code',
    method: 'POST',
    url: '/sync/enrol',
    json: () => enrolBody({ enrolmentCode: SQL[1] }),
    status: 401,
    code: 'invalid_enrolment_code'
  },
  {
    name: 'enrol: SQL in workstationId',
    method: 'POST',
    url: '/sync/enrol',
    json: () => enrolBody({ workstationId: SQL[0] }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'enrol: SQL in creationNonce (right code)',
    method: 'POST',
    url: '/sync/enrol',
    json: () => enrolBody({ creationNonce: SQL[2] }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'enrol: RLO in the label (right code)',
    method: 'POST',
    url: '/sync/enrol',
    json: () => enrolBody({ label: 'Вікно \u202E1' }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'enrol: NUL in the label (right code)',
    method: 'POST',
    url: '/sync/enrol',
    json: () => enrolBody({ label: 'Вікно\u00001' }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'enrol: 10,000-character code',
    method: 'POST',
    url: '/sync/enrol',
    json: () => enrolBody({ enrolmentCode: 'K'.repeat(10_000) }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'enrol: deep nesting in the label',
    method: 'POST',
    url: '/sync/enrol',
    raw: () => JSON.stringify(enrolBody({})).replace('"label":"Вікно 9"', `"label":${nestedObjects(5_000)}`),
    status: 400,
    code: 'invalid_json'
  },
  { name: 'enrol: empty body', method: 'POST', url: '/sync/enrol', raw: () => '', status: 400, code: 'invalid_json' },
  // ── sign-in ────────────────────────────────────────────────────────────
  {
    name: 'sign-in: SQL in the login',
    method: 'POST',
    url: '/sync/sign-in',
    auth: true,
    json: () => ({ login: SQL[0], password: SQL[0] }),
    status: 401,
    code: 'invalid_credentials'
  },
  {
    name: 'sign-in: NUL in the login',
    method: 'POST',
    url: '/sync/sign-in',
    auth: true,
    json: () => ({ login: 'olena\u0000', password: 'vikno-demo' }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'sign-in: 100 KB password (scrypt DoS)',
    method: 'POST',
    url: '/sync/sign-in',
    auth: true,
    json: () => ({ login: OLENA.login, password: 'p'.repeat(100_000) }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'sign-in: password is an object',
    method: 'POST',
    url: '/sync/sign-in',
    auth: true,
    json: () => ({ login: OLENA.login, password: { $ne: '' } }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'sign-in: duplicate password keys',
    method: 'POST',
    url: '/sync/sign-in',
    auth: true,
    raw: () => '{"login":"olena","password":"x","password":"vikno-demo"}',
    status: 400,
    code: 'invalid_json'
  },
  // ── push ───────────────────────────────────────────────────────────────
  {
    name: 'push: commands is an object',
    method: 'POST',
    url: '/sync/push',
    auth: true,
    json: (c) => ({ workstationId: c.workstationId, commands: { 0: {} } }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'push: seq -0',
    method: 'POST',
    url: '/sync/push',
    auth: true,
    raw: (c) => JSON.stringify(envelope(c, {})).replace('"seq":1', '"seq":-0'),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'push: seq 1e400 (Infinity)',
    method: 'POST',
    url: '/sync/push',
    auth: true,
    raw: (c) => JSON.stringify(envelope(c, {})).replace('"seq":1', '"seq":1e400'),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'push: seq beyond 2^53',
    method: 'POST',
    url: '/sync/push',
    auth: true,
    raw: (c) => JSON.stringify(envelope(c, {})).replace('"seq":1', '"seq":99999999999999999999'),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'push: seq 1.5',
    method: 'POST',
    url: '/sync/push',
    auth: true,
    json: (c) => envelope(c, { seq: 1.5 }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'push: SQL as the command type',
    method: 'POST',
    url: '/sync/push',
    auth: true,
    json: (c) => envelope(c, { type: SQL[1] }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'push: 10,000-character applicationId',
    method: 'POST',
    url: '/sync/push',
    auth: true,
    json: (c) => envelope(c, { applicationId: 'a'.repeat(10_000) }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'push: NUL in the clerk id',
    method: 'POST',
    url: '/sync/push',
    auth: true,
    json: (c) => envelope(c, { clerk: { clerkId: 'clerk-olena\u0000', name: 'x' } }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'push: 10,000 levels in a payload',
    method: 'POST',
    url: '/sync/push',
    auth: true,
    raw: (c) => JSON.stringify(envelope(c, { payload: 'DEEP' })).replace('"DEEP"', nestedObjects(10_000)),
    status: 400,
    code: 'invalid_json'
  },
  {
    name: 'push: settled with an unknown code',
    method: 'POST',
    url: '/sync/push',
    auth: true,
    json: (c) =>
      envelope(c, {
        settled: { outcome: 'rejected', code: 'sql_injection', message: 'x', version: null, decidedAt: '2026-11-27T10:00:00Z' }
      }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'push: settled as applied',
    method: 'POST',
    url: '/sync/push',
    auth: true,
    json: (c) =>
      envelope(c, { settled: { outcome: 'applied', code: 'conflict', message: 'x', version: null, decidedAt: '2026-11-27T10:00:00Z' } }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'push: settled with a date that is not one',
    method: 'POST',
    url: '/sync/push',
    auth: true,
    json: (c) => envelope(c, { settled: { outcome: 'rejected', code: 'conflict', message: 'x', version: null, decidedAt: 'вчора' } }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'push: 501 commands',
    method: 'POST',
    url: '/sync/push',
    auth: true,
    json: (c) => ({
      workstationId: c.workstationId,
      commands: Array.from({ length: 501 }, (_, i) => command(i + 1, 'note', uuidv7(), { text: 'x' }))
    }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'push: SQL as the workstation id',
    method: 'POST',
    url: '/sync/push',
    auth: true,
    json: (c) => ({ ...envelope(c, {}), workstationId: SQL[0] }),
    status: 403,
    code: 'forbidden'
  },
  {
    name: 'push: in another workstation’s name',
    method: 'POST',
    url: '/sync/push',
    auth: true,
    json: (c) => ({ ...envelope(c, {}), workstationId: uuidv7() }),
    status: 403,
    code: 'forbidden'
  },
  {
    name: 'push: __proto__ in the envelope',
    method: 'POST',
    url: '/sync/push',
    auth: true,
    raw: (c) => JSON.stringify(envelope(c, {})).replace('"commandId":', '"__proto__":{"isAdmin":true},"commandId":'),
    status: 400,
    code: 'invalid_json'
  },
  // ── pull query strings ─────────────────────────────────────────────────
  { name: 'pull: negative cursor', method: 'GET', url: '/sync/pull?cursor=-1', auth: true, status: 400, code: 'invalid_input' },
  {
    name: 'pull: cursor beyond 2^53',
    method: 'GET',
    url: '/sync/pull?cursor=99999999999999999999',
    auth: true,
    status: 400,
    code: 'invalid_input'
  },
  { name: 'pull: cursor NaN', method: 'GET', url: '/sync/pull?cursor=NaN', auth: true, status: 400, code: 'invalid_input' },
  { name: 'pull: cursor Infinity', method: 'GET', url: '/sync/pull?cursor=Infinity', auth: true, status: 400, code: 'invalid_input' },
  { name: 'pull: fractional cursor', method: 'GET', url: '/sync/pull?cursor=1.5', auth: true, status: 400, code: 'invalid_input' },
  {
    name: 'pull: SQL in the cursor',
    method: 'GET',
    url: `/sync/pull?cursor=${encodeURIComponent('0 OR 1=1')}`,
    auth: true,
    status: 400,
    code: 'invalid_input'
  },
  { name: 'pull: cursor given twice', method: 'GET', url: '/sync/pull?cursor=1&cursor=2', auth: true, status: 400, code: 'invalid_input' },
  { name: 'pull: limit 0', method: 'GET', url: '/sync/pull?limit=0', auth: true, status: 400, code: 'invalid_input' },
  { name: 'pull: negative limit', method: 'GET', url: '/sync/pull?limit=-500', auth: true, status: 400, code: 'invalid_input' },
  { name: 'pull: huge limit', method: 'GET', url: '/sync/pull?limit=1000000000', auth: true, status: 400, code: 'invalid_input' },
  { name: 'pull: __proto__ in the query', method: 'GET', url: '/sync/pull?__proto__%5Bpolluted%5D=1', auth: true, status: 400 },
  {
    name: 'pull: unknown parameter with SQL',
    method: 'GET',
    url: `/sync/pull?since=${encodeURIComponent(SQL[1] as string)}`,
    auth: true,
    status: 400,
    code: 'unknown_field'
  },
  // ── blobs ──────────────────────────────────────────────────────────────
  {
    name: 'blob: traversal',
    method: 'GET',
    url: '/sync/blobs/..%2F..%2F..%2Fetc%2Fpasswd',
    auth: true,
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'blob: backslash traversal',
    method: 'GET',
    url: '/sync/blobs/..%5C..%5Cwin.ini',
    auth: true,
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'blob: SQL in the hash',
    method: 'GET',
    url: `/sync/blobs/${encodeURIComponent(SQL[0] as string)}`,
    auth: true,
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'blob: upper-case hash',
    method: 'GET',
    url: (c) => `/sync/blobs/${c.sha.toUpperCase()}`,
    auth: true,
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'blob: hash with a NUL',
    method: 'GET',
    url: (c) => `/sync/blobs/${c.sha.slice(0, 63)}%00`,
    auth: true,
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'blob: a file no application of the centre refers to',
    method: 'GET',
    url: (c) => `/sync/blobs/${c.loneSha}`,
    auth: true,
    status: 404,
    code: 'not_found'
  },
  // ── admin ──────────────────────────────────────────────────────────────
  {
    name: 'admin: traversal as the workstation id',
    method: 'POST',
    url: '/admin/workstations/..%2F..%2Fclerks/revoke',
    auth: true,
    json: () => ({ login: NADIIA.login, password: NADIIA.password }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'admin: SQL as the clerk id',
    method: 'POST',
    url: `/admin/clerks/${encodeURIComponent(SQL[1] as string)}/disable`,
    auth: true,
    json: () => ({ login: NADIIA.login, password: NADIIA.password }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'admin: NUL in the clerk id',
    method: 'POST',
    url: '/admin/clerks/clerk-olena%00/disable',
    auth: true,
    json: () => ({ login: NADIIA.login, password: NADIIA.password }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'admin: SQL in the admin login',
    method: 'POST',
    url: `/admin/clerks/${OLENA.clerkId}/disable`,
    auth: true,
    json: () => ({ login: `${NADIIA.login}'--`, password: SQL[0] }),
    status: 401,
    code: 'invalid_credentials'
  },
  {
    name: 'admin: directory without a token',
    method: 'POST',
    url: '/admin/directory',
    json: () => admin({}),
    status: 401,
    code: 'unauthenticated'
  },
  {
    name: 'admin: directory with an extra field',
    method: 'POST',
    url: '/admin/directory',
    auth: true,
    json: () => admin({ centreId: 'other-cnap' }),
    status: 400,
    code: 'unknown_field'
  },
  {
    name: 'admin: SQL as the new clerk’s login',
    method: 'POST',
    url: '/admin/clerks',
    auth: true,
    json: () => admin({ clerk: newClerk({ login: SQL[1] }) }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'admin: bidi in the new clerk’s name',
    method: 'POST',
    url: '/admin/clerks',
    auth: true,
    json: () => admin({ clerk: newClerk({ name: 'Марта\u202EКовальчук' }) }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'admin: 1 MB new clerk’s name',
    method: 'POST',
    url: '/admin/clerks',
    auth: true,
    json: () => admin({ clerk: newClerk({ name: 'М'.repeat(MB) }) }),
    status: 413,
    code: 'payload_too_large'
  },
  {
    name: 'admin: the new clerk as an array',
    method: 'POST',
    url: '/admin/clerks',
    auth: true,
    json: () => admin({ clerk: [newClerk({})] }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'admin: a role that does not exist',
    method: 'POST',
    url: '/admin/clerks',
    auth: true,
    json: () => admin({ clerk: newClerk({ role: 'superuser' }) }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'admin: a centre smuggled into the new clerk',
    method: 'POST',
    url: '/admin/clerks',
    auth: true,
    json: () => admin({ clerk: { ...newClerk({}), centreId: 'other-cnap' } }),
    status: 400,
    code: 'unknown_field'
  },
  {
    name: 'admin: SQL as the role',
    method: 'POST',
    url: `/admin/clerks/${OLENA.clerkId}/role`,
    auth: true,
    json: () => admin({ role: SQL[0] }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'admin: traversal as the clerk id of a role change',
    method: 'POST',
    url: '/admin/clerks/..%2Fadmin-nadiia/role',
    auth: true,
    json: () => admin({ role: 'admin' }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'admin: a 3-character new password',
    method: 'POST',
    url: `/admin/clerks/${OLENA.clerkId}/password`,
    auth: true,
    json: () => admin({ newPassword: 'abc' }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'admin: a new password as a number',
    method: 'POST',
    url: `/admin/clerks/${OLENA.clerkId}/password`,
    auth: true,
    json: () => admin({ newPassword: 1234567890123 }),
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'admin: deep nesting in a role change',
    method: 'POST',
    url: `/admin/clerks/${OLENA.clerkId}/role`,
    auth: true,
    raw: () => `{"login":"nadiia","password":"vikno-demo","role":${nestedObjects(10_000, '"admin"')}}`,
    status: 400,
    code: 'invalid_json'
  },
  {
    name: 'admin: a clerk enables themselves',
    method: 'POST',
    url: `/admin/clerks/${OLENA.clerkId}/enable`,
    auth: true,
    json: () => ({ login: OLENA.login, password: OLENA.password }),
    status: 403,
    code: 'forbidden'
  }
]

/** Row counts of every table of the schema and the counters a request could move. */
async function fingerprint(db: Queryable): Promise<Record<string, number>> {
  const tables = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
  )
  const out: Record<string, number> = {}
  for (const { name } of tables) {
    const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${name.replace(/"/g, '""')}"`)
    out[name] = Number(rows[0]?.n ?? 0)
  }
  const counters = await db.query<{ k: string; n: number }>(
    `SELECT 'centre_versions' AS k, coalesce(sum(version), 0)::int AS n FROM centres
     UNION ALL SELECT 'last_seqs', coalesce(sum(last_seq), 0)::int FROM workstations
     UNION ALL SELECT 'revoked', count(*)::int FROM workstations WHERE revoked_at IS NOT NULL
     UNION ALL SELECT 'disabled', count(*)::int FROM clerks WHERE disabled_at IS NOT NULL
     UNION ALL SELECT 'next_seqs', coalesce(sum(next_seq), 0)::int FROM order_sequences
     UNION ALL SELECT 'application_versions', coalesce(sum(version), 0)::int FROM applications`
  )
  for (const c of counters) out[c.k] = Number(c.n)
  return out
}

async function prepare(fx: PortalFixture): Promise<Ctx> {
  const { ws } = await setup(fx.portal)
  const up = await send(fx.portal.app, 'POST', '/api/v1/attachments', {
    headers: { 'content-type': 'application/pdf' },
    body: demoPdf(['hostile'])
  })
  const lone = await send(fx.portal.app, 'POST', '/api/v1/attachments', {
    headers: { 'content-type': 'image/png' },
    body: demoPng(7, 8, 8)
  })
  const sha = up.json<{ sha256: string }>().sha256
  const { orderNumber } = await submit(fx.portal, { attachments: [{ sha256: sha, name: 'Заява.pdf', mediaType: 'application/pdf' }] })
  return { token: ws.token, workstationId: ws.id, orderNumber, sha, loneSha: lone.json<{ sha256: string }>().sha256 }
}

function requestOf(h: Hostile, c: Ctx): { url: string; opts: SendOptions } {
  const url = typeof h.url === 'function' ? h.url(c) : h.url
  const opts: SendOptions = h.auth ? { token: c.token } : {}
  if (h.json) opts.json = h.json(c)
  if (h.raw) {
    opts.body = h.raw(c)
    opts.headers = h.type === '' ? {} : { 'content-type': h.type ?? 'application/json' }
  } else if (h.type !== undefined) {
    opts.headers = { 'content-type': h.type }
  }
  return { url, opts }
}

it('the corpus holds at least 50 hostile payloads, each with a unique name, across every endpoint', () => {
  expect(CORPUS.length).toBeGreaterThanOrEqual(50)
  expect(new Set(CORPUS.map((h) => h.name)).size).toBe(CORPUS.length)
  const dummy: Ctx = { token: 't', workstationId: 'w', orderNumber: '001-000001-7', sha: 's', loneSha: 'l' }
  const urls = CORPUS.map((h) => (typeof h.url === 'string' ? h.url : h.url(dummy)).split('?')[0] ?? '')
  const covered = (test: (u: string) => boolean): number => urls.filter(test).length
  expect(
    covered((u) => u === APPS),
    'intake'
  ).toBeGreaterThanOrEqual(20)
  expect(
    covered((u) => u.endsWith('/answers')),
    'answers'
  ).toBeGreaterThan(0)
  expect(
    covered((u) => u.endsWith('/status') || u.startsWith('/status/')),
    'status lookups'
  ).toBeGreaterThan(0)
  for (const prefix of [
    '/api/v1/attachments',
    '/sync/enrol',
    '/sync/sign-in',
    '/sync/push',
    '/sync/pull',
    '/sync/blobs/',
    '/admin/workstations/',
    '/admin/clerks/'
  ]) {
    expect(
      covered((u) => u.startsWith(prefix)),
      prefix
    ).toBeGreaterThan(0)
  }
})

describeBackends('hostile payload corpus', (fx) => {
  let ctx: Ctx
  beforeEach(async () => {
    ctx = await prepare(fx)
  })

  it.each(CORPUS.map((h) => [h.name, h] as const))('%s → 4xx, nothing stored, still healthy', async (name, h) => {
    const before = await fingerprint(fx.db)
    const { url, opts } = requestOf(h, ctx)
    const res = await send(fx.portal.app, h.method, url, opts)
    expectError(res, name, h.status, h.code)
    expectSecurityHeaders(res, name)
    expect(await fingerprint(fx.db), `${name}: nothing stored`).toEqual(before)
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), 'Object.prototype is untouched').toBe(false)
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'isAdmin'), 'Object.prototype is untouched').toBe(false)
    const health = await send(fx.portal.app, 'GET', '/health')
    expect(health.statusCode).toBe(200)
    expect(health.json()).toEqual({ ok: true })
    const valid = await send(fx.portal.app, 'POST', APPS, {
      json: validApplication({ attachments: [{ sha256: ctx.sha, name: 'Паспорт.pdf', mediaType: 'application/pdf' }] })
    })
    expect(valid.statusCode, `a valid submission after "${name}": ${valid.body}`).toBe(201)
  })

  it('after the whole corpus in one go, the portal still serves everyone', async () => {
    for (const h of CORPUS) {
      const { url, opts } = requestOf(h, ctx)
      const res = await send(fx.portal.app, h.method, url, opts)
      expect(res.statusCode, h.name).toBeGreaterThanOrEqual(400)
      expect(res.statusCode, h.name).toBeLessThan(500)
    }
    expect((await send(fx.portal.app, 'GET', '/health')).statusCode).toBe(200)
    expect((await send(fx.portal.app, 'POST', APPS, { json: validApplication() })).statusCode).toBe(201)
    expect((await send(fx.portal.app, 'GET', '/sync/pull', { token: ctx.token })).statusCode).toBe(200)
    const pushed = await send(fx.portal.app, 'POST', '/sync/push', {
      token: ctx.token,
      json: { workstationId: ctx.workstationId, commands: [command(1, 'note', uuidv7(), { text: 'перевірка' })] }
    })
    expect(pushed.statusCode).toBe(200)
    expect(
      (await send(fx.portal.app, 'POST', '/sync/sign-in', { token: ctx.token, json: { login: OLENA.login, password: OLENA.password } }))
        .statusCode
    ).toBe(200)
  })

  it('SQL injection text in free-text fields is data: stored verbatim, every table intact', async () => {
    const address = `м. Хмельницький, ${SQL[1]}`
    const note = SQL.join(' | ')
    const created = await send(fx.portal.app, 'POST', APPS, { json: { ...withApplicant({ address }), fields: { note } } })
    expect(created.statusCode).toBe(201)
    const { orderNumber } = created.json<{ orderNumber: string }>()
    const rows = await fx.db.query<{ address: string; note: string }>(
      `SELECT record -> 'applicant' ->> 'address' AS address, record -> 'fields' ->> 'note' AS note FROM applications WHERE order_number = $1`,
      [orderNumber]
    )
    expect(rows).toEqual([{ address, note }])
    const enrolled = await send(fx.portal.app, 'POST', '/sync/enrol', {
      json: enrolBody({ label: `Вікно ${SQL[0]}`, enrolmentCode: await issueCode(fx.portal) })
    })
    expect(enrolled.statusCode).toBe(200)
    const counts = await fingerprint(fx.db)
    expect(counts.applications).toBe(2)
    expect(counts.workstations).toBe(2)
  })
})
