import { PasswordInput } from '@mantine/core'
import type { ReactElement, ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { AppError } from '../../../../../shared/result'
import { ActionModal } from '../../../components/ActionModal'
import type { AdminDialogState } from './admin-dialog'

export interface AdminDialogProps {
  state: AdminDialogState
  onClose: () => void
  onSubmit: () => void
  title: string
  submitLabel: string
  intro?: ReactNode
  danger?: boolean
  size?: string
  /** The dialog's own fields; without any, the password field takes the focus. */
  children?: ReactNode
  /** The refusal for the alert: null when the dialog shows it beside one of its fields instead. */
  alert?: AppError | null
}

/** An ActionModal whose last field is the acting person's password. */
export function AdminDialog(p: AdminDialogProps): ReactElement {
  const { t } = useTranslation()
  const { state } = p
  return (
    <ActionModal
      opened
      onClose={p.onClose}
      title={p.title}
      intro={p.intro}
      submitLabel={p.submitLabel}
      danger={p.danger}
      size={p.size}
      busy={state.busy}
      error={p.alert === undefined ? state.error : p.alert}
      onSubmit={p.onSubmit}
    >
      {p.children}
      <PasswordInput
        label={t('admin.yourPassword')}
        description={t('admin.yourPasswordHint')}
        value={state.password}
        onChange={(e) => state.setPassword(e.currentTarget.value)}
        error={state.passwordError}
        autoComplete="current-password"
        maxLength={200}
        {...(p.children ? {} : { 'data-autofocus': true })}
      />
    </ActionModal>
  )
}
