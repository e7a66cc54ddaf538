import { z } from 'zod'
import { adminCredentialsSchema } from '../admin'
import { CARD_STAGES, cardVersionSchema, serviceCardSchema, serviceIdSchema } from './card'
import { PUBLICATION_ERROR_CODES } from './publication'

/*
 * The portal's staff API for the catalogue (src/portal/README.md, "The catalogue"): every request
 * carries the workstation's token and the acting clerk's login and password (as the admin
 * endpoints do); the role comes from the portal's clerks table, never from the body.
 */

export const publicationErrorSchema = z.strictObject({
  path: z.string(),
  code: z.enum(PUBLICATION_ERROR_CODES),
  uk: z.string(),
  en: z.string()
})

export const catalogueListRequestSchema = adminCredentialsSchema.extend({ stage: z.enum(CARD_STAGES).nullable().default(null) })
export const catalogueListResponseSchema = z.strictObject({
  counts: z.strictObject({ published: z.number(), testing: z.number(), draft: z.number(), withdrawn: z.number() }),
  /** «N опубліковано · M у тестуванні · K чернеток». */
  countsLine: z.string(),
  versions: z.array(
    z.strictObject({
      serviceId: z.string(),
      version: z.number(),
      stage: z.enum(CARD_STAGES),
      live: z.boolean(),
      name_uk: z.string(),
      name_en: z.string(),
      updatedAt: z.string(),
      publicationErrors: z.number()
    })
  )
})
export type CatalogueList = z.infer<typeof catalogueListResponseSchema>

export const cardVersionResponseSchema = z.strictObject({ version: cardVersionSchema, publicationErrors: z.array(publicationErrorSchema) })
export type CardVersionResponse = z.infer<typeof cardVersionResponseSchema>

/** A new service's first draft: the card (its id is the new service's). */
export const createDraftRequestSchema = adminCredentialsSchema.extend({ card: z.unknown() })
export const updateDraftRequestSchema = adminCredentialsSchema.extend({ card: z.unknown() })

export const testLinkResponseSchema = cardVersionResponseSchema.extend({
  /** Shown once; the portal keeps only its SHA-256. */
  testLink: z.strictObject({ token: z.string(), url: z.string(), expiresAt: z.string() })
})

export const TEST_LINK_HOURS = { min: 1, max: 24 * 30, default: 24 * 7 } as const
export const toTestingRequestSchema = adminCredentialsSchema.extend({
  validHours: z.number().int().min(TEST_LINK_HOURS.min).max(TEST_LINK_HOURS.max).default(TEST_LINK_HOURS.default)
})

/** One card version as a file another centre can import (iGov's volunteers shared processes so). */
export const CARD_EXPORT_FORMAT = 'vikno-service-card' as const
export const cardExportSchema = z.strictObject({
  format: z.literal(CARD_EXPORT_FORMAT),
  formatVersion: z.literal(1),
  exportedAt: z.string(),
  serviceId: serviceIdSchema,
  version: z.number().int().positive(),
  card: serviceCardSchema
})
export type CardExport = z.infer<typeof cardExportSchema>

export const importRequestSchema = adminCredentialsSchema.extend({ file: z.unknown() })

/** What an imported card changes against the centre's live version: each differing path, before and after. */
export const cardDiffSchema = z.array(z.strictObject({ path: z.string(), live: z.unknown(), imported: z.unknown() }))
export const importResponseSchema = cardVersionResponseSchema.extend({
  /** The live version compared with (null: the centre has no live version of this service). */
  againstLiveVersion: z.number().nullable(),
  diff: cardDiffSchema
})
