import type { Db } from '../db/connection'
import { getApplication } from '../db/applications-repository'
import { putAccessCodeSlip } from '../db/access-code-slips-repository'
import { readSetting, writeSetting } from '../db/settings'
import { getConflict, getOutboxBySeq, resolveConflict } from '../db/sync-repository'
import type { ConflictAction } from '../../shared/contract'
import type { ClerkSession } from '../../shared/session'
import type { CommandEnvelope, CommandInput, CommandPayload } from '../../shared/domain/commands'
import { formatOrderNumber } from '../../shared/domain/order-number'
import { DomainError } from '../../shared/result'
import { intakeProblems } from '../../shared/catalogue/answers'
import { DEFAULT_CALENDAR, kyivDate } from '../../shared/domain/calendar'
import { getLiveCard } from '../db/catalogue-repository'

/*
 * The desk's use cases that are more than "submit one command": numbering a walk-in and settling a
 * conflict. One named function each, called by the contract's handlers (workstation-handlers.ts)
 * AND by the simulation (src/sim/workload.ts), so the simulation exercises the code a clerk runs,
 * not a copy of it (issue 15). Each takes the clerk as an argument: the handler passes the signed-in
 * clerk, the simulation the clerk at that desk.
 */

/**
 * Test-only switches, as the engine's EngineFault (sync-context): each plants a plausible mistake
 * in a use case, so that the simulation shows it catches it (src/sim/planted-bugs.test.ts).
 * - reuseWalkInNumber: the walk-in sequence is read but not advanced, so the next walk-in gets the
 *   same order number (a "number burned or reused" bug).
 * - resolveWithoutBadge: a settled conflict does not recompute the application's sync badge.
 */
export type DeskFault = 'reuseWalkInNumber' | 'resolveWithoutBadge'
export const DESK_FAULTS: readonly DeskFault[] = ['reuseWalkInNumber', 'resolveWithoutBadge']

export interface DeskContext {
  db: Db
  engine: {
    submit(input: CommandInput, clerk: ClerkSession): CommandEnvelope
    refreshBadge(applicationId: string): void
  }
  clock: () => Date
  newId: () => string
  faults?: Partial<Record<DeskFault, boolean>>
}

/** What the intake form sends: the desk stamps the number, the access code and the card version (the live one). */
export type WalkInInput = Omit<CommandPayload<'register_walk_in'>, 'orderNumber' | 'accessCodeHash'>

export interface WalkInRegistered {
  applicationId: string
  orderNumber: string
  accessCode: string
  commandId: string
  seq: number
}

/**
 * A walk-in registered at the desk, offline too: numbered from this workstation's node and its own
 * sequence (so no two desks ever give the same number), with the access code made for the receipt.
 * `access` is made before (hashing takes tens of milliseconds: not inside the database's lock).
 * It is registered under the service's live card version, whose form the answers must satisfy
 * (the standard particulars it makes required, its own questions): the first problem is refused
 * with its field, and nothing is written.
 */
export function registerWalkIn(
  ctx: DeskContext,
  clerk: ClerkSession,
  input: WalkInInput,
  access: { code: string; hash: string }
): WalkInRegistered {
  const { db } = ctx
  const node = readSetting(db, 'workstation.node')
  if (node === null) throw new DomainError('forbidden', 'Робочу станцію ще не зареєстровано в порталі: номер заявки видати неможливо')
  const live = getLiveCard(db, input.serviceId)
  if (!live)
    throw new DomainError('not_found', `Послуга «${input.serviceId}» зараз не приймається: у каталозі немає її чинної картки`, 'serviceId')
  const problem = intakeProblems(live.card.form.fields, input, kyivDate(ctx.clock().toISOString(), DEFAULT_CALENDAR))[0]
  if (problem) throw new DomainError('invalid_input', problem.uk, problem.field)
  const applicationId = ctx.newId()
  // The sequence, the command and the code kept for the receipt are one transaction: a crash never
  // burns or reuses a number, nor leaves a code without its application.
  const run = db.transaction(() => {
    const seq = readSetting(db, 'walkin.next_seq')
    const orderNumber = formatOrderNumber(node, seq)
    if (ctx.faults?.reuseWalkInNumber !== true) writeSetting(db, 'walkin.next_seq', seq + 1)
    const env = ctx.engine.submit(
      {
        type: 'register_walk_in',
        applicationId,
        payload: { ...input, orderNumber, accessCodeHash: access.hash, serviceVersion: live.version }
      },
      clerk
    )
    putAccessCodeSlip(db, { applicationId, code: access.code, issuedAt: ctx.clock().toISOString() })
    return { applicationId, orderNumber, accessCode: access.code, commandId: env.commandId, seq: env.seq }
  })
  return run.immediate()
}

const NOTE_MAX = 4000

/** The note that keeps a refused action in the application's history ("keep as note"). */
export function refusedActionNote(command: { type: string; issuedAt: string }, reason: string): string {
  return `Відхилена дія «${command.type}» (${command.issuedAt}): ${reason}`.slice(0, NOTE_MAX)
}

/**
 * A clerk settles an open conflict from the inbox: discard it, re-issue the refused command
 * against the application's CURRENT state (a new command with a new base version, judged anew), or
 * keep it as a note in the history. Then the conflict is closed and the application's badge
 * recomputed. A refused re-issue (the current state no longer allows it) throws and leaves the
 * conflict open.
 */
export function resolveConflictAs(ctx: DeskContext, clerk: ClerkSession, conflictId: string, action: ConflictAction): void {
  const { db } = ctx
  const conflict = getConflict(db, conflictId)
  if (!conflict || conflict.status !== 'open') throw new DomainError('not_found', 'Конфлікт не знайдено або вже вирішено')
  const command = getOutboxBySeq(db, conflict.seq)
  if (!command) throw new DomainError('not_found', 'Команду конфлікту не знайдено')
  const now = ctx.clock().toISOString()
  db.transaction(() => {
    if (action === 'reissue') {
      ctx.engine.submit({ type: command.type, applicationId: command.applicationId, payload: command.payload } as CommandInput, clerk)
    } else if (action === 'keep_as_note') {
      // A refused walk-in registration left no application to write the note in.
      if (!getApplication(db, command.applicationId))
        throw new DomainError('not_found', 'Заявки немає на цій робочій станції: зберегти дію як нотатку неможливо, відхиліть конфлікт')
      ctx.engine.submit(
        { type: 'note', applicationId: command.applicationId, payload: { text: refusedActionNote(command, conflict.reason) } },
        clerk
      )
    }
    const status = action === 'discard' ? 'discarded' : action === 'reissue' ? 'reissued' : 'kept_as_note'
    resolveConflict(db, conflictId, status, now)
    if (ctx.faults?.resolveWithoutBadge !== true) ctx.engine.refreshBadge(conflict.applicationId)
  }).immediate()
}
