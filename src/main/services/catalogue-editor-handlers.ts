import type { z } from 'zod'
import type { AdminCredentials } from '../../shared/admin'
import {
  CATALOGUE_OFFLINE_MESSAGE,
  type CatalogueEditorContract,
  type CatalogueEditorMethodName
} from '../../shared/catalogue-editor-contract'
import { catalogueRefusal, type CatalogueAction } from '../../shared/domain/roles'
import { DomainError } from '../../shared/result'
import type { ClerkSession } from '../../shared/session'
import type { AuditTrail } from './audit-trail'
import { CataloguePortalError, type CataloguePortal } from './catalogue-portal'
import type { HandlerMap } from './dispatch'
import type { SessionService } from './session-service'

/*
 * The catalogue editor's back end (issue 17 item 3). The cards live on the portal, so every method
 * is a call to its staff API (catalogue-portal.ts) with the signed-in clerk's login (from this
 * session, never from the renderer) and the password the renderer asked for. The role is checked
 * here with the shared predicate (`catalogueRefusal`; the portal checks it again), every change is
 * recorded in the local audit trail as well as the portal's, and without the portal the editor
 * answers `offline` with one sentence — nothing else on the workstation depends on it.
 */

export type CatalogueEditorHandlerMap = {
  [M in CatalogueEditorMethodName]: (input: z.output<CatalogueEditorContract[M]['input']>) => ReturnType<HandlerMap[M]>
}

export interface CatalogueEditorDeps {
  session: SessionService
  audit: AuditTrail
  /** null on a workstation without a portal (the standalone demo). */
  portal: CataloguePortal | null
}

/** The portal's refusal in the contract's closed list of codes, with its words and the field it names. */
function translate(e: unknown): never {
  if (!(e instanceof CataloguePortalError)) throw e
  if (e.kind === 'offline') throw new DomainError('offline', CATALOGUE_OFFLINE_MESSAGE)
  if (e.kind === 'protocol') throw new DomainError('unavailable', e.message)
  const field = e.field ?? undefined
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
    case 'illegal_transition':
    case 'not_publishable':
      throw new DomainError('illegal_transition', e.message, field)
    case 'rate_limited':
      throw new DomainError('rate_limited', e.message)
    case 'invalid_input':
    case 'invalid_json':
    case 'unknown_field':
      throw new DomainError('invalid_input', e.message, field)
    default:
      if (e.status === 409) throw new DomainError('conflict', e.message, field)
      throw new DomainError('unavailable', `Портал не зміг виконати дію: ${e.message}`)
  }
}

export function createCatalogueEditorHandlers(deps: CatalogueEditorDeps): CatalogueEditorHandlerMap {
  const { session } = deps

  const actor = (action: CatalogueAction): ClerkSession => {
    const clerk = session.current()
    if (!clerk) throw new DomainError('unauthenticated', 'Увійдіть до системи')
    const refusal = catalogueRefusal(clerk.role, action)
    if (refusal) throw new DomainError('forbidden', refusal)
    return clerk
  }

  const portal = (): CataloguePortal => {
    if (!deps.portal) throw new DomainError('offline', CATALOGUE_OFFLINE_MESSAGE)
    return deps.portal
  }

  const credentials = (password: string): AdminCredentials => {
    const login = session.currentLogin()
    if (!login) throw new DomainError('unauthenticated', 'Увійдіть до системи ще раз, коли портал буде доступний, і повторіть дію')
    return { login, password }
  }

  /** Runs a change on the portal and records it here (what, which service and version) once the portal said yes. */
  const change = async <T extends { version: { serviceId: string; version: number } }>(
    action: CatalogueAction,
    op: string,
    password: string,
    run: (p: CataloguePortal, c: AdminCredentials) => Promise<T>
  ): Promise<T> => {
    const clerk = actor(action)
    const p = portal()
    const answer = await run(p, credentials(password)).catch(translate)
    deps.audit.record({
      action: 'admin',
      clerk,
      detail: { op: `catalogue_${op}`, serviceId: answer.version.serviceId, version: answer.version.version }
    })
    return answer
  }

  return {
    'catalogueEditor.list': async ({ password, stage }) => {
      actor('view')
      return portal().list(credentials(password), stage).catch(translate)
    },
    'catalogueEditor.get': async ({ password, serviceId, version }) => {
      actor('view')
      return portal().get(credentials(password), serviceId, version).catch(translate)
    },
    'catalogueEditor.create': async ({ password, card }) => change('edit', 'create_draft', password, (p, c) => p.create(c, card)),
    'catalogueEditor.next': async ({ password, serviceId }) => change('edit', 'next_version', password, (p, c) => p.next(c, serviceId)),
    'catalogueEditor.update': async ({ password, serviceId, version, card }) =>
      change('edit', 'update_draft', password, (p, c) => p.update(c, serviceId, version, card)),
    'catalogueEditor.toTesting': async ({ password, serviceId, version, validHours }) =>
      // The link itself is never written anywhere here: only that the version went to testing.
      change('to_testing', 'to_testing', password, (p, c) => p.toTesting(c, serviceId, version, validHours)),
    'catalogueEditor.publish': async ({ password, serviceId, version }) =>
      change('publish', 'publish', password, (p, c) => p.publish(c, serviceId, version)),
    'catalogueEditor.withdraw': async ({ password, serviceId, version }) =>
      change('withdraw', 'withdraw', password, (p, c) => p.withdraw(c, serviceId, version)),
    'catalogueEditor.backToDraft': async ({ password, serviceId, version }) =>
      change('back_to_draft', 'back_to_draft', password, (p, c) => p.backToDraft(c, serviceId, version)),
    'catalogueEditor.export': async ({ password, serviceId, version }) => {
      actor('export')
      return portal().exportVersion(credentials(password), serviceId, version).catch(translate)
    },
    'catalogueEditor.import': async ({ password, text }) => {
      actor('import')
      let file: unknown
      try {
        file = JSON.parse(text)
      } catch {
        throw new DomainError('invalid_input', 'Файл не є карткою послуги: це не JSON', 'text')
      }
      return change('import', 'import', password, (p, c) => p.importFile(c, file))
    },
    'catalogueEditor.deleteTestApplications': async ({ password, serviceId }) => {
      const clerk = actor('delete_tests')
      const answer = await portal().deleteTestApplications(credentials(password), serviceId).catch(translate)
      deps.audit.record({
        action: 'admin',
        clerk,
        detail: { op: 'catalogue_delete_test_applications', serviceId: answer.serviceId, deleted: answer.deleted }
      })
      return answer
    }
  }
}
