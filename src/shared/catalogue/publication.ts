import type { FieldType, FormField, ServiceCard } from './card'
import { isStandardFieldId, STANDARD_TYPES } from './standard-form'

/*
 * Every reason a card cannot be published, each naming the place in the card (a path such as
 * `form.fields.2.rules.pattern`, the same one the editor and the portal's 400 use) with a message in
 * Ukrainian and English. An empty list: publishable. Drafts may be saved with errors; moving to
 * testing and publishing require none (lifecycle.ts).
 */

export const PUBLICATION_ERROR_CODES = [
  'empty',
  'no_term',
  'no_fee',
  'no_fields',
  'duplicate_field_id',
  'standard_field_type',
  'no_choices',
  'duplicate_choice',
  'rule_not_for_type',
  'min_over_max',
  'invalid_pattern',
  'duplicate_document',
  'no_delivery'
] as const
export type PublicationErrorCode = (typeof PUBLICATION_ERROR_CODES)[number]

export interface PublicationError {
  path: string
  code: PublicationErrorCode
  uk: string
  en: string
}

const TEXT_TYPES: ReadonlySet<FieldType> = new Set(['short_text', 'long_text', 'address'])
const NUMBER_TYPES: ReadonlySet<FieldType> = new Set(['number'])
const DATE_TYPES: ReadonlySet<FieldType> = new Set(['date'])

/** Which rule applies to which types; a rule set on any other type is an error (the author meant something else). */
const RULE_TYPES: Readonly<Record<keyof FormField['rules'], ReadonlySet<FieldType>>> = {
  minLength: TEXT_TYPES,
  maxLength: TEXT_TYPES,
  pattern: TEXT_TYPES,
  min: NUMBER_TYPES,
  max: NUMBER_TYPES,
  integer: NUMBER_TYPES,
  minDate: DATE_TYPES,
  maxDate: DATE_TYPES,
  notAfterToday: DATE_TYPES,
  choices: new Set(['choice'])
}

const blank = (s: string | null | undefined): boolean => s === null || s === undefined || s.trim() === ''

