import { PasswordInput } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'

/**
 * The acting person's own password, asked with every change: accounts and enrolment live on the
 * portal, which checks it each time. Nothing keeps it after the dialog closes.
 */
export function AdminPasswordInput(p: {
  value: string
  onChange: (value: string) => void
  error: string | null
  'data-autofocus'?: boolean
}): ReactElement {
  const { t } = useTranslation()
  return (
    <PasswordInput
      label={t('admin.yourPassword')}
      description={t('admin.yourPasswordHint')}
      value={p.value}
      onChange={(e) => p.onChange(e.currentTarget.value)}
      error={p.error}
      autoComplete="current-password"
      maxLength={200}
      data-autofocus={p['data-autofocus']}
    />
  )
}
