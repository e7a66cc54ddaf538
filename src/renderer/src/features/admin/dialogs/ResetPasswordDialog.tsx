import { PasswordInput, Stack } from '@mantine/core'
import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { AdminClerk } from '../../../../../shared/admin'
import { call } from '../../../lib/api'
import { validatePassword, type AdminErrorKey } from '../admin-validation'
import { useAdminDialog } from './admin-dialog'
import { AdminDialog } from './AdminDialog'

export function ResetPasswordDialog({ clerk, me, onClose }: { clerk: AdminClerk; me: string; onClose: () => void }): ReactElement {
  const { t } = useTranslation()
  const state = useAdminDialog(onClose)
  const { error } = state
  const [newPassword, setNewPassword] = useState('')
  const [repeat, setRepeat] = useState('')
  const [errors, setErrors] = useState<{ password?: AdminErrorKey; repeat?: AdminErrorKey }>({})
  const invalid = (): boolean => {
    const v = validatePassword(newPassword, repeat)
    setErrors(v)
    return v.password !== undefined || v.repeat !== undefined
  }
  return (
    <AdminDialog
      state={state}
      texts="reset"
      vars={{ name: clerk.name }}
      intro={clerk.id === me ? t('admin.reset.introSelf') : undefined}
      change={(password) => call('admin.resetPassword', { password, clerkId: clerk.id, newPassword })}
      invalid={invalid}
      // The portal's refusal of the new password is shown beside it.
      alert={error?.field === 'newPassword' ? null : error}
    >
      <Stack gap="sm">
        <PasswordInput
          label={t('admin.reset.new')}
          description={t('admin.passwordRule')}
          value={newPassword}
          onChange={(e) => {
            setNewPassword(e.currentTarget.value)
            setErrors((x) => ({ ...x, password: undefined }))
          }}
          error={errors.password ? t(errors.password) : error?.field === 'newPassword' ? error.message : undefined}
          autoComplete="new-password"
          maxLength={200}
          data-autofocus
        />
        <PasswordInput
          label={t('admin.create.repeat')}
          value={repeat}
          onChange={(e) => {
            setRepeat(e.currentTarget.value)
            setErrors((x) => ({ ...x, repeat: undefined }))
          }}
          error={errors.repeat ? t(errors.repeat) : undefined}
          autoComplete="new-password"
          maxLength={200}
        />
      </Stack>
    </AdminDialog>
  )
}
