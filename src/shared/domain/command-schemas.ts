import { z } from 'zod'
import {
  applicantSchema,
  attachmentRefSchema,
  checklistItemSchema,
  clerkRefSchema,
  DELIVERY,
  freeTextSchema,
  isoInstantSchema
} from './application'
import { isIsoDate } from './calendar'
import { errorCodeSchema } from '../result'
import { accessCodeHashSchema } from './access-code'

/*
 * What a command IS: its payloads, every version of each, and the envelope it travels in. What a
 * command DOES is in commands.ts (applyCommand), which re-exports all of this.
 *
 * Commands are intents, not row diffs (sync.md). The SAME `applyCommand` runs on the portal, where
 * it decides, and on the workstation, where it predicts (the optimistic view is the mirror with the
 * pending commands replayed through this function). A payload shape never changes in place: a new
 * shape is a new `v`, and the portal keeps accepting every version still in the field.
 */

const text = (max: number) => freeTextSchema(max)

export const claimPayloadV1 = z.strictObject({})
export const releasePayloadV1 = z.strictObject({
  /** A supervisor releasing another clerk's application must say why; the action is audited. */
  force: z.boolean().default(false),
  reason: text(500).default('')
})
/**
 * A supervisor hands an application to a named clerk (issue 18), with a reason; audited. A new
 * command type, so older workstations (which never send it) keep working; its events are of kinds
 * they know ('released', 'claimed'). toName is the name this workstation knows: the portal
 * replaces it with the one in its clerks table.
 */
export const reassignPayloadV1 = z.strictObject({
  toClerkId: z.string().min(1).max(64),
  toName: text(200).pipe(z.string().trim().min(1, 'Оберіть працівника')),
  reason: text(500).pipe(z.string().trim().min(1, 'Вкажіть причину, чому передаєте заявку'))
})
export const notePayloadV1 = z.strictObject({ text: text(4000).pipe(z.string().trim().min(1, 'Нотатка порожня')) })
const correctionRequestV1Shape = z.strictObject({
  items: z
    .array(
      z.strictObject({
        field: z.string().min(1).max(100),
        remark: text(1000).pipe(z.string().trim().min(1, 'Зауваження до поля порожнє'))
      })
    )
    .max(50),
  general: text(2000).default('')
})
const asksSomething = (p: { items: readonly unknown[]; general: string }): boolean => p.items.length > 0 || p.general.trim().length > 0
const ASK_SOMETHING = 'Позначте хоча б одне поле або напишіть загальне зауваження'
export const requestCorrectionPayloadV1 = correctionRequestV1Shape.refine(asksSomething, ASK_SOMETHING)
/**
 * v2 (issue 16): with the date by which the applicant should answer (the centre's calendar). The
 * portal shows it on the status page, the notice prints it, the queue shows it; an answer after it
 * is still accepted, and flagged. v1 from workstations not yet upgraded still sets no date.
 */
export const requestCorrectionPayloadV2 = correctionRequestV1Shape
  .extend({ answerBy: z.string().refine(isIsoDate, 'Дата у форматі РРРР-ММ-ДД') })
  .refine(asksSomething, ASK_SOMETHING)
/** At most this far ahead: a date beyond it is a slip of the hand (a year typed wrong). */
export const MAX_ANSWER_DAYS = 366
/**
 * Calendar days an applicant is given to answer when the clerk does not choose otherwise. No
 * general law sets it (special laws do, per service): 30 mirrors the default term of Law 5203-VI
 * art. 10, and the clerk changes it per request.
 */
export const DEFAULT_ANSWER_DAYS = 30
export const forwardPayloadV1 = z.strictObject({ body: text(300).default('') })
export const decidePayloadV1 = z
  .strictObject({
    kind: z.enum(['approve', 'refuse', 'return']),
    ground: text(1000).nullable().default(null),
    text: text(4000).default(''),
    appeal: text(2000).nullable().default(null)
  })
  .refine((p) => p.kind !== 'refuse' || (p.ground !== null && p.ground.trim().length > 0), {
    message: 'Для відмови обов’язково оберіть підставу з інформаційної картки',
    path: ['ground']
  })
