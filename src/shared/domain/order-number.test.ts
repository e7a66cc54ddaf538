import { describe, expect, it } from 'vitest'
import {
  appendCheckDigit,
  checkDigit,
  formatOrderNumber,
  looksLikeOrderNumber,
  orderNumberDigits,
  parseOrderNumber,
  PORTAL_NODE
} from './order-number'

// A second, deliberately different implementation of iGov's rule to check the first against:
// double every second digit counting from the right, add the digits of every product, sum mod 10.
function referenceCheckDigit(payload: string): number {
  const products = [...payload].reverse().map((c, i) => Number(c) * (i % 2 === 0 ? 1 : 2))
  const digitSum = products.flatMap((p) => [...String(p)].map(Number)).reduce((a, b) => a + b, 0)
  return digitSum % 10
}

describe('checkDigit', () => {
  it.each([
    // The two iGov numbers from domain.md / the iGov UI.
    ['8645001', 7],
    ['9305248', 4],
    // The canonical example of Vikno's format, 001-000457-3.
    ['001000457', 3],
    ['0', 0],
    ['5', 5], // rightmost digit has weight 1
    ['50', 1], // 5×2 = 10 → 1+0
    ['90', 9], // 9×2 = 18 → 1+8
    ['1234567890123', referenceCheckDigit('1234567890123')]
  ])('checkDigit(%s) = %i', (payload, expected) => {
    expect(checkDigit(payload)).toBe(expected)
    expect(referenceCheckDigit(payload)).toBe(expected)
  })

  it.each([
    ['8645001', '86450017'],
    ['9305248', '93052484']
  ])('appendCheckDigit(%s) = %s', (payload, expected) => {
    expect(appendCheckDigit(payload)).toBe(expected)
  })

  it.each(['', '12a4', ' 123', '١٢٣', '-1'])('rejects a payload that is not ASCII digits: %j', (payload) => {
    expect(() => checkDigit(payload)).toThrow(RangeError)
  })
})

describe('formatOrderNumber', () => {
  it.each([
    [1, 457, '001-000457-3'],
    [PORTAL_NODE, 1, `001-000001-${referenceCheckDigit('001000001')}`],
    [42, 999_999, `042-999999-${referenceCheckDigit('042999999')}`],
    [42, 1_000_000, `042-1000000-${referenceCheckDigit('0421000000')}`], // the sequence grows past 6 digits
    [999, 12, `999-000012-${referenceCheckDigit('999000012')}`]
  ])('node %i, seq %i → %s', (node, seq, expected) => {
    expect(formatOrderNumber(node, seq)).toBe(expected)
  })

  it.each([
    [0, 1],
    [1000, 1],
    [-1, 1],
    [1.5, 1],
    [Number.NaN, 1],
    [2, 0],
    [2, -5],
    [2, 2.5],
    [2, Number.POSITIVE_INFINITY],
    [2, Number.MAX_SAFE_INTEGER + 1]
  ])('throws RangeError for node %d, seq %d', (node, seq) => {
    expect(() => formatOrderNumber(node, seq)).toThrow(RangeError)
  })
})

describe('parseOrderNumber', () => {
  it.each([
    ['001-000457-3'],
    ['0010004573'],
    ['001 000457 3'],
    ['  001-000457-3  '],
    ['001–000457–3'], // en dash
    ['001—000457—3'], // em dash
    ['001/000457/3'],
    ['001.000457.3'],
    ['001\u00a0000457\u00a03'], // no-break space from a PDF
    ['001 - 000 457 - 3'],
    ['001-0000457-3'] // extra leading zero: same check digit, normalised
  ])('accepts %j as 001-000457-3', (input) => {
    expect(parseOrderNumber(input)).toEqual({ ok: true, node: 1, seq: 457, canonical: '001-000457-3' })
  })

  it.each([
    [2, 1],
    [17, 123_456],
    [999, 1_234_567_890]
  ])('round-trips formatOrderNumber(%i, %i)', (node, seq) => {
    const canonical = formatOrderNumber(node, seq)
    expect(parseOrderNumber(canonical)).toEqual({ ok: true, node, seq, canonical })
    expect(parseOrderNumber(orderNumberDigits(canonical))).toEqual({ ok: true, node, seq, canonical })
  })

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['--', 'empty'],
    ['001-00045A-3', 'not_digits'],
    ['№ 001-000457-3', 'not_digits'],
    ['Петренко', 'not_digits'],
    ['001-0457-3', 'too_short'],
    ['86450017', 'too_short'], // an old iGov number is not a Vikno number
    [`000-000457-${referenceCheckDigit('000000457')}`, 'out_of_range'],
    [`005-000000-${referenceCheckDigit('005000000')}`, 'out_of_range'],
    ['001-99999999999999999-0', 'out_of_range']
  ])('rejects %j: %s', (input, reason) => {
    const r = parseOrderNumber(input)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.reason).toBe(reason)
      expect(r.expectedCheckDigit).toBeUndefined()
    }
  })

  it.each([
    ['001-000457-4', 3, '001-000457-3'], // wrong last digit
    ['001-000547-3', checkDigit('001000547'), `001-000547-${checkDigit('001000547')}`], // 4 and 5 swapped
    ['0010004579', 3, '001-000457-3']
  ])('wrong check digit in %j: expects %i, suggests %s', (input, expectedCheckDigit, suggestion) => {
    expect(parseOrderNumber(input)).toEqual({ ok: false, reason: 'check_digit', expectedCheckDigit, suggestion })
  })

  // The reason for a check digit: a citizen dictating one digit wrong must never hit another order.
  it.each([...'0010004573'].map((_, i) => [i]))('catches every single wrong digit at position %i', (i) => {
    const digits = '0010004573'
    for (let d = 0; d <= 9; d++) {
      if (String(d) === digits[i]) continue
      const typo = digits.slice(0, i) + String(d) + digits.slice(i + 1)
      const r = parseOrderNumber(typo)
      expect(r.ok, typo).toBe(false)
    }
  })
})

describe('looksLikeOrderNumber', () => {
  it.each([
    ['001-000457-3', true],
    ['0010004573', true],
    [' 001 000457 3 ', true],
    ['001–000457–4', true], // shape only: the check digit is parseOrderNumber's job
    ['001-0457-3', false],
    ['12345', false],
    ['Петренко', false],
    ['001-000457-3 Петренко', false],
    ['', false],
    ['----------', false]
  ])('%j → %s', (input, expected) => {
    expect(looksLikeOrderNumber(input)).toBe(expected)
  })
})

describe('orderNumberDigits', () => {
  it.each([
    ['001-000457-3', '0010004573'],
    ['042-1000000-7', '04210000007']
  ])('%s → %s', (canonical, digits) => {
    expect(orderNumberDigits(canonical)).toBe(digits)
  })
})
