import { z } from 'zod'
import { deskCatalogueSchema, type CatalogueRevision } from './catalogue/desk-catalogue'
import { applicationEventSchema, applicationRecordSchema, ROLES } from './domain/application'
import { commandEnvelopeSchema, type CommandEnvelope } from './domain/commands'
import { errorCodeSchema, type ErrorCode } from './result'
import { clerkSessionSchema } from './session'

/*
 * The sync protocol between a workstation and the portal (sync.md). The portal is the authority;
 * a workstation pulls whole records in version order and pushes numbered commands.
 */

export const enrolRequestSchema = z.strictObject({
  enrolmentCode: z.string().min(6).max(64),
  /** Made when the local database file was created. */
  workstationId: z.string().uuid(),
  /** A copied or restored database file shows up as the same id with a different nonce. */
  creationNonce: z.string().min(8).max(64),
  label: z.string().max(100).default('')
})
export type EnrolRequest = z.input<typeof enrolRequestSchema>
export const enrolResponseSchema = z.strictObject({
  workstationId: z.string(),
  /** The order-number node of this workstation (2..999): walk-ins are numbered offline with it. */
  node: z.number().int().min(2).max(999),
  centreId: z.string(),
  centreName: z.string(),
  token: z.string(),
  /** The last seq the portal has from this workstation (0 for a new one). */
  lastSeq: z.number().int().nonnegative()
})
export type EnrolResponse = z.infer<typeof enrolResponseSchema>

export const signInRequestSchema = z.strictObject({
  login: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
  /**
   * The public half of the Ed25519 key pair this workstation keeps for this clerk (issue 20), 32
   * bytes base64url: registered by this very sign-in, whose password the portal has just checked.
   */
  publicKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'відкритий ключ — 43 символи base64url')
    .optional()
})
export const signInResponseSchema = z.strictObject({
  clerk: clerkSessionSchema,
  /** The portal's id of the registered key, named in every signature; null when no key was presented. */
  key: z.strictObject({ keyId: z.string().min(1).max(64) }).nullable()
})

/**
 * GET /sync/clerks: the roster of the workstation's centre (the centre its token was enrolled in),
 * its ACTIVE clerks only, for the reassign dialog (a supervisor hands an application to any of
 * them, signed in at this workstation or not). No logins, no password hashes.
 */
export const rosterClerkSchema = z.strictObject({
  clerkId: z.string().min(1).max(200),
  name: z.string().min(1).max(300),
  role: z.enum(ROLES)
})
export type RosterClerk = z.infer<typeof rosterClerkSchema>
export const rosterResponseSchema = z.strictObject({ clerks: z.array(rosterClerkSchema).max(10_000) })
export type RosterResponse = z.infer<typeof rosterResponseSchema>

export const changeSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('application'), version: z.number().int(), record: applicationRecordSchema }),
  z.strictObject({ type: z.literal('event'), version: z.number().int(), event: applicationEventSchema }),
  /**
   * The application is gone from the portal with its history (a service's test applications deleted
   * when its testing ended, issue 17): the workstation removes it from its mirror. Sent only to a
   * workstation that asks for it (`testing=1`, PULL_TESTING_PARAM), as are records' serviceVersion
   * and isTest: an older workstation's strict schema would refuse the whole page.
   */
  z.strictObject({ type: z.literal('removed'), version: z.number().int(), applicationId: z.string().min(1).max(200) })
])
export type Change = z.infer<typeof changeSchema>

/**
 * The pull's query parameter by which a workstation says it reads records with serviceVersion and
 * isTest and `removed` changes (issue 17). Without it the portal sends records without those two
 * keys and no `removed` change: the page an older workstation has always parsed.
 */
export const PULL_TESTING_PARAM = 'testing'

/**
 * The pull's query parameter by which a workstation says which revision of its centre's catalogue it
 * holds (issue 17, item 5; shared/catalogue/desk-catalogue.ts): `catalogue=<revision>.<revisionId>`,
 * or `catalogue=none` while it holds only the catalogue file's cards. The portal then sends the
 * whole `catalogue` with the page when its own (read in the page's snapshot) is another one, and
 * nothing when it is the same. Without the parameter (an older workstation) no catalogue is ever
 * sent: its strict schema would refuse the page. An older portal refuses the parameter (its pull
 * query is a strict object: 400 invalid_input), as it refuses `testing=1`: portals are upgraded
 * before their workstations.
 */
