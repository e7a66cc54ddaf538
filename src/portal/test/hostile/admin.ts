import { NADIIA, OLENA } from '../fixtures'
import { type Hostile, SQL, MB, nestedObjects, admin, newClerk } from './corpus-kit'

/** The administration API. */
export const ADMIN: Hostile[] = [
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
