import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { AdminWorkstation } from '../../../../../shared/admin'
import { call } from '../../../lib/api'
import { useAdminDialog } from './admin-dialog'
import { AdminDialog } from './AdminDialog'

export function RevokeWorkstationDialog({
  workstation: w,
  thisWorkstationId,
  onClose
}: {
  workstation: AdminWorkstation
  thisWorkstationId: string
  onClose: () => void
}): ReactElement {
  const { t } = useTranslation()
  const state = useAdminDialog(onClose)
  const name = w.label || w.id
  return (
    <AdminDialog
      state={state}
      onClose={onClose}
      onSubmit={() =>
        void state.submit(
          (password) => call('admin.revokeWorkstation', { password, workstationId: w.id }),
          t('admin.revoke.done', { label: name })
        )
      }
      title={t('admin.revoke.title', { label: name })}
      intro={
        <>
          {t('admin.revoke.intro', { label: name, node: w.node })}
          {w.id === thisWorkstationId ? (
            <>
              {' '}
              <strong>{t('admin.revoke.thisOne')}</strong>
            </>
          ) : null}
        </>
      }
      submitLabel={t('admin.revoke.submit')}
      danger
    />
  )
}
