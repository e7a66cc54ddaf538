import { applicationRecordSchema, type ApplicationEvent, type ApplicationRecord } from '../../shared/domain/application'
import {
  parsePayload,
  reassignRefusal,
  walkInServiceVersion,
  type CommandEnvelope,
  type CommandPayload
} from '../../shared/domain/commands'
import type { Service } from '../../shared/catalogue'
import type { CardVersion } from '../../shared/catalogue/card'
import { serviceFromCard } from '../../shared/catalogue/from-file'
import { parseOrderNumber, ORDER_NUMBER_PROBLEM_UK } from '../../shared/domain/order-number'
import { appliedResult, rejectedResult, settledRejectionResult, type CommandResult } from '../../shared/protocol'
import type { ErrorCode } from '../../shared/result'
import type { Queryable } from '../db/portal-db'
import { getApplication, orderNumberTaken, type StoredApplication } from '../db/applications-repository'
import { centreHasCatalogue, getCardVersion, type CardKey } from '../db/catalogue-repository'
import { getClerk, type ClerkRow } from '../db/clerks-repository'
import type { WorkstationRow } from '../db/workstations-repository'
import { nowNotBefore, serviceRules, type PortalDeps } from '../deps'
import { roleRefusal } from '../auth/roles'
import { getClerkKey, type ClerkKeyRow } from '../db/keys-repository'
import { signatureRefusal } from './verify-signature'

/** When the portal decided: its own clock, never the workstation's. */
export const decidedAt = (deps: PortalDeps): string => deps.clock().toISOString()

/*
 * How the portal decides ONE command (both push paths, pushBatch and pushEach, call it, so their
 * outcomes are the same): the clerk's signature and key, the clerk's role, the walk-in's number,
 * then the shared applyCommand with the portal's clock. Reads come through DecideReads, so the batch
 * path can feed it from what it locked and read once.
 */

/** Writes a decision leaves to do: the application's new state (if changed) and its events. */
export interface DecisionWrite {
  /** The new state; null when only events were added (a note). */
  record: ApplicationRecord | null
  /** No row yet: a walk-in registered by this command. */
  isNew: boolean
  events: ApplicationEvent[]
  /** A new access code's hash (a walk-in's, v2; a reissued one): stored apart from the record. */
  accessCode: { applicationId: string; orderNumber: string; codeHash: string } | null
}

/** The access-code hash a command carries (register_walk_in v2, reissue_access_code); null for every other. */
export function accessCodeHashIn(env: CommandEnvelope): string | null {
  if (env.type !== 'register_walk_in' && env.type !== 'reissue_access_code') return null
  const parsed = parsePayload(env)
  if (!parsed.ok || typeof parsed.payload !== 'object' || parsed.payload === null || !('accessCodeHash' in parsed.payload)) return null
  return typeof parsed.payload.accessCodeHash === 'string' ? parsed.payload.accessCodeHash : null
}

export interface Decision {
  result: CommandResult
  write: DecisionWrite | null
}

/** What a decision reads. The one-by-one path reads the database; a batch reads what it locked and changed. */
export interface DecideReads {
  clerk(id: string): Promise<ClerkRow | null>
  /** A clerk's signing key by its id (the one a command's signature names). */
  key(keyId: string): Promise<ClerkKeyRow | null>
  /** Locked (FOR UPDATE) before it is read. */
  application(id: string): Promise<StoredApplication | null>
  orderNumberTaken(orderNumber: string): Promise<boolean>
  /** One version of a centre's card (issue 17): what an application is judged against. */
  card(key: CardKey): Promise<CardVersion | null>
  /** Whether the centre has a catalogue on this portal (else the catalogue file stands in for it). */
  hasCatalogue(centreId: string): Promise<boolean>
}

/**
 * The service a command is judged against (term, refusal grounds): the card version the application
 * was registered under. The catalogue file only where the centre has no catalogue on this portal, or
 * for an application whose version the centre's catalogue lacks (a record from before versions). A
 * new walk-in is `strict`: a version the centre does not have, or a draft, is no service at all.
 */
async function judgedService(reads: DecideReads, deps: PortalDeps, key: CardKey, strict: boolean): Promise<Service | undefined> {
  const card = await reads.card(key)
  if (card && card.stage !== 'draft') return serviceFromCard(card.card)
  if (strict && (card || (await reads.hasCatalogue(key.centreId)))) return undefined
  return deps.services.get(key.serviceId)
}

