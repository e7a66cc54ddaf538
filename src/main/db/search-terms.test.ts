import { describe, expect, it } from 'vitest'
import { formatOrderNumber } from '../../shared/domain/order-number'
import { makeRnokpp } from '../../shared/domain/rnokpp'
import { givenKey, interpretSearch, nameKey, normalizeName, normalizePhone, prefixUpperBound } from './search-terms'

describe('name keys', () => {
  it('drop every apostrophe variant and case', () => {
    const variants = ["Мар'яненко", 'Мар’яненко', 'Марʼяненко', 'Мар‘яненко', 'Мар`яненко', 'МАР’ЯНЕНКО', 'Маряненко']
    expect(new Set(variants.map(normalizeName))).toEqual(new Set(['маряненко']))
  })

  it('compose a decomposed й typed on some keyboards', () => {
    expect(normalizeName('Андрі\u0438\u0306')).toBe(normalizeName('Андрій'))
  })

  it('put the surname first in name_key and the given name first in given_key', () => {
    expect(nameKey('Дем’янчук', "Дар'я", 'Лук’янівна')).toBe('демянчук даря лукянівна')
    expect(nameKey('Бойко', 'Ігор', null)).toBe('бойко ігор')
    expect(givenKey('Дем’янчук', "Дар'я")).toBe('даря демянчук')
  })

  it('bound a prefix range above every string that starts with it', () => {
    const upper = prefixUpperBound('мар')
    for (const s of ['мар', 'маряненко', 'мар я', 'марїя', 'мар\u{1F600}']) expect(s >= 'мар' && s < upper, s).toBe(true)
    expect('маса' < upper).toBe(false)
  })
})

describe('normalizePhone', () => {
  it.each([
    ['+380671234567', '+380671234567'],
    ['+380 67 123 45 67', '+380671234567'],
    ['380671234567', '+380671234567'],
    ['067-123-45-67', '+380671234567'],
    ['(067) 123 45 67', '+380671234567'],
    ['0382 65 43 21', '+380382654321']
  ])('%s → %s', (input, expected) => expect(normalizePhone(input)).toBe(expected))

  it.each(['0010004573', '12345', '+38067123456', 'Мельник'])('%s is not a phone', (input) => expect(normalizePhone(input)).toBeNull())
})

describe('interpretSearch', () => {
  const number = formatOrderNumber(1, 4573)
  const digits = number.replace(/\D/g, '')

  it('ignores an empty box', () => {
    expect(interpretSearch('   ')).toBeNull()
  })

  it('reads an order number typed with or without separators', () => {
    for (const typed of [number, digits, number.replaceAll('-', ' '), ` ${number.replaceAll('-', '–')} `]) {
      expect(interpretSearch(typed)?.orderDigits, typed).toBe(digits)
    }
  })

  it('gives the probable number for a wrong check digit, and nothing to look up', () => {
    const wrong = digits.slice(0, -1) + String((Number(digits.slice(-1)) + 1) % 10)
    expect(interpretSearch(wrong)).toEqual({
      orderDigits: null,
      orderDigitsPrefix: null,
      rnokpp: null,
      phone: null,
      namePrefix: null,
      checkDigitHint: { suggestion: number }
    })
  })

  it('reads ten digits as every valid thing they can be', () => {
    const rnokpp = makeRnokpp('1979-11-05', 17, 'male')
    const t = interpretSearch(rnokpp)
    expect(t?.rnokpp).toBe(rnokpp)
    expect(t?.namePrefix).toBeNull()
    const phone = interpretSearch('0671234567')
    expect(phone?.phone).toBe('+380671234567')
    // Also the shape of an order number of node 67, with a wrong check digit: no hint for a phone.
    expect(phone?.checkDigitHint).toBeNull()
  })

  it('keeps the check-digit hint for a mistyped order number whose digits happen to be a valid РНОКПП', () => {
    // Find an order number whose wrong-check-digit variant passes the РНОКПП check sum.
    for (let seq = 1; seq < 500; seq++) {
      const number = formatOrderNumber(4, seq)
      const last = Number(number.slice(-1))
      for (let d = 1; d < 10; d++) {
        const wrong = `${number.slice(0, -1)}${(last + d) % 10}`
        const t = interpretSearch(wrong)
        if (t?.rnokpp) {
          expect(t.checkDigitHint).toEqual({ suggestion: number })
          return
        }
      }
    }
    throw new Error('no order number found whose mistyped digits form a valid РНОКПП')
  })

  it('reads the start of a number as a prefix of order digits', () => {
    expect(interpretSearch('001004')?.orderDigitsPrefix).toBe('001004')
    expect(interpretSearch('12')).toEqual({
      orderDigits: null,
      orderDigitsPrefix: null,
      rnokpp: null,
      phone: null,
      namePrefix: null,
      checkDigitHint: null
    })
  })

  it('reads anything else as the start of a name', () => {
    expect(interpretSearch('  Мар’ЯН  ')?.namePrefix).toBe('марян')
    expect(interpretSearch('Коваль Олена')?.namePrefix).toBe('коваль олена')
  })
})
