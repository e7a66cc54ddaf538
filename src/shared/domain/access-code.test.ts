import { describe, expect, it } from 'vitest'
import {
  ACCESS_CODE_ALPHABET,
  ACCESS_CODE_LENGTH,
  accessCodeHashSchema,
  formatAccessCode,
  joinAccessCodeHash,
  makeAccessCode,
  normalizeAccessCode,
  splitAccessCodeHash
} from './access-code'

/** A deterministic stand-in for randomInt: walks the alphabet. */
const walking = (): ((n: number) => number) => {
  let i = 0
  return (n) => i++ % n
}

describe('access codes', () => {
  it('use an alphabet without the characters people confuse, and carry at least 40 bits', () => {
    for (const ch of '01OIL') expect(ACCESS_CODE_ALPHABET).not.toContain(ch)
    expect(new Set(ACCESS_CODE_ALPHABET).size).toBe(ACCESS_CODE_ALPHABET.length)
    expect(ACCESS_CODE_LENGTH * Math.log2(ACCESS_CODE_ALPHABET.length)).toBeGreaterThanOrEqual(40)
  })

  it('are made in groups of four from the random source, every character reachable', () => {
    const code = makeAccessCode(walking())
    expect(code).toBe('2345-6789-ABCD')
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/)
    const last = makeAccessCode(() => ACCESS_CODE_ALPHABET.length - 1)
    expect(last).toBe('ZZZZ-ZZZZ-ZZZZ')
    expect(() => makeAccessCode(() => ACCESS_CODE_ALPHABET.length)).toThrow(RangeError)
    expect(() => makeAccessCode(() => -1)).toThrow(RangeError)
  })

  it('are read in any case, with or without separators, and with Cyrillic look-alikes', () => {
    for (const typed of ['K7QM-4XPR-9TAW', 'k7qm4xpr9taw', ' K7QM 4XPR 9TAW ', 'k7qm–4xpr—9taw', 'К7QМ-4ХРR-9ТАW', 'K7QM_4XPR.9TAW']) {
      expect(normalizeAccessCode(typed), typed).toBe('K7QM4XPR9TAW')
    }
    expect(formatAccessCode('K7QM4XPR9TAW')).toBe('K7QM-4XPR-9TAW')
  })

  it('refuse what cannot be a code: wrong length, excluded or foreign characters', () => {
    for (const typed of [
      '',
      'K7QM-4XPR-9TA',
      'K7QM-4XPR-9TAWW',
      'K7QM-4XPR-9TA0',
      'O7QM-4XPR-9TAW',
      'I7QM-4XPR-9TAW',
      'Ж7QM-4XPR-9TAW',
      'x'.repeat(100)
    ]) {
      expect(normalizeAccessCode(typed), typed).toBeNull()
    }
  })

  it('hashes have exactly one shape: the shared scrypt cost, a 16-byte salt and a 32-byte key', () => {
    const salt = 'BwcHBwcHBwcHBwcHBwcHBw==' // 16 bytes
    const key = 'CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQk=' // 32 bytes
    const hash = joinAccessCodeHash(salt, key)
    expect(accessCodeHashSchema.safeParse(hash).success).toBe(true)
    expect(splitAccessCodeHash(hash)).toEqual({ salt, key })
    // A hash that names a cheaper or a ruinous cost, or other sizes, is refused.
    for (const bad of [
      hash.replace('scrypt$16384$', 'scrypt$2$'),
      hash.replace('scrypt$16384$', 'scrypt$1073741824$'),
      hash.replace('$8$1$', '$1$1$'),
      `scrypt$16384$8$1$AAAAAAAAAAA=$${key}`,
      `scrypt$16384$8$1$${salt}$AAAAAAAAAAAAAAAAAAAAAA==`,
      `${hash}x`,
      'K7QM-4XPR-9TAW'
    ]) {
      expect(accessCodeHashSchema.safeParse(bad).success, bad).toBe(false)
      expect(splitAccessCodeHash(bad)).toBeNull()
    }
  })
})
