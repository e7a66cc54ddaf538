import { z } from 'zod'
import { freeTextSchema, type ApplicationEvent, type ApplicationRecord } from './domain/application'
import { commandInputSchema, registerWalkInPayloadV1, type CommandEnvelope, type CommandType } from './domain/commands'
import type { Service } from './catalogue'
import type { DeskCard } from './catalogue/desk-catalogue'
import { queueQuerySchema, type QueueCounts, type QueuePage } from './queue'
import type { Result } from './result'
import { printContract } from './print-contract'
import { sessionContract, type SessionState } from './session-contract'
import { queueContract } from './queue-contract'
import { adminContract } from './admin-contract'
import { reportsContract } from './reports-contract'
import { catalogueEditorContract } from './catalogue-editor-contract'
import type { ClerkSession } from './session'

/*
 * The workstation contract: the ONLY way the renderer talks to the back end, whichever shell
 * carries it (Electron IPC or the localhost web bridge). Method name → input schema → output type;
 * event name → payload. Adapters parse every input with these schemas and answer
 * `{ok:true,value} | {ok:false,error:{code,message}}`, never a thrown error.
 */

/** What a clerk may do with a refused command in the conflict inbox (main/services/desk-use-cases.ts). */
export const CONFLICT_ACTIONS = ['discard', 'reissue', 'keep_as_note'] as const
export type ConflictAction = (typeof CONFLICT_ACTIONS)[number]

