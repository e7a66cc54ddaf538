import type { Db } from '../main/db/connection'
import { getApplication } from '../main/db/applications-repository'
import { getService } from '../main/db/catalogue-repository'
import { getOutboxBySeq, listOpenConflicts } from '../main/db/sync-repository'
import { registerWalkIn, resolveConflictAs } from '../main/services/desk-use-cases'
import { DbUnavailableError, PortalError, submitAnswer, submitApplication, type PortalDb, type PortalDeps } from '../portal/index'
import type { ConflictAction } from '../shared/contract'
import type { ClerkSession } from '../shared/session'
import type { ApplicationRecord } from '../shared/domain/application'
import { whyNot, type CommandInput, type CommandType } from '../shared/domain/commands'
import { canTransition } from '../shared/domain/status'
import { DomainError } from '../shared/result'
import { joinAccessCodeHash } from '../shared/domain/access-code'
import { addCalendarDays, DEFAULT_CALENDAR, kyivDate } from '../shared/domain/calendar'
import { BASE_CLERKS, type ClerkAction } from './scenario'
import type { SimWorkstation } from './sim-workstation'

/*
 * What people do: clerks act on what THEIR workstation shows (possibly stale: that is where
 * conflicts come from), citizens submit applications and answer remarks on the portal.
 */

const SURNAMES = ['Шевченко', 'Коваленко', 'Бондаренко', 'Ткаченко', 'Кравченко', 'Олійник', 'Мельник', 'Мар’яненко', 'Лисенко', 'Гнатюк']
const GIVEN = ['Марія', 'Іван', 'Оксана', 'Петро', 'Наталія', 'Андрій', 'Ольга', 'Юрій', 'Ганна', 'Дмитро']
const SERVICES = ['residence-registration', 'flat-privatisation', 'fop-registration', 'low-income-family-aid', 'id-card', 'council-appeal']

export function short(id: string): string {
  return id.slice(-4)
}

/** The applications a workstation shows, the contended ("hot") ones first. */
export function visibleApplications(db: Db, hot: readonly string[]): string[] {
  const ids = (db.prepare('SELECT id FROM applications ORDER BY id').all() as { id: string }[]).map((r) => r.id)
  const present = new Set(ids)
  const first = hot.filter((id) => present.has(id))
  const firstSet = new Set(first)
  return [...first, ...ids.filter((id) => !firstSet.has(id))]
}

const canForceRelease = (c: ClerkSession): boolean => c.role === 'supervisor' || c.role === 'admin'

function allowed(record: ApplicationRecord, action: ClerkAction, clerk: ClerkSession): boolean {
  switch (action) {
    case 'force_release':
      return (
        canForceRelease(clerk) &&
        record.holder !== null &&
        record.holder.clerkId !== clerk.clerkId &&
        whyNot(record, 'reassign', clerk) === null
      )
    case 'walk_in':
      return false
    default:
      return whyNot(record, action, clerk) === null
  }
}

/*
 * A supervisor's turn at redistributing work (a 'force_release' op): one in three hands the
 * application to a named clerk instead (issue 18's reassign). Chosen from the op's variant, so the
 * scenario generator (and every seed's operations) stay as they were. Any of the centre's clerks,
 * the back-office specialist included: the portal refuses her an application at the front desk's
 * stage, and that refusal reaches the conflict inbox like any other.
 */
const REASSIGN_TARGETS = BASE_CLERKS.filter((c) => c.role === 'clerk' || c.role === 'back_office')
const reassigns = (variant: number): boolean => variant % 3 === 0

function reassignTarget(record: ApplicationRecord, variant: number): { clerkId: string; name: string } {
  const others = REASSIGN_TARGETS.filter((c) => c.clerkId !== record.holder?.clerkId)
  const to = others[Math.floor(variant / 3) % others.length] ?? (REASSIGN_TARGETS[0] as (typeof REASSIGN_TARGETS)[number])
  return { clerkId: to.clerkId, name: to.name }
}

