import { NativeSelect } from '@mantine/core'
import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { AdminClerk } from '../../../../../shared/admin'
import { ROLES, type Role } from '../../../../../shared/domain/application'
import { call } from '../../../lib/api'
import { useAdminDialog } from './admin-dialog'
import { AdminDialog } from './AdminDialog'

export function RoleDialog({ clerk, onClose }: { clerk: AdminClerk; onClose: () => void }): ReactElement {
  const { t } = useTranslation()
  const state = useAdminDialog(onClose)
  const [role, setRole] = useState<Role>(clerk.role)
  // Choosing the role the clerk has already is refused here: the portal would record a change that changes nothing.
  const sameRole = (): boolean => {
    if (role !== clerk.role) return false
    state.setError({ code: 'invalid_input', message: t('admin.errors.sameRole') })
    return true
  }
  const vars = { name: clerk.name, role: t(`admin.roles.${role}`), current: t(`admin.roles.${clerk.role}`) }
  return (
    <AdminDialog
      state={state}
      texts="role"
      vars={vars}
      change={(password) => call('admin.setRole', { password, clerkId: clerk.id, role })}
      invalid={sameRole}
    >
      <NativeSelect
        label={t('admin.role.new')}
        value={role}
        onChange={(e) => {
          const v = e.currentTarget.value
          if ((ROLES as readonly string[]).includes(v)) setRole(v as Role)
        }}
        data={ROLES.map((r) => ({ value: r, label: t(`admin.roles.${r}`) }))}
        data-autofocus
      />
    </AdminDialog>
  )
}
