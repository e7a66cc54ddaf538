import { Button, Code, Group, Modal, NativeSelect, Stack, Text } from '@mantine/core'
import { useState, type FormEvent, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { ENROLMENT_CODE_HOURS, type AdminEnrolmentCode } from '../../../../shared/admin'
import type { AppError } from '../../../../shared/result'
import { Notice } from '../../components/Notice'
import { call } from '../../lib/api'
import { formatDateTime } from '../../lib/format'
import { AdminPasswordInput } from './AdminPasswordInput'

/*
 * Issue 20: an administrator issues a one-time code that enrols ONE more workstation with this
 * centre. The portal keeps only its hash, so the code is shown here once, with when it expires; the
 * dialog forgets it (and the password) when it closes.
 */

const VALIDITY_HOURS = [1, 8, ENROLMENT_CODE_HOURS.default, 72, ENROLMENT_CODE_HOURS.max] as const

export function EnrolmentCodeDialog({ onClose }: { onClose: () => void }): ReactElement {
  const { t, i18n } = useTranslation()
  const [password, setPassword] = useState('')
  const [passwordError, setPasswordError] = useState<string | null>(null)
  const [hours, setHours] = useState<number>(ENROLMENT_CODE_HOURS.default)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<AppError | null>(null)
  const [issued, setIssued] = useState<AdminEnrolmentCode | null>(null)

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (busy) return
    setError(null)
    if (password.length === 0) {
      setPasswordError(t('admin.errors.passwordRequired'))
      return
    }
    setBusy(true)
    const result = await call('admin.issueEnrolmentCode', { password, validHours: hours })
    setBusy(false)
    if (!result.ok) {
      if (result.error.field === 'password') setPasswordError(result.error.message)
      else setError(result.error)
      return
    }
    setPassword('')
    setIssued(result.value)
  }

  return (
    <Modal opened onClose={onClose} title={t('admin.enrolmentCode.title')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      {issued ? (
        <Stack gap="md">
          <Text size="sm">{t('admin.enrolmentCode.shownOnce')}</Text>
          <Code block fz="xl" fw={700} ta="center" aria-label={t('admin.enrolmentCode.codeLabel')} data-testid="enrolment-code">
            {issued.code}
          </Code>
          <Text size="sm">{t('admin.enrolmentCode.expires', { time: formatDateTime(issued.expiresAt, i18n.language) })}</Text>
          <Group justify="flex-end">
            <Button onClick={onClose} data-autofocus>
              {t('admin.enrolmentCode.done')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack gap="md">
            <Text size="sm">{t('admin.enrolmentCode.intro')}</Text>
            <NativeSelect
              label={t('admin.enrolmentCode.validity')}
              value={String(hours)}
              onChange={(e) => setHours(Number(e.currentTarget.value))}
              data={VALIDITY_HOURS.map((h) => ({ value: String(h), label: t('admin.enrolmentCode.hours', { count: h }) }))}
            />
            <AdminPasswordInput
              value={password}
              onChange={(value) => {
                setPassword(value)
                setPasswordError(null)
              }}
              error={passwordError}
              data-autofocus
            />
            {error ? (
              <Notice kind="error" role="alert" title={t(`errors.${error.code}`)}>
                {error.message}
              </Notice>
            ) : null}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" type="button" onClick={onClose}>
                {t('review.dialog.cancel')}
              </Button>
              <Button type="submit" loading={busy}>
                {t('admin.enrolmentCode.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  )
}
