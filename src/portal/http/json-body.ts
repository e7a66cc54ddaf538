import { PortalError } from '../errors'

/*
 * Every JSON body the portal accepts goes through here before any schema sees it:
 *   - the bytes must be valid UTF-8 (a silent U+FFFD would store something the sender never wrote);
 *   - the text must be JSON (NaN and Infinity are not);
 *   - nesting at most MAX_JSON_DEPTH levels (no request needs more than a handful);
 *   - no duplicate keys in an object (two parsers could read two different requests from it);
 *   - no "\u0000" and no unpaired surrogate escape (PostgreSQL stores neither in text or jsonb:
 *     they would fail deep in a transaction instead of at the edge);
 *   - no "__proto__" key and no "constructor" object with a "prototype" key.
 * One pass over the text, after JSON.parse accepted it, so the scanner may assume valid JSON.
 */

export const MAX_JSON_DEPTH = 64

const invalid = (message: string): PortalError => new PortalError(400, 'invalid_json', message)

const utf8 = new TextDecoder('utf-8', { fatal: true })

export function parseJsonBody(body: Buffer | string): unknown {
  let text: string
  if (typeof body === 'string') {
    text = body
  } else {
    try {
      text = utf8.decode(body)
    } catch {
      throw invalid('Тіло запиту не є коректним текстом UTF-8')
    }
  }
  if (text.trim() === '') throw invalid('Тіло запиту порожнє: очікується JSON')
  let value: unknown
  try {
    value = JSON.parse(text) as unknown
  } catch {
    throw invalid('Некоректний JSON у тілі запиту')
  }
  checkJsonText(text)
  return value
}

interface Frame {
  keys: Set<string> | null // null for an array
  expectKey: boolean
  lastKey: string | null
  index: number
}

/** A character PostgreSQL cannot store, in a string at `path`: reported like a schema problem. */
function badCharacter(stack: readonly Frame[], message: string): PortalError {
  const field = stack.map((f) => (f.keys ? (f.lastKey ?? '') : String(f.index))).join('.')
  return new PortalError(400, 'invalid_input', field ? `Поле «${field.slice(0, 200)}»: ${message}` : message, field || undefined)
}

const HEX = /^[0-9a-fA-F]{4}$/

/** Checks the structure of a text JSON.parse accepted. Throws PortalError('invalid_json'). */
export function checkJsonText(text: string): void {
  const stack: Frame[] = []
  let i = 0
  const n = text.length
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      stack.push({ keys: c === 0x7b ? new Set() : null, expectKey: c === 0x7b, lastKey: null, index: 0 })
      if (stack.length > MAX_JSON_DEPTH) throw invalid(`Занадто глибока вкладеність JSON (більше ${MAX_JSON_DEPTH} рівнів)`)
      i++
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop()
      i++
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1]
      if (top?.keys) top.expectKey = true
      else if (top) top.index++
      i++
    } else if (c === 0x22 /* " */) {
      const top = stack[stack.length - 1]
      const end = scanString(text, i, stack)
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string
        if (top.keys.has(key)) throw invalid(`Поле «${key.slice(0, 100)}» повторюється в одному об’єкті JSON`)
        if (key === '__proto__') throw invalid('Недопустима назва поля «__proto__»')
        if (key === 'prototype' && stack.length >= 2 && stack[stack.length - 2]?.lastKey === 'constructor') {
          throw invalid('Недопустима назва поля «constructor.prototype»')
        }
        top.keys.add(key)
        top.lastKey = key
        top.expectKey = false
      }
      i = end + 1
    } else {
      i++
    }
  }
}

/** Returns the index of the closing quote of the string starting at `start`; checks its escapes. */
function scanString(text: string, start: number, stack: readonly Frame[]): number {
  const NUL = 'символ U+0000 недопустимий'
  const SURROGATE = 'непарний сурогатний символ (некоректний Unicode)'
  let i = start + 1
  let pendingHigh = false
  for (;;) {
    const c = text.charCodeAt(i)
    if (c === 0x22 /* " */) {
      if (pendingHigh) throw badCharacter(stack, SURROGATE)
      return i
    }
    if (c === 0x5c /* \ */) {
      const e = text.charCodeAt(i + 1)
      if (e === 0x75 /* u */) {
        const hex = text.slice(i + 2, i + 6)
        const code = HEX.test(hex) ? Number.parseInt(hex, 16) : -1
        if (code === 0) throw badCharacter(stack, NUL)
        if (code >= 0xdc00 && code <= 0xdfff) {
          if (!pendingHigh) throw badCharacter(stack, SURROGATE)
          pendingHigh = false
        } else {
          if (pendingHigh) throw badCharacter(stack, SURROGATE)
          pendingHigh = code >= 0xd800 && code <= 0xdbff
        }
        i += 6
      } else {
        if (pendingHigh) throw badCharacter(stack, SURROGATE)
        i += 2
      }
      continue
    }
    // Raw characters: a decoded UTF-8 text never holds an unpaired surrogate, but a string body might.
    if (c >= 0xd800 && c <= 0xdbff) {
      if (pendingHigh) throw badCharacter(stack, SURROGATE)
      const next = text.charCodeAt(i + 1)
      if (!(next >= 0xdc00 && next <= 0xdfff)) throw badCharacter(stack, SURROGATE)
      i += 2
      continue
    }
    if (pendingHigh || (c >= 0xdc00 && c <= 0xdfff)) throw badCharacter(stack, SURROGATE)
    i++
  }
}
