import { NativeSelect, TextInput } from '@mantine/core'
import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { ROLES, type Role } from '../../../../../shared/domain/application'
import { call } from '../../../lib/api'
import { validateNewClerk, type NewClerkErrors, type NewClerkForm } from '../admin-validation'
import classes from '../AdminScreen.module.css'
import { useAdminDialog, type AdminChange } from './admin-dialog'
import { AdminDialog } from './AdminDialog'
import { NewPasswordFields } from './NewPasswordFields'

const EMPTY_CLERK: NewClerkForm = { login: '', name: '', role: 'clerk', initialPassword: '', repeatPassword: '' }

export function CreateClerkDialog({ onClose }: { onClose: () => void }): ReactElement {
  const { t } = useTranslation()
  const state = useAdminDialog(onClose)
  const { error, setError } = state
  const [form, setForm] = useState<NewClerkForm>(EMPTY_CLERK)
  const [formErrors, setFormErrors] = useState<NewClerkErrors>({})

  // Typing in a field takes its complaint away; the next submit checks everything again.
  const field = <K extends keyof NewClerkForm>(key: K, value: NewClerkForm[K]): void => {
    setForm((f) => ({ ...f, [key]: value }))
    setFormErrors((e) => ({ ...e, [key]: undefined }))
    if (error?.field === key) setError(null)
  }
  const errorOf = (key: keyof NewClerkForm): string | undefined => {
    const k = formErrors[key]
    return k ? t(k) : error?.field === key ? error.message : undefined
  }

  const invalid = (): boolean => {
    const errors = validateNewClerk(form)
    setFormErrors(errors)
    return Object.keys(errors).length > 0
  }
  const create: AdminChange = (password) =>
    call('admin.createClerk', {
      password,
      login: form.login.trim(),
      name: form.name.trim(),
      role: form.role === '' ? 'clerk' : form.role,
      initialPassword: form.initialPassword
    })

  return (
    <AdminDialog
      state={state}
      texts="create"
      vars={{ name: form.name.trim() }}
      change={create}
      invalid={invalid}
      size="xl"
      // A refusal about one of the form's fields is shown beside it.
      alert={error && !(error.field !== undefined && error.field in EMPTY_CLERK) ? error : null}
    >
      <div className={classes.formGrid}>
        <TextInput
          label={t('admin.create.name')}
          value={form.name}
          onChange={(e) => field('name', e.currentTarget.value)}
          error={errorOf('name')}
          maxLength={100}
          required
          data-autofocus
        />
        <TextInput
          label={t('admin.create.login')}
          description={t('admin.create.loginHint')}
          value={form.login}
          onChange={(e) => field('login', e.currentTarget.value)}
          error={errorOf('login')}
          maxLength={32}
          autoComplete="off"
          spellCheck={false}
          required
        />
        <NativeSelect
          label={t('admin.create.role')}
          value={form.role}
          onChange={(e) =>
            field('role', (ROLES as readonly string[]).includes(e.currentTarget.value) ? (e.currentTarget.value as Role) : '')
          }
          data={ROLES.map((r) => ({ value: r, label: t(`admin.roles.${r}`) }))}
          error={errorOf('role')}
          required
        />
        <span />
        <NewPasswordFields
          label={t('admin.create.password')}
          values={{ password: form.initialPassword, repeat: form.repeatPassword }}
          errors={{ password: errorOf('initialPassword'), repeat: errorOf('repeatPassword') }}
          onChange={(which, value) => field(which === 'password' ? 'initialPassword' : 'repeatPassword', value)}
          required
        />
      </div>
    </AdminDialog>
  )
}