export const PULL_CATALOGUE_PARAM = 'catalogue'

/** The parameter's value for what the workstation holds (null: the file's cards). */
export function catalogueParam(held: CatalogueRevision | null): string {
  return held === null ? 'none' : `${held.revision}.${held.revisionId}`
}

/** The parameter read back: a revision, null for `none`, undefined when malformed. */
export function parseCatalogueParam(value: string): CatalogueRevision | null | undefined {
  if (value === 'none') return null
  const m = /^(\d{1,15})\.([A-Za-z0-9_-]{1,64})$/.exec(value)
  return m ? { revision: Number(m[1]), revisionId: m[2] as string } : undefined
}

/** Whether two revisions are the same catalogue (number AND id: a restored portal reuses numbers). */
export function sameCatalogue(a: CatalogueRevision | null, b: CatalogueRevision | null): boolean {
  return a === null || b === null ? a === b : a.revision === b.revision && a.revisionId === b.revisionId
}

/**
 * A page of changes read in ONE consistent snapshot. `nextCursor` is the centre version of the last
 * change in the page; a version group is never split across pages. `lastSeq` is the workstation's
 * last applied command as of that same snapshot: pending commands up to it are reflected in the
 * mirror once the workstation has caught up (has_more false).
 */
export const pullResponseSchema = z.strictObject({
  changes: z.array(changeSchema),
  nextCursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
  lastSeq: z.number().int().nonnegative(),
  /**
   * The cursor cannot be served BY THE AUTHORITY (the primary database: restored from a backup, a
   * replica promoted after the primary died, history compacted): rebuild the mirror. Never sent for
   * a read replica that merely lags (see `behind`).
   */
  reset: z.boolean(),
  /**
   * This portal read from a snapshot that is behind what the workstation already holds (a read
   * replica that lags; the rule is at behindPage), and could not read the primary instead: nothing new
   * YET. `changes` is empty, `nextCursor` is the request's cursor, `hasMore` false; `lastSeq` is not
   * to be acted on. The workstation keeps its mirror, its cursor and its recorded results, and
   * pulls again soon. Sent only to a workstation that asks for it (`behind=1`); an older one gets
   * 503 instead (a page with an unknown key would not parse for it). Absent means false.
   */
  behind: z.boolean().optional(),
  /**
   * The results chain (results-chain.ts) at `lastSeq`, from the same snapshot: sent only when the
   * pull asks for it (`chain=1`), so a workstation of an older version keeps parsing the page.
   */
  resultsChain: z.string().max(64).optional(),
  /**
   * The centre's whole catalogue as its desks hold it, read in the page's snapshot, sent only to a
   * workstation that named the revision it holds (PULL_CATALOGUE_PARAM) and only when the portal's
   * differs from it; only on the LAST page of a run (hasMore false, not reset, not behind), so pages
   * asked for ahead never carry an answer to a stale revision. The workstation replaces its copy in
   * the transaction that applies the page's last unit. From a read replica only when it is newer than
   * the workstation's (never older: see behindPage); the primary's is the truth, lower or not.
   */
  catalogue: deskCatalogueSchema.optional()
})
export type PullResponse = z.infer<typeof pullResponseSchema>

/**
 * The page a portal sends when its snapshot is behind the workstation (`behind` above).
 *
 * How the portal tells "behind" from "restored" (issue 19; src/portal/README.md, "Read replica").
 *
 * A pull is read in one snapshot. The PRIMARY database is the authority: when its snapshot cannot
 * serve the cursor (the cursor is above the centre's version, or the history up to the cursor does
 * not end with the workstation's `after` event) the portal lost that history, and it answers
 * `reset` as it always has. A READ REPLICA (the configured read pool) is a consistent but possibly
 * older prefix of the primary, so the same findings there may only mean it lags; so does a replica
 * whose `lastSeq` for the workstation is below the primary's (read at authentication, on the
 * primary): its page would tell the workstation that the portal lost results it holds. In any of
 * those three cases the portal reads the same page again from the primary, once, and sends that
 * (the primary's answer, `reset` included, is the truth). Only when the primary cannot be read does
 * it answer `behind` (or 503 to a workstation that did not ask for `behind`). A replica is never
 * the source of a `reset` or of a lower `lastSeq`. A replica PROMOTED to primary after the primary
 * died is the authority from then on: whatever it had not yet replayed is lost like a restore from
 * a backup, and handled the same way (reset, and the workstation sends its lost commands again).
 */
