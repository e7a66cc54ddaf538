import { describe, expect, it } from 'vitest'
import { makeRnokpp } from '../../../../shared/domain/rnokpp'
import { i18n } from '../../lib/i18n'
import {
  applicantOf,
  emptyDraft,
  fieldOfPath,
  normalisePhone,
  rnokppDateMismatch,
  validateDraft,
  type IntakeDraft
} from './intake-validation'

const t = i18n.t.bind(i18n)
const TODAY = '2026-11-30'
const valid = (over: Partial<IntakeDraft> = {}): IntakeDraft => ({
  ...emptyDraft(),
  serviceId: 'svc',
  surname: 'Мар’яненко',
  givenName: 'Ірина',
  rnokpp: makeRnokpp('1982-11-26', 7, 'female'),
  birthDate: '1982-11-26',
  address: 'м. Хмельницький',
  ...over
})

describe('validateDraft', () => {
  it('accepts a complete draft, apostrophes and hyphens in names included', () => {
    expect(validateDraft(valid({ surname: 'Квітка-Основ’яненко' }), TODAY, t)).toEqual({})
  })

  it('names each problem in Ukrainian', () => {
    const errors = validateDraft(
      valid({ surname: '', givenName: 'Ірина2', rnokpp: '123', birthDate: '2026-12-01', phone: '+38067', email: 'a@b', address: ' ' }),
      TODAY,
      t
    )
    expect(errors).toEqual({
      surname: 'Вкажіть прізвище',
      givenName: 'Лише літери, апостроф, дефіс і пробіл',
      rnokpp: 'РНОКПП має складатися з 10 цифр',
      birthDate: 'Дата народження не може бути в майбутньому',
      phone: 'Телефон у форматі +380XXXXXXXXX',
      email: 'Некоректна адреса електронної пошти',
      address: 'Вкажіть адресу'
    })
  })

  it('takes today as a birth date but not an impossible one', () => {
    expect(validateDraft(valid({ birthDate: TODAY, rnokpp: '' }), TODAY, t).birthDate).toBeUndefined()
    expect(validateDraft(valid({ birthDate: '2025-02-30', rnokpp: '' }), TODAY, t).birthDate).toBe('Некоректна дата народження')
  })

  it('electronic delivery needs an email', () => {
    expect(validateDraft(valid({ delivery: 'electronic' }), TODAY, t).email).toBe(
      'Для електронного отримання результату вкажіть електронну пошту'
    )
  })
})

describe('helpers', () => {
  it('normalises phones typed the usual ways', () => {
    expect(normalisePhone('067 123-45-67')).toBe('+380671234567')
    expect(normalisePhone('(067) 123 45 67')).toBe('+380671234567')
    expect(normalisePhone('380671234567')).toBe('+380671234567')
    expect(normalisePhone('+38 067 123 45 67')).toBe('+380671234567')
  })

  it('spots a birth date that disagrees with the RNOKPP', () => {
    expect(rnokppDateMismatch(valid())).toBeNull()
    expect(rnokppDateMismatch(valid({ birthDate: '1982-11-27' }))).toBe('1982-11-26')
  })

  it('builds the contract’s applicant: trimmed, empty optional fields as null', () => {
    expect(applicantOf(valid({ patronymic: '  ', phone: '067 123 45 67', rnokpp: ' 3028016509 ' }))).toEqual({
      surname: 'Мар’яненко',
      givenName: 'Ірина',
      patronymic: null,
      rnokpp: '3028016509',
      birthDate: '1982-11-26',
      phone: '+380671234567',
      email: null,
      address: 'м. Хмельницький'
    })
  })

  it('maps back-end field paths to form fields', () => {
    expect(fieldOfPath('applicant.rnokpp')).toBe('rnokpp')
    expect(fieldOfPath('attachments.0.name')).toBe('files')
    expect(fieldOfPath('serviceId')).toBe('serviceId')
    expect(fieldOfPath('orderNumber')).toBeNull()
    expect(fieldOfPath(undefined)).toBeNull()
  })
})
