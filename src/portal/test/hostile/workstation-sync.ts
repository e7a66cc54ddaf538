import { v7 as uuidv7 } from 'uuid'
import { command, OLENA } from '../fixtures'
import { type Hostile, SQL, nestedObjects, enrolBody, envelope } from './corpus-kit'

/** The workstations' API: enrolment, sign-in, push, pull query strings, blobs. */
export const WORKSTATION_SYNC: Hostile[] = [
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
  }
]
