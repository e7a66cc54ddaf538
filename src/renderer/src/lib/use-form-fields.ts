import { useState, type ChangeEvent } from 'react'

type FieldElement = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement

export interface FormFields<K extends string> {
  values: Record<K, string>
  errors: Partial<Record<K, string>>
  /** id, value, error and an onChange that clears the field's error as the clerk types: spread onto a Mantine field. */
  bind: (key: K) => { id: string; value: string; error: string | undefined; onChange: (e: ChangeEvent<FieldElement>) => void }
  /**
   * Shows these errors beside their fields and moves focus to the first of them (in the order of the
   * initial values), so a screen reader reads it out. Returns whether there was any. A field's rule
   * can be written as `condition && message`: false (or '') means the field is fine.
   */
  showErrors: (next: Partial<Record<K, string | false>>) => boolean
  /** Back to the initial values (only those keys, when given) with no errors, after a command went through. */
  reset: (only?: readonly K[]) => void
}

/**
 * The text fields of one dialog: their values, their errors, and the focus on the first wrong one
 * (the pattern every ActionModal form follows). `idOf` names a field's element id, used by `bind` and
 * by the focus, so the two cannot disagree.
 */
export function useFormFields<K extends string>(initial: () => Record<K, string>, idOf: (key: K) => string): FormFields<K> {
  const [values, setValues] = useState<Record<K, string>>(initial)
  const [errors, setErrors] = useState<Partial<Record<K, string>>>({})
  const keys = Object.keys(values) as K[]
  return {
    values,
    errors,
    bind: (key) => ({
      id: idOf(key),
      value: values[key],
      error: errors[key],
      onChange: (e) => {
        const value = e.currentTarget.value
        setValues((s) => ({ ...s, [key]: value }))
        setErrors((s) => ({ ...s, [key]: undefined }))
      }
    }),
    showErrors: (rules) => {
      const next: Partial<Record<K, string>> = {}
      for (const k of keys) {
        const message = rules[k]
        if (typeof message === 'string' && message !== '') next[k] = message
      }
      setErrors(next)
      const first = keys.find((k) => next[k])
      if (first === undefined) return false
      document.getElementById(idOf(first))?.focus()
      return true
    },
    reset: (only) => {
      const fresh = initial()
      setValues((s) => {
        const out = { ...s }
        for (const k of only ?? keys) out[k] = fresh[k]
        return out
      })
      setErrors({})
    }
  }
}
