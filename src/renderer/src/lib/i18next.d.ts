import 'i18next'
import type uk from './locales/uk.json'

// Typed keys: a misspelt or missing key is a type error, not an untranslated string on screen.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation'
    resources: { translation: typeof uk }
  }
}
