import { z } from 'zod'

/*
 * The access code that opens one application to its applicant (citizen-portal.md, "Access to an
 * application"). An order number names an application and is no secret (numbers are sequential and
 * the check digit is public); the code is what opens it.
 *
 *   - 12 characters from a 31-character alphabet without 0/O, 1/I/L: 31^12 ≈ 2^59.4, far above the
 *     40 bits asked for, so that an online guess rate-limited to a few dozen tries an hour never
 *     comes near, and a stolen table of hashes (slow scrypt below) does not either;
 *   - shown and printed in groups of four (`K7QM-4XPR-9TAW`) to be read aloud at a counter or on the
 *     phone; typed in any case, with or without separators, and with the Cyrillic letters that look
 *     like Latin ones (a Ukrainian keyboard layout left on is the commonest typo).
 *
 * Only the pure parts live here. Making a code needs a random source and hashing needs scrypt
 * (node:crypto), so the portal (src/portal/auth/access-codes.ts) and the workstation
 * (src/main/services/access-codes.ts) do those, both with ACCESS_CODE_KDF; only its hash travels.
 */

export const ACCESS_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const ACCESS_CODE_LENGTH = 12
const GROUP = 4

/** Cyrillic capitals that look like a Latin letter of the alphabet (or like an excluded one, which then fails). */
const LOOKALIKES: Readonly<Record<string, string>> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  У: 'Y',
  Х: 'X',
  І: 'I'
}

/**
 * A new code from `randomIndex(n)`, which must return a uniformly random integer in [0, n) from a
 * cryptographically secure source (node:crypto's randomInt). Formatted in groups.
 */
export function makeAccessCode(randomIndex: (n: number) => number): string {
  let raw = ''
  for (let i = 0; i < ACCESS_CODE_LENGTH; i++) {
    const index = randomIndex(ACCESS_CODE_ALPHABET.length)
    if (!Number.isInteger(index) || index < 0 || index >= ACCESS_CODE_ALPHABET.length) throw new RangeError('randomIndex out of range')
    raw += ACCESS_CODE_ALPHABET[index]
  }
  return formatAccessCode(raw)
}

/**
 * The code as it is hashed: 12 characters of the alphabet, upper case, no separators. Null when
 * what was typed cannot be a code at all (wrong length or a character outside the alphabet).
 */
export function normalizeAccessCode(typed: string): string | null {
  if (typed.length > 64) return null
  let out = ''
  for (const ch of typed.toUpperCase()) {
    if (/[\s\-‐‑‒–—_.·/]/u.test(ch)) continue
    const latin = LOOKALIKES[ch] ?? ch
    if (!ACCESS_CODE_ALPHABET.includes(latin)) return null
    out += latin
  }
  return out.length === ACCESS_CODE_LENGTH ? out : null
}

/** `K7QM4XPR9TAW` → `K7QM-4XPR-9TAW` (what is printed and shown). */
export function formatAccessCode(normalized: string): string {
  const groups: string[] = []
  for (let i = 0; i < normalized.length; i += GROUP) groups.push(normalized.slice(i, i + GROUP))
  return groups.join('-')
}

/**
 * scrypt parameters of every access-code hash. Fixed, not taken from the hash: a workstation sends
 * hashes to the portal, and a hash that named its own cost could make each check on the portal
 * cheap (N = 2) or ruinous (N = 2^30). About 16 MB and 30-60 ms a hash on one core.
 */
export const ACCESS_CODE_KDF = { N: 16_384, r: 8, p: 1, saltBytes: 16, keyBytes: 32 } as const

/** `scrypt$16384$8$1$<salt, 16 bytes base64>$<key, 32 bytes base64>`: the only shape the portal stores. */
export const accessCodeHashSchema = z
  .string()
  .regex(
    new RegExp(`^scrypt\\$${ACCESS_CODE_KDF.N}\\$${ACCESS_CODE_KDF.r}\\$${ACCESS_CODE_KDF.p}\\$[A-Za-z0-9+/]{22}==\\$[A-Za-z0-9+/]{43}=$`),
    'Відбиток коду доступу має неправильний формат'
  )
export type AccessCodeHash = z.infer<typeof accessCodeHashSchema>

/** The salt and the key of a hash in accessCodeHashSchema's shape, base64. */
export function splitAccessCodeHash(hash: string): { salt: string; key: string } | null {
  if (!accessCodeHashSchema.safeParse(hash).success) return null
  const parts = hash.split('$')
  return { salt: parts[4] as string, key: parts[5] as string }
}

export function joinAccessCodeHash(salt: string, key: string): string {
  return `scrypt$${ACCESS_CODE_KDF.N}$${ACCESS_CODE_KDF.r}$${ACCESS_CODE_KDF.p}$${salt}$${key}`
}
