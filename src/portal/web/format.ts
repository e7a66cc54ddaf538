import type { Service } from '../../shared/catalogue'
import type { Messages } from './messages'

/** Dates as people in Ukraine write them: дд.мм.рррр, in Kyiv time. */
const DAY = new Intl.DateTimeFormat('uk-UA', { timeZone: 'Europe/Kyiv', day: '2-digit', month: '2-digit', year: 'numeric' })
const TIME = new Intl.DateTimeFormat('uk-UA', { timeZone: 'Europe/Kyiv', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

export const plainDay = (iso: string): string => DAY.format(new Date(iso))
export const plainDayTime = (iso: string): string => `${DAY.format(new Date(iso))} ${TIME.format(new Date(iso))}`

/** `2027-01-12` → `12.01.2027`. */
export const isoToTyped = (iso: string): string =>
  /^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}` : iso

/** `12.01.2027` (also `12/01/2027`, `12-1-2027`) → `2027-01-12`; null when it is not a date in that shape. */
export function typedToIso(typed: string): string | null {
  const m = /^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$/.exec(typed)
  if (!m) return null
  const [d, mo, y] = [m[1] ?? '', m[2] ?? '', m[3] ?? '']
  return `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`
}

export function termText(s: Service, t: Messages): string {
  const { value, unit } = s.term
  if (unit === 'same_day') return t.termSameDay
  if (value === null) return t.termUnknown
  const unitText =
    unit === 'hours'
      ? t.termHours
      : unit === 'working_days'
        ? t.termWorkingDays
        : unit === 'calendar_days'
          ? t.termCalendarDays
          : t.termDays
  return `${value} ${unitText}`
}

export function feeText(s: Service, t: Messages): string {
  const f = s.fee
  if (f.kind === 'free') return t.feeFree
  if (f.kind === 'fixed_uah' && f.amount_uah !== null)
    return `${f.amount_uah.toFixed(2).replace(/\.00$/, '').replace('.', ',')} ${t.feeUah}`
  if (f.kind === 'subsistence_share' && f.share_of_subsistence !== null)
    return `${String(Math.round(f.share_of_subsistence * 1000) / 10).replace('.', ',')}% ${t.feeShare}`
  if (f.kind === 'varies') return t.feeVaries
  return t.feeUnknown
}
