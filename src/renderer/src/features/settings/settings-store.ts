import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { Language } from '../../../../shared/contract'
import type { Result } from '../../../../shared/result'
import { call } from '../../lib/api'
import { DEFAULT_LANGUAGE, i18n, isLanguage } from '../../lib/i18n'

/*
 * Per-workstation preferences. The language is stored by the back end (`settings.setLanguage`) so
 * the next start, and printed documents, use it; localStorage only gives the first paint the right
 * language before `app.info` answers. Single-key shortcuts are a per-browser preference (WCAG 2.1.4).
 */

export const LANGUAGE_STORAGE_KEY = 'vikno.language'
export const SHORTCUTS_STORAGE_KEY = 'vikno.singleKeyShortcuts'

export interface SettingsState {
  language: Language
  singleKeyShortcuts: boolean
}

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key)
  } catch {
    return null
  }
}

function write(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value)
  } catch {
    // Private mode or a full disk: the preference then lasts for this session only.
  }
}

export function storedLanguage(): Language {
  const value = read(LANGUAGE_STORAGE_KEY)
  return isLanguage(value) ? value : DEFAULT_LANGUAGE
}

const initialState = (): SettingsState => ({
  language: storedLanguage(),
  singleKeyShortcuts: read(SHORTCUTS_STORAGE_KEY) !== 'off'
})

export const settingsStore = createStore<SettingsState>()(initialState)

export function useSettings<T>(selector: (state: SettingsState) => T): T {
  return useStore(settingsStore, selector)
}

export function resetSettingsStore(): void {
  settingsStore.setState(initialState(), true)
}

function applyLanguage(language: Language): void {
  settingsStore.setState({ language })
  write(LANGUAGE_STORAGE_KEY, language)
  document.documentElement.lang = language
  if (i18n.language !== language) void i18n.changeLanguage(language)
}

/** The language the back end remembers (from `app.info`), applied without writing it back. */
export function adoptLanguage(language: Language): void {
  applyLanguage(language)
}

/** The clerk switches the language: the screen changes at once, the back end remembers it. */
export async function changeLanguage(language: Language): Promise<Result<null>> {
  applyLanguage(language)
  return call('settings.setLanguage', { language })
}

export function setSingleKeyShortcuts(enabled: boolean): void {
  settingsStore.setState({ singleKeyShortcuts: enabled })
  write(SHORTCUTS_STORAGE_KEY, enabled ? 'on' : 'off')
}
