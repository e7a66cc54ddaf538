import type { FormField } from './card'
import { isApplicantField, type ApplicantField } from '../domain/application'
import { isStandardFieldId } from './standard-form'

/*
 * Checks the answers to a card's own questions (every field that is not one of the standard ones,
 * which the intake maps onto the applicant and delivery and checks with their own schemas). The
 * answers are strings, as forms and the intake API carry them (`fields`: id → text). Each problem
 * names the field (`fields.<id>`) with a Ukrainian and an English message.
 */

export interface AnswerProblem {
  field: string
  uk: string
  en: string
  /** The same without the field's label (shown beside the input, whose label is right there). */
  bare?: { uk: string; en: string }
}

const REQUIRED = { uk: 'Обов’язкове поле', en: 'Required' }

const YES_NO = new Set(['yes', 'no'])

function realDate(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false
  const ms = Date.parse(`${iso}T00:00:00Z`)
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === iso
}

/** The problem with one answer to `f`, or null. `today`: the centre's date (YYYY-MM-DD). */
export function answerProblem(f: FormField, raw: string, today: string): { uk: string; en: string } | null {
  const value = raw.trim()
  const r = f.rules
  switch (f.type) {
    case 'short_text':
    case 'long_text':
    case 'address': {
      if (r.minLength !== undefined && value.length < r.minLength)
        return { uk: `Не коротше ${r.minLength} символів`, en: `At least ${r.minLength} characters` }
      if (r.maxLength !== undefined && value.length > r.maxLength)
        return { uk: `Не довше ${r.maxLength} символів`, en: `At most ${r.maxLength} characters` }
      if (r.pattern !== undefined) {
        let re: RegExp
        try {
          re = new RegExp(`^(?:${r.pattern})$`, 'u')
        } catch {
          return null
        }
        if (!re.test(value)) return { uk: 'Значення не відповідає потрібному формату', en: 'The value does not match the required format' }
      }
      return null
    }
    case 'number': {
      const n = Number(value.replace(',', '.'))
      if (value === '' || !Number.isFinite(n)) return { uk: 'Вкажіть число', en: 'Enter a number' }
      if (r.integer && !Number.isInteger(n)) return { uk: 'Вкажіть ціле число', en: 'Enter a whole number' }
      if (r.min !== undefined && n < r.min) return { uk: `Не менше ${r.min}`, en: `At least ${r.min}` }
      if (r.max !== undefined && n > r.max) return { uk: `Не більше ${r.max}`, en: `At most ${r.max}` }
      return null
    }
    case 'date': {
      if (!realDate(value)) return { uk: 'Дата у форматі РРРР-ММ-ДД, яка існує', en: 'A date (YYYY-MM-DD) that exists' }
      if (r.minDate !== undefined && value < r.minDate) return { uk: `Не раніше ${r.minDate}`, en: `Not before ${r.minDate}` }
      if (r.maxDate !== undefined && value > r.maxDate) return { uk: `Не пізніше ${r.maxDate}`, en: `Not after ${r.maxDate}` }
      if (r.notAfterToday && value > today) return { uk: 'Дата не може бути в майбутньому', en: 'The date cannot be in the future' }
      return null
    }
    case 'choice':
      return (r.choices ?? []).some((c) => c.value === value) ? null : { uk: 'Оберіть один із варіантів', en: 'Choose one of the options' }
    case 'yes_no':
      return YES_NO.has(value) ? null : { uk: 'Оберіть «так» або «ні»', en: 'Choose yes or no' }
    case 'rnokpp':
      return /^\d{10}$/.test(value) ? null : { uk: 'РНОКПП — 10 цифр', en: 'RNOKPP: 10 digits' }
    case 'phone':
      return /^\+380\d{9}$/.test(value.replace(/[\s()-]/g, ''))
        ? null
        : { uk: 'Телефон у форматі +380XXXXXXXXX', en: 'Phone as +380XXXXXXXXX' }
    case 'email':
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? null : { uk: 'Некоректна адреса електронної пошти', en: 'Invalid email address' }
    case 'document_upload':
      // Files come as attachments (uploaded first); the answer is the file's SHA-256.
      return /^[0-9a-f]{64}$/.test(value) ? null : { uk: 'Додайте файл', en: 'Attach a file' }
  }
}

/** The card's own questions (not the standard ones), in the form's order. */
export const ownFields = (fields: readonly FormField[]): FormField[] => fields.filter((f) => !isStandardFieldId(f.id))

/**
 * Every problem with the answers to the card's own questions: a required one unanswered, or an
 * answer breaking its rules. Other keys pass as free details, as before cards had forms (a citizen's
 * tool's `note`, the desk's «Додаткові відомості»).
 */
export function answerProblems(fields: readonly FormField[], answers: Readonly<Record<string, string>>, today: string): AnswerProblem[] {
  const out: AnswerProblem[] = []
  for (const f of ownFields(fields)) {
    const value = answers[f.id]
    if (value === undefined || value.trim() === '') {
      if (f.required)
        out.push({ field: `fields.${f.id}`, uk: `«${f.label.uk}»: обов’язкове поле`, en: `"${f.label.en}" is required`, bare: REQUIRED })
      continue
    }
    const p = answerProblem(f, value, today)
    if (p) out.push({ field: `fields.${f.id}`, uk: `«${f.label.uk}»: ${p.uk}`, en: `"${f.label.en}": ${p.en}`, bare: p })
  }
  return out
}

/**
 * Every problem with what a desk's intake form holds against the card version it asked: a standard
 * particular the card makes required (a phone, say) left empty, then the card's own questions. The
 * desk checks it before registering and its form shows each one at its input.
 */
export function intakeProblems(
  fields: readonly FormField[],
  input: { applicant: Readonly<Record<ApplicantField, string | null>>; fields: Readonly<Record<string, string>> },
  today: string
): AnswerProblem[] {
  const out: AnswerProblem[] = []
  for (const f of fields) {
    if (!f.required || !isApplicantField(f.id)) continue
    const value = input.applicant[f.id]
    if (value === null || value.trim() === '')
      out.push({ field: `applicant.${f.id}`, uk: `«${f.label.uk}»: обов’язкове поле`, en: `"${f.label.en}" is required`, bare: REQUIRED })
  }
  // A file question is answered at the desk by the paper the citizen brings: the clerk scans it and
  // ticks the card's documents checklist; no scan is bound to a question, so it is not asked here.
  const asked = fields.filter((f) => f.type !== 'document_upload')
  return [...out, ...answerProblems(asked, input.fields, today)]
}
