import { DEFAULT_CALENDAR } from '../../../shared/domain/calendar'
import { dateTimeFormat } from '../../../shared/intl-format'
import { intlLocale } from './i18n'

/*
 * Dates and times are shown in the centre's zone (the working calendar's), not the machine's: a
 * workstation with a wrong zone setting must not move a deadline by a day on screen.
 */
const TIME_ZONE = DEFAULT_CALENDAR.timeZone

const OPTIONS: Record<'date' | 'dateTime' | 'time', Intl.DateTimeFormatOptions> = {
  date: { day: '2-digit', month: '2-digit', year: 'numeric' },
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  dateTime: { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
}

function formatter(language: string, kind: 'date' | 'dateTime' | 'time'): Intl.DateTimeFormat {
  return dateTimeFormat(`screen|${language}|${kind}`, intlLocale(language), () => ({ ...OPTIONS[kind], timeZone: TIME_ZONE }))
}

function parse(iso: string): Date | null {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? null : d
}

export function formatDate(iso: string, language: string): string {
  const d = parse(iso)
  return d ? formatter(language, 'date').format(d) : iso
}

export function formatDateTime(iso: string, language: string): string {
  const d = parse(iso)
  return d ? formatter(language, 'dateTime').format(d) : iso
}

export function formatTime(iso: string, language: string): string {
  const d = parse(iso)
  return d ? formatter(language, 'time').format(d) : iso
}

/** A plain calendar date (`YYYY-MM-DD`, e.g. a birth date) has no zone: format it as written. */
export function formatPlainDate(date: string, language: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) return date
  return new Intl.DateTimeFormat(intlLocale(language), { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  )
}

/** "5 хвилин тому" / "5 minutes ago"; Intl knows the Ukrainian plural forms. */
export function formatRelative(iso: string, nowMs: number, language: string): string {
  const d = parse(iso)
  if (!d) return iso
  const seconds = Math.round((d.getTime() - nowMs) / 1000)
  const rtf = new Intl.RelativeTimeFormat(intlLocale(language), { numeric: 'auto' })
  const abs = Math.abs(seconds)
  if (abs < 60) return rtf.format(0, 'second')
  if (abs < 3600) return rtf.format(Math.trunc(seconds / 60), 'minute')
  if (abs < 86_400) return rtf.format(Math.trunc(seconds / 3600), 'hour')
  return formatDateTime(iso, language)
}
