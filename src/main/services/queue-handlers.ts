import { listHolders } from '../db/applications-repository'
import { deleteView, listViews, saveView } from '../db/views-repository'
import type { ClerkSession } from '../../shared/contract'
import type { QueueMethodName } from '../../shared/queue-contract'
import { DomainError } from '../../shared/result'
import type { HandlerMap } from './dispatch'
import type { HandlerDeps } from './workstation-handlers'

function clerkOf(deps: Pick<HandlerDeps, 'session'>): ClerkSession {
  const clerk = deps.session()
  if (!clerk) throw new DomainError('unauthenticated', 'Увійдіть до системи, щоб зберігати вигляди черги')
  return clerk
}

/** The holder picker and saved views (queue-contract.ts). */
export function createQueueHandlers(deps: Pick<HandlerDeps, 'db' | 'session' | 'clock' | 'newId'>): Pick<HandlerMap, QueueMethodName> {
  const { db } = deps
  return {
    'queue.holders': () => listHolders(db),
    'views.list': () => listViews(db, clerkOf(deps).clerkId),
    'views.save': ({ name, view }) => saveView(db, clerkOf(deps).clerkId, deps.newId(), name, view, deps.clock().toISOString()),
    'views.delete': ({ id }) => {
      if (!deleteView(db, clerkOf(deps).clerkId, id)) throw new DomainError('not_found', 'Такого вигляду черги немає')
      return null
    }
  }
}
