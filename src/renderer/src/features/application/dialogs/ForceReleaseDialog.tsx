import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../../../lib/format'
import { ActionModal } from '../../../components/ActionModal'
import type { DialogProps } from './dialog-props'
import { ReasonField } from './ReasonField'
import { useSend } from './use-send'
import { useFormFields } from '../../../lib/use-form-fields'

export function ForceReleaseDialog({ record, opened, onClose }: DialogProps): ReactElement {
  const { t, i18n } = useTranslation()
  const form = useFormFields(
    () => ({ reason: '' }),
    () => 'force-release-reason'
  )
  const reason = form.values.reason
  const { send, modal } = useSend({ opened, onClose }, () => form.reset())
  const holder = record.holder
  const submit = (): void => {
    if (!reason.trim()) {
      form.showErrors({ reason: t('review.forceRelease.reasonRequired') })
      return
    }
    void send({ type: 'release', applicationId: record.id, payload: { force: true, reason: reason.trim() } }, t('review.forceRelease.done'))
  }
  return (
    <ActionModal
      {...modal}
      title={t('review.forceRelease.title')}
      intro={holder ? t('review.forceRelease.intro', { name: holder.name, since: formatDateTime(holder.since, i18n.language) }) : undefined}
      submitLabel={t('review.forceRelease.submit')}
      onSubmit={submit}
      danger
    >
      <ReasonField
        data-autofocus
        label={t('review.forceRelease.reason')}
        description={t('review.forceRelease.reasonHint')}
        {...form.bind('reason')}
      />
    </ActionModal>
  )
}
