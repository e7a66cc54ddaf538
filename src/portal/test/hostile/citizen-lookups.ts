import { type Hostile, SQL, MB, APPS, answers } from './corpus-kit'

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
  }
]
