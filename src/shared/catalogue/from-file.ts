import { DELIVERY } from '../domain/application'
import type { Service } from '../catalogue'
import { serviceCardSchema, type ServiceCard } from './card'
import { standardForm } from './standard-form'

/*
 * Today's catalogue file (resources/catalog/services.json) as version-1 cards. What the file does
 * not establish stays null (original or copy, a ground's legal reference) or empty (legal basis):
 * the editor shows it as something to fill in. The form is today's (standard-form.ts); every way of
 * receiving the result is offered, as the citizens' pages do today.
 */

const nonEmpty = (s: string | null | undefined): string | null => (s === null || s === undefined || s.trim() === '' ? null : s)

export function cardFromCatalogueService(s: Service): ServiceCard {
  const card: ServiceCard = {
    id: s.id,
    national_code: s.national_code,
    name_uk: s.name_uk,
    name_en: s.name_en,
    category_uk: s.category_uk,
    category_en: s.category_en,
    legal_basis: [],
    term: { value: s.term.value, unit: s.term.unit, note_uk: null, note_en: nonEmpty(s.term.note_en) },
    fee: {
      kind: s.fee.kind,
      amount_uah: s.fee.amount_uah,
      share_of_subsistence: s.fee.share_of_subsistence,
      note_uk: null,
      note_en: nonEmpty(s.fee.note_en)
    },
    result_uk: s.result_uk,
    result_en: s.result_en,
    delivery: [...DELIVERY],
    documents: s.documents.map((d) => ({ name_uk: d.name_uk, name_en: d.name_en, required: d.required, form: null })),
    outcomes: s.outcomes.map((o) => ({ kind: o.kind, label_uk: o.label_uk, label_en: o.label_en })),
    refusal_grounds: s.refusal_grounds_uk.map((g) => ({ text_uk: g, text_en: null, legal_reference: null })),
    stages: s.stages.map((st) => ({ name_uk: st.name_uk, name_en: st.name_en, days: st.days })),
    form: standardForm(),
    verified: s.verified,
    sources: (s.sources ?? []).filter((x): x is string => typeof x === 'string').map((x) => x.slice(0, 500))
  }
  // Parsed, so a file the card schema does not accept fails here, at seeding, not in an editor later.
  return serviceCardSchema.parse(card)
}

/**
 * The catalogue's view of a card (what the decision, the checklist, the deadline and the print read
 * today), so code that takes a `Service` can be handed a card version.
 */
export function serviceFromCard(card: ServiceCard): Service {
  return {
    id: card.id,
    national_code: card.national_code,
    name_uk: card.name_uk,
    name_en: card.name_en,
    category_uk: card.category_uk,
    category_en: card.category_en,
    term: { value: card.term.value, unit: card.term.unit, note_en: card.term.note_en },
    fee: { ...card.fee },
    documents: card.documents.map((d) => ({ name_uk: d.name_uk, name_en: d.name_en, required: d.required })),
    outcomes: card.outcomes.map((o) => ({ ...o })),
    refusal_grounds_uk: card.refusal_grounds.map((g) => g.text_uk),
    stages: card.stages.map((s) => ({ ...s })),
    result_uk: card.result_uk,
    result_en: card.result_en,
    sources: [...card.sources],
    verified: card.verified
  }
}
