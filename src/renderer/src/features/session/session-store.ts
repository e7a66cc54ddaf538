import type { SessionState } from '../../../../shared/session-contract'
import type { AppError, Result } from '../../../../shared/result'
import { call, on } from '../../lib/api'
import { featureStore } from '../../lib/feature-store'

/*
 * Who is signed in and whether the desk is locked, as the back end says (`session.state` and the
 * `session.changed` event). The back end enforces both; this store only decides which screen shows.
 */

export interface SessionStoreState {
  session: SessionState | null
  /** The first `session.state` answer has arrived (or failed). */
  loaded: boolean
  loadError: AppError | null
}

const initialState = (): SessionStoreState => ({ session: null, loaded: false, loadError: null })

export const { store: sessionStore, use: useSession, reset: resetSessionStore } = featureStore<SessionStoreState>(initialState)

type Listener = (session: SessionState) => void
const listeners = new Set<Listener>()

/** The app layer re-reads the header and the sync state when someone signs in or unlocks. */
export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

function adopt(session: SessionState): void {
  const before = sessionStore.getState().session
  // An event that arrives after the answer of a later call is old news (SessionState.revision).
  if (before && session.revision < before.revision) return
  sessionStore.setState({ session, loaded: true, loadError: null })
  const changed = before?.clerk?.clerkId !== session.clerk?.clerkId || before?.locked !== session.locked || !before
  if (changed) for (const l of [...listeners]) l(session)
}

export async function loadSession(): Promise<void> {
  const result = await call('session.state', {})
  if (result.ok) adopt(result.value)
  else sessionStore.setState({ loaded: true, loadError: result.error })
}

function take(result: Result<SessionState>): Result<SessionState> {
  if (result.ok) adopt(result.value)
  return result
}

export async function signIn(login: string, password: string): Promise<Result<SessionState>> {
  return take(await call('session.signIn', { login, password }))
}

export async function signOut(): Promise<Result<SessionState>> {
  return take(await call('session.signOut', {}))
}

export async function lock(reason: 'manual' | 'idle'): Promise<Result<SessionState>> {
  return take(await call('session.lock', { reason }))
}

export async function unlock(password: string): Promise<Result<SessionState>> {
  return take(await call('session.unlock', { password }))
}

/** Reads the state once and follows the back end's `session.changed` events. */
export function startSessionUpdates(): () => void {
  void loadSession()
  return on('session.changed', (session) => adopt(session))
}
