import { useTranslation } from 'react-i18next'
import type { i18n as I18n } from 'i18next'
import { printLocales, type PrintStrings } from './locales'

/*
 * Typed keys for this feature's strings (`print.*`). The app's i18next types know only the merged
 * locale files; until the lead merges locales.ts into them, the strings are added here as a
 * resource bundle (deep, never overwriting), so the screen is translated either way.
 */

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>
}[keyof T & string]

export type PrintKey = Leaves<PrintStrings>
type LooseT = (key: string, options?: Record<string, unknown>) => string

const registered = new WeakSet<I18n>()

export function ensurePrintStrings(i18n: I18n): void {
  if (registered.has(i18n)) return
  registered.add(i18n)
  i18n.addResourceBundle('uk', 'translation', { print: printLocales.uk }, true, false)
  i18n.addResourceBundle('en', 'translation', { print: printLocales.en }, true, false)
}

export function usePrintT(): { t: (key: PrintKey, options?: Record<string, unknown>) => string; language: string } {
  const { i18n } = useTranslation()
  ensurePrintStrings(i18n)
  // The cast is the one place the feature's keys meet the app's key type (see the note above).
  const loose = i18n.t.bind(i18n) as unknown as LooseT
  return { t: (key, options) => loose(`print.${key}`, options), language: i18n.language }
}
