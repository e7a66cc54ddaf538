import { type Hostile, SQL, MB, APPS, answers, status, withCode } from './corpus-kit'

/** Answers to a correction request, status lookups and attachment uploads. */
export const CITIZEN_LOOKUPS: Hostile[] = [
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
    headers: withCode,
    json: () => ({ answer: SQL[1] }),
    status: 409,
    code: 'illegal_transition'
  },
  // ── access codes (issue 16): none, wrong, hostile — the same 404 as an unknown number ──
  { name: 'answer without the access code', method: 'POST', url: answers, json: () => ({ answer: 'так' }), status: 404, code: 'not_found' },
  {
    name: 'answer: SQL as the access code',
    method: 'POST',
    url: answers,
    headers: () => ({ 'x-access-code': SQL[0] as string }),
    json: () => ({ answer: 'так' }),
    status: 404,
    code: 'not_found'
  },
  {
    name: 'answer: the right code, but a body of the wrong content type',
    method: 'POST',
    url: answers,
    headers: withCode,
    raw: () => 'answer=так',
    type: 'application/x-www-form-urlencoded',
    status: 415,
    code: 'unsupported_media_type'
  },
  { name: 'status without the access code', method: 'GET', url: status, status: 404, code: 'not_found' },
  {
    name: 'status: markup as the access code',
    method: 'GET',
    url: status,
    headers: () => ({ 'x-access-code': '<script>alert(1)</script>' }),
    status: 404,
    code: 'not_found'
  },
  {
    name: 'status: a 10,000-character access code in the header',
    method: 'GET',
    url: status,
    headers: () => ({ 'x-access-code': 'K'.repeat(10_000) }),
    status: 404,
    code: 'not_found'
  },
  {
    name: 'status: a 10,000-character access code in the query',
    method: 'GET',
    url: (c) => `${status(c)}?code=${'K'.repeat(10_000)}`,
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'status: two access codes in the query',
    method: 'GET',
    url: (c) => `${status(c)}?code=K7QM-4XPR-9TAW&code=K7QM-4XPR-9TAX`,
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'status: NUL in the access code',
    method: 'GET',
    url: (c) => `${status(c)}?code=K7QM%004XPR9TAW`,
    status: 404,
    code: 'not_found'
  },
  {
    name: 'status: an unknown query parameter beside the code',
    method: 'GET',
    url: (c) => `${status(c)}?code=K7QM-4XPR-9TAW&admin=1`,
    status: 400,
    code: 'unknown_field'
  },
  {
    name: 'status page: a 10,000-character access code',
    method: 'GET',
    url: (c) => `/status/${c.orderNumber}?code=${'K'.repeat(10_000)}`,
    status: 400,
    code: 'invalid_input'
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
  }
]
