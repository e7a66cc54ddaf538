import { Button, CopyButton, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core'
import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { AppError } from '../../../../shared/result'
import { ActionModal } from '../../components/ActionModal'
import { formatDateTime } from '../../lib/format'
import { transition, type Transition } from './catalogue-store'

/*
 * The lifecycle's confirmations (to testing, publish, back to draft, withdraw): what the step will
 * do, and the administrator's password again — publishing reaches every citizen, withdrawing takes
 * a service away from them. The test link is shown once, with a copy button.
 */

export function ConfirmTransitionDialog(p: { kind: Transition; serviceName: string; onClose: () => void }): ReactElement {
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
    const result = await transition(p.kind, password)
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
      title={t(`catalogue.confirm.${p.kind}.title`, { name: p.serviceName })}
      submitLabel={t(`catalogue.confirm.${p.kind}.submit`)}
      busy={busy}
      error={error}
      onSubmit={() => void submit()}
      intro={t(`catalogue.confirm.${p.kind}.intro`)}
      danger={p.kind === 'withdraw'}
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
