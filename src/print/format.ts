import type { Applicant, Delivery } from '../shared/domain/application'
import { dateTimeFormat } from '../shared/intl-format'

/*
 * Dates on paper are in the centre's zone (the working calendar's), in the ДСТУ 4163 form
 * ДД.ММ.РРРР, whatever zone the workstation's clock is set to.
 */

function formatter(timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  return dateTimeFormat(`print|${timeZone}|${withTime}`, 'en-GB', () => ({
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {})
  }))
}

function parts(iso: string, timeZone: string, withTime: boolean): Record<string, string> | null {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return null
  const p: Record<string, string> = {}
  for (const part of formatter(timeZone, withTime).formatToParts(ms)) p[part.type] = part.value
  return p
}

/** 02.03.2026 */
export function dateOf(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone, false)
  return p ? `${p['day']}.${p['month']}.${p['year']}` : iso
}

/** 02.03.2026 10:15 */
export function dateTimeOf(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone, true)
  return p ? `${p['day']}.${p['month']}.${p['year']} ${p['hour']}:${p['minute']}` : iso
}

/** 10:15 */
export function timeOf(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone, true)
  return p ? `${p['hour']}:${p['minute']}` : iso
}

/** A deadline at the end of a day is a date; one at closing time (same-day services) keeps its hour. */
export function dueOf(iso: string, timeZone: string): string {
  const p = parts(iso, timeZone, true)
  if (!p) return iso
  return p['hour'] === '23' && p['minute'] === '59' ? dateOf(iso, timeZone) : `${dateOf(iso, timeZone)} до ${p['hour']}:${p['minute']}`
}

/** A plain date (YYYY-MM-DD) as ДД.ММ.РРРР. */
export function plainDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  return m ? `${m[3]}.${m[2]}.${m[1]}` : date
}

export function fullName(a: Pick<Applicant, 'surname' | 'givenName' | 'patronymic'>): string {
  return [a.surname, a.givenName, a.patronymic].filter((s): s is string => s !== null && s.trim() !== '').join(' ')
}

export const DELIVERY_UK: Readonly<Record<Delivery, string>> = {
  in_person: 'особисто в центрі надання адміністративних послуг',
  post: 'поштою на адресу заявника',
  electronic: 'в електронній формі (на порталі або електронною поштою)'
}

export const DELIVERY_SHORT_UK: Readonly<Record<Delivery, string>> = {
  in_person: 'особисто в ЦНАП',
  post: 'поштою',
  electronic: 'електронно'
}

export const CHANNEL_UK = { portal: 'через портал', walk_in: 'особисто' } as const

/** Labels of the applicant's own fields, for remarks that point at them. Other fields print as named by the form. */
export const FIELD_LABELS_UK: Readonly<Record<string, string>> = {
  'applicant.surname': 'Прізвище',
  'applicant.givenName': 'Ім’я',
  'applicant.patronymic': 'По батькові',
  'applicant.rnokpp': 'РНОКПП',
  'applicant.birthDate': 'Дата народження',
  'applicant.phone': 'Телефон',
  'applicant.email': 'Електронна пошта',
  'applicant.address': 'Адреса',
  surname: 'Прізвище',
  givenName: 'Ім’я',
  patronymic: 'По батькові',
  rnokpp: 'РНОКПП',
  birthDate: 'Дата народження',
  phone: 'Телефон',
  email: 'Електронна пошта',
  address: 'Адреса'
}
