import { TextInput } from '@mantine/core'
import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { DEFAULT_CALENDAR } from '../../../../../shared/domain/calendar'
import { forwardDueAt } from '../../../../../shared/domain/deadlines'
import { formatDateTime } from '../../../lib/format'
import { ActionModal } from '../../../components/ActionModal'
import type { DialogProps } from './dialog-props'
import { useSend } from './use-send'

export function ForwardDialog({ record, opened, onClose }: DialogProps): ReactElement {
  const { t, i18n } = useTranslation()
  const [body, setBody] = useState('')
  const { send, modal } = useSend({ opened, onClose }, () => setBody(''))
  let due: string | null = null
  try {
    due = formatDateTime(forwardDueAt(record.receivedAt, DEFAULT_CALENDAR), i18n.language)
  } catch {
    due = null
  }
  return (
    <ActionModal
      {...modal}
      title={t('review.forward.title')}
      intro={due ? t('review.forward.intro', { due }) : undefined}
      submitLabel={t('review.forward.submit')}
      onSubmit={() => void send({ type: 'forward', applicationId: record.id, payload: { body: body.trim() } }, t('review.forward.done'))}
    >
      <TextInput
        data-autofocus
        label={t('review.forward.body')}
        description={t('review.forward.bodyHint')}
        value={body}
        maxLength={300}
        onChange={(e) => setBody(e.currentTarget.value)}
      />
    </ActionModal>
  )
}
