import { countQueue, listHolders, listQueue } from '../db/queue-repository'
import { deleteView, listViews, saveView } from '../db/views-repository'
import type { QueueMethodName } from '../../shared/queue-contract'
import { DomainError } from '../../shared/result'
import type { HandlerMap } from './dispatch'
import { requireClerk, type HandlerDeps } from './handler-deps'

type QueueHandlerMap = Pick<HandlerMap, QueueMethodName | 'queue.list' | 'queue.counts'>

/** The queue itself, its counts, the holder picker and saved views (queue-contract.ts). */
export function createQueueHandlers(deps: Pick<HandlerDeps, 'db' | 'session' | 'clock' | 'newId' | 'calendar'>): QueueHandlerMap {
  const { db } = deps
  const clerkOf = () => requireClerk(deps.session, 'зберігати вигляди черги')
  // The "mine" filter and the overdue counts depend on who asks and when.
  const viewer = () => ({ clerkId: deps.session()?.clerkId ?? null, now: deps.clock().toISOString(), calendar: deps.calendar })
  return {
    'queue.list': (query) => listQueue(db, query, viewer()),
    'queue.counts': () => countQueue(db, viewer()),
    'queue.holders': () => listHolders(db),
    'views.list': () => listViews(db, clerkOf().clerkId),
    'views.save': ({ name, view }) => saveView(db, clerkOf().clerkId, deps.newId(), name, view, deps.clock().toISOString()),
    'views.delete': ({ id }) => {
      if (!deleteView(db, clerkOf().clerkId, id)) throw new DomainError('not_found', 'Такого вигляду черги немає')
      return null
    }
  }
}
