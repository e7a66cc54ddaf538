import { describe, expect, it } from 'vitest'
import { parseCookies, WebKeys } from './session'

describe('sealed cookies and CSRF tokens', () => {
  const keys = new WebKeys(Buffer.alloc(32, 7))
  const now = 1_800_000_000_000

  it('a sealed value opens only for its own kind, before its expiry, with the key that sealed it, untouched', () => {
    const sealed = keys.seal('draft', { a: 'Шевченко' }, now + 1000)
    expect(keys.unseal('draft', sealed, now)).toEqual({ a: 'Шевченко' })
    expect(sealed).not.toContain('Шевченко')
    expect(keys.unseal('access', sealed, now)).toBeNull()
    expect(keys.unseal('draft', sealed, now + 1000)).toBeNull()
    expect(new WebKeys(Buffer.alloc(32, 8)).unseal('draft', sealed, now)).toBeNull()
    const flipped = sealed.slice(0, 20) + (sealed[20] === 'A' ? 'B' : 'A') + sealed.slice(21)
    expect(keys.unseal('draft', flipped, now)).toBeNull()
    expect(keys.unseal('draft', 'short', now)).toBeNull()
    expect(keys.unseal('draft', undefined, now)).toBeNull()
  })

  it('a CSRF token belongs to its cookie only', () => {
    const cookie = keys.newCsrfCookie()
    const token = keys.csrfToken(cookie)
    expect(keys.csrfValid(cookie, token)).toBe(true)
    expect(keys.csrfValid(keys.newCsrfCookie(), token)).toBe(false)
    expect(keys.csrfValid(cookie, token.slice(0, -1))).toBe(false)
    expect(keys.csrfValid(cookie, undefined)).toBe(false)
    expect(keys.csrfValid(undefined, token)).toBe(false)
    expect(new WebKeys(Buffer.alloc(32, 9)).csrfValid(cookie, token)).toBe(false)
  })

  it('cookies: the first of a name wins; values outside the cookie alphabet are ignored', () => {
    const c = parseCookies('a=1; b=x y; a=2; c=ok_-.~; =v; d')
    expect(c.get('a')).toBe('1')
    expect(c.has('b')).toBe(false)
    expect(c.get('c')).toBe('ok_-.~')
    expect(c.size).toBe(2)
  })
})
