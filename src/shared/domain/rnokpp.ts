/**
 * РНОКПП — реєстраційний номер облікової картки платника податків (the individual taxpayer number,
 * "ІПН"), 10 digits:
 *   digits 1–5  days since 1899-12-31 to the date of birth (00001 = 1900-01-01),
 *   digits 6–8  a serial number among people born that day,
 *   digit  9    odd for men, even for women,
 *   digit  10   check digit.
 * Callers normalise input (trim, drop spaces) before validating: these functions accept only the
 * bare 10 digits so that what is validated is exactly what gets stored.
 */

const WEIGHTS = [-1, 5, 7, 9, 4, 6, 10, 5, 7] as const
const DAY_MS = 86_400_000
// 1899-12-31 is day 0; Date.UTC handles years before 1970 as negative milliseconds.
const EPOCH_MS = Date.UTC(1899, 11, 31)

export function rnokppCheckDigit(first9: string): number {
  if (!/^\d{9}$/.test(first9)) {
    throw new RangeError(`rnokppCheckDigit: expected exactly 9 digits, got ${JSON.stringify(first9)}`)
  }
  let sum = 0
  WEIGHTS.forEach((w, i) => {
    sum += w * (first9.charCodeAt(i) - 48)
  })
  // The weight −1 can make the sum negative (e.g. 900000000); the rule is the mathematical
  // remainder, which JavaScript's % is not for negative numbers.
  return (((sum % 11) + 11) % 11) % 10
}

export type RnokppValidation = { ok: true } | { ok: false; reason: 'format' | 'check_digit'; message: string }

export function validateRnokpp(s: string): RnokppValidation {
  if (!/^\d{10}$/.test(s)) {
    return { ok: false, reason: 'format', message: 'РНОКПП має складатися з 10 цифр' }
  }
  if (rnokppCheckDigit(s.slice(0, 9)) !== s.charCodeAt(9) - 48) {
    return { ok: false, reason: 'check_digit', message: 'Неправильна контрольна цифра РНОКПП — перевірте номер' }
  }
  return { ok: true }
}

export function isValidRnokpp(s: string): boolean {
  return validateRnokpp(s).ok
}

function isoFromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/**
 * The birth date encoded in a valid number, or null. A number with a wrong check digit gives null
 * too: one mistyped digit may be in the date part, and a wrong birth date pre-filled on a form is
 * worse than none.
 */
export function rnokppBirthDate(s: string): string | null {
  if (!isValidRnokpp(s)) return null
  const days = Number(s.slice(0, 5))
  if (days < 1) return null
  return isoFromUtcMs(EPOCH_MS + days * DAY_MS)
}

function parseIsoDate(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const ms = Date.UTC(y, mo - 1, d)
  // Date.UTC silently rolls 2025-02-30 over to March; reject instead.
  return isoFromUtcMs(ms) === date ? ms : null
}

/**
 * A syntactically valid РНОКПП for generated demo people. The ninth digit varies with the serial so
 * the demo data does not all end the same way; it never reproduces how the tax service assigns them.
 */
export function makeRnokpp(birthDate: string, serial: number, sex: 'male' | 'female'): string {
  const ms = parseIsoDate(birthDate)
  if (ms === null) throw new RangeError(`makeRnokpp: birthDate must be a real YYYY-MM-DD date, got ${JSON.stringify(birthDate)}`)
  const days = Math.round((ms - EPOCH_MS) / DAY_MS)
  if (days < 1 || days > 99_999) {
    throw new RangeError(`makeRnokpp: birthDate must be between 1900-01-01 and 2173-10-14, got ${birthDate}`)
  }
  if (!Number.isInteger(serial) || serial < 0 || serial > 999) {
    throw new RangeError(`makeRnokpp: serial must be an integer 0..999, got ${serial}`)
  }
  const sexDigit = (serial % 5) * 2 + (sex === 'male' ? 1 : 0)
  const first9 = String(days).padStart(5, '0') + String(serial).padStart(3, '0') + String(sexDigit)
  return first9 + String(rnokppCheckDigit(first9))
}
