import { Button, CopyButton, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core'
import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { AppError, Result } from '../../../../shared/result'
import { ActionModal } from '../../components/ActionModal'
import { formatDateTime } from '../../lib/format'
import { deleteTestApplications, transition, type Transition } from './catalogue-store'

/*
 * The lifecycle's confirmations (to testing, publish, back to draft, withdraw) and the deletion of
 * a service's test applications: what the step will do, and the administrator's password again —
 * publishing reaches every citizen, withdrawing takes a service away from them. The test link is shown once, with a copy button.
 */

/** A step confirmed with the administrator's password: a wrong one is told at the field, any other refusal above the buttons. */
function PasswordConfirmDialog(p: {
  title: string
  intro: string
  submitLabel: string
  danger: boolean
  run: (password: string) => Promise<Result<unknown>>
  onClose: () => void
}): ReactElement {
  const { t } = useTranslation()
  const [password, setPassword] = useState('')
  const [passwordError, setPasswordError] = useState<string | null>(null)
  const [error, setError] = useState<AppError | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (): Promise<void> => {
    setError(null)
    if (password.length === 0) {
      setPasswordError(t('admin.errors.passwordRequired'))
      return
    }
    setBusy(true)
    const result = await p.run(password)
    setBusy(false)
    if (result.ok) {
      p.onClose()
      return
    }
    if (result.error.field === 'password') setPasswordError(result.error.message)
    else setError(result.error)
  }
  return (
    <ActionModal
      opened
      onClose={p.onClose}
      title={p.title}
      submitLabel={p.submitLabel}
      busy={busy}
      error={error}
      onSubmit={() => void submit()}
      intro={p.intro}
      danger={p.danger}
    >
      <PasswordInput
        label={t('admin.yourPassword')}
        description={t('admin.yourPasswordHint')}
        value={password}
        onChange={(e) => {
          setPassword(e.currentTarget.value)
          setPasswordError(null)
        }}
        error={passwordError}
        autoComplete="current-password"
        maxLength={200}
        data-autofocus
      />
    </ActionModal>
  )
}

export function ConfirmTransitionDialog(p: { kind: Transition; serviceName: string; onClose: () => void }): ReactElement {
  const { t } = useTranslation()
  return (
    <PasswordConfirmDialog
      title={t(`catalogue.confirm.${p.kind}.title`, { name: p.serviceName })}
      intro={t(`catalogue.confirm.${p.kind}.intro`)}
      submitLabel={t(`catalogue.confirm.${p.kind}.submit`)}
      danger={p.kind === 'withdraw'}
      run={(password) => transition(p.kind, password)}
      onClose={p.onClose}
    />
  )
}

/**
 * The one-step deletion of a service's test applications when its testing ends. The portal does not
 * say beforehand how many there are, so the confirmation speaks of all of them; the editor then
 * announces how many were deleted.
 */
export function DeleteTestsDialog(p: { serviceName: string; onClose: () => void }): ReactElement {
  const { t } = useTranslation()
  return (
    <PasswordConfirmDialog
      title={t('catalogue.confirm.deleteTests.title', { name: p.serviceName })}
      intro={t('catalogue.confirm.deleteTests.intro')}
      submitLabel={t('catalogue.confirm.deleteTests.submit')}
      danger
      run={deleteTestApplications}
      onClose={p.onClose}
    />
  )
}

export function TestLinkDialog(p: { url: string; expiresAt: string; onClose: () => void }): ReactElement {
  const { t, i18n } = useTranslation()
  return (
    <Modal
      opened
      onClose={p.onClose}
      title={t('catalogue.testLink.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack gap="md">
        <Text size="sm">{t('catalogue.testLink.shownOnce')}</Text>
        <TextInput
          label={t('catalogue.testLink.label')}
          value={p.url}
          readOnly
          onFocus={(e) => e.currentTarget.select()}
          data-testid="test-link"
        />
        <Text size="sm">{t('catalogue.testLink.expires', { time: formatDateTime(p.expiresAt, i18n.language) })}</Text>
        <Group justify="flex-end">
          <CopyButton value={p.url}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy}>
                {copied ? t('catalogue.testLink.copied') : t('catalogue.testLink.copy')}
              </Button>
            )}
          </CopyButton>
          <Button onClick={p.onClose} data-autofocus>
            {t('catalogue.testLink.done')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