/** Decides one command whose seq is next. Writes nothing: the caller writes `write` and the result. */
export async function decide(reads: DecideReads, deps: PortalDeps, row: WorkstationRow, cmd: CommandEnvelope): Promise<Decision> {
  const at = decidedAt(deps)
  const rejected = (code: ErrorCode, message: string, version: number | null = null): Decision => ({
    result: rejectedResult(cmd, code, message, version, at),
    write: null
  })

  // Resent after this portal lost its result (restored from a backup), with the rejection the
  // workstation recorded and showed: stored as it was, never executed (sync.md: a rejected command
  // is never retried automatically). It can only turn the sender's own command into a rejection.
  if (cmd.settled) {
    deps.log('info', 'push: a rejection this portal lost is stored again as the workstation recorded it', {
      workstationId: row.id,
      seq: cmd.seq,
      code: cmd.settled.code
    })
    return {
      result: settledRejectionResult({ ...cmd, settled: cmd.settled }),
      write: null
    }
  }

  // Who did it: the clerk's signature by their key on THIS workstation (issue 20, verify-signature.ts).
  if (deps.faults?.skipSignatureCheck !== true) {
    const refusal = signatureRefusal(cmd, row.id, cmd.signature ? await reads.key(cmd.signature.keyId) : null)
    if (refusal) return rejected(refusal.code, refusal.message)
  }

  // The acting clerk and their role come from the portal's own table, never from the request.
  const clerk = await reads.clerk(cmd.clerk.clerkId)
  if (!clerk || clerk.centreId !== row.centreId)
    return rejected('forbidden', 'Працівника, від імені якого надіслано команду, не зареєстровано в цьому ЦНАП')
  if (clerk.disabledAt !== null) return rejected('forbidden', `Обліковий запис працівника ${clerk.name} вимкнено; команду не виконано`)
  let env: CommandEnvelope = { ...cmd, clerk: { clerkId: clerk.id, name: clerk.name } }

  const stored = await reads.application(cmd.applicationId)
  if (stored && stored.centreId !== row.centreId) return rejected('not_found', 'Заявку не знайдено в цьому ЦНАП')
  const state = stored?.record ?? null
  const refusal = roleRefusal(clerk.role, cmd.type, state)
  if (refusal) return rejected('forbidden', refusal, state?.version ?? null)

  // A reassign names its new holder: who they are (enabled, allowed at this stage) is the portal's own table's word.
  if (cmd.type === 'reassign' && state) {
    const parsed = parsePayload(env)
    if (parsed.ok) {
      const p = parsed.payload as CommandPayload<'reassign'>
      const to = await reads.clerk(p.toClerkId)
      if (!to || to.centreId !== row.centreId)
        return rejected('not_found', 'Працівника, якому передаєте заявку, не знайдено в цьому ЦНАП', state.version)
      const refusal = reassignRefusal(state, { name: to.name, role: to.role, disabled: to.disabledAt !== null })
      if (refusal) return rejected(refusal.code, refusal.message, state.version)
      env = { ...env, payload: { ...p, toName: to.name } }
    }
  }

  let service = state
    ? await judgedService(reads, deps, { centreId: row.centreId, serviceId: state.serviceId, version: state.serviceVersion }, false)
    : undefined
  if (cmd.type === 'register_walk_in' && !state) {
    const parsed = parsePayload(env)
    if (parsed.ok) {
      const p = parsed.payload as CommandPayload<'register_walk_in'>
      const number = parseOrderNumber(p.orderNumber)
      if (!number.ok) {
        const hint = number.suggestion ? ` (можливо, ${number.suggestion})` : ''
        return rejected('invalid_input', `Номер заяви ${p.orderNumber} неправильний: ${ORDER_NUMBER_PROBLEM_UK[number.reason]}${hint}`)
      }
      if (number.node !== row.node) {
        return rejected(
          'invalid_input',
          `Номер заяви ${number.canonical} видано вузлом ${number.node}, а це робоче місце має вузол ${row.node}`
        )
      }
      if (await reads.orderNumberTaken(number.canonical))
        return rejected('conflict', `Номер заяви ${number.canonical} уже використано для іншої заявки`)
      env = { ...env, payload: { ...p, orderNumber: number.canonical } }
      service = await judgedService(reads, deps, { centreId: row.centreId, serviceId: p.serviceId, version: walkInServiceVersion(p) }, true)
    }
  }

  let outcome: ReturnType<PortalDeps['decide']>
  try {
    outcome = deps.decide(state, env, {
      now: nowNotBefore(deps, state?.updatedAt),
      calendar: deps.calendar,
      service: serviceRules(service),
      role: clerk.role,
      centreId: row.centreId
    })
  } catch (error) {
    deps.log('error', 'command handler threw', { workstationId: row.id, seq: cmd.seq, type: cmd.type, error: String(error) })
    return rejected(
      'internal',
      'Внутрішня помилка порталу під час виконання команди; команду не виконано, зверніться до адміністратора',
      state?.version ?? null
    )
  }
  if (!outcome.ok) return rejected(outcome.code, outcome.message, state?.version ?? null)

  if (outcome.changed) {
    // What goes into the change log must be a valid record: every workstation parses it.
    const checked = applicationRecordSchema.safeParse(outcome.record)
    if (!checked.success) {
      deps.log('error', 'command produced an invalid record', { seq: cmd.seq, type: cmd.type, issue: checked.error.issues[0]?.message })
      return rejected('internal', 'Команда дала б некоректний стан заявки; команду не виконано', state?.version ?? null)
    }
  }

  const codeHash = accessCodeHashIn(env)
  const write: DecisionWrite | null =
    outcome.changed || outcome.events.length > 0
      ? {
          record: outcome.changed ? outcome.record : null,
          isNew: outcome.changed && !state,
          events: outcome.events.map((e) => ({ id: deps.newId(), ...e })),
          accessCode: codeHash ? { applicationId: outcome.record.id, orderNumber: outcome.record.orderNumber, codeHash } : null
        }
      : null
  return {
    result: appliedResult(cmd, outcome.record.version, at),
    write
  }
}

/** The one-by-one path's reads: straight from the database, the application locked. */
export const directReads = (tx: Queryable): DecideReads => ({
  clerk: (id) => getClerk(tx, id),
  key: (id) => getClerkKey(tx, id),
  application: (id) => getApplication(tx, id, { lock: true }),
  orderNumberTaken: (n) => orderNumberTaken(tx, n),
  card: (key) => getCardVersion(tx, key),
  hasCatalogue: (centreId) => centreHasCatalogue(tx, centreId)
})
