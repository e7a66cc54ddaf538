import type { ServiceCard } from '../../../../shared/catalogue/card'
import type { CardDiffEntry } from '../../../../shared/catalogue/diff'

/*
 * The diff between two cards (shared `diffCards`, path by path) in words: «Поле 3 («Кількість
 * дерев»): найбільше значення: 50 → 100». Paths the editor knows get their names; any other is
 * shown as its path, so nothing that differs is left out.
 */

type Lang = 'uk' | 'en'
type Words = Record<string, { uk: string; en: string }>

const TOP: Words = {
  id: { uk: 'Ідентифікатор', en: 'Id' },
  national_code: { uk: 'Код у Реєстрі', en: 'Registry code' },
  name_uk: { uk: 'Назва (укр.)', en: 'Name (Ukrainian)' },
  name_en: { uk: 'Назва (англ.)', en: 'Name (English)' },
  category_uk: { uk: 'Категорія (укр.)', en: 'Category (Ukrainian)' },
  category_en: { uk: 'Категорія (англ.)', en: 'Category (English)' },
  'term.value': { uk: 'Строк', en: 'Term' },
  'term.unit': { uk: 'Одиниця строку', en: 'Term unit' },
  'term.note_uk': { uk: 'Примітка до строку', en: 'Term note' },
  'fee.kind': { uk: 'Плата', en: 'Fee' },
  'fee.amount_uah': { uk: 'Сума збору, грн', en: 'Fee, UAH' },
  'fee.share_of_subsistence': { uk: 'Частка прожиткового мінімуму', en: 'Share of the subsistence minimum' },
  'fee.note_uk': { uk: 'Примітка до плати', en: 'Fee note' },
  result_uk: { uk: 'Результат (укр.)', en: 'Result (Ukrainian)' },
  result_en: { uk: 'Результат (англ.)', en: 'Result (English)' },
  verified: { uk: 'Перевірено за карткою ЦНАП', en: 'Verified' }
}

const FIELD_PARTS: Words = {
  id: { uk: 'ідентифікатор', en: 'id' },
  type: { uk: 'тип', en: 'type' },
  'label.uk': { uk: 'назва (укр.)', en: 'label (Ukrainian)' },
  'label.en': { uk: 'назва (англ.)', en: 'label (English)' },
  'hint.uk': { uk: 'підказка (укр.)', en: 'hint (Ukrainian)' },
  'hint.en': { uk: 'підказка (англ.)', en: 'hint (English)' },
  hint: { uk: 'підказка', en: 'hint' },
  required: { uk: 'обов’язкове', en: 'required' },
  'rules.minLength': { uk: 'найменша довжина', en: 'minimum length' },
  'rules.maxLength': { uk: 'найбільша довжина', en: 'maximum length' },
  'rules.pattern': { uk: 'шаблон', en: 'pattern' },
  'rules.min': { uk: 'найменше значення', en: 'minimum' },
  'rules.max': { uk: 'найбільше значення', en: 'maximum' },
  'rules.integer': { uk: 'лише ціле', en: 'whole numbers only' },
  'rules.minDate': { uk: 'не раніше', en: 'not before' },
  'rules.maxDate': { uk: 'не пізніше', en: 'not after' },
  'rules.notAfterToday': { uk: 'не в майбутньому', en: 'not in the future' }
}

const DOC_PARTS: Words = {
  name_uk: { uk: 'назва (укр.)', en: 'name (Ukrainian)' },
  name_en: { uk: 'назва (англ.)', en: 'name (English)' },
  required: { uk: 'обов’язковий', en: 'required' },
  form: { uk: 'оригінал чи копія', en: 'original or copy' }
}

export function valueInWords(v: unknown, lang: Lang): string {
  if (v === undefined || v === null || v === '') return '—'
  if (v === true) return lang === 'en' ? 'yes' : 'так'
  if (v === false) return lang === 'en' ? 'no' : 'ні'
  if (typeof v === 'string') return `«${v}»`
  if (typeof v === 'number') return String(v)
  if (typeof v === 'object' && v !== null && 'uk' in v && typeof (v as { uk: unknown }).uk === 'string')
    return `«${(v as { uk: string }).uk}»`
  const json = JSON.stringify(v)
  return json.length > 80 ? `${json.slice(0, 77)}…` : json
}

/** Where in the card a path is, in words. `before`/`after`: the two cards, to name fields by their labels. */
export function placeInWords(path: string, before: ServiceCard | null, after: ServiceCard, lang: Lang): string {
  const top = TOP[path]
  if (top) return top[lang]
  const field = /^form\.fields\.(\d+)(?:\.(.+))?$/.exec(path)
  if (field) {
    const i = Number(field[1])
    const f = after.form.fields[i] ?? before?.form.fields[i]
    const name = f ? f.label[lang] || f.label.uk || f.id : ''
    const head = lang === 'en' ? `Field ${i + 1}${name ? ` ("${name}")` : ''}` : `Поле ${i + 1}${name ? ` («${name}»)` : ''}`
    const rest = field[2]
    if (!rest) return head
    const choice = /^rules\.choices\.(\d+)(?:\.(.+))?$/.exec(rest)
    if (choice) return `${head}: ${lang === 'en' ? 'option' : 'варіант'} ${Number(choice[1]) + 1}${choice[2] ? ` (${choice[2]})` : ''}`
    return `${head}: ${FIELD_PARTS[rest]?.[lang] ?? rest}`
  }
  const doc = /^documents\.(\d+)(?:\.(.+))?$/.exec(path)
  if (doc) {
    const head = lang === 'en' ? `Document ${Number(doc[1]) + 1}` : `Документ ${Number(doc[1]) + 1}`
    return doc[2] ? `${head}: ${DOC_PARTS[doc[2]]?.[lang] ?? doc[2]}` : head
  }
  const delivery = /^delivery(?:\.(\d+))?$/.exec(path)
  if (delivery) return lang === 'en' ? 'Ways to receive the result' : 'Способи отримати результат'
  return path
}

export interface DiffLine {
  path: string
  place: string
  before: string
  after: string
}

export function diffInWords(entries: readonly CardDiffEntry[], before: ServiceCard | null, after: ServiceCard, lang: Lang): DiffLine[] {
  return entries.map((e) => ({
    path: e.path,
    place: placeInWords(e.path, before, after, lang),
    before: valueInWords(e.live, lang),
    after: valueInWords(e.imported, lang)
  }))
}
