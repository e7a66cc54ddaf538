import { type Hostile, app0, withAttachmentName, splice, APPS } from './corpus-kit'

/** Intake: invalid UTF-8, path traversal in names, prototype pollution, numbers JSON cannot hold, duplicate keys, wrong content types and broken bodies. */
export const INTAKE_BYTES: Hostile[] = [
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
  }
]
