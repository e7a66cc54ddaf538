import { z } from 'zod'

/**
 * The service catalogue (інформаційні картки), as shipped in resources/catalog/services.json.
 * Nulls are allowed where the source did not establish a fact; the UI shows such values as
 * configurable, never as law (shared/data/README.md).
 */
export const serviceSchema = z.object({
  id: z.string().min(1),
  national_code: z.string().nullable(),
  name_uk: z.string(),
  name_en: z.string(),
  category_uk: z.string(),
  category_en: z.string(),
  term: z.object({
    value: z.number().nullable(),
    unit: z.enum(['same_day', 'hours', 'working_days', 'calendar_days']).nullable(),
    note_en: z.string().nullable().optional()
  }),
  fee: z.object({
    kind: z.enum(['free', 'fixed_uah', 'subsistence_share', 'varies']).nullable(),
    amount_uah: z.number().nullable(),
    share_of_subsistence: z.number().nullable(),
    note_en: z.string().nullable().optional()
  }),
  documents: z.array(z.object({ name_uk: z.string(), name_en: z.string(), required: z.boolean() })),
  outcomes: z.array(
    z.object({ kind: z.enum(['approve', 'refuse', 'return', 'invite', 'other']), label_uk: z.string(), label_en: z.string() })
  ),
  refusal_grounds_uk: z.array(z.string()),
  stages: z.array(z.object({ name_uk: z.string(), name_en: z.string(), days: z.number().nullable() })),
  result_uk: z.string().nullable(),
  result_en: z.string().nullable(),
  sources: z.array(z.unknown()).optional(),
  verified: z.boolean()
})
export type Service = z.infer<typeof serviceSchema>

export const catalogueFileSchema = z.object({ about: z.unknown(), services: z.array(serviceSchema) })
