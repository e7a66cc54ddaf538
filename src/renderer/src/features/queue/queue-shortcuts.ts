import { useEffect, useRef } from 'react'

/** The single keys of the queue's shortcuts, by action (the settings feature remaps them). */
export interface QueueShortcutKeys {
  search: string
  help: string
  next: string
  prev: string
  claim: string
}

const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image'])

/** Where a letter is text, not a command: text fields, text areas, selects, editable content. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(target.type)
  return target.tagName === 'TEXTAREA' || target.tagName === 'SELECT'
}

export interface QueueShortcutActions {
  search: () => void
  help: () => void
  next: () => void
  prev: () => void
  claim: () => void
}

/**
 * Screen-wide single keys. Never while the clerk is typing or a dialog is open, never with
 * modifiers, and none at all when turned off (`enabled` false: arrows, Home, End and Enter on the
 * grid stay).
 */
export function useQueueShortcuts(enabled: boolean, keys: QueueShortcutKeys, actions: QueueShortcutActions): void {
  // The latest actions, read when a key arrives: the listener is not re-attached on every render.
  const latest = useRef(actions)
  latest.current = actions
  useEffect(() => {
    if (!enabled) return
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return
      if (isTypingTarget(e.target)) return
      if (e.target instanceof Element && e.target.closest('[role="dialog"]')) return
      const action = (Object.keys(keys) as (keyof QueueShortcutKeys)[]).find((a) => keys[a] === e.key)
      if (!action) return
      e.preventDefault()
      latest.current[action]()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [enabled, keys])
}
