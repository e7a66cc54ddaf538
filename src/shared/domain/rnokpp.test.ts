import { describe, expect, it } from 'vitest'
import { isValidRnokpp, makeRnokpp, rnokppBirthDate, rnokppCheckDigit, validateRnokpp } from './rnokpp'

// Independent computation: −1 ≡ 10 (mod 11), so the same rule with all-positive weights never needs
// a remainder of a negative number.
function referenceCheck(first9: string): number {
  const weights = [10, 5, 7, 9, 4, 6, 10, 5, 7]
  return (weights.reduce((s, w, i) => s + w * Number(first9[i]), 0) % 11) % 10
}
// Independent date decoding: Date.UTC normalises day N of January 1900 (day 0 = 1899-12-31).
function referenceBirthDate(n: string): string {
  return new Date(Date.UTC(1900, 0, Number(n.slice(0, 5)))).toISOString().slice(0, 10)
}

// Valid examples: the first two are the published examples of python-stdnum's stdnum.ua.rntrc;
// the others are made by makeRnokpp. None is known to belong to a person.
const VALID: ReadonlyArray<[string, string, 'male' | 'female']> = [
  ['1759013776', '1948-02-28', 'male'],
  ['2530414071', '1969-04-12', 'male'],
  ['3124112367', '1985-07-14', 'female'],
  ['3695705483', '2001-03-08', 'female'],
  ['2821823371', '1977-04-04', 'male']
]

describe('rnokppCheckDigit', () => {
  it.each([
    ['175901377', 6],
    ['253041407', 1],
    ['000000001', 7],
    ['900000000', 2], // the −1 weight makes the sum negative: −9 mod 11 = 2
    ['175911377', 0], // sum mod 11 = 10 → check digit 0
    ['000000000', 0]
  ])('rnokppCheckDigit(%s) = %i', (first9, expected) => {
    expect(rnokppCheckDigit(first9)).toBe(expected)
    expect(referenceCheck(first9)).toBe(expected)
  })

  it.each(['', '17590137', '1759013776', '17590137a'])('throws for %j', (s) => {
    expect(() => rnokppCheckDigit(s)).toThrow(RangeError)
  })
})

describe('valid examples', () => {
  it.each(VALID)('%s: valid, born %s, %s', (n, birthDate, sex) => {
    expect(referenceCheck(n.slice(0, 9))).toBe(Number(n[9]))
    expect(referenceBirthDate(n)).toBe(birthDate)
    expect(Number(n[8]) % 2 === 1 ? 'male' : 'female').toBe(sex)
    expect(validateRnokpp(n)).toEqual({ ok: true })
    expect(isValidRnokpp(n)).toBe(true)
    expect(rnokppBirthDate(n)).toBe(birthDate)
  })
})

describe('validateRnokpp', () => {
  it.each([
    ['', 'format'],
    ['175901377', 'format'],
    ['17590137760', 'format'],
    [' 1759013776', 'format'],
    ['1759 013776', 'format'],
    ['175901377x', 'format'],
    ['１７５９０１３７７６', 'format'], // full-width digits
    ['1759013770', 'check_digit'],
    ['1759013767', 'check_digit'], // last two swapped
    ['2530414070', 'check_digit']
  ])('%j → %s', (s, reason) => {
    const r = validateRnokpp(s)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.reason).toBe(reason)
      expect(r.message).toBe(
        reason === 'format' ? 'РНОКПП має складатися з 10 цифр' : 'Неправильна контрольна цифра РНОКПП — перевірте номер'
      )
    }
    expect(isValidRnokpp(s)).toBe(false)
  })
})

describe('rnokppBirthDate', () => {
  it.each([
    ['0000100000', '1900-01-01'], // day 1
    ['1759013776', '1948-02-28'],
    ['1759013770', null], // wrong check digit: the date part may be the mistyped one
    ['0000000000', null], // formula-valid but day 0 is no date
    ['abc', null]
  ])('%s → %s', (s, expected) => {
    if (expected === '1900-01-01') s = s.slice(0, 9) + String(rnokppCheckDigit(s.slice(0, 9)))
    expect(rnokppBirthDate(s)).toBe(expected)
  })
})

describe('makeRnokpp', () => {
  it.each([
    ['1985-07-14', 123, 'female', '3124112367'],
    ['2001-03-08', 54, 'female', '3695705483'],
    ['1977-04-04', 233, 'male', '2821823371'],
    ['1900-01-01', 0, 'male', `000010001${referenceCheck('000010001')}`],
    ['2000-02-29', 999, 'female', undefined],
    ['1948-02-28', 7, 'male', undefined]
  ] as const)('%s, serial %i, %s', (birthDate, serial, sex, expected) => {
    const n = makeRnokpp(birthDate, serial, sex)
    if (expected !== undefined) expect(n).toBe(expected)
    expect(n).toMatch(/^\d{10}$/)
    expect(referenceCheck(n.slice(0, 9))).toBe(Number(n[9]))
    expect(referenceBirthDate(n)).toBe(birthDate)
    expect(n.slice(5, 8)).toBe(String(serial).padStart(3, '0'))
    expect(Number(n[8]) % 2).toBe(sex === 'male' ? 1 : 0)
    expect(rnokppBirthDate(n)).toBe(birthDate)
  })

  it.each([
    ['1899-12-31', 1],
    ['2173-10-15', 1],
    ['2025-02-29', 1],
    ['1985-7-14', 1],
    ['1985-07-14', -1],
    ['1985-07-14', 1000],
    ['1985-07-14', 1.5]
  ])('throws RangeError for %s, serial %d', (birthDate, serial) => {
    expect(() => makeRnokpp(birthDate, serial, 'male')).toThrow(RangeError)
  })
})