function inputFor(
  record: ApplicationRecord,
  action: Exclude<ClerkAction, 'walk_in'>,
  variant: number,
  db: Db,
  today: string
): CommandInput {
  const applicationId = record.id
  switch (action) {
    case 'claim':
      return { type: 'claim', applicationId, payload: {} }
    case 'release':
      return { type: 'release', applicationId, payload: { force: false, reason: '' } }
    case 'force_release': {
      if (reassigns(variant)) {
        const to = reassignTarget(record, variant)
        return {
          type: 'reassign',
          applicationId,
          payload: { toClerkId: to.clerkId, toName: to.name, reason: 'Перерозподіл черги керівником' }
        }
      }
      return { type: 'release', applicationId, payload: { force: true, reason: 'Перерозподіл черги керівником' } }
    }
    case 'note':
      return { type: 'note', applicationId, payload: { text: `Нотатка ${variant}` } }
    case 'record_print':
      return { type: 'record_print', applicationId, payload: { document: 'receipt', copy: variant % 2 === 1, provisionalCommandId: null } }
    case 'request_correction':
      return {
        type: 'request_correction',
        applicationId,
        payload: {
          items: [{ field: 'applicant.address', remark: 'Уточніть адресу реєстрації' }],
          general: variant % 3 === 0 ? 'Додайте копію паспорта' : '',
          // Some dates soon (answers then come late), some far: both are in the workload.
          answerBy: addCalendarDays(today, variant % 2 === 0 ? 1 : 30)
        }
      }
    case 'forward':
      return { type: 'forward', applicationId, payload: { body: 'Відділ реєстрації' } }
    case 'decide': {
      const kinds = (['approve', 'refuse', 'return'] as const).filter((k) =>
        canTransition(record.status, k === 'approve' ? 'result_ready' : k === 'refuse' ? 'refused' : 'returned')
      )
      const kind = kinds[variant % Math.max(1, kinds.length)] ?? 'approve'
      const grounds = getService(db, record.serviceId)?.refusal_grounds_uk ?? []
      const ground = kind === 'refuse' ? (grounds[variant % Math.max(1, grounds.length)] ?? 'Подано неповний пакет документів') : null
      return {
        type: 'decide',
        applicationId,
        payload: { kind, ground, text: kind === 'approve' ? '' : 'Підстава пояснена заявникові', appeal: null }
      }
    }
    case 'issue_result':
      return variant % 4 === 0
        ? { type: 'issue_result', applicationId, payload: { outcome: 'not_collected', recipientName: '', recipientDocument: '' } }
        : {
            type: 'issue_result',
            applicationId,
            payload: {
              outcome: 'issued',
              recipientName: `${record.applicant.surname} ${record.applicant.givenName}`,
              recipientDocument: 'Паспорт АА123456'
            }
          }
  }
}

const FALLBACK: readonly Exclude<ClerkAction, 'walk_in'>[] = [
  'claim',
  'request_correction',
  'decide',
  'forward',
  'issue_result',
  'release',
  'note'
]

/** One clerk action on one workstation. Returns a line for the trace. */
export function clerkAct(
  w: SimWorkstation,
  op: { clerk: number; app: number; action: ClerkAction; variant: number },
  hot: readonly string[]
): string {
  let clerk = w.clerks[op.clerk % w.clerks.length] as ClerkSession
  if (op.action === 'walk_in') return walkIn(w, clerk, op.variant)
  if (op.action === 'force_release') clerk = w.clerks.find(canForceRelease) ?? clerk

  const apps = visibleApplications(w.db, hot)
  if (apps.length === 0) return `${clerk.name}: no applications visible yet`
  const u = op.app / 10_000
  const id = apps[Math.floor(u * u * apps.length)] as string
  const record = getApplication(w.db, id)
  if (!record) return `${clerk.name}: application ${short(id)} vanished`

  // A clerk does what the screen offers: the chosen action if enabled, else another enabled one.
  let action: Exclude<ClerkAction, 'walk_in'> = 'note'
  if (allowed(record, op.action, clerk)) action = op.action as Exclude<ClerkAction, 'walk_in'>
  else {
    for (let i = 0; i < FALLBACK.length; i++) {
      const candidate = FALLBACK[(op.variant + i) % FALLBACK.length] as Exclude<ClerkAction, 'walk_in'>
      if (allowed(record, candidate, clerk)) {
        action = candidate
        break
      }
    }
  }
  const input = inputFor(record, action, op.variant, w.db, kyivDate(w.now().toISOString(), DEFAULT_CALENDAR))
  const what = `${clerk.name} ${input.type === 'reassign' ? `reassign to ${input.payload.toName}` : action} ${short(id)} (${record.status}, v${record.version}${record.holder ? `, held by ${record.holder.name}` : ''})`
  try {
    const env = w.engine.submit(input, clerk)
    return `${what} → seq ${env.seq}`
  } catch (error) {
    if (error instanceof DomainError) return `${what} → refused locally: ${error.code}`
    throw error
  }
}

/**
 * A well-formed code and hash for every walk-in: the simulation checks sync, not codes, and scrypt
 * per walk-in would only slow it (the code is kept for the receipt; nobody looks it up here).
 */
const SIM_ACCESS = {
  code: 'K7QM-4XPR-9TAW',
  hash: joinAccessCodeHash('c2ltdWxhdGlvbi1zYWx0MQ==', 'c2ltdWxhdGVkLWtleS1jb2RlLWhhc2gtMzItYnl0ZXM=')
}

