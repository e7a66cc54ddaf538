import type { CatalogueRevision } from '../../shared/catalogue/desk-catalogue'
import {
  catalogueParam,
  enrolResponseSchema,
  pullResponseSchema,
  PULL_CATALOGUE_PARAM,
  PULL_TESTING_PARAM,
  pushResponseSchema,
  readPullHint,
  resultsResponseSchema,
  rosterResponseSchema,
  signInResponseSchema,
  nudgeSchema,
  type CursorEvent,
  type EnrolRequest,
  type EnrolResponse,
  type Nudge,
  type PullHint,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type ResultsResponse,
  type RosterResponse
} from '../../shared/protocol'
import type { ClerkSession } from '../../shared/session'
import { auditUploadResponseSchema, type AuditUploadRequest, type AuditUploadResponse } from '../../shared/audit'
import { z } from 'zod'
import { TransportError, type AdminTransport, type RosterTransport, type SyncTransport } from './transport'
import { PullDecoder } from './pull-decoder-client'
import type { PreparedPage } from './prepared-page'
import {
  adminCreatedClerkSchema,
  adminDirectorySchema,
  adminEnrolmentCodeSchema,
  adminOkSchema,
  type AdminClerk,
  type AdminCredentials,
  type AdminDirectory,
  type AdminEnrolmentCode
} from '../../shared/admin'
import type { Role } from '../../shared/domain/application'

type Fetch = typeof fetch

const blobStoredSchema = z.object({ sha256: z.string() })

interface ApiErrorBody {
  error?: { code?: string; message?: string }
}

async function readError(res: Response): Promise<{ code: string | null; message: string }> {
  try {
    const body = (await res.json()) as ApiErrorBody
    return { code: body.error?.code ?? null, message: body.error?.message ?? `HTTP ${res.status}` }
  } catch {
    return { code: null, message: `HTTP ${res.status}` }
  }
}

/** A successful response, or the TransportError its failure means. */
async function exchange(fetchImpl: Fetch, url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  let res: Response
  try {
    res = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })
  } catch (e) {
    throw new TransportError('offline', `Портал недоступний: ${e instanceof Error ? e.message : String(e)}`)
  }
  if (!res.ok) {
    const { code, message } = await readError(res)
    if (res.status === 401 || res.status === 403) throw new TransportError('unauthorized', message, code)
    if (res.status >= 500) throw new TransportError('server', message, code)
    throw new TransportError('protocol', message, code)
  }
  return res
}

async function request<S extends z.ZodType>(
  fetchImpl: Fetch,
  url: string,
  init: RequestInit,
  schema: S,
  timeoutMs: number
): Promise<z.output<S>> {
  const res = await exchange(fetchImpl, url, init, timeoutMs)
  const parsed = schema.safeParse(await res.json())
  if (!parsed.success)
    throw new TransportError('protocol', `Портал відповів у невідомому форматі: ${parsed.error.issues[0]?.message ?? ''}`)
  return parsed.data
}

/** The page's hint from its headers, before its body is read (a missing or malformed hint is no hint). */
function announceHint(res: Response, onHint: ((hint: PullHint) => void) | undefined): void {
  if (!onHint) return
  const hint = readPullHint((name) => res.headers.get(name))
  if (hint) onHint(hint)
}

/** Enrols this workstation with a centre's enrolment code. Done once; the token is kept locally. */
export async function enrolWorkstation(baseUrl: string, body: EnrolRequest, fetchImpl: Fetch = fetch): Promise<EnrolResponse> {
  return request(
    fetchImpl,
    `${baseUrl}/sync/enrol`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    enrolResponseSchema,
    15_000
  )
}

/** POST /sync/sign-in: the portal checks the password and registers the clerk's signing key on this workstation (issue 20). */
export async function signInClerk(
  baseUrl: string,
  token: string,
  login: string,
  password: string,
  publicKey: string | null = null,
  fetchImpl: Fetch = fetch
): Promise<{ clerk: ClerkSession; keyId: string | null }> {
  const res = await request(
    fetchImpl,
    `${baseUrl}/sync/sign-in`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ login, password, ...(publicKey ? { publicKey } : {}) })
    },
    signInResponseSchema,
    15_000
  )
  return { clerk: res.clerk, keyId: res.key?.keyId ?? null }
}

