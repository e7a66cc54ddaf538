import i18next, { type i18n as I18n } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { LANGUAGES, type Language } from '../../../shared/contract'
import en from './locales/en.json'
import uk from './locales/uk.json'

/*
 * Ukrainian first (the language law requires it for software bought by municipal bodies), English
 * second. i18next picks plural forms with Intl.PluralRules, so Ukrainian keys carry
 * `_one/_few/_many/_other` ("1 день / 2 дні / 5 днів / 1,5 дня") and English `_one/_other`.
 * Resources are bundled, so initialisation is synchronous and the first paint is already translated.
 */

export const DEFAULT_LANGUAGE: Language = 'uk'

export const resources = {
  uk: { translation: uk },
  en: { translation: en }
} as const

export const i18n: I18n = i18next.createInstance()

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

export function initI18n(language: Language = DEFAULT_LANGUAGE): I18n {
  if (!i18n.isInitialized) {
    void i18n.use(initReactI18next).init({
      resources,
      lng: language,
      fallbackLng: DEFAULT_LANGUAGE,
      supportedLngs: [...LANGUAGES],
      // React escapes text itself; escaping twice would show citizens' apostrophes as &#39;.
      interpolation: { escapeValue: false },
      returnNull: false,
      initAsync: false
    })
  } else if (i18n.language !== language) {
    void i18n.changeLanguage(language)
  }
  return i18n
}

/** The BCP 47 locale for Intl formatters: dates as 28.11.2026 in both languages, 24-hour clock. */
export function intlLocale(language: string): string {
  return language === 'en' ? 'en-GB' : 'uk-UA'
}

export function currentLanguage(): Language {
  const lng = i18n.resolvedLanguage ?? i18n.language
  return isLanguage(lng) ? lng : DEFAULT_LANGUAGE
}
