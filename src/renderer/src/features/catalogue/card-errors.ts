import type { PublicationError } from '../../../../shared/catalogue/publication'

/*
 * Publication errors (shared/catalogue/publication.ts) name a place in the card by path
 * (`form.fields.2.rules.pattern`); the editor shows each next to the input with that path. An
 * error whose input is not on screen is listed with its field or section, so none is hidden.
 */

export type ErrorLanguage = 'uk' | 'en'

export interface ErrorLookup {
  /** The messages for exactly this path (undefined when none: Mantine shows no error). */
  at(path: string): string | undefined
  /** Every message under `prefix` (the path itself and below), e.g. a field's or a document's. */
  under(prefix: string): string[]
}

export function errorLookup(errors: readonly PublicationError[], language: ErrorLanguage): ErrorLookup {
  const text = (e: PublicationError): string => (language === 'en' ? e.en : e.uk)
  return {
    at(path) {
      const found = errors.filter((e) => e.path === path).map(text)
      return found.length > 0 ? found.join('; ') : undefined
    },
    under(prefix) {
      return errors.filter((e) => e.path === prefix || e.path.startsWith(`${prefix}.`)).map(text)
    }
  }
}

/** A back-end refusal's field (`card.form.fields.2.id`) as a card path (`form.fields.2.id`). */
export const cardPathOfField = (field: string | undefined): string | null => (field?.startsWith('card.') ? field.slice(5) : null)
