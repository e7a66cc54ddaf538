import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { call } from '../../../lib/api'
import { useAdminDialog, type AdminChange, type AdminDialogRequest } from './admin-dialog'
import { AdminDialog } from './AdminDialog'

/** The changes that ask for nothing but a confirmation with the acting person's password. */
export type ConfirmedChange = Extract<AdminDialogRequest, { kind: 'disable' | 'enable' | 'revoke' }>

/**
 * Disabling an account (the clerk can no longer sign in anywhere), enabling it again, revoking a
 * workstation (its token and its clerks' keys stop counting): one dialog, told what to change.
 */
export function ConfirmChangeDialog({
  request,
  thisWorkstationId,
  onClose
}: {
  request: ConfirmedChange
  thisWorkstationId: string
  onClose: () => void
}): ReactElement {
  const { t } = useTranslation()
  const state = useAdminDialog(onClose)
  const { vars, change, revokesThisOne } = confirmation(request, thisWorkstationId)
  const danger = request.kind !== 'enable'
  return (
    <AdminDialog
      state={state}
      texts={request.kind}
      vars={vars}
      change={change}
      danger={danger}
      intro={
        revokesThisOne ? (
          <>
            {t('admin.revoke.intro', { label: vars.label ?? '', node: vars.node ?? '' })} <strong>{t('admin.revoke.thisOne')}</strong>
          </>
        ) : undefined
      }
    />
  )
}

function confirmation(
  request: ConfirmedChange,
  thisWorkstationId: string
): { vars: Record<string, string>; change: AdminChange; revokesThisOne: boolean } {
  if (request.kind === 'revoke') {
    const w = request.workstation
    const change: AdminChange = (password) => call('admin.revokeWorkstation', { password, workstationId: w.id })
    return { vars: { label: w.label || w.id, node: String(w.node) }, change, revokesThisOne: w.id === thisWorkstationId }
  }
  const { clerk } = request
  const disabled = request.kind === 'disable'
  return {
    vars: { name: clerk.name },
    change: (password) => call('admin.setDisabled', { password, clerkId: clerk.id, disabled }),
    revokesThisOne: false
  }
}
