import { Textarea } from '@mantine/core'
import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../../../lib/format'
import { ActionModal } from '../../../components/ActionModal'
import type { DialogProps } from './dialog-props'
import { useSend } from './use-send'

export function ForceReleaseDialog({ record, opened, onClose }: DialogProps): ReactElement {
  const { t, i18n } = useTranslation()
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string | undefined>(undefined)
  const { error, busy, send } = useSend(() => {
    setReason('')
    onClose()
  })
  const holder = record.holder
  const submit = (): void => {
    if (!reason.trim()) {
      setReasonError(t('review.forceRelease.reasonRequired'))
      document.getElementById('force-release-reason')?.focus()
      return
    }
    void send({ type: 'release', applicationId: record.id, payload: { force: true, reason: reason.trim() } }, t('review.forceRelease.done'))
  }
  return (
    <ActionModal
      opened={opened}
      onClose={onClose}
      title={t('review.forceRelease.title')}
      intro={holder ? t('review.forceRelease.intro', { name: holder.name, since: formatDateTime(holder.since, i18n.language) }) : undefined}
      submitLabel={t('review.forceRelease.submit')}
      busy={busy}
      error={error}
      onSubmit={submit}
      danger
    >
      <Textarea
        id="force-release-reason"
        data-autofocus
        label={t('review.forceRelease.reason')}
        description={t('review.forceRelease.reasonHint')}
        required
        rows={2}
        resize="vertical"
        value={reason}
        error={reasonError}
        onChange={(e) => {
          setReason(e.currentTarget.value)
          setReasonError(undefined)
        }}
      />
    </ActionModal>
  )
}