/** Whether `pattern` compiles as a Unicode regular expression; the message when it does not. */
export function patternProblem(pattern: string): string | null {
  try {
    new RegExp(`^(?:${pattern})$`, 'u')
    return null
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

function realDate(iso: string): boolean {
  const ms = Date.parse(`${iso}T00:00:00Z`)
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === iso
}

function fieldErrors(f: FormField, at: string, out: PublicationError[]): void {
  const push = (path: string, code: PublicationErrorCode, uk: string, en: string): void => {
    out.push({ path: `${at}.${path}`, code, uk, en })
  }
  const name = blank(f.label.uk) ? f.id : f.label.uk
  if (blank(f.label.uk)) push('label.uk', 'empty', `Поле «${f.id}»: немає назви українською`, `Field "${f.id}": no Ukrainian label`)
  if (blank(f.label.en)) push('label.en', 'empty', `Поле «${name}»: немає назви англійською`, `Field "${f.id}": no English label`)
  if (isStandardFieldId(f.id) && STANDARD_TYPES[f.id] !== f.type)
    push(
      'type',
      'standard_field_type',
      `Поле «${f.id}» — стандартне, його тип має бути «${STANDARD_TYPES[f.id]}»`,
      `Field "${f.id}" is a standard field; its type must be "${STANDARD_TYPES[f.id]}"`
    )
  for (const [rule, value] of Object.entries(f.rules) as [keyof FormField['rules'], unknown][]) {
    if (value === undefined) continue
    if (!RULE_TYPES[rule].has(f.type))
      push(
        `rules.${rule}`,
        'rule_not_for_type',
        `Поле «${name}»: правило «${rule}» не застосовне до типу «${f.type}»`,
        `Field "${f.id}": rule "${rule}" does not apply to type "${f.type}"`
      )
  }
  const r = f.rules
  if (r.minLength !== undefined && r.maxLength !== undefined && r.minLength > r.maxLength)
    push(
      'rules.minLength',
      'min_over_max',
      `Поле «${name}»: найменша довжина (${r.minLength}) більша за найбільшу (${r.maxLength})`,
      `Field "${f.id}": minimum length (${r.minLength}) exceeds maximum length (${r.maxLength})`
    )
  if (r.min !== undefined && r.max !== undefined && r.min > r.max)
    push(
      'rules.min',
      'min_over_max',
      `Поле «${name}»: найменше значення (${r.min}) більше за найбільше (${r.max})`,
      `Field "${f.id}": minimum (${r.min}) exceeds maximum (${r.max})`
    )
  for (const key of ['minDate', 'maxDate'] as const) {
    const d = r[key]
    if (d !== undefined && !realDate(d))
      push(`rules.${key}`, 'empty', `Поле «${name}»: дати ${d} не існує`, `Field "${f.id}": date ${d} does not exist`)
  }
  if (r.minDate !== undefined && r.maxDate !== undefined && r.minDate > r.maxDate)
    push(
      'rules.minDate',
      'min_over_max',
      `Поле «${name}»: найраніша дата пізніша за найпізнішу`,
      `Field "${f.id}": the earliest date is after the latest`
    )
  if (r.pattern !== undefined) {
    const p = patternProblem(r.pattern)
    if (p !== null)
      push(
        'rules.pattern',
        'invalid_pattern',
        `Поле «${name}»: шаблон не є правильним регулярним виразом (${p})`,
        `Field "${f.id}": invalid pattern (${p})`
      )
  }
  if (f.type === 'choice') {
    const choices = r.choices ?? []
    if (choices.length === 0)
      push('rules.choices', 'no_choices', `Поле «${name}»: вибір без жодного варіанта`, `Field "${f.id}": a choice without options`)
    const seen = new Set<string>()
    choices.forEach((c, i) => {
      if (seen.has(c.value))
        push(
          `rules.choices.${i}.value`,
          'duplicate_choice',
          `Поле «${name}»: варіант «${c.value}» повторюється`,
          `Field "${f.id}": option "${c.value}" is repeated`
        )
      seen.add(c.value)
      if (blank(c.label.uk) || blank(c.label.en))
        push(
          `rules.choices.${i}.label`,
          'empty',
          `Поле «${name}»: варіант «${c.value}» без назви`,
          `Field "${f.id}": option "${c.value}" has no label`
        )
    })
  }
}

export function publicationErrors(card: ServiceCard): PublicationError[] {
  const out: PublicationError[] = []
  const push = (path: string, code: PublicationErrorCode, uk: string, en: string): void => {
    out.push({ path, code, uk, en })
  }
  const required: [keyof ServiceCard, string, string][] = [
    ['name_uk', 'Немає назви послуги українською', 'No Ukrainian name'],
    ['name_en', 'Немає назви послуги англійською', 'No English name'],
    ['category_uk', 'Немає категорії українською', 'No Ukrainian category'],
    ['category_en', 'Немає категорії англійською', 'No English category']
  ]
  for (const [key, uk, en] of required) if (blank(card[key] as string)) push(key, 'empty', uk, en)

  const { term, fee } = card
  if (term.unit === null) push('term.unit', 'no_term', 'Не вказано строк надання послуги', 'No term is set')
  else if (term.unit !== 'same_day' && (term.value === null || term.value <= 0))
    push('term.value', 'no_term', 'Строк надання послуги має бути додатним числом', 'The term must be a positive number')

  if (fee.kind === null) push('fee.kind', 'no_fee', 'Не вказано, платна чи безоплатна послуга', 'The fee is not set (free or paid)')
  else if (fee.kind === 'fixed_uah' && (fee.amount_uah === null || fee.amount_uah <= 0))
    push('fee.amount_uah', 'no_fee', 'Не вказано суму збору', 'The fee amount is missing')
  else if (fee.kind === 'subsistence_share' && (fee.share_of_subsistence === null || fee.share_of_subsistence <= 0))
    push('fee.share_of_subsistence', 'no_fee', 'Не вказано частку прожиткового мінімуму', 'The share of the subsistence minimum is missing')

  if (card.delivery.length === 0)
    push('delivery', 'no_delivery', 'Не вказано жодного способу отримати результат', 'No way to receive the result is set')

  const docNames = new Set<string>()
  card.documents.forEach((d, i) => {
    if (blank(d.name_uk)) push(`documents.${i}.name_uk`, 'empty', `Документ ${i + 1}: немає назви`, `Document ${i + 1}: no name`)
    else if (docNames.has(d.name_uk.trim()))
      push(
        `documents.${i}.name_uk`,
        'duplicate_document',
        `Документ «${d.name_uk}» повторюється`,
        `Document "${d.name_en}" is listed twice`
      )
    docNames.add(d.name_uk.trim())
    if (blank(d.name_en))
      push(`documents.${i}.name_en`, 'empty', `Документ ${i + 1}: немає назви англійською`, `Document ${i + 1}: no English name`)
  })
  card.refusal_grounds.forEach((g, i) => {
    if (blank(g.text_uk))
      push(`refusal_grounds.${i}.text_uk`, 'empty', `Підстава відмови ${i + 1}: порожня`, `Refusal ground ${i + 1} is empty`)
  })
  card.stages.forEach((s, i) => {
    if (blank(s.name_uk)) push(`stages.${i}.name_uk`, 'empty', `Етап ${i + 1}: немає назви`, `Stage ${i + 1}: no name`)
  })
  card.legal_basis.forEach((b, i) => {
    if (blank(b.title_uk)) push(`legal_basis.${i}.title_uk`, 'empty', `Правова підстава ${i + 1}: порожня`, `Legal basis ${i + 1} is empty`)
  })

  const fields = card.form.fields
  if (fields.length === 0) push('form.fields', 'no_fields', 'У формі немає жодного поля', 'The form has no fields')
  const ids = new Set<string>()
  fields.forEach((f, i) => {
    if (ids.has(f.id))
      push(`form.fields.${i}.id`, 'duplicate_field_id', `Ідентифікатор поля «${f.id}» повторюється`, `Field id "${f.id}" is used twice`)
    ids.add(f.id)
    fieldErrors(f, `form.fields.${i}`, out)
  })
  return out
}
