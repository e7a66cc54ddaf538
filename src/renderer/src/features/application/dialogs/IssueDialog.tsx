import { Radio, Stack, Text, TextInput } from '@mantine/core'
import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { applicantFullName } from '../../../../../shared/domain/application'
import { ActionModal } from '../../../components/ActionModal'
import type { DialogProps } from './dialog-props'
import { useSend } from './use-send'
import { useFormFields } from '../../../lib/use-form-fields'

/** Who took the result and on what document: both required, both typed as read from the document. */
const RECIPIENT_FIELDS = [
  { key: 'name', label: 'review.issue.name', hint: 'review.issue.nameHint' },
  { key: 'doc', label: 'review.issue.document', hint: 'review.issue.documentHint' }
] as const

export function IssueDialog({ record, opened, onClose }: DialogProps): ReactElement {
  const { t } = useTranslation()
  const a = record.applicant
  const [outcome, setOutcome] = useState<'issued' | 'not_collected'>('issued')
  const form = useFormFields(
    () => ({ name: applicantFullName(a), doc: '' }),
    (k) => `issue-${k}`
  )
  const { name, doc } = form.values
  const { send, modal } = useSend({ opened, onClose }, () => form.reset(['doc']))
  const submit = (): void => {
    const handedOver = outcome === 'issued'
    if (
      form.showErrors({
        name: handedOver && !name.trim() && t('review.issue.nameRequired'),
        doc: handedOver && !doc.trim() && t('review.issue.documentRequired')
      })
    )
      return
    void send(
      {
        type: 'issue_result',
        applicationId: record.id,
        payload:
          outcome === 'issued'
            ? { outcome, recipientName: name.trim(), recipientDocument: doc.trim() }
            : { outcome, recipientName: '', recipientDocument: '' }
      },
      t(`review.issue.done.${outcome}`)
    )
  }
  return (
    <ActionModal {...modal} title={t('review.issue.title')} submitLabel={t(`review.issue.submit.${outcome}`)} onSubmit={submit}>
      <Radio.Group label={t('review.issue.outcome')} value={outcome} onChange={(v) => setOutcome(v as 'issued' | 'not_collected')}>
        <Stack gap={6} mt={4}>
          <Radio value="issued" label={t('review.issue.outcomes.issued')} />
          <Radio value="not_collected" label={t('review.issue.outcomes.not_collected')} />
        </Stack>
      </Radio.Group>
      {outcome === 'issued' ? (
        <>
          {RECIPIENT_FIELDS.map((f) => (
            <TextInput key={f.key} label={t(f.label)} description={t(f.hint)} required maxLength={200} {...form.bind(f.key)} />
          ))}
        </>
      ) : (
        <Text size="sm">{t('review.issue.notCollectedHint')}</Text>
      )}
    </ActionModal>
  )
}
