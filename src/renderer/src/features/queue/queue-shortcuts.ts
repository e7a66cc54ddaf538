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
