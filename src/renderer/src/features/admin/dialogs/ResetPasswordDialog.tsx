import { Stack } from '@mantine/core'
import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { AdminClerk } from '../../../../../shared/admin'
import { call } from '../../../lib/api'
import { validatePassword, type AdminErrorKey } from '../admin-validation'
import { useAdminDialog } from './admin-dialog'
import { AdminDialog } from './AdminDialog'
import { NewPasswordFields } from './NewPasswordFields'

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
        <NewPasswordFields
          label={t('admin.reset.new')}
          values={{ password: newPassword, repeat }}
          errors={{
            password: errors.password ? t(errors.password) : error?.field === 'newPassword' ? error.message : undefined,
            repeat: errors.repeat ? t(errors.repeat) : undefined
          }}
          onChange={(which, value) => {
            if (which === 'password') setNewPassword(value)
            else setRepeat(value)
            setErrors((x) => ({ ...x, [which]: undefined }))
          }}
          autoFocus
        />
      </Stack>
    </AdminDialog>
  )
}
