import type { IntakeDraft, IntakeField } from './intake-validation'

export const fieldId = (f: IntakeField): string => `intake-${f}`

export function isBlank(draft: IntakeDraft, field: IntakeField): boolean {
  if (field === 'serviceId') return draft.serviceId === null
  if (field === 'files') return draft.files.length === 0
  return String(draft[field]).trim() === ''
}

export function focusField(field: IntakeField): void {
  const id = field === 'files' ? 'intake-files-button' : fieldId(field)
  const el = document.getElementById(id)
  el?.focus()
  el?.scrollIntoView({ block: 'center' })
}
