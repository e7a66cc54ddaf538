import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AdminClerk, AdminWorkstation } from '../../../../../shared/admin'
import type { AdminDirectoryView } from '../../../../../shared/admin-contract'
import type { AppError, Result } from '../../../../../shared/result'
import { notify } from '../../../lib/notify'
import { adminChange } from '../admin-store'

/*
 * The administration screen's dialogs, one per file in this folder. Each is an AdminDialog (an
 * ActionModal with the acting person's password under its own fields): accounts live on the
 * portal, which wants that password with every change. Nothing keeps it after the dialog closes.
 */

/** Which dialog is open, and about whom. */
export type AdminDialogRequest =
  | { kind: 'create' }
  | { kind: 'role'; clerk: AdminClerk }
  | { kind: 'disable'; clerk: AdminClerk }
  | { kind: 'enable'; clerk: AdminClerk }
  | { kind: 'reset'; clerk: AdminClerk }
  | { kind: 'revoke'; workstation: AdminWorkstation }

export type AdminDialogKind = AdminDialogRequest['kind']

export type AdminChange = (password: string) => Promise<Result<AdminDirectoryView>>

/**
 * The state every admin dialog shares: the acting password and its complaint, the back end's
 * refusal, and `submit`, which checks the dialog's own fields (`invalid` sets their errors and
 * says whether any is wrong) and the password, sends the change and closes on success.
 */
export function useAdminDialog(onClose: () => void) {
  const { t } = useTranslation()
  const [password, setPasswordValue] = useState('')
  const [passwordError, setPasswordError] = useState<string | null>(null)
  const [error, setError] = useState<AppError | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (change: AdminChange, success: string, invalid: () => boolean = () => false): Promise<void> => {
    if (busy) return
    setError(null)
    const fieldsInvalid = invalid()
    const noPassword = password.length === 0
    setPasswordError(noPassword ? t('admin.errors.passwordRequired') : null)
    if (fieldsInvalid || noPassword) return
    setBusy(true)
    const result = await adminChange(() => change(password))
    setBusy(false)
    if (!result.ok) {
      if (result.error.field === 'password') setPasswordError(result.error.message)
      else setError(result.error)
      return
    }
    notify(success)
    onClose()
  }

  const setPassword = (value: string): void => {
    setPasswordValue(value)
    setPasswordError(null)
  }

  return { password, setPassword, passwordError, error, setError, busy, submit, close: onClose }
}

export type AdminDialogState = ReturnType<typeof useAdminDialog>
