import type { Language } from '../../../../shared/contract'
import type { Result } from '../../../../shared/result'
import { call } from '../../lib/api'
import { DEFAULT_LANGUAGE, i18n, isLanguage } from '../../lib/i18n'
import { featureStore } from '../../lib/feature-store'

/*
 * Per-workstation preferences. The language is stored by the back end (`settings.setLanguage`) so
 * the next start, and printed documents, use it; localStorage only gives the first paint the right
 * language before `app.info` answers. Single-key shortcuts are a per-browser preference (WCAG 2.1.4).
 */

export const LANGUAGE_STORAGE_KEY = 'vikno.language'
export const SHORTCUTS_STORAGE_KEY = 'vikno.singleKeyShortcuts'

export const SHORTCUT_KEYS_STORAGE_KEY = 'vikno.shortcutKeys'

/** The queue's single-key shortcuts, each remappable to another single character (WCAG 2.1.4). */
export const SHORTCUT_ACTIONS = ['search', 'help', 'next', 'prev', 'claim'] as const
export type ShortcutAction = (typeof SHORTCUT_ACTIONS)[number]
export type ShortcutKeys = Record<ShortcutAction, string>
export const DEFAULT_SHORTCUT_KEYS: ShortcutKeys = { search: '/', help: '?', next: 'j', prev: 'k', claim: 'c' }

export interface SettingsState {
  language: Language
  singleKeyShortcuts: boolean
  shortcutKeys: ShortcutKeys
}

/** One printable character that is not a space: what a remapped shortcut may be. */
export const isShortcutKey = (key: string): boolean => [...key].length === 1 && key.trim() !== ''

function storedShortcutKeys(): ShortcutKeys {
  const keys: ShortcutKeys = { ...DEFAULT_SHORTCUT_KEYS }
  try {
    const saved = JSON.parse(read(SHORTCUT_KEYS_STORAGE_KEY) ?? '{}') as Record<string, unknown>
    for (const action of SHORTCUT_ACTIONS) {
      const key = saved[action]
      if (typeof key === 'string' && isShortcutKey(key)) keys[action] = key
    }
  } catch {
    // A damaged value: the defaults.
  }
  // Two actions on one key would make one of them unreachable: fall back to the defaults.
  return new Set(Object.values(keys)).size === SHORTCUT_ACTIONS.length ? keys : { ...DEFAULT_SHORTCUT_KEYS }
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
  singleKeyShortcuts: read(SHORTCUTS_STORAGE_KEY) !== 'off',
  shortcutKeys: storedShortcutKeys()
})

export const { store: settingsStore, use: useSettings, reset: resetSettingsStore } = featureStore<SettingsState>(initialState)

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

/** Remaps one shortcut. Refused (false) for anything but one character, or a key another action has. */
export function setShortcutKey(action: ShortcutAction, key: string): boolean {
  const keys = settingsStore.getState().shortcutKeys
  if (!isShortcutKey(key)) return false
  if (SHORTCUT_ACTIONS.some((a) => a !== action && keys[a].toLowerCase() === key.toLowerCase())) return false
  const next = { ...keys, [action]: key }
  settingsStore.setState({ shortcutKeys: next })
  write(SHORTCUT_KEYS_STORAGE_KEY, JSON.stringify(next))
  return true
}

export function resetShortcutKeys(): void {
  settingsStore.setState({ shortcutKeys: { ...DEFAULT_SHORTCUT_KEYS } })
  write(SHORTCUT_KEYS_STORAGE_KEY, JSON.stringify(DEFAULT_SHORTCUT_KEYS))
}
