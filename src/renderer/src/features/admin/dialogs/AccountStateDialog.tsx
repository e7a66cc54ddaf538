import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { AdminClerk } from '../../../../../shared/admin'
import { call } from '../../../lib/api'
import { useAdminDialog } from './admin-dialog'
import { AdminDialog } from './AdminDialog'

/** Disables an account (the clerk can no longer sign in anywhere) or enables it again. */
export function AccountStateDialog({
  clerk,
  disable,
  onClose
}: {
  clerk: AdminClerk
  disable: boolean
  onClose: () => void
}): ReactElement {
  const { t } = useTranslation()
  const state = useAdminDialog(onClose)
  const key = disable ? 'disable' : 'enable'
  return (
    <AdminDialog
      state={state}
      onClose={onClose}
      onSubmit={() =>
        void state.submit(
          (password) => call('admin.setDisabled', { password, clerkId: clerk.id, disabled: disable }),
          t(`admin.${key}.done`, { name: clerk.name })
        )
      }
      title={t(`admin.${key}.title`, { name: clerk.name })}
      intro={t(`admin.${key}.intro`, { name: clerk.name })}
      submitLabel={t(`admin.${key}.submit`)}
      danger={disable}
    />
  )
}