export const registerWalkInPayloadV1 = z.strictObject({
  orderNumber: z.string().min(10).max(20),
  serviceId: z.string().min(1).max(100),
  applicant: applicantSchema,
  fields: z.record(z.string().max(100), text(2000)),
  attachments: z.array(attachmentRefSchema).max(50),
  documents: z.array(checklistItemSchema).max(100),
  delivery: z.enum(DELIVERY)
})
/**
 * v2 (issue 16): the applicant's access code, made on the workstation (offline too) and printed on
 * the receipt; only its hash travels. It is kept apart from the record (the portal's access_codes
 * table): the record goes to every workstation of the centre, the code opens the application to
 * one person. v1 still comes from workstations not yet upgraded: such a walk-in has no code until a
 * clerk issues one (reissue_access_code), so the citizen pages stay closed to it meanwhile.
 */
export const registerWalkInPayloadV2 = registerWalkInPayloadV1.extend({ accessCodeHash: accessCodeHashSchema })
/**
 * v3 (issue 17, item 5): the card version the desk's form asked (`fields` are the answers to that
 * version's own questions). The record keeps it; the portal judges the term by it. v1 and v2 (older
 * workstations, whose forms were the catalogue file's) register under version 1, as before.
 */
export const registerWalkInPayloadV3 = registerWalkInPayloadV2.extend({ serviceVersion: z.number().int().positive() })
/** A new access code for an applicant who lost theirs: the old one stops working (issue 16). */
export const reissueAccessCodePayloadV1 = z.strictObject({ accessCodeHash: accessCodeHashSchema })
export const PRINT_DOCUMENTS = [
  'receipt',
  'correction_notice',
  'refusal_letter',
  'result_ready_notice',
  'routing_slip',
  'daily_register',
  'issue_register'
] as const
export const recordPrintPayloadV1 = z.strictObject({
  document: z.enum(PRINT_DOCUMENTS),
  copy: z.boolean(),
  /** Printed from a decision the portal has not confirmed yet: the paper says so, with the command id. */
  provisionalCommandId: z.string().nullable().default(null)
})
export const issueResultPayloadV1 = z.strictObject({
  outcome: z.enum(['issued', 'not_collected']),
  recipientName: text(200).default(''),
  recipientDocument: text(200).default('')
})

export const COMMAND_PAYLOADS = {
  claim: { 1: claimPayloadV1 },
  release: { 1: releasePayloadV1 },
  note: { 1: notePayloadV1 },
  request_correction: { 1: requestCorrectionPayloadV1, 2: requestCorrectionPayloadV2 },
  forward: { 1: forwardPayloadV1 },
  decide: { 1: decidePayloadV1 },
  register_walk_in: { 1: registerWalkInPayloadV1, 2: registerWalkInPayloadV2, 3: registerWalkInPayloadV3 },
  record_print: { 1: recordPrintPayloadV1 },
  issue_result: { 1: issueResultPayloadV1 },
  reissue_access_code: { 1: reissueAccessCodePayloadV1 },
  reassign: { 1: reassignPayloadV1 }
} as const
export type CommandType = keyof typeof COMMAND_PAYLOADS
export const COMMAND_TYPES = Object.keys(COMMAND_PAYLOADS) as CommandType[]

/** The version a workstation writes today: the newest of each type (commandInputSchema's shapes). */
export const LATEST_PAYLOAD_VERSION: Readonly<Record<CommandType, number>> = Object.fromEntries(
  COMMAND_TYPES.map((type) => [type, Math.max(...Object.keys(COMMAND_PAYLOADS[type]).map(Number))])
) as Record<CommandType, number>

/** The payload every version of a type shares (version 1's shape; later versions only add to it). */
export type CommandPayload<T extends CommandType> = z.output<(typeof COMMAND_PAYLOADS)[T][1]>

