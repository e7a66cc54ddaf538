import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/*
 * Offline sign-in verifiers: scrypt (memory-hard, in node:crypto, no native add-on) with a random
 * salt per verifier. N = 2^15, r = 8, p = 1 costs 32 MiB and about 0.1 s a check on a desk PC: cheap
 * for a clerk signing in, expensive for anyone who copies the database file and guesses offline
 * (OWASP's minimum for scrypt is N = 2^17 with r = 8, p = 1 for server-side storage; a workstation
 * also has the lockout and owner-only permissions in front of it, and must stay quick on old PCs).
 * The password itself is never stored, logged or kept in memory longer than the check.
 */

export const VERIFIER_KDF = { N: 2 ** 15, r: 8, p: 1, keyLen: 32, saltLen: 16 } as const

/** 128·N·r bytes plus slack; Node's default maxmem (32 MiB) is exactly the need at N = 2^15, r = 8. */
const MAXMEM = 128 * 1024 * 1024
/** A tampered file cannot make one check take minutes. */
const MAX_N = 2 ** 20

function scryptAsync(password: string, salt: Buffer, keyLen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLen, opts, (error, key) => (error ? reject(error) : resolve(key)))
  })
}

// The same characters typed on another keyboard layout or OS can arrive composed or decomposed.
const normalise = (password: string): string => password.normalize('NFC')

export async function makeVerifier(password: string, kdf: { N: number; r: number; p: number } = VERIFIER_KDF): Promise<string> {
  const salt = randomBytes(VERIFIER_KDF.saltLen)
  const key = await scryptAsync(normalise(password), salt, VERIFIER_KDF.keyLen, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: MAXMEM })
  return `scrypt$${kdf.N}$${kdf.r}$${kdf.p}$${salt.toString('base64')}$${key.toString('base64')}`
}

export async function checkVerifier(password: string, verifier: string): Promise<boolean> {
  const parts = verifier.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [, n, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string]
  const N = Number(n)
  const R = Number(r)
  const P = Number(p)
  if (
    !Number.isInteger(N) ||
    N < 2 ||
    N > MAX_N ||
    (N & (N - 1)) !== 0 ||
    !Number.isInteger(R) ||
    R < 1 ||
    R > 32 ||
    !Number.isInteger(P) ||
    P < 1 ||
    P > 16
  ) {
    return false
  }
  const expected = Buffer.from(keyB64, 'base64')
  if (expected.length < 16) return false
  const key = await scryptAsync(normalise(password), Buffer.from(saltB64, 'base64'), expected.length, { N, r: R, p: P, maxmem: MAXMEM })
  return timingSafeEqual(key, expected)
}

let dummy: Promise<string> | null = null
/** Checked against when a login has no verifier, so that the answer takes as long as a wrong password. */
export function dummyVerifier(): Promise<string> {
  dummy ??= makeVerifier('vikno-no-such-clerk')
  return dummy
}
