import type { ServiceCard } from '../../shared/catalogue/card'

/** A new service's card as an administrator would describe it (catalogue tests): three own questions' worth of rules, one required document. */
export function newCard(id = 'tree-felling-permit'): ServiceCard {
  return {
    id,
    national_code: null,
    name_uk: 'Дозвіл на видалення зелених насаджень',
    name_en: 'Permit to remove trees',
    category_uk: 'Благоустрій',
    category_en: 'Urban improvement',
    legal_basis: [{ title_uk: 'Постанова КМУ № 1045', reference: null }],
    term: { value: 10, unit: 'working_days', note_uk: null, note_en: null },
    fee: { kind: 'free', amount_uah: null, share_of_subsistence: null, note_uk: null, note_en: null },
    result_uk: 'Ордер на видалення',
    result_en: 'Felling order',
    delivery: ['in_person'],
    documents: [{ name_uk: 'Схема ділянки', name_en: 'Site plan', required: true, form: 'copy' }],
    outcomes: [{ kind: 'approve', label_uk: 'Видано ордер', label_en: 'Order issued' }],
    refusal_grounds: [{ text_uk: 'Неповний пакет документів', text_en: null, legal_reference: 'ЗУ 5203-VI, ст. 9' }],
    stages: [{ name_uk: 'Обстеження', name_en: 'Inspection', days: 5 }],
    form: {
      fields: [
        {
          id: 'surname',
          type: 'short_text',
          label: { uk: 'Прізвище', en: 'Surname' },
          hint: null,
          required: true,
          rules: { maxLength: 80 }
        },
        { id: 'givenName', type: 'short_text', label: { uk: 'Ім’я', en: 'Given name' }, hint: null, required: true, rules: {} },
        { id: 'birthDate', type: 'date', label: { uk: 'Дата народження', en: 'Date of birth' }, hint: null, required: true, rules: {} },
        { id: 'address', type: 'address', label: { uk: 'Адреса', en: 'Address' }, hint: null, required: true, rules: {} },
        {
          id: 'trees',
          type: 'number',
          label: { uk: 'Кількість дерев', en: 'Number of trees' },
          hint: null,
          required: true,
          rules: { min: 1, max: 50, integer: true }
        }
      ]
    },
    verified: false,
    sources: []
  }
}
