import type { AdminDirectoryView, LocalAdminSettings } from '../../../../shared/admin-contract'
import type { AppError, Result } from '../../../../shared/result'
import { call } from '../../lib/api'
import { featureStore } from '../../lib/feature-store'

/*
 * The administration screen's state: the centre's clerks and workstations as the portal last
 * answered, and this workstation's session settings. No password is kept here: each call that
 * needs one gets it from the dialog that asked for it.
 */

export interface AdminState {
  directory: AdminDirectoryView | null
  /** The error of the last directory load (the password form shows it). */
  loadError: AppError | null
  loading: boolean
  settings: LocalAdminSettings | null
  settingsError: AppError | null
}

const initialState = (): AdminState => ({ directory: null, loadError: null, loading: false, settings: null, settingsError: null })

export const { store: adminStore, use: useAdmin, reset: resetAdminStore } = featureStore<AdminState>(initialState)

/** Asks the portal for the lists with the supervisor's or administrator's password. */
export async function loadDirectory(password: string): Promise<Result<AdminDirectoryView>> {
  adminStore.setState({ loading: true, loadError: null })
  const result = await call('admin.directory', { password })
  adminStore.setState(result.ok ? { directory: result.value, loading: false } : { loading: false, loadError: result.error })
  return result
}

/** A change on the portal (one `call`); on success the lists on screen are the portal's fresh answer. */
export async function adminChange(run: () => Promise<Result<AdminDirectoryView>>): Promise<Result<AdminDirectoryView>> {
  const result = await run()
  if (result.ok) adminStore.setState({ directory: result.value })
  return result
}

export async function loadSettings(): Promise<void> {
  const result = await call('admin.localSettings', {})
  adminStore.setState(result.ok ? { settings: result.value, settingsError: null } : { settingsError: result.error })
}

export async function saveIdleLock(minutes: number): Promise<Result<unknown>> {
  const result = await call('session.setIdleLock', { minutes })
  if (result.ok)
    adminStore.setState((s) => ({ settings: s.settings ? { ...s.settings, idleLockMinutes: result.value.idleLockMinutes } : s.settings }))
  return result
}

export async function saveOfflineDays(days: number): Promise<Result<unknown>> {
  const result = await call('admin.setOfflineSignInDays', { days })
  if (result.ok) adminStore.setState({ settings: result.value })
  return result
}
