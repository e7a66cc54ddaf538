import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { AppInfo } from '../../../shared/contract'
import type { AppError } from '../../../shared/result'
import { call } from '../lib/api'

/** Who is at the desk and which shell carries the app: read once at start. */
interface AppInfoState {
  info: AppInfo | null
  error: AppError | null
}

export const appInfoStore = createStore<AppInfoState>()(() => ({ info: null, error: null }))

export function useAppInfo<T>(selector: (s: AppInfoState) => T): T {
  return useStore(appInfoStore, selector)
}

export async function loadAppInfo(): Promise<AppInfo | null> {
  const result = await call('app.info', {})
  if (result.ok) {
    appInfoStore.setState({ info: result.value, error: null })
    return result.value
  }
  appInfoStore.setState({ error: result.error })
  return null
}
