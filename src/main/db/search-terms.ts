import { looksLikeOrderNumber, orderNumberDigits, parseOrderNumber } from '../../shared/domain/order-number'
import { isValidRnokpp } from '../../shared/domain/rnokpp'

/*
 * How the queue's single search box reads what a clerk typed. Pure, so it is tested without a
 * database; the repository turns the result into index lookups.
 */

// Every character people use for the Ukrainian apostrophe: ASCII ', the typographic ’ and ‘, the
// official modifier letter ʼ (U+02BC), prime-like ʹ ′, the backtick and acute accent from keyboards
// without an apostrophe key, and the full-width one. Real records mix them; search must not care.
const APOSTROPHES = /['\u2019\u2018\u02BC\u02B9\u2032\u0060\u00B4\uFF07]/gu

/** Lower-case, apostrophes removed, NFC, single spaces: the form both stored keys and typed prefixes take. */
export function normalizeName(text: string): string {
  return text.normalize('NFC').replace(APOSTROPHES, '').toLowerCase().replace(/\s+/gu, ' ').trim()
}

/** "surname given patronymic": found by typing the surname, optionally followed by the rest. */
export function nameKey(surname: string, givenName: string, patronymic: string | null): string {
  return normalizeName([surname, givenName, patronymic ?? ''].join(' '))
}

/** "given surname": found when the clerk types the name the way people say it. */
export function givenKey(surname: string, givenName: string): string {
  return normalizeName(`${givenName} ${surname}`)
}

/**
 * The exclusive upper bound of a prefix range: every string that starts with `prefix` sorts
 * (as UTF-8 bytes, SQLite's BINARY collation) below prefix + U+10FFFF, the largest code point.
 */
export function prefixUpperBound(prefix: string): string {
  return `${prefix}\u{10FFFF}`
}

/** `+380XXXXXXXXX` from the ways Ukrainian numbers are written (+380…, 380…, 0XXXXXXXXX), else null. */
export function normalizePhone(input: string): string | null {
  const compact = input.replace(/[\s\-().\u2010-\u2015]/gu, '')
  // Ukrainian area and mobile codes start with 3–9, so 00… (an order number of nodes 1–9) is no phone.
  const m = /^(?:\+?380|0)([3-9]\d{8})$/u.exec(compact)
  return m ? `+380${m[1]}` : null
}

export interface SearchTerms {
  /** Exact order-number digits (a valid check digit). */
  orderDigits: string | null
  /** Start of an order number being typed (4–9 digits). */
  orderDigitsPrefix: string | null
  rnokpp: string | null
  phone: string | null
  /** Normalised name prefix. */
  namePrefix: string | null
  /** The input was an order number with a wrong check digit: what it probably should be. */
  checkDigitHint: { suggestion: string | null } | null
}

const NONE: SearchTerms = { orderDigits: null, orderDigitsPrefix: null, rnokpp: null, phone: null, namePrefix: null, checkDigitHint: null }

/**
 * One input can be several things at once: ten digits may be an order number, an РНОКПП and a
 * phone (0XXXXXXXXX). Each reading that is valid becomes a lookup and their results are united.
 */
export function interpretSearch(input: string): SearchTerms | null {
  const text = input.trim()
  if (text === '') return null
  const terms: SearchTerms = { ...NONE }
  const digits = text.replace(/[\s\-\u2010-\u2015\u2212/.]/gu, '')

  if (looksLikeOrderNumber(text)) {
    const parsed = parseOrderNumber(text)
    if (parsed.ok) terms.orderDigits = orderNumberDigits(parsed.canonical)
    else if (parsed.reason === 'check_digit') terms.checkDigitHint = { suggestion: parsed.suggestion ?? null }
  }
  if (/^\d{10}$/u.test(digits) && isValidRnokpp(digits)) terms.rnokpp = digits
  terms.phone = normalizePhone(text)
  // A phone number is what ten digits starting 0[3-9] usually are: no "check the last digit" then.
  // A valid РНОКПП check sum is a one-in-ten coincidence for a mistyped order number, so the hint
  // stays; the repository shows it only when no one was found under any reading.
  if (terms.phone) terms.checkDigitHint = null

  if (terms.orderDigits || terms.rnokpp || terms.phone || terms.checkDigitHint) return terms
  if (/^\d{4,9}$/u.test(digits)) return { ...terms, orderDigitsPrefix: digits }
  if (/^\d*$/u.test(digits)) return terms
  const name = normalizeName(text)
  return name === '' ? terms : { ...terms, namePrefix: name }
}

/**
 * The FTS5 query for a normalised name prefix: every word typed must start a word of the name,
 * in any order ("олена коваль" finds Коваленко Олена). Words are quoted, so nothing the clerk
 * types is read as FTS syntax.
 */
export function ftsNameQuery(namePrefix: string): string {
  const words = namePrefix.split(' ').filter((w) => w !== '')
  return `name : (${words.map((w) => `"${w.replaceAll('"', '""')}"*`).join(' AND ')})`
}

/** The FTS5 query for the start of a number: order-number digits, an РНОКПП or a local phone. */
export function ftsDigitsQuery(digits: string): string {
  return `numbers : "${digits}"*`
}
