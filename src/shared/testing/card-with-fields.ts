import type { Service } from '../catalogue'
import type { FormField, ServiceCard } from '../catalogue/card'
import { cardFromCatalogueService } from '../catalogue/from-file'

/*
 * A card version with its own questions (issue 17, item 5), for the tests of the desk's intake,
 * review, decision and print: three own fields (a whole number with a range, a date not in the
 * future, a choice), a standard particular made required (the phone), its own term, fee, documents
 * and refusal ground, so a test can tell it from the catalogue file's version 1 of the same service.
 */

export const OWN_FIELDS: FormField[] = [
  {
    id: 'rooms',
    type: 'number',
    label: { uk: 'Кількість кімнат', en: 'Number of rooms' },
    hint: { uk: 'Від 1 до 10', en: 'From 1 to 10' },
    required: true,
    rules: { integer: true, min: 1, max: 10 }
  },
  {
    id: 'movedIn',
    type: 'date',
    label: { uk: 'Дата вселення', en: 'Moving-in date' },
    hint: null,
    required: true,
    rules: { notAfterToday: true }
  },
  {
    id: 'basis',
    type: 'choice',
    label: { uk: 'Підстава проживання', en: 'Basis of residence' },
    hint: null,
    required: false,
    rules: {
      choices: [
        { value: 'owner', label: { uk: 'Власник', en: 'Owner' } },
        { value: 'tenant', label: { uk: 'Наймач', en: 'Tenant' } }
      ]
    }
  }
]

/** Version 2 of `base`'s card: its standard form with the phone required, plus OWN_FIELDS. */
export function cardWithOwnFields(base: Service): ServiceCard {
  const v1 = cardFromCatalogueService(base)
  return {
    ...v1,
    name_uk: `${v1.name_uk} (версія 2)`,
    name_en: `${v1.name_en} (version 2)`,
    term: { value: 10, unit: 'calendar_days', note_uk: null, note_en: null },
    fee: { kind: 'fixed_uah', amount_uah: 42, share_of_subsistence: null, note_uk: null, note_en: null },
    documents: [{ name_uk: 'Договір найму житла', name_en: 'Tenancy agreement', required: true, form: 'copy' }],
    refusal_grounds: [{ text_uk: 'Житло не придатне для проживання', text_en: 'The dwelling is unfit to live in', legal_reference: null }],
    form: {
      fields: [...v1.form.fields.map((f) => (f.id === 'phone' ? { ...f, required: true } : f)), ...OWN_FIELDS]
    }
  }
}
