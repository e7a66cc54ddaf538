import { z } from 'zod'
import type { AdminCredentials } from '../../shared/admin'
import type { CardStage } from '../../shared/catalogue/card'
import {
  cardExportSchema,
  cardVersionResponseSchema,
  catalogueListResponseSchema,
  importResponseSchema,
  testLinkResponseSchema,
  type CardExport,
  type CardVersionResponse,
  type CatalogueList
} from '../../shared/catalogue/contract'
import { deleteTestApplicationsResponseSchema, type DeleteTestApplicationsResponse } from '../../shared/catalogue/test-applications'
import type { CardImportView, TestLinkView } from '../../shared/catalogue-editor-contract'

/*
 * The portal's staff API for the catalogue (`/admin/catalogue/*`, src/portal/catalogue/routes.ts),
 * as the workstation calls it: POST with the workstation's bearer token and the acting clerk's
 * login and password in the body. Every answer is parsed with the shared schema before anything
 * uses it. A failure is a CataloguePortalError: `offline` (no answer), `refused` (the portal said
 * no, with its code, message and the field it names) or `protocol` (an answer of unknown shape).
 */

type Fetch = typeof fetch

export class CataloguePortalError extends Error {
  constructor(
    readonly kind: 'offline' | 'refused' | 'protocol',
    message: string,
    readonly status: number | null = null,
    readonly code: string | null = null,
    readonly field: string | null = null
  ) {
    super(message)
    this.name = 'CataloguePortalError'
  }
}

export interface CataloguePortal {
  list(creds: AdminCredentials, stage: CardStage | null): Promise<CatalogueList>
  get(creds: AdminCredentials, serviceId: string, version: number): Promise<CardVersionResponse>
  create(creds: AdminCredentials, card: unknown): Promise<CardVersionResponse>
  next(creds: AdminCredentials, serviceId: string): Promise<CardVersionResponse>
  update(creds: AdminCredentials, serviceId: string, version: number, card: unknown): Promise<CardVersionResponse>
  toTesting(creds: AdminCredentials, serviceId: string, version: number, validHours: number): Promise<TestLinkView>
  publish(creds: AdminCredentials, serviceId: string, version: number): Promise<CardVersionResponse>
  withdraw(creds: AdminCredentials, serviceId: string, version: number): Promise<CardVersionResponse>
  backToDraft(creds: AdminCredentials, serviceId: string, version: number): Promise<CardVersionResponse>
  exportVersion(creds: AdminCredentials, serviceId: string, version: number): Promise<CardExport>
  importFile(creds: AdminCredentials, file: unknown): Promise<CardImportView>
  deleteTestApplications(creds: AdminCredentials, serviceId: string): Promise<DeleteTestApplicationsResponse>
}

const errorBodySchema = z.object({
  error: z.object({ code: z.string().optional(), message: z.string().optional(), field: z.string().optional() }).optional()
})

/** A person is watching the editor: an answer within 20 seconds or the portal is taken as unreachable. */
const TIMEOUT_MS = 20_000

export function createCataloguePortal(opts: { baseUrl: string; token: string; fetch?: Fetch }): CataloguePortal {
  const doFetch: Fetch = opts.fetch ?? fetch

  const post = async <S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.output<S>> => {
    let res: Response
    try {
      res = await doFetch(`${opts.baseUrl}/admin/catalogue${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${opts.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS)
      })
    } catch (e) {
      throw new CataloguePortalError('offline', `Портал недоступний: ${e instanceof Error ? e.message : String(e)}`)
    }
    let json: unknown
    try {
      json = await res.json()
    } catch {
      json = null
    }
    if (!res.ok) {
      const parsed = errorBodySchema.safeParse(json)
      const err = parsed.success ? parsed.data.error : undefined
      throw new CataloguePortalError('refused', err?.message ?? `HTTP ${res.status}`, res.status, err?.code ?? null, err?.field ?? null)
    }
    const parsed = schema.safeParse(json)
    if (!parsed.success)
      throw new CataloguePortalError('protocol', `Портал відповів у невідомому форматі: ${parsed.error.issues[0]?.message ?? ''}`)
    return parsed.data
  }

  const v = (serviceId: string, version: number): string => `/services/${encodeURIComponent(serviceId)}/versions/${version}`

  return {
    list: (creds, stage) => post('/list', { ...creds, stage }, catalogueListResponseSchema),
    get: (creds, serviceId, version) => post(v(serviceId, version), creds, cardVersionResponseSchema),
    create: (creds, card) => post('/services', { ...creds, card }, cardVersionResponseSchema),
    next: (creds, serviceId) => post(`/services/${encodeURIComponent(serviceId)}/next`, creds, cardVersionResponseSchema),
    update: (creds, serviceId, version, card) => post(`${v(serviceId, version)}/update`, { ...creds, card }, cardVersionResponseSchema),
    toTesting: (creds, serviceId, version, validHours) =>
      post(`${v(serviceId, version)}/testing`, { ...creds, validHours }, testLinkResponseSchema),
    publish: (creds, serviceId, version) => post(`${v(serviceId, version)}/publish`, creds, cardVersionResponseSchema),
    withdraw: (creds, serviceId, version) => post(`${v(serviceId, version)}/withdraw`, creds, cardVersionResponseSchema),
    backToDraft: (creds, serviceId, version) => post(`${v(serviceId, version)}/back-to-draft`, creds, cardVersionResponseSchema),
    exportVersion: (creds, serviceId, version) => post(`${v(serviceId, version)}/export`, creds, cardExportSchema),
    importFile: (creds, file) => post('/import', { ...creds, file }, importResponseSchema),
    deleteTestApplications: (creds, serviceId) =>
      post(`/services/${encodeURIComponent(serviceId)}/test-applications/delete`, creds, deleteTestApplicationsResponseSchema)
  }
}
