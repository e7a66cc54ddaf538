/**
 * Order numbers (domain.md, "Order numbers").
 *
 * Layout: node (3 digits) + per-node sequence (6 digits or more) + 1 check digit, shown as
 * `001-000457-3`. The node is part of the number so a workstation that is offline can give a walk-in
 * its final number without asking the portal: two nodes can never produce the same number.
 *
 * The check digit is iGov's, kept so that numbers citizens already know how to dictate behave the
 * same way: it catches every single wrong digit and almost every swap of two neighbouring digits.
 */

/** Node 1 is the portal; workstations are enrolled as 2..999. */
export const PORTAL_NODE = 1
const MAX_NODE = 999
const NODE_DIGITS = 3
const MIN_SEQ_DIGITS = 6
const MIN_DIGITS = NODE_DIGITS + MIN_SEQ_DIGITS + 1

/**
 * iGov's variant of Luhn: weights 1,2,1,2,… from the rightmost payload digit, doubled products above
 * 9 reduced to their digit sum, check digit = sum mod 10 (not 10 − sum mod 10 as in card Luhn; iGov
 * did it this way and 8645001 → 86450017 is what its citizens saw).
 */
export function checkDigit(payloadDigits: string): number {
  if (!/^\d+$/.test(payloadDigits)) {
    throw new RangeError(`checkDigit: expected one or more ASCII digits, got ${JSON.stringify(payloadDigits)}`)
  }
  let sum = 0
  let double = false
  for (let i = payloadDigits.length - 1; i >= 0; i--) {
    let d = payloadDigits.charCodeAt(i) - 48
    if (double) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
    double = !double
  }
  return sum % 10
}

export function appendCheckDigit(payloadDigits: string): string {
  return payloadDigits + String(checkDigit(payloadDigits))
}

function canonicalOf(nodeDigits: string, seqDigits: string, check: number): string {
  return `${nodeDigits}-${seqDigits}-${check}`
}

export function formatOrderNumber(node: number, seq: number): string {
  if (!Number.isInteger(node) || node < PORTAL_NODE || node > MAX_NODE) {
    throw new RangeError(`formatOrderNumber: node must be an integer 1..999, got ${node}`)
  }
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw new RangeError(`formatOrderNumber: seq must be a safe integer >= 1, got ${seq}`)
  }
  const nodeDigits = String(node).padStart(NODE_DIGITS, '0')
  const seqDigits = String(seq).padStart(MIN_SEQ_DIGITS, '0')
  return canonicalOf(nodeDigits, seqDigits, checkDigit(nodeDigits + seqDigits))
}

export type OrderNumberProblem = 'empty' | 'not_digits' | 'too_short' | 'out_of_range' | 'check_digit'

export type ParsedOrderNumber =
  | { ok: true; node: number; seq: number; canonical: string }
  | {
      ok: false
      reason: OrderNumberProblem
      /** Only for `check_digit`. */
      expectedCheckDigit?: number
      /** Only for `check_digit`: the canonical number the input would be with the right last digit. */
      suggestion?: string
    }

/** Short Ukrainian explanations the search box can show as they are. */
export const ORDER_NUMBER_PROBLEM_UK: Readonly<Record<OrderNumberProblem, string>> = {
  empty: 'Введіть номер заяви',
  not_digits: 'Номер заяви складається лише з цифр (можна з дефісами чи пробілами)',
  too_short: 'Номер заяви занадто короткий — має бути щонайменше 10 цифр',
  out_of_range: 'Такого номера заяви не може бути — перевірте номер',
  check_digit: 'Перевірте номер: остання цифра не збігається'
}

// What people type between groups when they copy a number from a receipt, a PDF or a message:
// ASCII and Unicode hyphens/dashes, the minus sign, slashes, dots and any whitespace (incl. NBSP).
const SEPARATORS = /[\s\-\u2010-\u2015\u2212/.]/gu

function stripSeparators(input: string): string {
  return input.replace(SEPARATORS, '')
}

export function parseOrderNumber(input: string): ParsedOrderNumber {
  const digits = stripSeparators(input)
  if (digits === '') return { ok: false, reason: 'empty' }
  if (!/^\d+$/.test(digits)) return { ok: false, reason: 'not_digits' }
  if (digits.length < MIN_DIGITS) return { ok: false, reason: 'too_short' }

  const node = Number(digits.slice(0, NODE_DIGITS))
  const seqRaw = digits.slice(NODE_DIGITS, -1)
  const seq = Number(seqRaw)
  // Numbers are never issued for node 000, sequence 0 or a sequence too long to count exactly;
  // saying so beats a "not found" that makes the clerk retype a number that cannot exist.
  if (node < PORTAL_NODE || seq < 1 || !Number.isSafeInteger(seq)) return { ok: false, reason: 'out_of_range' }

  // The check digit is verified over the canonical digits, so an extra leading zero in the sequence
  // ("001-0000457-3", easy to type when reading zeros aloud) still finds 001-000457-3, which is
  // the only number it can mean.
  const nodeDigits = digits.slice(0, NODE_DIGITS)
  const seqDigits = String(seq).padStart(MIN_SEQ_DIGITS, '0')
  const expected = checkDigit(nodeDigits + seqDigits)
  const given = Number(digits.slice(-1))
  if (given !== expected) {
    return {
      ok: false,
      reason: 'check_digit',
      expectedCheckDigit: expected,
      suggestion: canonicalOf(nodeDigits, seqDigits, expected)
    }
  }
  return { ok: true, node, seq, canonical: canonicalOf(nodeDigits, seqDigits, expected) }
}

/**
 * True when the search box should treat the input as an order number rather than a name.
 * Note that a 10-digit input is also the shape of an РНОКПП: callers searching both should try both.
 */
export function looksLikeOrderNumber(input: string): boolean {
  const digits = stripSeparators(input)
  return /^\d+$/.test(digits) && digits.length >= MIN_DIGITS
}

/** The digits of a canonical number: the key stored for search, so any typed form matches. */
export function orderNumberDigits(canonical: string): string {
  return canonical.replace(/\D/g, '')
}
