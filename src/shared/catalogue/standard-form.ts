import { applicantSchema, APPLICANT_FIELDS, DELIVERY, type ApplicantField, type Delivery } from '../domain/application'
import type { FieldType, FormField } from './card'

/*
 * The form every service asks today (before cards carried their own): the applicant's particulars,
 * how to receive the result, and a free-text comment. This module is where those questions are
 * defined once: the citizens' pages take their labels and hints from here (src/portal/web/messages.ts)
 * and which answers are optional from here (src/portal/web/apply-form.ts); whether an applicant's
 * particular may be left empty and how long it may be come from the shared applicant schema itself
 * (domain/application.ts). The catalogue file's services become version-1 cards with this form
 * (from-file.ts).
 */

/** The ids the intake maps onto the application's own record (applicant, delivery) rather than its free fields. */
export const STANDARD_FIELD_IDS = [...APPLICANT_FIELDS, 'delivery', 'comment'] as const
export type StandardFieldId = (typeof STANDARD_FIELD_IDS)[number]
export const isStandardFieldId = (id: string): id is StandardFieldId => (STANDARD_FIELD_IDS as readonly string[]).includes(id)

/** The free-text comment's limit (the citizens' pages' «Додаткові відомості»). */
export const COMMENT_MAX = 500

interface Text {
  uk: string
  en: string
}

/** Labels and hints as the citizens' pages show them. */
export const STANDARD_LABELS: Readonly<Record<StandardFieldId, { label: Text; hint: Text | null }>> = {
  surname: { label: { uk: 'Прізвище', en: 'Surname' }, hint: null },
  givenName: { label: { uk: 'Ім’я', en: 'Given name' }, hint: null },
  patronymic: { label: { uk: 'По батькові (за наявності)', en: 'Patronymic (if any)' }, hint: null },
  rnokpp: {
    label: { uk: 'РНОКПП (ідентифікаційний код, за наявності)', en: 'Taxpayer number (RNOKPP, if any)' },
    hint: { uk: '10 цифр', en: '10 digits' }
  },
  birthDate: {
    label: { uk: 'Дата народження', en: 'Date of birth' },
    hint: { uk: 'дд.мм.рррр, наприклад 24.08.1991', en: 'dd.mm.yyyy, for example 24.08.1991' }
  },
  phone: {
    label: { uk: 'Телефон (необов’язково)', en: 'Phone (optional)' },
    hint: { uk: 'У форматі +380XXXXXXXXX', en: 'As +380XXXXXXXXX' }
  },
  email: { label: { uk: 'Електронна пошта (необов’язково)', en: 'Email (optional)' }, hint: null },
  address: {
    label: { uk: 'Адреса', en: 'Address' },
    hint: { uk: 'Населений пункт, вулиця, будинок, квартира', en: 'Town, street, house, flat' }
  },
  delivery: { label: { uk: 'Як отримати результат', en: 'How to receive the result' }, hint: null },
  comment: {
    label: { uk: 'Додаткові відомості (необов’язково)', en: 'Anything else (optional)' },
    hint: { uk: 'Що ще варто знати адміністратору. До 500 знаків.', en: 'What the clerk should know. Up to 500 characters.' }
  }
}

export const DELIVERY_LABELS: Readonly<Record<Delivery, Text>> = {
  in_person: { uk: 'Особисто в ЦНАП', en: 'In person at the centre' },
  post: { uk: 'Поштою', en: 'By post' },
  electronic: { uk: 'Електронно', en: 'Electronically' }
}

/** The type each standard field must have on any card (a card may not give `rnokpp` another meaning). */
export const STANDARD_TYPES: Readonly<Record<StandardFieldId, FieldType>> = {
  surname: 'short_text',
  givenName: 'short_text',
  patronymic: 'short_text',
  rnokpp: 'rnokpp',
  birthDate: 'date',
  phone: 'phone',
  email: 'email',
  address: 'address',
  delivery: 'choice',
  comment: 'long_text'
}

/** Whether the applicant schema lets this particular be empty (null). */
function applicantOptional(id: ApplicantField): boolean {
  return applicantSchema.shape[id].safeParse(null).success
}

/** The maximum length the applicant schema puts on a text particular, when it states one. */
function applicantMaxLength(id: ApplicantField): number | undefined {
  const schema: unknown = applicantSchema.shape[id]
  const direct = (schema as { maxLength?: unknown }).maxLength
  if (typeof direct === 'number') return direct
  const inner = (schema as { unwrap?: () => unknown }).unwrap?.()
  const viaNullable = (inner as { maxLength?: unknown } | undefined)?.maxLength
  if (typeof viaNullable === 'number') return viaNullable
  const piped = (schema as { in?: { maxLength?: unknown } }).in?.maxLength
  return typeof piped === 'number' ? piped : undefined
}

function standardField(id: StandardFieldId): FormField {
  const { label, hint } = STANDARD_LABELS[id]
  const type = STANDARD_TYPES[id]
  if (id === 'delivery')
    return {
      id,
      type,
      label,
      hint,
      required: true,
      rules: { choices: DELIVERY.map((value) => ({ value, label: DELIVERY_LABELS[value] })) }
    }
  if (id === 'comment') return { id, type, label, hint, required: false, rules: { maxLength: COMMENT_MAX } }
  const max = type === 'short_text' || type === 'address' ? applicantMaxLength(id) : undefined
  return {
    id,
    type,
    label,
    hint,
    required: !applicantOptional(id),
    rules: {
      ...(max !== undefined ? { maxLength: max } : {}),
      ...(id === 'birthDate' ? { minDate: '1900-01-01', notAfterToday: true } : {})
    }
  }
}

/** Today's form, in the order the citizens' pages ask it. A fresh copy each call (cards are edited). */
export function standardForm(): { fields: FormField[] } {
  return { fields: STANDARD_FIELD_IDS.map(standardField) }
}
