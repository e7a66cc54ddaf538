import type { AttachmentRef } from '../../domain/application'

// ── the centre ─────────────────────────────────────────────────────────

/** How often each service is asked for, relative to 1; the rest are 1. */
export const SERVICE_WEIGHTS: Readonly<Record<string, number>> = {
  'residence-registration': 9,
  'residence-deregistration': 4,
  'registered-persons-statement': 5,
  'id-card': 8,
  'travel-passport': 7,
  'birth-registration': 2,
  'death-registration': 1.5,
  'fop-registration': 3,
  'fop-changes': 2,
  'property-rights-registration': 4,
  'land-cadastre-extract': 3,
  'housing-subsidy': 5,
  'low-income-family-aid': 2,
  'large-family-status': 1.5,
  'childbirth-benefit': 1.5
}

export const GENERIC_REFUSAL_GROUNDS = [
  'Подання неповного пакета документів, визначених інформаційною карткою адміністративної послуги',
  'Виявлення в поданих документах недостовірних відомостей',
  'Звернення особи, яка не має права на отримання адміністративної послуги'
] as const
export const APPEAL = 'Рішення може бути оскаржене до органу вищого рівня або до адміністративного суду в порядку, встановленому законом'

export const CORRECTION_GENERAL = [
  'Строк розгляду зупинено до усунення зауважень. Просимо надати виправлені документи протягом 10 робочих днів.',
  'Після усунення зауважень заяву буде розглянуто в загальному порядку.',
  ''
] as const
export const APPLICANT_ANSWERS = [
  'Завантажив(ла) копію документа, якого бракувало',
  'Адресу виправлено відповідно до паспорта',
  'Надано нову скан-копію, усі сторінки читабельні',
  'Документ подано особисто до ЦНАП'
] as const
export const NOTES = [
  'Телефонував заявник, уточнив контактний номер',
  'Заявник просить повідомити про готовність результату SMS',
  'Оригінали документів переглянуто, копії засвідчено',
  'Запит до реєстру надіслано, очікуємо відповідь'
] as const
export const ATTACHMENT_NAMES: readonly (readonly [string, AttachmentRef['mediaType']])[] = [
  ['Паспорт.pdf', 'application/pdf'],
  ['Заява.pdf', 'application/pdf'],
  ['scan0001.pdf', 'application/pdf'],
  ['IMG_20260214_101530.jpg', 'image/jpeg'],
  ['Довідка.png', 'image/png'],
  ['Документ_на_право_власності.pdf', 'application/pdf']
]