export function behindPage(cursor: number, lastSeq: number): PullResponse {
  return { changes: [], nextCursor: cursor, hasMore: false, lastSeq, reset: false, behind: true }
}

/**
 * What the workstation holds at its cursor, sent with every pull so the portal can tell whether
 * both still speak of the same history: the version of the newest event the workstation has
 * received (every change version carries at least one event) and the id of one event of that
 * version. Events never change and their ids are random, so a portal restored from a backup (whose
 * counter may since have passed the cursor with different changes) does not hold that event at
 * that version, or holds a newer event at or below the cursor, and answers `reset`. A cursor alone
 * cannot tell (issue 4; sync.md "Pull").
 *
 * It may stand ABOVE the cursor: a record the portal ships ahead of its page (its row moved on past
 * the page) comes with its own latest events, and the newest event held is the newest of all. The
 * portal then only asks to hold that event: a restore that lost the record's state loses it too
 * (simulation seed 479532).
 */
export const cursorEventSchema = z.strictObject({
  version: z.number().int().positive(),
  id: z.string().min(1).max(200)
})
export type CursorEvent = z.infer<typeof cursorEventSchema>

/** The newest event of a run of changes (the highest version; the last one of that version). */
export function newestEvent(changes: readonly Change[], since: CursorEvent | null): CursorEvent | null {
  let out = since
  for (const change of changes) {
    if (change.type === 'event' && (out === null || change.version >= out.version)) out = { version: change.version, id: change.event.id }
  }
  return out
}

/**
 * Where a pull page ends, sent by the portal in the page's response headers (PULL_HINT_HEADERS), ahead
 * of the body: the page's nextCursor, hasMore and newest event (null when it holds none). With it the
 * workstation asks for the next page while this one is still being read, decoded and applied, so the
 * portal works on one page while the workstation works on the previous ones. Only a hint: the body
 * is the truth, and the workstation drops what it asked for on a hint the body contradicts. A reset
 * carries no hint.
 */
export const pullHintSchema = z.strictObject({
  nextCursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
  newestEvent: cursorEventSchema.nullable()
})
export type PullHint = z.infer<typeof pullHintSchema>

export const PULL_HINT_HEADERS = {
  nextCursor: 'vikno-next-cursor',
  hasMore: 'vikno-has-more',
  /** `<version>:<id>`, the id URI-encoded; absent when the page holds no event. */
  newestEvent: 'vikno-newest-event'
} as const

/** The hint a page's body implies (the simulation's network, and the tests of the portal's headers). */
export function pullHintOf(page: PullResponse): PullHint | null {
  return page.reset || page.behind === true
    ? null
    : { nextCursor: page.nextCursor, hasMore: page.hasMore, newestEvent: newestEvent(page.changes, null) }
}

/** The hint as headers (the portal), and back (the workstation: null when absent or malformed). */
export function pullHintHeaders(hint: PullHint): Record<string, string> {
  const headers: Record<string, string> = {
    [PULL_HINT_HEADERS.nextCursor]: String(hint.nextCursor),
    [PULL_HINT_HEADERS.hasMore]: String(hint.hasMore)
  }
  if (hint.newestEvent) headers[PULL_HINT_HEADERS.newestEvent] = `${hint.newestEvent.version}:${encodeURIComponent(hint.newestEvent.id)}`
  return headers
}

