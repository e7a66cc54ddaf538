import { replaceClerkRoster } from '../db/clerk-roster-repository'
import type { Db } from '../db/connection'
import type { RosterTransport } from '../sync/transport'

/*
 * The centre's roster on this workstation (migration 013): fetched from the portal (GET /sync/clerks)
 * when a clerk signs in online and when the reassign dialog asks, with a short timeout — a person
 * is waiting. Offline, or when the portal refuses, the roster fetched last stays; the dialog is never
 * refused for want of the network. Concurrent refreshes share one request.
 */

/** How long the reassign dialog waits for the portal before it offers the roster kept here. */
export const ROSTER_TIMEOUT_MS = 3_000

export type RosterRefresh = 'fetched' | 'kept' | 'no_portal'

export interface ClerkRoster {
  refresh(): Promise<RosterRefresh>
}

export interface ClerkRosterDeps {
  db: Db
  /** null on a workstation without a portal (the standalone demo): nothing to fetch. */
  transport: RosterTransport | null
  clock: () => Date
  log: { warn(m: string, d?: Record<string, unknown>): void }
  timeoutMs?: number
}

export function createClerkRoster(deps: ClerkRosterDeps): ClerkRoster {
  let inFlight: Promise<RosterRefresh> | null = null
  const fetchOnce = async (transport: RosterTransport): Promise<RosterRefresh> => {
    try {
      const answer = await transport.clerks(deps.timeoutMs ?? ROSTER_TIMEOUT_MS)
      replaceClerkRoster(deps.db, answer.clerks, deps.clock().getTime())
      return 'fetched'
    } catch (e) {
      deps.log.warn('the centre roster was not fetched; the one kept is used', { error: e instanceof Error ? e.message : String(e) })
      return 'kept'
    }
  }
  return {
    refresh(): Promise<RosterRefresh> {
      if (!deps.transport) return Promise.resolve('no_portal')
      if (inFlight) return inFlight
      const running = fetchOnce(deps.transport).finally(() => {
        if (inFlight === running) inFlight = null
      })
      inFlight = running
      return running
    }
  }
}
