import type { TFunction } from 'i18next'
import type { Service } from '../../../../shared/catalogue'
import { personNameSchema, type Applicant, type Delivery } from '../../../../shared/domain/application'
import { rnokppBirthDate, validateRnokpp } from '../../../../shared/domain/rnokpp'

/*
 * The walk-in form's checks, beside each field, in the clerk's language. Pure functions of the
 * draft and "today", so the screen, the tests and a later bulk import agree. The back end parses
 * the same data again with the contract's schemas; these checks exist so the clerk learns about a
 * typo while the applicant is still at the desk, not from a rejection later.
 */

export interface DraftFile {
  id: string
  file: File
  name: string
  size: number
  /** Detected from the first bytes; null when the file is none of PDF, JPEG, PNG. */
  mediaType: 'application/pdf' | 'image/jpeg' | 'image/png' | null
  /** Why the file cannot be attached (type, size, a failed upload). */
  error: string | null
  /** Set once the file is in the workstation's cache: a retry does not upload it again. */
  sha256: string | null
}

export interface IntakeDraft {
  serviceId: string | null
  surname: string
  givenName: string
  patronymic: string
  rnokpp: string
  birthDate: string
  phone: string
  email: string
  address: string
  details: string
  delivery: Delivery
  /** Document name → received at the desk. */
  received: Record<string, boolean>
  files: DraftFile[]
  /** Answers to the live card's own questions, by field id (as the contract carries them: text). */
  answers: Record<string, string>
}

export const FIELD_ORDER = [
  'serviceId',
  'surname',
  'givenName',
  'patronymic',
  'rnokpp',
  'birthDate',
  'phone',
  'email',
  'address',
  'details',
  'files'
] as const
export type IntakeField = (typeof FIELD_ORDER)[number]
export type IntakeErrors = Partial<Record<IntakeField, string>>

export const emptyDraft = (): IntakeDraft => ({
  serviceId: null,
  surname: '',
  givenName: '',
  patronymic: '',
  rnokpp: '',
  birthDate: '',
  phone: '',
  email: '',
  address: '',
  details: '',
  delivery: 'in_person',
  received: {},
  files: [],
  answers: {}
})

type T = TFunction

/** Spaces, dashes, dots and brackets go; a national 0XXXXXXXXX becomes +380XXXXXXXXX. */
export function normalisePhone(input: string): string {
  const compact = input.replace(/[\s\-().]/g, '')
  if (/^0\d{9}$/.test(compact)) return `+38${compact}`
  if (/^380\d{9}$/.test(compact)) return `+${compact}`
  return compact
}

export const normaliseRnokpp = (input: string): string => input.replace(/\s/g, '')

function isRealDate(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === date
}

function nameError(value: string, t: T, requiredKey: 'intake.errors.surname' | 'intake.errors.givenName' | null): string | undefined {
  if (value.trim() === '') return requiredKey ? t(requiredKey) : undefined
  const parsed = personNameSchema.safeParse(value)
  if (parsed.success) return undefined
  return parsed.error.issues[0]?.code === 'too_big' ? t('intake.errors.nameTooLong') : t('intake.errors.nameLetters')
}

/** Every problem of the draft, one message per field. `today` is the centre's local date (YYYY-MM-DD). */
export function validateDraft(draft: IntakeDraft, today: string, t: T): IntakeErrors {
  const errors: IntakeErrors = {}
  if (!draft.serviceId) errors.serviceId = t('intake.errors.service')
  const surname = nameError(draft.surname, t, 'intake.errors.surname')
  if (surname) errors.surname = surname
  const givenName = nameError(draft.givenName, t, 'intake.errors.givenName')
  if (givenName) errors.givenName = givenName
  const patronymic = nameError(draft.patronymic, t, null)
  if (patronymic) errors.patronymic = patronymic

  const rnokpp = normaliseRnokpp(draft.rnokpp)
  if (rnokpp !== '') {
    const check = validateRnokpp(rnokpp)
    if (!check.ok) errors.rnokpp = t(check.reason === 'format' ? 'intake.errors.rnokppFormat' : 'intake.errors.rnokppCheckDigit')
  }

  if (draft.birthDate.trim() === '') errors.birthDate = t('intake.errors.birthDateRequired')
  else if (!isRealDate(draft.birthDate)) errors.birthDate = t('intake.errors.birthDateInvalid')
  else if (draft.birthDate > today) errors.birthDate = t('intake.errors.birthDateFuture')
  else if (draft.birthDate < '1900-01-01') errors.birthDate = t('intake.errors.birthDateInvalid')

  const phone = normalisePhone(draft.phone)
  if (phone !== '' && !/^\+380\d{9}$/.test(phone)) errors.phone = t('intake.errors.phone')

  const email = draft.email.trim()
  if (email !== '' && (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254)) errors.email = t('intake.errors.email')
  else if (email === '' && draft.delivery === 'electronic') errors.email = t('intake.errors.emailForElectronic')

  if (draft.address.trim().length < 3) errors.address = t('intake.errors.address')
  if (draft.details.length > 2000) errors.details = t('intake.errors.detailsTooLong')
  if (draft.files.some((f) => f.error !== null)) errors.files = t('intake.errors.files')
  return errors
}

/** A hint, not an error: the birth date in the number disagrees with the one typed (one of them is a typo). */
export function rnokppDateMismatch(draft: IntakeDraft): string | null {
  const fromNumber = rnokppBirthDate(normaliseRnokpp(draft.rnokpp))
  return fromNumber !== null && isRealDate(draft.birthDate) && fromNumber !== draft.birthDate ? fromNumber : null
}

/** The applicant as the contract takes it; call only on a draft without errors. */
export function applicantOf(draft: IntakeDraft): Applicant {
  const optional = (s: string): string | null => (s.trim() === '' ? null : s.trim())
  return {
    surname: draft.surname.trim(),
    givenName: draft.givenName.trim(),
    patronymic: optional(draft.patronymic),
    rnokpp: optional(normaliseRnokpp(draft.rnokpp)),
    birthDate: draft.birthDate,
    phone: optional(normalisePhone(draft.phone)),
    email: optional(draft.email),
    address: draft.address.trim()
  }
}

export function checklistOf(
  service: Service | null,
  received: Record<string, boolean>
): { name: string; required: boolean; received: boolean }[] {
  return (service?.documents ?? []).map((d) => ({ name: d.name_uk, required: d.required, received: received[d.name_uk] ?? false }))
}

/** Maps a back-end error's field path (e.g. "applicant.rnokpp") to the form field it is about. */
export function fieldOfPath(path: string | undefined): IntakeField | null {
  if (!path) return null
  const last = path.replace(/^applicant\./, '').split('.')[0] ?? ''
  if (last === 'fields') return 'details'
  if (last === 'attachments') return 'files'
  return (FIELD_ORDER as readonly string[]).includes(last) ? (last as IntakeField) : null
}