export function readPullHint(get: (name: string) => string | null): PullHint | null {
  const next = get(PULL_HINT_HEADERS.nextCursor)
  const more = get(PULL_HINT_HEADERS.hasMore)
  if (next === null || more === null || !/^\d{1,15}$/.test(next) || (more !== 'true' && more !== 'false')) return null
  const event = get(PULL_HINT_HEADERS.newestEvent)
  let newest: unknown = null
  if (event !== null) {
    const at = event.indexOf(':')
    const version = event.slice(0, at)
    if (at < 1 || !/^\d{1,15}$/.test(version)) return null
    try {
      newest = { version: Number(version), id: decodeURIComponent(event.slice(at + 1)) }
    } catch {
      return null
    }
  }
  const parsed = pullHintSchema.safeParse({ nextCursor: Number(next), hasMore: more === 'true', newestEvent: newest })
  return parsed.success ? parsed.data : null
}

export const pushRequestSchema = z.strictObject({
  workstationId: z.string(),
  commands: z.array(commandEnvelopeSchema).max(500)
})
export type PushRequest = z.infer<typeof pushRequestSchema>

export const commandResultSchema = z.strictObject({
  seq: z.number().int().positive(),
  commandId: z.string(),
  outcome: z.enum(['applied', 'rejected']),
  /** For a rejection: machine code and the reason in Ukrainian, shown in the conflict inbox. */
  code: errorCodeSchema.nullable(),
  message: z.string().nullable(),
  /** The application version after the command (applied) or as found (rejected). */
  version: z.number().int().nullable(),
  decidedAt: z.string()
})
export type CommandResult = z.infer<typeof commandResultSchema>

type ResultOf = Pick<CommandEnvelope, 'seq' | 'commandId'>

/** The command applied: the application is at `version` now. */
export function appliedResult(cmd: ResultOf, version: number, decidedAt: string): CommandResult {
  return { seq: cmd.seq, commandId: cmd.commandId, outcome: 'applied', code: null, message: null, version, decidedAt }
}

/** The command refused, with its code and the reason in Ukrainian; `version` as the portal found the application. */
export function rejectedResult(cmd: ResultOf, code: ErrorCode, message: string, version: number | null, decidedAt: string): CommandResult {
  return { seq: cmd.seq, commandId: cmd.commandId, outcome: 'rejected', code, message, version, decidedAt }
}

/**
 * The result a portal stores for a command sent back `settled` (a rejection it lost in a restore):
 * the rejection exactly as the workstation recorded it; the command is never executed. Both the
 * portal and the in-memory test portal answer with this one.
 */
export function settledRejectionResult(cmd: ResultOf & { settled: NonNullable<CommandEnvelope['settled']> }): CommandResult {
  const { code, message, version, decidedAt } = cmd.settled
  return rejectedResult(cmd, code, message, version, decidedAt)
}

/**
 * GET /sync/results?to=N&limit=L: the results the portal holds for this workstation with seq <= N,
 * newest first, each with its results chain (results-chain.ts). The workstation reads them when a
 * pull's chain differs from its own: walking back to the newest seq where both agree.
 */
export const RESULTS_PAGE_MAX = 500
export const chainedCommandResultSchema = commandResultSchema.extend({ chain: z.string().max(64) })
export type ChainedCommandResult = z.infer<typeof chainedCommandResultSchema>
export const resultsResponseSchema = z.strictObject({
  results: z.array(chainedCommandResultSchema).max(RESULTS_PAGE_MAX),
  lastSeq: z.number().int().nonnegative()
})
export type ResultsResponse = z.infer<typeof resultsResponseSchema>

export const pushResponseSchema = z.strictObject({
  results: z.array(commandResultSchema),
  /** Set when the batch had a gap: the portal has everything up to resendFrom-1. */
  resendFrom: z.number().int().positive().nullable(),
  lastSeq: z.number().int().nonnegative()
})
export type PushResponse = z.infer<typeof pushResponseSchema>

/** The server-sent event: it only says the centre moved; the workstation pulls. */
export const nudgeSchema = z.strictObject({ centreId: z.string(), version: z.number().int() })
export type Nudge = z.infer<typeof nudgeSchema>

export const apiErrorSchema = z.strictObject({
  error: z.strictObject({ code: z.string(), message: z.string(), field: z.string().optional() })
})
