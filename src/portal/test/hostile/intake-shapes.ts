import { type Hostile, SQL, MB, app0, applicant0, withApplicant, nestedArrays, nestedObjects, APPS } from './corpus-kit'

/** Intake: wrong types and shapes, huge strings and deep nesting, SQL injection in formatted fields, control and bidi characters. */
export const INTAKE_SHAPES: Hostile[] = [
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
  }
]