/** What a clerk asks for, before the workstation numbers it. Discriminated by type, always the newest payload version. */
export const commandInputSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('claim'), applicationId: z.string(), payload: claimPayloadV1 }),
  z.strictObject({ type: z.literal('release'), applicationId: z.string(), payload: releasePayloadV1 }),
  z.strictObject({ type: z.literal('note'), applicationId: z.string(), payload: notePayloadV1 }),
  z.strictObject({ type: z.literal('request_correction'), applicationId: z.string(), payload: requestCorrectionPayloadV2 }),
  z.strictObject({ type: z.literal('forward'), applicationId: z.string(), payload: forwardPayloadV1 }),
  z.strictObject({ type: z.literal('decide'), applicationId: z.string(), payload: decidePayloadV1 }),
  z.strictObject({ type: z.literal('register_walk_in'), applicationId: z.string(), payload: registerWalkInPayloadV3 }),
  z.strictObject({ type: z.literal('record_print'), applicationId: z.string(), payload: recordPrintPayloadV1 }),
  z.strictObject({ type: z.literal('issue_result'), applicationId: z.string(), payload: issueResultPayloadV1 }),
  z.strictObject({ type: z.literal('reissue_access_code'), applicationId: z.string(), payload: reissueAccessCodePayloadV1 }),
  z.strictObject({ type: z.literal('reassign'), applicationId: z.string(), payload: reassignPayloadV1 })
])
export type CommandInput = z.infer<typeof commandInputSchema>

/** A numbered command as it travels in a push and lives in the outbox. */
export const commandEnvelopeSchema = z.strictObject({
  commandId: z.string().min(1).max(64),
  seq: z.number().int().positive(),
  type: z.enum(COMMAND_TYPES as [CommandType, ...CommandType[]]),
  v: z.number().int().positive(),
  applicationId: z.string().min(1).max(64),
  /** The application version the clerk saw; null for commands that do not depend on it. */
  baseVersion: z.number().int().nonnegative().nullable(),
  clerk: clerkRefSchema,
  /** Workstation clock: shown, never trusted (sync.md, "Identity"). */
  issuedAt: z.string(),
  payload: z.unknown(),
  /**
   * The acting clerk's Ed25519 signature over commandSigningText (src/shared/command-signature.ts),
   * by the clerk's key on the sending workstation. Absent only on a command stored before
   * signatures existed or by a clerk whose key is not unlocked yet: the workstation holds such a
   * command until its clerk signs in (it is never pushed unsigned), and the portal refuses one.
   */
  signature: z
    .strictObject({ keyId: z.string().min(1).max(64), value: z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'підпис — 86 символів base64url') })
    .optional(),
  /**
   * Only when the portal asked for this command again after losing its result (restored from a
   * backup) and the result this workstation holds is a rejection: the clerk has already been shown
   * it, and "a rejected command is never retried automatically" (sync.md). The portal stores this
   * rejection as the command's result and does not execute the command. It cannot make anything
   * happen: at most it turns the sender's own command into a rejection.
   */
  settled: z
    .strictObject({
      outcome: z.literal('rejected'),
      code: errorCodeSchema,
      message: z.string().min(1).max(2000),
      /** The application version the rejection found, as the portal reported it. */
      version: z.number().int().nonnegative().nullable(),
      decidedAt: isoInstantSchema
    })
    .optional()
})
export type CommandEnvelope = z.infer<typeof commandEnvelopeSchema>

/** The fields that name a command and what it was issued against: the same in the outbox, the envelope and the signature. */
export type EnvelopeHead = Pick<CommandEnvelope, 'seq' | 'commandId' | 'type' | 'v' | 'applicationId' | 'baseVersion' | 'issuedAt'>

/** Exactly those fields of `x`, nothing else (the signature covers what this returns). */
export function envelopeHead(x: EnvelopeHead): EnvelopeHead {
  return {
    seq: x.seq,
    commandId: x.commandId,
    type: x.type,
    v: x.v,
    applicationId: x.applicationId,
    baseVersion: x.baseVersion,
    issuedAt: x.issuedAt
  }
}

/** Parses an envelope's payload against the schema of its (type, v). Unknown versions are refused, not guessed. */
export function parsePayload(
  env: Pick<CommandEnvelope, 'type' | 'v' | 'payload'>
): { ok: true; payload: unknown } | { ok: false; message: string } {
  const versions: Record<number, z.ZodType> = COMMAND_PAYLOADS[env.type]
  const schema = versions[env.v]
  if (!schema) return { ok: false, message: `Невідома версія команди ${env.type} v${env.v}` }
  const parsed = schema.safeParse(env.payload)
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? 'Некоректна команда' }
  return { ok: true, payload: parsed.data }
}
