import type { ReactElement, ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { AppError } from '../../../../../shared/result'
import { ActionModal } from '../../../components/ActionModal'
import { AdminPasswordInput } from '../AdminPasswordInput'
import type { AdminChange, AdminDialogKind, AdminDialogState } from './admin-dialog'

export interface AdminDialogProps {
  state: AdminDialogState
  /** Whose texts: `admin.<texts>.title`, `.intro`, `.submit` and `.done` (the notice after success), each given `vars`. */
  texts: AdminDialogKind
  vars?: Record<string, string>
  /** Sends the change with the acting person's password. */
  change: AdminChange
  /** Checks the dialog's own fields before anything is sent (sets their errors): true when one is wrong. */
  invalid?: () => boolean
  /** In place of the `intro` text, when the dialog says more. */
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
  const { t, i18n } = useTranslation()
  const { state } = p
  // Keys are made from `texts`: every kind has title, submit and done; intro is optional (create has none).
  const text = (part: 'title' | 'intro' | 'submit' | 'done'): string => t(`admin.${p.texts}.${part}`, { ...p.vars, defaultValue: '' })
  const hasIntro = i18n.exists(`admin.${p.texts}.intro`)
  return (
    <ActionModal
      opened
      onClose={state.close}
      title={text('title')}
      intro={p.intro ?? (hasIntro ? text('intro') : undefined)}
      submitLabel={text('submit')}
      danger={p.danger}
      size={p.size}
      busy={state.busy}
      error={p.alert === undefined ? state.error : p.alert}
      onSubmit={() => void state.submit(p.change, text('done'), p.invalid)}
    >
      {p.children}
      <AdminPasswordInput
        value={state.password}
        onChange={state.setPassword}
        error={state.passwordError}
        {...(p.children ? {} : { 'data-autofocus': true })}
      />
    </ActionModal>
  )
}