/** A walk-in registered at the desk: the real use case (desk-use-cases.ts), as walkIn.register runs it. */
function walkIn(w: SimWorkstation, clerk: ClerkSession, variant: number): string {
  try {
    const registered = registerWalkIn(
      w.desk(),
      clerk,
      {
        serviceId: SERVICES[variant % SERVICES.length] as string,
        applicant: {
          surname: SURNAMES[variant % SURNAMES.length] as string,
          givenName: GIVEN[(variant >> 3) % GIVEN.length] as string,
          patronymic: null,
          rnokpp: null,
          birthDate: `19${60 + (variant % 40)}-0${1 + (variant % 9)}-1${variant % 10}`,
          phone: null,
          email: null,
          address: 'м. Хмельницький, вул. Соборна, 10'
        },
        fields: {},
        attachments: [],
        documents: [{ name: 'Заява', required: true, received: true }],
        delivery: 'in_person'
      },
      SIM_ACCESS
    )
    return `${clerk.name} registers walk-in ${short(registered.applicationId)} № ${registered.orderNumber} → seq ${registered.seq}`
  } catch (error) {
    // The desk's own sequence gave a number this desk already gave: no row is left to check later.
    if (error instanceof DomainError && error.code === 'conflict' && error.field === 'orderNumber')
      w.violation(4, `walk-in number given twice: ${error.message}`)
    if (error instanceof DomainError) return `${clerk.name} walk-in → refused locally: ${error.code}`
    throw error
  }
}

/** A clerk settles a conflict from the inbox: the real use case (desk-use-cases.ts), as conflicts.resolve runs it. */
export function resolveOneConflict(w: SimWorkstation, pick: number, action: ConflictAction): string {
  const { db } = w
  const open = listOpenConflicts(db)
  const conflict = open[pick % Math.max(1, open.length)]
  if (!conflict) return 'no open conflicts'
  const command = getOutboxBySeq(db, conflict.seq)
  if (!command) return `conflict ${conflict.id} has no command`
  // Re-issuing a refused registration would only be refused again (its number is taken): a clerk registers anew.
  if (action === 'reissue' && command.type === 'register_walk_in') return `conflict on seq ${conflict.seq} (walk-in): not re-issued`
  const clerk = w.clerks.find((c) => c.clerkId === command.clerk.clerkId) ?? (w.clerks[0] as ClerkSession)
  try {
    resolveConflictAs(w.desk(), clerk, conflict.id, action)
  } catch (error) {
    if (error instanceof DomainError) return `${action} conflict on seq ${conflict.seq} → refused locally: ${error.code}`
    throw error
  }
  return `${action} conflict on seq ${conflict.seq} (${command.type} ${short(command.applicationId)}: ${conflict.code})`
}

export function citizenApplication(variant: number): unknown {
  return {
    serviceId: SERVICES[variant % SERVICES.length],
    applicant: {
      surname: SURNAMES[(variant >> 2) % SURNAMES.length],
      givenName: GIVEN[(variant >> 5) % GIVEN.length],
      birthDate: `19${50 + (variant % 50)}-1${variant % 3}-2${variant % 8}`,
      address: 'м. Хмельницький, вул. Проскурівська, 1'
    },
    delivery: variant % 5 === 0 ? 'post' : 'in_person'
  }
}

export async function citizenSubmits(db: PortalDb, deps: PortalDeps, variant: number): Promise<string> {
  try {
    const res = await submitApplication(db, deps, citizenApplication(variant))
    return `citizen submits ${res.orderNumber}`
  } catch (error) {
    if (error instanceof PortalError) return `citizen submit refused: ${error.status} ${error.code}`
    if (error instanceof DbUnavailableError) return 'citizen submit: 503, the portal is down (nothing stored)'
    throw error
  }
}

export async function citizenAnswers(db: PortalDb, deps: PortalDeps, pick: number): Promise<string> {
  const rows = await db.query<{ order_number: string }>(
    `SELECT order_number FROM applications WHERE status = 'needs_correction' ORDER BY order_number`
  )
  if (rows.length === 0) return 'citizen: nothing to answer'
  const orderNumber = (rows[pick % rows.length] as { order_number: string }).order_number
  try {
    const view = await submitAnswer(db, deps, orderNumber, { answer: 'Надсилаю уточнену адресу' })
    return `citizen answers remarks on ${orderNumber} → ${view.status}`
  } catch (error) {
    if (error instanceof PortalError) return `citizen answer on ${orderNumber} refused: ${error.status} ${error.code}`
    if (error instanceof DbUnavailableError) return `citizen answer on ${orderNumber}: 503, the portal is down (nothing stored)`
    throw error
  }
}

export type { CommandType }
