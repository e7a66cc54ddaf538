import type { Applicant } from '../domain/application'
import { makeRnokpp } from '../domain/rnokpp'
import {
  FEMALE_NAMES,
  MAIL_DOMAINS,
  MALE_NAMES,
  MOBILE_CODES,
  PATRONYMICS,
  STREETS,
  SURNAMES,
  TRANSLIT,
  TRANSLIT_INITIAL
} from './tables/people'
import { Rng } from './rng'

export function romanize(word: string): string {
  let out = ''
  const lower = word.toLowerCase()
  for (let i = 0; i < lower.length; i++) {
    const ch = lower.charAt(i)
    if (ch === 'г' && lower.charAt(i - 1) === 'з') out += 'gh'
    else out += (i === 0 ? TRANSLIT_INITIAL[ch] : undefined) ?? TRANSLIT[ch] ?? (/[a-z0-9]/.test(ch) ? ch : '')
  }
  return out
}

export interface Person {
  applicant: Applicant
  fullName: string
}

export function makePerson(rng: Rng, nowYear: number, apostrophe: string, channel: 'portal' | 'walk_in'): Person {
  const sex = rng.chance(0.52) ? 'female' : 'male'
  const [maleSurname, femaleSurname] = rng.pick(SURNAMES)
  const [sonOf, daughterOf] = rng.pick(PATRONYMICS)
  const surname = (sex === 'male' ? maleSurname : femaleSurname).replaceAll('’', apostrophe)
  const givenName = rng.pick(sex === 'male' ? MALE_NAMES : FEMALE_NAMES).replaceAll('’', apostrophe)
  const patronymic = rng.chance(0.02) ? null : (sex === 'male' ? sonOf : daughterOf).replaceAll('’', apostrophe)
  const birthDate = `${nowYear - rng.int(18, 85)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`
  // Some people refused an РНОКПП on religious grounds and have a passport mark instead.
  const rnokpp = rng.chance(0.04) ? null : makeRnokpp(birthDate, rng.int(0, 999), sex)
  const phone = rng.chance(0.05) ? null : `+380${rng.weighted(MOBILE_CODES)}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`
  const email = rng.chance(channel === 'portal' ? 0.4 : 0.12)
    ? `${romanize(givenName).charAt(0)}.${romanize(surname)}${rng.chance(0.4) ? String(rng.int(1, 99)) : ''}@${rng.weighted(MAIL_DOMAINS)}`
    : null
  const flat = rng.chance(0.6) ? `, кв. ${rng.int(1, 180)}` : ''
  const house = `${rng.int(1, 160)}${rng.chance(0.08) ? rng.pick(['/1', '/2', 'а', 'б']) : ''}`
  const street = rng.pick(STREETS).replaceAll('’', apostrophe)
  const address = `${29000 + rng.int(0, 27)}, м. Хмельницький, ${street}, буд. ${house}${flat}`
  const applicant: Applicant = { surname, givenName, patronymic, rnokpp, birthDate, phone, email, address }
  return { applicant, fullName: [surname, givenName, patronymic].filter((x) => x !== null).join(' ') }
}
