import { z } from 'zod'
import { DELIVERY, freeTextSchema } from '../domain/application'

/*
 * A service card version (issue 17, ../shared/design/digitisation.md): what the information card
 * holds (names, category, national code, legal basis, term, fee, result and delivery, documents,
 * refusal grounds, stages, the decision's outcomes) plus the FORM the applicant fills in, as data.
 *
 * The schema is the card's STRUCTURE: a draft that parses may still be unfit to publish (no term, a
 * choice without options, min > max…); `publicationErrors` (publication.ts) says why, field by field.
 * Nulls mean "not established" (as in the catalogue file): the clerk-facing UI shows such values as
 * configurable, never as law (shared/data/README.md).
 */

export const CARD_STAGES = ['draft', 'testing', 'published', 'withdrawn'] as const
export type CardStage = (typeof CARD_STAGES)[number]

export const FIELD_TYPES = [
  'short_text',
  'long_text',
  'number',
  'date',
  'choice',
  'yes_no',
  'rnokpp',
  'phone',
  'email',
  'address',
  'document_upload'
] as const
export type FieldType = (typeof FIELD_TYPES)[number]

/** A service id: the catalogue's stable slug (lowercase Latin letters, digits, hyphens). */
export const serviceIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'Ідентифікатор послуги — малі латинські літери, цифри, «-»')
/** A form field's id: the key its answer is stored under. */
export const fieldIdSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'Ідентифікатор поля — латинські літери, цифри, «_»')

const text = (max: number) => freeTextSchema(max)
const bilingual = (max: number) => z.strictObject({ uk: text(max), en: text(max) })
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Дата у форматі РРРР-ММ-ДД')

export const choiceOptionSchema = z.strictObject({
  value: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'Значення варіанта — латинські літери, цифри, «_», «-»'),
  label: bilingual(200)
})

/**
 * The rules a field's answer must pass. Which apply depends on the type (publication.ts refuses a
 * rule that does not): lengths and pattern for text, min/max for numbers, minDate/maxDate and
 * notAfterToday for dates, choices for a choice.
 */
export const fieldRulesSchema = z.strictObject({
  minLength: z.number().int().min(0).max(100_000).optional(),
  maxLength: z.number().int().min(0).max(100_000).optional(),
  /** A JavaScript regular expression (Unicode mode), matched against the whole answer. */
  pattern: z.string().max(500).optional(),
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  integer: z.boolean().optional(),
  minDate: isoDate.optional(),
  maxDate: isoDate.optional(),
  notAfterToday: z.boolean().optional(),
  choices: z.array(choiceOptionSchema).max(100).optional()
})
export type FieldRules = z.infer<typeof fieldRulesSchema>

export const formFieldSchema = z.strictObject({
  id: fieldIdSchema,
  type: z.enum(FIELD_TYPES),
  label: bilingual(300),
  hint: bilingual(500).nullable(),
  required: z.boolean(),
  rules: fieldRulesSchema
})
export type FormField = z.infer<typeof formFieldSchema>

export const cardDocumentSchema = z.strictObject({
  name_uk: text(500),
  name_en: text(500),
  required: z.boolean(),
  /** Original or copy; null where the source card does not say. */
  form: z.enum(['original', 'copy']).nullable()
})
export type CardDocument = z.infer<typeof cardDocumentSchema>

export const refusalGroundSchema = z.strictObject({
  text_uk: text(1000),
  text_en: text(1000).nullable(),
  /** The law and article it rests on ("ЗУ 5203-VI, ст. 9"); null where not established. */
  legal_reference: text(300).nullable()
})

export const serviceCardSchema = z.strictObject({
  id: serviceIdSchema,
  national_code: z
    .string()
    .regex(/^\d{1,10}$/, 'Код — цифри')
    .nullable(),
  name_uk: text(300),
  name_en: text(300),
  category_uk: text(200),
  category_en: text(200),
  legal_basis: z.array(z.strictObject({ title_uk: text(500), reference: text(300).nullable() })).max(50),
  term: z.strictObject({
    value: z.number().int().min(0).max(3650).nullable(),
    unit: z.enum(['same_day', 'hours', 'working_days', 'calendar_days']).nullable(),
    note_uk: text(2000).nullable(),
    note_en: text(2000).nullable()
  }),
  fee: z.strictObject({
    kind: z.enum(['free', 'fixed_uah', 'subsistence_share', 'varies']).nullable(),
    amount_uah: z.number().min(0).max(10_000_000).nullable(),
    share_of_subsistence: z.number().min(0).max(100).nullable(),
    note_uk: text(2000).nullable(),
    note_en: text(2000).nullable()
  }),
  result_uk: text(1000).nullable(),
  result_en: text(1000).nullable(),
  /** How the result may be received (the applicant chooses one of these). */
  delivery: z.array(z.enum(DELIVERY)).max(DELIVERY.length),
  documents: z.array(cardDocumentSchema).max(50),
  outcomes: z
    .array(z.strictObject({ kind: z.enum(['approve', 'refuse', 'return', 'invite', 'other']), label_uk: text(300), label_en: text(300) }))
    .max(30),
  refusal_grounds: z.array(refusalGroundSchema).max(50),
  stages: z.array(z.strictObject({ name_uk: text(300), name_en: text(300), days: z.number().int().min(0).max(3650).nullable() })).max(30),
  form: z.strictObject({ fields: z.array(formFieldSchema).max(60) }),
  /** Whether the facts were checked against a real centre's card (the catalogue file's flag). */
  verified: z.boolean(),
  sources: z.array(text(500)).max(30)
})
export type ServiceCard = z.infer<typeof serviceCardSchema>

/** A stored version of a card, as the staff API returns it. */
export const cardVersionSchema = z.strictObject({
  serviceId: serviceIdSchema,
  version: z.number().int().positive(),
  stage: z.enum(CARD_STAGES),
  /** Published and not superseded or withdrawn: the one citizens see. */
  live: z.boolean(),
  card: serviceCardSchema,
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  testingAt: z.string().nullable(),
  testingBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publishedBy: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawnBy: z.string().nullable(),
  updatedAt: z.string()
})
export type CardVersion = z.infer<typeof cardVersionSchema>
