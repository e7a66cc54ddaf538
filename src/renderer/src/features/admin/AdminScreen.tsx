import { Button, Stack, Text, Title } from '@mantine/core'
import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { AdminClerk } from '../../../../shared/admin'
import type { ClerkSession } from '../../../../shared/session'
import { adminRefusal, mayAdminister, type AdminAction } from '../../../../shared/domain/roles'
import { Notice } from '../../components/Notice'
import { loadSettings, resetAdminStore, useAdmin } from './admin-store'
import classes from './AdminScreen.module.css'
import { ClerksSection } from './ClerksSection'
import { OpenForm } from './OpenForm'
import { SettingsSection } from './SettingsSection'
import { WorkstationsSection } from './WorkstationsSection'
import { EnrolmentCodeDialog } from './EnrolmentCodeDialog'
import type { AdminDialogRequest } from './dialogs/admin-dialog'
import { ConfirmChangeDialog } from './dialogs/ConfirmChangeDialog'
import { CreateClerkDialog } from './dialogs/CreateClerkDialog'
import { ResetPasswordDialog } from './dialogs/ResetPasswordDialog'
import { RoleDialog } from './dialogs/RoleDialog'
import { ScreenFrame } from '../../components/ScreenFrame'

/*
 * The administration screen (issue 8): the centre's clerks and workstations, for supervisors and
 * administrators, and this workstation's session settings. Accounts live on the portal, which wants
 * the acting person's password with every request: the lists open with it, and every change asks
 * for it again in the dialog that confirms the change. Nothing keeps it after the dialog closes.
 * What the signed-in person may do comes from the shared role predicate; the back end and the
 * portal check it again.
 */

export interface AdminScreenProps {
  clerk: ClerkSession | null
  /** The service catalogue's editor («Послуги»), for administrators and supervisors (the app layer gives its address). */
  catalogueHref?: string
}

export function AdminScreen({ clerk, catalogueHref }: AdminScreenProps): ReactElement {
  const { t } = useTranslation()
  const directory = useAdmin((s) => s.directory)
  const [dialog, setDialog] = useState<AdminDialogRequest | null>(null)
  const [issuingCode, setIssuingCode] = useState(false)

  const allowed = clerk !== null && mayAdminister(clerk.role)
  useEffect(() => {
    if (allowed) void loadSettings()
  }, [allowed])
  // The lists are for this visit only: leaving the screen (or signing out) forgets them, and the
  // next visit asks for the password again.
  useEffect(() => () => resetAdminStore(), [])

  if (!clerk || !allowed) {
    return (
      <ScreenFrame title={t('admin.title')} width={900}>
        <Notice kind="error" role="alert" title={t('errors.forbidden')}>
          {t('admin.forbidden')}
        </Notice>
      </ScreenFrame>
    )
  }
  const actor = { id: clerk.clerkId, role: clerk.role }
  const may = (action: AdminAction, target: AdminClerk | null = null): boolean =>
    adminRefusal(actor, action, target ? { id: target.id, role: target.role } : null) === null

  return (
    <Stack gap="lg" maw={1280} className={classes.screen}>
      <div>
        <Title order={1} size="h2" tabIndex={-1}>
          {t('admin.title')}
        </Title>
        <Text size="sm" c="dimmed" maw={900} mt={4}>
          {clerk.role === 'admin' ? t('admin.introAdmin') : t('admin.introSupervisor')}
        </Text>
        {catalogueHref ? (
          <Button component="a" href={catalogueHref} variant="light" mt="sm">
            {t('admin.catalogueLink')}
          </Button>
        ) : null}
      </div>

      {directory ? (
        <>
          <ClerksSection directory={directory} me={clerk.clerkId} may={may} onAction={setDialog} />
          <WorkstationsSection
            directory={directory}
            canRevoke={may('revoke_workstation')}
            onRevoke={(w) => setDialog({ kind: 'revoke', workstation: w })}
            onIssueCode={may('issue_enrolment_code') ? () => setIssuingCode(true) : null}
          />
        </>
      ) : (
        <OpenForm />
      )}

      <SettingsSection />

      {issuingCode ? <EnrolmentCodeDialog onClose={() => setIssuingCode(false)} /> : null}
      {dialog ? (
        <OpenDialog
          dialog={dialog}
          onClose={() => setDialog(null)}
          me={clerk.clerkId}
          thisWorkstationId={directory?.thisWorkstationId ?? ''}
        />
      ) : null}
    </Stack>
  )
}

function OpenDialog({
  dialog,
  onClose,
  me,
  thisWorkstationId
}: {
  dialog: AdminDialogRequest
  onClose: () => void
  me: string
  thisWorkstationId: string
}): ReactElement {
  switch (dialog.kind) {
    case 'create':
      return <CreateClerkDialog onClose={onClose} />
    case 'role':
      return <RoleDialog clerk={dialog.clerk} onClose={onClose} />
    case 'reset':
      return <ResetPasswordDialog clerk={dialog.clerk} me={me} onClose={onClose} />
    case 'disable':
    case 'enable':
    case 'revoke':
      return <ConfirmChangeDialog request={dialog} thisWorkstationId={thisWorkstationId} onClose={onClose} />
  }
}
