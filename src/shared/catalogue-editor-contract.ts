import { z } from 'zod'
import { CARD_STAGES, serviceCardSchema, serviceIdSchema } from './catalogue/card'
import { TEST_LINK_HOURS, type CardExport, type CardVersionResponse, type CatalogueList } from './catalogue/contract'
import type { CardDiffEntry } from './catalogue/diff'
import type { DeleteTestApplicationsResponse } from './catalogue/test-applications'

/*
 * The catalogue editor's part of the workstation contract (issue 17 item 3), merged into `contract`
 * in contract.ts like the administration part. Every method goes to the portal's staff API
 * (`/admin/catalogue/*`, shared/catalogue/contract.ts), which holds the cards and checks the role:
 * it needs the network, and the signed-in administrator's password with every call (`password`).
 * The renderer asks for it when the editor opens and keeps it only while the screen is open; the
 * back end passes it on and keeps it nowhere.
 */

/** The signed-in person's own password. Not trimmed. */
const confirmSchema = z.string().min(1, 'Введіть свій пароль').max(200, 'Не довше 200 символів')
const versionSchema = z.number().int().positive().max(1_000_000)
const versionKey = { password: confirmSchema, serviceId: serviceIdSchema, version: versionSchema }

/** An exported card file is small (one card); the editor reads it as text and the back end parses it. */
export const MAX_CARD_FILE_CHARS = 512 * 1024

export interface CardImportView extends CardVersionResponse {
  /** The live version the import was compared with (null: this centre has no live version of the service). */
  againstLiveVersion: number | null
  diff: CardDiffEntry[]
}

export interface TestLinkView extends CardVersionResponse {
  /** Shown once: the portal keeps only its hash. */
  testLink: { token: string; url: string; expiresAt: string }
}

export const catalogueEditorContract = {
  'catalogueEditor.list': {
    input: z.strictObject({ password: confirmSchema, stage: z.enum(CARD_STAGES).nullable().default(null) }),
    output: {} as CatalogueList
  },
  'catalogueEditor.get': { input: z.strictObject(versionKey), output: {} as CardVersionResponse },
  /** A new service's first draft. */
  'catalogueEditor.create': {
    input: z.strictObject({ password: confirmSchema, card: serviceCardSchema }),
    output: {} as CardVersionResponse
  },
  /** The next version of a service, a draft copied from its latest. */
  'catalogueEditor.next': {
    input: z.strictObject({ password: confirmSchema, serviceId: serviceIdSchema }),
    output: {} as CardVersionResponse
  },
  'catalogueEditor.update': { input: z.strictObject({ ...versionKey, card: serviceCardSchema }), output: {} as CardVersionResponse },
  'catalogueEditor.toTesting': {
    input: z.strictObject({
      ...versionKey,
      validHours: z.number().int().min(TEST_LINK_HOURS.min).max(TEST_LINK_HOURS.max).default(TEST_LINK_HOURS.default)
    }),
    output: {} as TestLinkView
  },
  'catalogueEditor.publish': { input: z.strictObject(versionKey), output: {} as CardVersionResponse },
  'catalogueEditor.withdraw': { input: z.strictObject(versionKey), output: {} as CardVersionResponse },
  'catalogueEditor.backToDraft': { input: z.strictObject(versionKey), output: {} as CardVersionResponse },
  'catalogueEditor.export': { input: z.strictObject(versionKey), output: {} as CardExport },
  /** An exported card file's text, imported as a draft of this centre, with what differs from the live version. */
  'catalogueEditor.import': {
    input: z.strictObject({
      password: confirmSchema,
      text: z.string().min(1, 'Файл порожній').max(MAX_CARD_FILE_CHARS, 'Файл картки завеликий (понад 512 КБ)')
    }),
    output: {} as CardImportView
  },
  /**
   * Every test application of the service deleted in one step when its testing ends (issue 17 item 4):
   * the portal deletes them with their history and codes, and each desk drops them at its next pull.
   */
  'catalogueEditor.deleteTestApplications': {
    input: z.strictObject({ password: confirmSchema, serviceId: serviceIdSchema }),
    output: {} as DeleteTestApplicationsResponse
  }
} as const

export type CatalogueEditorContract = typeof catalogueEditorContract
export type CatalogueEditorMethodName = keyof CatalogueEditorContract

export const CATALOGUE_OFFLINE_MESSAGE =
  'Редагування каталогу послуг потребує зв’язку з порталом. Решта робочого місця працює як звичайно; спробуйте пізніше.'
