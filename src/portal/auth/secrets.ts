import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/*
 * Clerk passwords: scrypt with a random salt (node:crypto, no native add-on). Workstation tokens and
 * enrolment codes are high-entropy or rate-limited, so a SHA-256 lookup hash is enough for them: the
 * database never holds a usable credential.
 */

const SCRYPT = { N: 16_384, r: 8, p: 1, keyLen: 32 } as const

function scryptAsync(password: string, salt: Buffer, keyLen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLen, opts, (error, key) => (error ? reject(error) : resolve(key)))
  })
}

export async function hashPassword(password: string, cost: number = SCRYPT.N): Promise<string> {
  const salt = randomBytes(16)
  const key = await scryptAsync(password.normalize('NFC'), salt, SCRYPT.keyLen, {
    N: cost,
    r: SCRYPT.r,
    p: SCRYPT.p,
    maxmem: 64 * 1024 * 1024
  })
  return `scrypt$${cost}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [, n, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string]
  const expected = Buffer.from(keyB64, 'base64')
  const key = await scryptAsync(password.normalize('NFC'), Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024
  })
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/** Used when a login is unknown, so that the answer takes as long as for a wrong password. */
let dummyHash: Promise<string> | null = null
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('vikno-no-such-clerk')
  return dummyHash
}

export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex')
}

export function newWorkstationToken(): string {
  return `vkw_${randomBytes(32).toString('base64url')}`
}

/** Codes are typed by people: case and separators do not matter. */
export function enrolmentCodeHash(code: string): string {
  return sha256Hex(
    code
      .trim()
      .toUpperCase()
      .replace(/[\s\-_]/g, '')
  )
}
