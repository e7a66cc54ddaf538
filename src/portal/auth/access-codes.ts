import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto'
import {
  ACCESS_CODE_KDF,
  joinAccessCodeHash,
  makeAccessCode,
  normalizeAccessCode,
  splitAccessCodeHash
} from '../../shared/domain/access-code'

/*
 * Making, hashing and checking access codes on the portal (issue 16; the rules are in
 * src/shared/domain/access-code.ts). The workstation makes and hashes walk-ins' codes the same way
 * (src/main/services/access-codes.ts); only the portal checks them.
 */

function derive(normalized: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      normalized,
      salt,
      ACCESS_CODE_KDF.keyBytes,
      { N: ACCESS_CODE_KDF.N, r: ACCESS_CODE_KDF.r, p: ACCESS_CODE_KDF.p, maxmem: 64 * 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key))
    )
  })
}

/** A new code (formatted in groups) and its hash, from node:crypto's CSPRNG. */
export async function newAccessCode(): Promise<{ code: string; hash: string }> {
  const code = makeAccessCode((n) => randomInt(n))
  return { code, hash: await hashAccessCode(code) }
}

export async function hashAccessCode(code: string, salt: Buffer = randomBytes(ACCESS_CODE_KDF.saltBytes)): Promise<string> {
  const normalized = normalizeAccessCode(code)
  if (normalized === null) throw new RangeError('hashAccessCode: not an access code')
  if (salt.length !== ACCESS_CODE_KDF.saltBytes) throw new RangeError('hashAccessCode: wrong salt length')
  const key = await derive(normalized, salt)
  return joinAccessCodeHash(salt.toString('base64'), key.toString('base64'))
}

/**
 * Stands in for the hash of an application that has none (an unknown number, or a walk-in from a
 * workstation that sent no code): the check does the same scrypt work, so its duration does not
 * tell an existing application from a missing one. No code matches it (its key is random).
 */
const PLACEHOLDER = joinAccessCodeHash(randomBytes(ACCESS_CODE_KDF.saltBytes).toString('base64'), randomBytes(32).toString('base64'))

/**
 * Does `typed` open the application whose current hash is `stored` (null: none)? Always one scrypt
 * derivation and a constant-time comparison, whatever is missing or malformed: text that cannot be
 * a code is derived anyway (as typed) against the placeholder, and fails.
 */
export async function verifyAccessCode(typed: string, stored: string | null): Promise<boolean> {
  const normalized = normalizeAccessCode(typed)
  const parts = (stored !== null ? splitAccessCodeHash(stored) : null) ?? splitAccessCodeHash(PLACEHOLDER)
  if (!parts) return false
  const expected = Buffer.from(parts.key, 'base64')
  const key = await derive(normalized ?? typed.slice(0, 64), Buffer.from(parts.salt, 'base64'))
  const same = key.length === expected.length && timingSafeEqual(key, expected)
  return same && normalized !== null && stored !== null
}

/** The limits on tries at access codes (intake/citizen-access.ts applies them; deps.ts carries them). */
export interface AccessLimits {
  /** Tries at one application's code per window, from anywhere. */
  perApplication: number
  /** Tries at any codes per window from one client address. */
  perAddress: number
  windowMs: number
}

export const DEFAULT_ACCESS_LIMITS: AccessLimits = { perApplication: 10, perAddress: 30, windowMs: 15 * 60_000 }
