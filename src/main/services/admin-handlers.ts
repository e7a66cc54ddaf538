import type { z } from 'zod'
import type { AdminCredentials } from '../../shared/admin'
import { ADMIN_OFFLINE_MESSAGE, type AdminContract, type AdminDirectoryView, type AdminMethodName } from '../../shared/admin-contract'
import type { ClerkSession } from '../../shared/session'
import { adminRefusal, type AdminAction } from '../../shared/domain/roles'
import type { AuditDetail } from '../../shared/audit'
import { DomainError } from '../../shared/result'
import { TransportError, type AdminTransport } from '../sync/transport'
import type { AuditTrail } from './audit-trail'
import type { HandlerMap } from './dispatch'
import type { SessionService } from './session-service'

/*
 * The administration screen's back end (issue 8). Accounts live on the portal, so every method but
 * the local settings is a call to the portal's admin API with the signed-in supervisor's or
 * administrator's login (from this session, never from the renderer) and the password the renderer
 * just asked them for. The password is passed on and dropped: not stored, not cached — the portal
 * wants it with every request anyway, and a password held in memory for "a few minutes" would let
 * anyone at an unlocked desk act as the administrator.
 *
 * The role is checked here with the shared predicate (the portal checks it again), every change is
 * recorded in the local audit trail as well as in the portal's, and a workstation without the
 * portal answers `offline` with one clear sentence.
 */

export type AdminHandlerMap = {
  [M in AdminMethodName]: (input: z.output<AdminContract[M]['input']>) => ReturnType<HandlerMap[M]>
}

export interface AdminHandlerDeps {
  session: SessionService
  audit: AuditTrail
  /** null on a workstation without a portal (the standalone demo). */
  transport: AdminTransport | null
  workstationId: string
  log: { warn(m: string, d?: Record<string, unknown>): void }
}

/** The portal's refusal, in the contract's closed list of codes and in words for the person at the desk. */
function translate(e: unknown): never {
  if (!(e instanceof TransportError)) throw e
  if (e.kind === 'offline') throw new DomainError('offline', ADMIN_OFFLINE_MESSAGE)
  if (e.kind === 'server') throw new DomainError('unavailable', `Портал не зміг виконати дію: ${e.message}`)
  switch (e.code) {
    case 'invalid_credentials':
      throw new DomainError('unauthenticated', 'Невірний пароль. Введіть пароль, з яким ви увійшли до системи.', 'password')
    case 'forbidden':
    case 'clerk_disabled':
    case 'workstation_revoked':
    case 'invalid_token':
    case 'unauthenticated':
      throw new DomainError('forbidden', e.message)
    case 'not_found':
      throw new DomainError('not_found', e.message)
    case 'login_taken':
      throw new DomainError('conflict', e.message, 'login')
    case 'rate_limited':
      throw new DomainError('rate_limited', e.message)
    case 'invalid_input':
    case 'unknown_field':
      throw new DomainError('invalid_input', e.message)
    default:
      throw new DomainError('unavailable', e.message)
  }
}

export function createAdminHandlers(deps: AdminHandlerDeps): AdminHandlerMap {
  const { session } = deps

  /** Who acts, if they may do `action` at all (to themselves, when `targetId` is their own id). */
  const actor = (action: AdminAction, targetId: string | null = null): ClerkSession => {
    const clerk = session.current()
    if (!clerk) throw new DomainError('unauthenticated', 'Увійдіть до системи')
    const target = targetId === clerk.clerkId ? { id: clerk.clerkId, role: clerk.role } : null
    const refusal = adminRefusal({ id: clerk.clerkId, role: clerk.role }, action, target)
    if (refusal) throw new DomainError('forbidden', refusal)
    return clerk
  }

  const portal = (): AdminTransport => {
    if (!deps.transport) throw new DomainError('offline', ADMIN_OFFLINE_MESSAGE)
    return deps.transport
  }

  const credentials = (password: string): AdminCredentials => {
    const login = session.currentLogin()
    if (!login) throw new DomainError('unauthenticated', 'Увійдіть до системи ще раз, коли портал буде доступний, і повторіть дію')
    return { login, password }
  }

  const directory = async (creds: AdminCredentials): Promise<AdminDirectoryView> => {
    const dir = await portal().adminDirectory(creds).catch(translate)
    return { ...dir, thisWorkstationId: deps.workstationId }
  }

  /** Runs a change on the portal, records it here, and answers with the fresh lists. */
  const change = async (
    clerk: ClerkSession,
    password: string,
    detail: AuditDetail & { op: AdminAction },
    run: (t: AdminTransport, c: AdminCredentials) => Promise<unknown>
  ): Promise<AdminDirectoryView> => {
    const creds = credentials(password)
    const transport = portal()
    await run(transport, creds).catch(translate)
    deps.audit.record({ action: 'admin', clerk, detail })
    try {
      return await directory(creds)
    } catch (e) {
      deps.log.warn('admin change made, but the lists could not be read again', {
        op: detail.op,
        error: e instanceof Error ? e.message : String(e)
      })
      throw new DomainError('unavailable', 'Зміну збережено на порталі, але оновити списки не вдалося; відкрийте екран ще раз')
    }
  }

  return {
    'admin.directory': async ({ password }) => {
      actor('list')
      return directory(credentials(password))
    },
    'admin.createClerk': async ({ password, login, name, role, initialPassword }) =>
      change(actor('create_clerk'), password, { op: 'create_clerk', login, role }, (t, c) =>
        t.adminCreateClerk(c, { login, name, role, password: initialPassword })
      ),
    'admin.setRole': async ({ password, clerkId, role }) =>
      change(actor('set_role', clerkId), password, { op: 'set_role', clerkId, role }, (t, c) => t.adminSetRole(c, clerkId, role)),
    'admin.setDisabled': async ({ password, clerkId, disabled }) => {
      const op = disabled ? 'disable_clerk' : 'enable_clerk'
      return change(actor(op, clerkId), password, { op, clerkId }, (t, c) => t.adminSetDisabled(c, clerkId, disabled))
    },
    'admin.resetPassword': async ({ password, clerkId, newPassword }) =>
      change(actor('reset_password', clerkId), password, { op: 'reset_password', clerkId }, (t, c) =>
        t.adminResetPassword(c, clerkId, newPassword)
      ),
    'admin.revokeWorkstation': async ({ password, workstationId }) =>
      change(actor('revoke_workstation'), password, { op: 'revoke_workstation', workstationId }, (t, c) =>
        t.adminRevokeWorkstation(c, workstationId)
      ),
    'admin.issueEnrolmentCode': async ({ password, validHours }) => {
      const clerk = actor('issue_enrolment_code')
      const issued = await portal().adminIssueEnrolmentCode(credentials(password), validHours).catch(translate)
      // The code itself is never written anywhere here: only that one was issued, and until when.
      deps.audit.record({ action: 'admin', clerk, detail: { op: 'issue_enrolment_code', codeId: issued.id, expiresAt: issued.expiresAt } })
      return issued
    },
    'admin.localSettings': async () => {
      actor('list')
      return { idleLockMinutes: session.state().idleLockMinutes, offlineSignInDays: session.offlineSignInDays() }
    },
    'admin.setOfflineSignInDays': async ({ days }) => {
      const clerk = actor('list')
      const before = session.offlineSignInDays()
      const after = session.setOfflineSignInDays(days)
      if (after !== before)
        deps.audit.record({ action: 'admin', clerk, detail: { op: 'set_offline_sign_in_days', from: before, to: after } })
      return { idleLockMinutes: session.state().idleLockMinutes, offlineSignInDays: after }
    }
  }
}
