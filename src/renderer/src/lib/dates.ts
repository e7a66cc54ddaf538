import { isIsoDate } from '../../../shared/domain/calendar'

/*
 * Dates typed and shown as дд.мм.рррр (domain.md; WCAG 3.3.2): the way Ukrainian forms write them,
 * whatever the browser's locale (Chromium's native date input shows mm/dd/yyyy on an English system).
 * Pure, so the form fields, the tests and any screen share one reading.
 */

/**
 * Reads a date as a person types it: `12.01.2027`, `12/01/2027`, `12-01-2027`, `12 01 2027`,
 * `1.2.2027`, `12012027`; also `2027-01-12` (what a paste from elsewhere may bring). Returns
 * `YYYY-MM-DD`, or null when it is not a real calendar date.
 */
export function parseTypedDate(text: string): string | null {
  const t = text.trim()
  let d: string, m: string, y: string
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t)
  const dmy = /^(\d{1,2})[.\/\-\s](\d{1,2})[.\/\-\s](\d{4})$/.exec(t)
  const digits = /^(\d{2})(\d{2})(\d{4})$/.exec(t)
  if (iso) [, y, m, d] = iso as unknown as [string, string, string, string]
  else if (dmy) [, d, m, y] = dmy as unknown as [string, string, string, string]
  else if (digits) [, d, m, y] = digits as unknown as [string, string, string, string]
  else return null
  const out = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`
  return isIsoDate(out) ? out : null
}

/** `2027-01-12` → `12.01.2027`; anything else as it is. */
export function formatTypedDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso
}
