import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { PasswordGate } from '../../components/PasswordGate'
import { loadDirectory, useAdmin } from './admin-store'

export function OpenForm(): ReactElement {
  const { t } = useTranslation()
  const loading = useAdmin((s) => s.loading)
  const error = useAdmin((s) => s.loadError)
  return (
    <PasswordGate
      id="admin-open"
      title={t('admin.open.title')}
      hint={t('admin.open.hint')}
      submitLabel={t('admin.open.submit')}
      loading={loading}
      error={error}
      onOpen={loadDirectory}
    />
  )
}
