import type { Db } from '../db/connection'
import type { SyncEngine } from '../sync/sync-engine'
import type { ClerkSession } from '../../shared/session'
import type { WorkCalendar } from '../../shared/domain/calendar'
import { DomainError } from '../../shared/result'

/** What the contract's handlers are built from (createWorkstation supplies it); each handler file picks what it needs. */
export interface HandlerDeps {
  db: Db
  engine: SyncEngine
  clock: () => Date
  newId: () => string
  calendar: WorkCalendar
  shell: 'electron' | 'web'
  appVersion: string
  workstationId: string
  portalUrl: string | null
  session: () => ClerkSession | null
  /** Asks the background scheduler to sync soon (after a local command). */
  poke: () => void
  /** The workstation's data folder: the attachment cache lives in its `attachments/`. */
  dataDir: string
}

/** The signed-in clerk, or `unauthenticated` with a message that says what signing in is needed for. */
export function requireClerk(session: () => ClerkSession | null, toDoWhat = 'виконувати дії із заявками'): ClerkSession {
  const clerk = session()
  if (!clerk) throw new DomainError('unauthenticated', `Увійдіть до системи, щоб ${toDoWhat}`)
  return clerk
}
