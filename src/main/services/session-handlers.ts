import type { z } from 'zod'
import type { Db } from '../db/connection'
import { searchAudit } from '../db/audit-repository'
import type { MethodName } from '../../shared/contract'
import type { ClerkSession } from '../../shared/session'
import { addCalendarDays, localTimeToMs, type WorkCalendar } from '../../shared/domain/calendar'
import { ORDER_NUMBER_PROBLEM_UK, parseOrderNumber } from '../../shared/domain/order-number'
import type { SessionContract, SessionMethodName } from '../../shared/session-contract'
import { DomainError } from '../../shared/result'
import type { AuditTrail } from './audit-trail'
import type { HandlerMap } from './dispatch'
import type { SessionService } from './session-service'

export type SessionHandlerMap = {
  [M in SessionMethodName]: (input: z.output<SessionContract[M]['input']>) => ReturnType<HandlerMap[M]>
}

export interface SessionHandlerDeps {
  db: Db
  session: SessionService
  calendar: WorkCalendar
}

const mayAudit = (clerk: ClerkSession | null): boolean => clerk !== null && (clerk.role === 'supervisor' || clerk.role === 'admin')

export function createSessionHandlers(deps: SessionHandlerDeps): SessionHandlerMap {
  const { db, session } = deps
  return {
    'session.signIn': ({ login, password }) => session.signIn(login, password),
    'session.signOut': () => session.signOut(),
    'session.lock': ({ reason }) => session.lock(reason),
    'session.unlock': ({ password }) => session.unlock(password),
    'session.state': () => session.state(),
    'session.setIdleLock': ({ minutes }) => session.setIdleLock(minutes),
    'audit.search': (q) => {
      if (!mayAudit(session.current())) {
        throw new DomainError('forbidden', 'Журнал аудиту переглядають лише керівник і адміністратор')
      }
      let orderNumber: string | undefined
      if (q.orderNumber !== undefined && q.orderNumber.trim() !== '') {
        const parsed = parseOrderNumber(q.orderNumber)
        if (!parsed.ok) {
          const hint = parsed.suggestion ? ` (можливо, ${parsed.suggestion})` : ''
          throw new DomainError('invalid_input', `${ORDER_NUMBER_PROBLEM_UK[parsed.reason]}${hint}`, 'orderNumber')
        }
        orderNumber = parsed.canonical
      }
      const tz = deps.calendar.timeZone
      const dayStart = (date: string): string => new Date(localTimeToMs(date, 0, 0, 0, tz)).toISOString()
      return searchAudit(db, {
        clerk: q.clerk?.trim() || undefined,
        orderNumber,
        action: q.action,
        fromIso: q.from ? dayStart(q.from) : undefined,
        toIso: q.to ? dayStart(addCalendarDays(q.to, 1)) : undefined,
        offset: q.offset,
        limit: q.limit
      })
    }
  }
}

/** Methods that answer while nobody is signed in or the session is locked: nothing in them is an applicant's data. */
export const OPEN_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  'app.info',
  'settings.setLanguage',
  'session.signIn',
  'session.signOut',
  'session.lock',
  'session.unlock',
  'session.state'
])

/**
 * Wraps the whole handler map, so the rule holds whichever shell or screen calls: while nobody is
 * signed in or the session is locked, every method but OPEN_METHODS answers `unauthenticated`.
 * Views of an applicant's data are recorded here too (after the read succeeded).
 */
export function protectHandlers(handlers: HandlerMap, session: SessionService, audit: AuditTrail): HandlerMap {
  const guarded = {} as Record<MethodName, (input: unknown) => unknown>
  for (const method of Object.keys(handlers) as MethodName[]) {
    const inner = handlers[method] as (input: unknown) => unknown
    if (OPEN_METHODS.has(method)) {
      guarded[method] = inner
      continue
    }
    guarded[method] = (input: unknown) => {
      const clerk = session.current()
      if (!clerk) throw new DomainError('unauthenticated', 'Увійдіть до системи')
      if (session.isLocked()) throw new DomainError('unauthenticated', 'Робоче місце заблоковано: розблокуйте його своїм паролем')
      return inner(input)
    }
  }
  const get = guarded['application.get'] as HandlerMap['application.get']
  guarded['application.get'] = async (input: unknown) => {
    const detail = await get(input as { id: string })
    const clerk = session.current()
    if (clerk) audit.view(clerk, { id: detail.record.id, orderNumber: detail.record.orderNumber })
    return detail
  }
  const attachment = guarded['attachments.get'] as HandlerMap['attachments.get']
  guarded['attachments.get'] = async (input: unknown) => {
    const file = await attachment(input as { sha256: string })
    const clerk = session.current()
    if (clerk) audit.record({ action: 'view', clerk, detail: { attachment: file.sha256, mediaType: file.mediaType } })
    return file
  }
  return guarded as HandlerMap
}
