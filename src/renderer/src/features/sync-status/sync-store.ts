import type { ConflictAction, ConflictItem, SyncStatus } from '../../../../shared/contract'
import type { AppError, Result } from '../../../../shared/result'
import { call, on } from '../../lib/api'
import { featureStore } from '../../lib/feature-store'

/*
 * What the sync engine is doing, as the back end reports it: read once, then kept current by the
 * `sync.status` event (no polling). The conflict inbox is read when asked for and re-read when the
 * back end says the number of open conflicts changed.
 */

export interface SyncState {
  status: SyncStatus | null
  statusError: AppError | null
  conflicts: readonly ConflictItem[] | null
  conflictsError: AppError | null
  /** Conflict ids with a resolution on its way, so their buttons are not pressed twice. */
  resolving: readonly string[]
}

const initialState = (): SyncState => ({ status: null, statusError: null, conflicts: null, conflictsError: null, resolving: [] })

export const { store: syncStore, use: useSync, reset: resetSyncStore } = featureStore<SyncState>(initialState)

export async function loadStatus(): Promise<void> {
  const result = await call('sync.status', {})
  if (result.ok) syncStore.setState({ status: result.value, statusError: null })
  else syncStore.setState({ statusError: result.error })
}

export async function loadConflicts(): Promise<void> {
  const result = await call('conflicts.list', {})
  if (result.ok) syncStore.setState({ conflicts: result.value, conflictsError: null })
  else syncStore.setState({ conflictsError: result.error })
}

export function syncNow(): Promise<Result<null>> {
  return call('sync.now', {})
}

export async function resolveConflict(id: string, action: ConflictAction): Promise<Result<null>> {
  syncStore.setState((s) => ({ resolving: [...s.resolving, id] }))
  const result = await call('conflicts.resolve', { id, action })
  syncStore.setState((s) => ({
    resolving: s.resolving.filter((r) => r !== id),
    conflicts: result.ok && s.conflicts ? s.conflicts.filter((c) => c.id !== id) : s.conflicts
  }))
  if (result.ok) void loadConflicts()
  return result
}

/** Subscribes to the status and conflict events; returns the unsubscribe. */
export function startSyncUpdates(): () => void {
  void loadStatus()
  const offStatus = on('sync.status', (status) => syncStore.setState({ status, statusError: null }))
  const offConflicts = on('conflicts.changed', ({ open }) => {
    syncStore.setState((s) => (s.status ? { status: { ...s.status, openConflicts: open } } : {}))
    // Only re-read the inbox when someone has looked at it; the header needs just the number.
    if (syncStore.getState().conflicts !== null) void loadConflicts()
  })
  return () => {
    offStatus()
    offConflicts()
  }
}