/** The real network: HTTP to the portal with the workstation's bearer token. */
export class HttpTransport implements SyncTransport, AdminTransport, RosterTransport {
  private readonly decoder: PullDecoder

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly fetchImpl: Fetch = fetch,
    opts: { decodeInline?: boolean; log?: (message: string, data: Record<string, unknown>) => void } = {}
  ) {
    this.decoder = new PullDecoder({ inline: opts.decodeInline === true, ...(opts.log ? { log: opts.log } : {}) })
  }

  /** Stops the pull decoder's thread (workstation.close). */
  close(): void {
    this.decoder.close()
  }

  private headers(json: boolean): Record<string, string> {
    return json ? { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' } : { authorization: `Bearer ${this.token}` }
  }

  private pullUrl(cursor: number, limit: number, after: CursorEvent | null, catalogue: CatalogueRevision | null | undefined): string {
    // chain=1: the results chain at lastSeq comes with the page (results-reconcile.ts). behind=1: a
    // portal reading a replica that lags may answer `behind` (protocol.ts behindPage), not 503.
    // testing=1: records carry serviceVersion and isTest, and deleted test applications come as `removed`.
    const query = new URLSearchParams({ cursor: String(cursor), limit: String(limit), chain: '1', behind: '1', [PULL_TESTING_PARAM]: '1' })
    // catalogue=<revision>.<id>|none: the centre's catalogue comes with the last page when the portal's differs.
    if (catalogue !== undefined) query.set(PULL_CATALOGUE_PARAM, catalogueParam(catalogue))
    if (after) {
      query.set('eventVersion', String(after.version))
      query.set('eventId', after.id)
    }
    return `${this.baseUrl}/sync/pull?${query.toString()}`
  }

  async pull(
    cursor: number,
    limit: number,
    after: CursorEvent | null = null,
    onHint?: (hint: PullHint) => void,
    catalogue?: CatalogueRevision | null
  ): Promise<PullResponse> {
    const res = await exchange(this.fetchImpl, this.pullUrl(cursor, limit, after, catalogue), { headers: this.headers(false) }, 60_000)
    announceHint(res, onHint)
    const parsed = pullResponseSchema.safeParse(await res.json())
    if (!parsed.success)
      throw new TransportError('protocol', `Портал відповів у невідомому форматі: ${parsed.error.issues[0]?.message ?? ''}`)
    return parsed.data
  }

  /** The page's bytes go to the pull decoder's thread as they came (pull-decoder-client.ts). */
  async pullPrepared(
    cursor: number,
    limit: number,
    after: CursorEvent | null = null,
    onHint?: (hint: PullHint) => void,
    catalogue?: CatalogueRevision | null
  ): Promise<PreparedPage> {
    const res = await exchange(this.fetchImpl, this.pullUrl(cursor, limit, after, catalogue), { headers: this.headers(false) }, 60_000)
    announceHint(res, onHint)
    let bytes: Uint8Array
    try {
      bytes = new Uint8Array(await res.arrayBuffer())
    } catch (e) {
      throw new TransportError('offline', `Портал недоступний: ${e instanceof Error ? e.message : String(e)}`)
    }
    return this.decoder.decode(bytes)
  }

  results(to: number, limit: number): Promise<ResultsResponse> {
    const query = new URLSearchParams({ to: String(to), limit: String(limit) })
    return request(
      this.fetchImpl,
      `${this.baseUrl}/sync/results?${query.toString()}`,
      { headers: this.headers(false) },
      resultsResponseSchema,
      60_000
    )
  }

  /** The centre's active clerks (GET /sync/clerks), checked against the shared schema. */
  clerks(timeoutMs: number): Promise<RosterResponse> {
    return request(this.fetchImpl, `${this.baseUrl}/sync/clerks`, { headers: this.headers(false) }, rosterResponseSchema, timeoutMs)
  }

  push(body: PushRequest): Promise<PushResponse> {
    return this.postJson('/sync/push', body, pushResponseSchema, 60_000)
  }

  /** A JSON POST with this workstation's token, its answer checked against `schema`. */
  private postJson<S extends z.ZodType>(path: string, body: unknown, schema: S, timeoutMs: number): Promise<z.output<S>> {
    return request(
      this.fetchImpl,
      `${this.baseUrl}${path}`,
      { method: 'POST', headers: this.headers(true), body: JSON.stringify(body) },
      schema,
      timeoutMs
    )
  }

  /** Administration waits less than sync: a person is watching the dialog. */
  private adminPost<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.output<S>> {
    return this.postJson(path, body, schema, 20_000)
  }

  adminDirectory(creds: AdminCredentials): Promise<AdminDirectory> {
    return this.adminPost('/admin/directory', creds, adminDirectorySchema)
  }

  async adminCreateClerk(
    creds: AdminCredentials,
    clerk: { login: string; name: string; role: Role; password: string }
  ): Promise<AdminClerk> {
    return (await this.adminPost('/admin/clerks', { ...creds, clerk }, adminCreatedClerkSchema)).clerk
  }

  async adminSetRole(creds: AdminCredentials, clerkId: string, role: Role): Promise<void> {
    await this.adminPost(`/admin/clerks/${encodeURIComponent(clerkId)}/role`, { ...creds, role }, adminOkSchema)
  }

  async adminSetDisabled(creds: AdminCredentials, clerkId: string, disabled: boolean): Promise<void> {
    await this.adminPost(`/admin/clerks/${encodeURIComponent(clerkId)}/${disabled ? 'disable' : 'enable'}`, creds, adminOkSchema)
  }

  async adminResetPassword(creds: AdminCredentials, clerkId: string, newPassword: string): Promise<void> {
    await this.adminPost(`/admin/clerks/${encodeURIComponent(clerkId)}/password`, { ...creds, newPassword }, adminOkSchema)
  }

  async adminRevokeWorkstation(creds: AdminCredentials, workstationId: string): Promise<void> {
    await this.adminPost(`/admin/workstations/${encodeURIComponent(workstationId)}/revoke`, creds, adminOkSchema)
  }

  adminIssueEnrolmentCode(creds: AdminCredentials, validHours: number): Promise<AdminEnrolmentCode> {
    return this.adminPost('/admin/enrolment-codes', { ...creds, validHours }, adminEnrolmentCodeSchema)
  }

  uploadAudit(body: AuditUploadRequest): Promise<AuditUploadResponse> {
    return this.postJson('/sync/audit', body, auditUploadResponseSchema, 60_000)
  }

  async uploadBlob(sha256: string, mediaType: string, bytes: Uint8Array): Promise<void> {
    await request(
      this.fetchImpl,
      `${this.baseUrl}/sync/blobs/${sha256}`,
      { method: 'PUT', headers: { authorization: `Bearer ${this.token}`, 'content-type': mediaType }, body: bytes },
      blobStoredSchema,
      120_000
    )
  }

  async blob(sha256: string): Promise<Uint8Array> {
    let res: Response
    try {
      res = await this.fetchImpl(`${this.baseUrl}/sync/blobs/${sha256}`, {
        headers: this.headers(false),
        signal: AbortSignal.timeout(60_000)
      })
    } catch (e) {
      throw new TransportError('offline', `Портал недоступний: ${e instanceof Error ? e.message : String(e)}`)
    }
    if (!res.ok) throw new TransportError(res.status >= 500 ? 'server' : 'protocol', (await readError(res)).message)
    return new Uint8Array(await res.arrayBuffer())
  }

  /**
   * Listens to the portal's server-sent events ("the centre moved to version V") and calls onNudge.
   * Reconnects until the signal aborts. The nudge carries no data: the engine pulls.
   */
  async listen(onNudge: (n: Nudge) => void, signal: AbortSignal, onState: (connected: boolean) => void): Promise<void> {
    let delay = 1000
    while (!signal.aborted) {
      try {
        const res = await this.fetchImpl(`${this.baseUrl}/sync/events`, { headers: this.headers(false), signal })
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`)
        onState(true)
        delay = 1000
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
        let buffer = ''
        for (;;) {
          const { value, done } = await reader.read()
          if (done) break
          buffer += value
          let idx: number
          while ((idx = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, idx)
            buffer = buffer.slice(idx + 2)
            const data = frame
              .split('\n')
              .filter((l) => l.startsWith('data:'))
              .map((l) => l.slice(5).trim())
              .join('\n')
            if (!data) continue
            try {
              const parsed = nudgeSchema.safeParse(JSON.parse(data))
              if (parsed.success) onNudge(parsed.data)
            } catch {
              /* a malformed frame is ignored: the periodic pull covers it */
            }
          }
        }
      } catch {
        /* fall through to reconnect */
      }
      onState(false)
      if (signal.aborted) break
      await new Promise((r) => setTimeout(r, delay + Math.random() * delay))
      delay = Math.min(delay * 2, 30_000)
    }
  }
}
