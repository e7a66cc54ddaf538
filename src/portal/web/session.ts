import type { FastifyReply } from 'fastify'
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/*
 * The citizens' pages keep no server session: what they remember between requests lives in
 * cookies the portal seals (AES-256-GCM with a key only the portal holds; the key's id is
 * in the associated data so a sealed value of one kind cannot pass for another). Sealed values
 * carry their expiry. The composition (portal.ts) takes the key from the database (`portal_secrets`,
 * made by the first process), so every process of one portal seals alike and a restart keeps them;
 * a new key invalidates them all: a draft is then lost, a status page asks for its code again.
 *
 * CSRF: a random HttpOnly, SameSite=Strict cookie, and every form carries HMAC(key, cookie) as a
 * hidden field (a synchronizer token bound to the cookie). A forged page on another site can make
 * the browser post, but can neither read the cookie nor compute the token.
 */

export const COOKIE = {
  csrf: 'vikno_csrf',
  lang: 'vikno_lang',
  draft: 'vikno_draft',
  access: 'vikno_access',
  done: 'vikno_done',
  /** A test link's token (issue 17): a tester applies for a service in testing across the pages. */
  test: 'vikno_test'
} as const

export interface CookieOptions {
  path: string
  maxAgeSeconds: number | null
  sameSite: 'Strict' | 'Lax'
  httpOnly: boolean
  secure: boolean
}

/** `Cookie:` header → name → value; a name given twice keeps its first value (the most specific path). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>()
  if (!header) return out
  for (const raw of header.split(';')) {
    const part = raw.trim()
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    const name = part.slice(0, eq).trim()
    const value = part.slice(eq + 1).trim()
    if (!out.has(name) && /^[A-Za-z0-9_.~-]{0,4096}$/.test(value)) out.set(name, value)
  }
  return out
}

export function serializeCookie(name: string, value: string, o: CookieOptions): string {
  const parts = [`${name}=${value}`, `Path=${o.path}`, `SameSite=${o.sameSite}`]
  if (o.maxAgeSeconds !== null) parts.push(`Max-Age=${o.maxAgeSeconds}`)
  if (o.httpOnly) parts.push('HttpOnly')
  if (o.secure) parts.push('Secure')
  return parts.join('; ')
}

const b64u = (b: Buffer): string => b.toString('base64url')

export class WebKeys {
  private readonly sealKey: Buffer
  private readonly csrfKey: Buffer

  constructor(secret: Buffer = randomBytes(32)) {
    if (secret.length < 32) throw new RangeError('WebKeys: the secret must be at least 32 bytes')
    this.sealKey = createHmac('sha256', secret).update('vikno web seal v1').digest()
    this.csrfKey = createHmac('sha256', secret).update('vikno web csrf v1').digest()
  }

  /** `kind` binds the value to its use (a draft cannot be replayed as an access cookie). */
  seal(kind: string, payload: unknown, expiresAtMs: number): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv)
    cipher.setAAD(Buffer.from(kind))
    const body = Buffer.concat([cipher.update(JSON.stringify({ e: expiresAtMs, p: payload }), 'utf8'), cipher.final()])
    return b64u(Buffer.concat([iv, cipher.getAuthTag(), body]))
  }

  /** The payload, or null when the value is not ours, of another kind, tampered with or expired. */
  unseal(kind: string, sealed: string | undefined, nowMs: number): unknown {
    if (!sealed) return null
    const raw = Buffer.from(sealed, 'base64url')
    if (raw.length < 29) return null
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.sealKey, raw.subarray(0, 12))
      decipher.setAAD(Buffer.from(kind))
      decipher.setAuthTag(raw.subarray(12, 28))
      const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
      const parsed: unknown = JSON.parse(text)
      if (typeof parsed !== 'object' || parsed === null || !('e' in parsed) || !('p' in parsed)) return null
      const { e, p } = parsed as { e: unknown; p: unknown }
      return typeof e === 'number' && e > nowMs ? p : null
    } catch {
      return null
    }
  }

  newCsrfCookie(): string {
    return b64u(randomBytes(32))
  }

  csrfToken(cookie: string): string {
    return b64u(createHmac('sha256', this.csrfKey).update(cookie).digest())
  }

  /** Constant-time: does the form's token belong to the browser's CSRF cookie? */
  csrfValid(cookie: string | undefined, token: string | undefined): boolean {
    if (!cookie || !token) return false
    const expected = Buffer.from(this.csrfToken(cookie))
    const given = Buffer.from(token)
    return expected.length === given.length && timingSafeEqual(expected, given)
  }
}

/**
 * Cookies set on a reply: each HttpOnly, SameSite=Lax, Secure behind https, added beside those the
 * reply already sets; `clear` expires one.
 */
export function replyCookies(secure: boolean): {
  set(reply: FastifyReply, name: string, value: string, path: string, maxAgeMs: number | null): void
  clear(reply: FastifyReply, name: string, path: string): void
} {
  const set = (reply: FastifyReply, name: string, value: string, path: string, maxAgeMs: number | null): void => {
    const header = serializeCookie(name, value, {
      path,
      maxAgeSeconds: maxAgeMs === null ? null : Math.round(maxAgeMs / 1000),
      sameSite: 'Lax',
      httpOnly: true,
      secure
    })
    const prev = reply.getHeader('set-cookie')
    const list = prev === undefined ? [] : Array.isArray(prev) ? prev.map(String) : [String(prev)]
    void reply.header('set-cookie', [...list, header])
  }
  return { set, clear: (reply, name, path) => set(reply, name, '', path, 0) }
}
