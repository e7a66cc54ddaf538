import { Radio, Stack, Text, TextInput } from '@mantine/core'
import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { applicantFullName } from '../../../../../shared/domain/application'
import { ActionModal } from '../../../components/ActionModal'
import type { DialogProps } from './dialog-props'
import { useSend } from './use-send'

export function IssueDialog({ record, opened, onClose }: DialogProps): ReactElement {
  const { t } = useTranslation()
  const a = record.applicant
  const [outcome, setOutcome] = useState<'issued' | 'not_collected'>('issued')
  const [name, setName] = useState(() => applicantFullName(a))
  const [doc, setDoc] = useState('')
  const [errors, setErrors] = useState<{ name?: string; doc?: string }>({})
  const { error, busy, send } = useSend(() => {
    setDoc('')
    setErrors({})
    onClose()
  })
  const submit = (): void => {
    const next: typeof errors = {}
    if (outcome === 'issued' && !name.trim()) next.name = t('review.issue.nameRequired')
    if (outcome === 'issued' && !doc.trim()) next.doc = t('review.issue.documentRequired')
    setErrors(next)
    if (next.name || next.doc) {
      document.getElementById(next.name ? 'issue-name' : 'issue-doc')?.focus()
      return
    }
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
    <ActionModal
      opened={opened}
      onClose={onClose}
      title={t('review.issue.title')}
      submitLabel={t(`review.issue.submit.${outcome}`)}
      busy={busy}
      error={error}
      onSubmit={submit}
    >
      <Radio.Group label={t('review.issue.outcome')} value={outcome} onChange={(v) => setOutcome(v as 'issued' | 'not_collected')}>
        <Stack gap={6} mt={4}>
          <Radio value="issued" label={t('review.issue.outcomes.issued')} />
          <Radio value="not_collected" label={t('review.issue.outcomes.not_collected')} />
        </Stack>
      </Radio.Group>
      {outcome === 'issued' ? (
        <>
          <TextInput
            id="issue-name"
            label={t('review.issue.name')}
            description={t('review.issue.nameHint')}
            required
            value={name}
            maxLength={200}
            error={errors.name}
            onChange={(e) => {
              setName(e.currentTarget.value)
              setErrors((s) => ({ ...s, name: undefined }))
            }}
          />
          <TextInput
            id="issue-doc"
            label={t('review.issue.document')}
            description={t('review.issue.documentHint')}
            required
            value={doc}
            maxLength={200}
            error={errors.doc}
            onChange={(e) => {
              setDoc(e.currentTarget.value)
              setErrors((s) => ({ ...s, doc: undefined }))
            }}
          />
        </>
      ) : (
        <Text size="sm">{t('review.issue.notCollectedHint')}</Text>
      )}
    </ActionModal>
  )
}