export const LANGUAGES = ['uk', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

export interface AppInfo {
  version: string
  shell: 'electron' | 'web'
  workstationId: string
  node: number | null
  language: Language
  clerk: ClerkSession | null
}

export interface SyncStatus {
  online: boolean
  enrolled: boolean
  portalUrl: string | null
  lastSyncAt: string | null
  pendingCommands: number
  openConflicts: number
  /** 0..1 during the initial sync, null otherwise. */
  initialSyncProgress: number | null
  /** Outbox not empty, portal reachable, no successful push for a while (sync.md liveness). */
  stalled: boolean
  lastError: string | null
  /**
   * Pending commands that wait for their clerk's signature (issue 20): stored before signatures
   * existed or while the clerk's key was not unlocked; they go once that clerk signs in here.
   */
  awaitingSignature: { clerkName: string; count: number }[]
}

export interface PendingCommandView {
  commandId: string
  seq: number
  type: CommandType
  issuedAt: string
  state: 'pending' | 'rejected'
  payload: unknown
}

export interface ApplicationDetail {
  record: ApplicationRecord
  /** The service as of the application's card version (name, term, documents, fee, result). */
  service: Service | null
  /**
   * The card version the application is reviewed against (issue 17): the one it was registered
   * under (`held`), or the current one while this desk does not hold that version yet (`held`
   * false: the screen says so). null when the desk holds no card of the service.
   */
  card: { card: DeskCard; held: boolean } | null
  events: ApplicationEvent[]
  pending: PendingCommandView[]
  sync: 'confirmed' | 'pending' | 'rejected'
  /** For each action, why it is not available now (null when it is). */
  actions: Record<CommandType, string | null>
}

export interface ConflictItem {
  id: string
  commandId: string
  type: CommandType
  applicationId: string
  orderNumber: string | null
  clerkName: string
  issuedAt: string
  rejectedAt: string
  code: string
  reason: string
  payload: unknown
  /** The application as it is now, for the clerk to compare. */
  current: { status: string; holderName: string | null; version: number } | null
}

const idSchema = z.strictObject({ id: z.string().min(1).max(64) })

/** Scans attached at the desk: PDF, JPEG or PNG, checked by content (magic bytes), at most 20 MB each. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
export const ATTACHMENT_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const
export type AttachmentMediaType = (typeof ATTACHMENT_MEDIA_TYPES)[number]
/** Base64 of exactly MAX_ATTACHMENT_BYTES; the web shell sizes its body limit for this method from it. */
export const MAX_ATTACHMENT_BASE64 = Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4
const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256 — 64 шістнадцяткові цифри')

const coreContract = {
  'app.info': { input: z.strictObject({}), output: {} as AppInfo },
  'settings.setLanguage': { input: z.strictObject({ language: z.enum(LANGUAGES) }), output: null },
  'catalogue.list': { input: z.strictObject({}), output: {} as Service[] },
  /** The live card version of each service the desk takes applications for: the intake's picker and form. */
  'catalogue.intake': { input: z.strictObject({}), output: {} as DeskCard[] },
  'queue.list': { input: queueQuerySchema, output: {} as QueuePage },
  'queue.counts': { input: z.strictObject({}), output: {} as QueueCounts },
  'application.get': { input: idSchema, output: {} as ApplicationDetail },
  'command.submit': { input: commandInputSchema, output: {} as Pick<CommandEnvelope, 'commandId' | 'seq'> },
  /**
   * Registers an application taken at the desk; the workstation issues its final order number and
   * the applicant's access code, offline too. The code is shown once here and printed on the first
   * receipt; only its hash leaves the desk.
   */
  'walkIn.register': {
    input: registerWalkInPayloadV1.omit({ orderNumber: true }),
    output: {} as { applicationId: string; orderNumber: string; accessCode: string; commandId: string; seq: number }
  },
  /**
   * A new access code for an applicant who lost theirs (a reissue_access_code command: audited, and
   * the old code stops working once the portal applies it). The next receipt printed carries it.
   */
  'accessCode.reissue': { input: idSchema, output: {} as { accessCode: string; commandId: string; seq: number } },
  /**
   * Stores a scan in the workstation's local cache, content addressed (sha256). The type is decided
   * by the bytes, not the name: the answer carries the detected type.
   */
  'attachments.add': {
    input: z.strictObject({
      name: freeTextSchema(200).pipe(z.string().trim().min(1, 'Назва файлу порожня')),
      mediaType: z.enum(ATTACHMENT_MEDIA_TYPES),
      base64: z
        .string()
        .max(MAX_ATTACHMENT_BASE64, 'Файл більший за 20 МБ')
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Вміст файлу пошкоджено під час передавання')
    }),
    output: {} as { sha256: string; name: string; mediaType: AttachmentMediaType; size: number }
  },
  /** A scan from the local cache; fetched from the portal (and cached) when missing here and the portal is reachable. */
  'attachments.get': {
    input: z.strictObject({ sha256: sha256Schema }),
    output: {} as { sha256: string; mediaType: AttachmentMediaType; base64: string; size: number }
  },
  'sync.status': { input: z.strictObject({}), output: {} as SyncStatus },
  'sync.now': { input: z.strictObject({}), output: null },
  'conflicts.list': { input: z.strictObject({}), output: {} as ConflictItem[] },
  'conflicts.resolve': {
    input: z.strictObject({ id: z.string().min(1).max(64), action: z.enum(CONFLICT_ACTIONS) }),
    output: null
  }
} as const

/** The whole contract: the core methods and each feature's part (printing: print-contract.ts; sign-in, lock and audit: session-contract.ts; saved views: queue-contract.ts; administration: admin-contract.ts; reports: reports-contract.ts; the catalogue editor: catalogue-editor-contract.ts). */
export const contract = {
  ...coreContract,
  ...printContract,
  ...sessionContract,
  ...queueContract,
  ...adminContract,
  ...reportsContract,
  ...catalogueEditorContract
} as const

export type Contract = typeof contract
export type MethodName = keyof Contract
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>
export type MethodOutput<M extends MethodName> = Contract[M]['output']
export const METHOD_NAMES = Object.keys(contract) as MethodName[]

export const isMethodName = (name: string): name is MethodName => Object.prototype.hasOwnProperty.call(contract, name)

/** Events the back end pushes to the renderer. They carry ids and figures, the renderer re-reads what it shows. */
export interface EventPayloads {
  'applications.changed': { ids: string[]; source: 'local' | 'sync' }
  'application.arrived': { id: string; orderNumber: string; serviceNameUk: string; serviceNameEn: string }
  'sync.status': SyncStatus
  'conflicts.changed': { open: number }
  /** Signed in or out, locked or unlocked: the renderer shows the sign-in or lock screen. */
  'session.changed': SessionState
  /** An export under way (reports.export): applications read so far, of how many (null: not known). */
  'reports.exportProgress': { done: number; total: number | null }
  /** The centre's catalogue arrived from the portal (issue 17, item 5): the renderer re-reads its services. */
  'catalogue.changed': { revision: number }
}
export type EventName = keyof EventPayloads
export const EVENT_NAMES: readonly EventName[] = [
  'applications.changed',
  'application.arrived',
  'sync.status',
  'conflicts.changed',
  'session.changed',
  'reports.exportProgress',
  'catalogue.changed'
]

/** The shape both shells expose to the renderer. The preload ends with `satisfies ViknoBridge`. */
export interface ViknoBridge {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>>
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void
}
