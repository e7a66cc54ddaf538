import { PasswordInput } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

type Which = 'password' | 'repeat'

/**
 * A new password and the same again, as a new account and a password reset ask for them: the
 * rule under the first, each field's complaint beside it (already in words), typing clears it.
 */
export function NewPasswordFields(p: {
  label: string
  values: Record<Which, string>
  errors: Partial<Record<Which, string>>
  onChange: (which: Which, value: string) => void
  required?: boolean
  autoFocus?: boolean
}): ReactElement {
  const { t } = useTranslation()
  const field = (which: Which, label: string, description?: string): ReactElement => (
    <PasswordInput
      label={label}
      description={description}
      value={p.values[which]}
      onChange={(e) => p.onChange(which, e.currentTarget.value)}
      error={p.errors[which]}
      autoComplete="new-password"
      maxLength={200}
      required={p.required}
      data-autofocus={which === 'password' && p.autoFocus ? true : undefined}
    />
  )
  return (
    <>
      {field('password', p.label, t('admin.passwordRule'))}
      {field('repeat', t('admin.create.repeat'))}
    </>
  )
}
