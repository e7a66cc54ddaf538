import { NativeSelect, Radio, Stack, Textarea } from '@mantine/core'
import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { Service } from '../../../../../shared/catalogue'
import { canTransition, type Status } from '../../../../../shared/domain/status'
import { ActionModal } from '../../../components/ActionModal'
import type { DialogProps } from './dialog-props'
import { ReasonField } from './ReasonField'
import { useSend } from './use-send'
import { useFormFields } from '../../../lib/use-form-fields'

type Kind = 'approve' | 'refuse' | 'return'
const KIND_TARGET: Record<Kind, Status> = { approve: 'result_ready', refuse: 'refused', return: 'returned' }

export function DecideDialog({ record, service, opened, onClose }: DialogProps & { service: Service | null }): ReactElement {
  const { t } = useTranslation()
  const grounds = service?.refusal_grounds_uk ?? []
  const allowed = (k: Kind): boolean => canTransition(record.status, KIND_TARGET[k])
  const firstAllowed = (['approve', 'refuse', 'return'] as const).find(allowed) ?? 'approve'
  const [kind, setKind] = useState<Kind>(firstAllowed)
  const form = useFormFields(
    () => ({ ground: '', text: '', appeal: t('review.decide.appealDefault') }),
    (k) => `decide-${k}`
  )
  const { ground, text, appeal } = form.values
  const { send, modal } = useSend({ opened, onClose }, () => form.reset(['ground', 'text']))
  const effectiveKind: Kind = allowed(kind) ? kind : firstAllowed

  const submit = (): void => {
    const refusing = effectiveKind === 'refuse'
    const invalid = form.showErrors({
      ground: refusing && !ground.trim() && t(grounds.length > 0 ? 'review.decide.groundRequired' : 'review.decide.groundFreeRequired'),
      appeal: refusing && !appeal.trim() && t('review.decide.appealRequired'),
      text: effectiveKind === 'return' && !text.trim() && t('review.decide.returnReasonRequired')
    })
    if (invalid) return
    void send(
      {
        type: 'decide',
        applicationId: record.id,
        payload: {
          kind: effectiveKind,
          ground: effectiveKind === 'refuse' ? ground.trim() : null,
          text: text.trim(),
          appeal: effectiveKind === 'refuse' ? appeal.trim() : null
        }
      },
      t(`review.decide.done.${effectiveKind}`)
    )
  }

  return (
    <ActionModal
      {...modal}
      title={t('review.decide.title')}
      submitLabel={t(`review.decide.submit.${effectiveKind}`)}
      onSubmit={submit}
      danger={effectiveKind !== 'approve'}
    >
      <Radio.Group
        label={t('review.decide.kind')}
        value={effectiveKind}
        onChange={(v) => {
          setKind(v as Kind)
          form.showErrors({})
        }}
      >
        <Stack gap={6} mt={4}>
          {(['approve', 'refuse', 'return'] as const).map((k) => (
            <Radio
              key={k}
              value={k}
              label={t(`review.decide.kinds.${k}`)}
              disabled={!allowed(k)}
              description={allowed(k) ? undefined : t('review.decide.notInStatus')}
            />
          ))}
        </Stack>
      </Radio.Group>
      {effectiveKind === 'refuse' ? (
        grounds.length > 0 ? (
          <NativeSelect
            label={t('review.decide.ground')}
            description={t('review.decide.groundHint')}
            required
            {...form.bind('ground')}
            data={[{ value: '', label: t('review.decide.groundPlaceholder') }, ...grounds.map((g) => ({ value: g, label: g }))]}
          />
        ) : (
          <ReasonField label={t('review.decide.ground')} description={t('review.decide.groundFreeHint')} {...form.bind('ground')} />
        )
      ) : null}
      <Textarea
        label={t(
          effectiveKind === 'return'
            ? 'review.decide.returnReason'
            : effectiveKind === 'refuse'
              ? 'review.decide.refuseText'
              : 'review.decide.approveText'
        )}
        required={effectiveKind === 'return'}
        rows={2}
        resize="vertical"
        {...form.bind('text')}
      />
      {effectiveKind === 'refuse' ? (
        <Textarea label={t('review.decide.appeal')} required rows={3} resize="vertical" {...form.bind('appeal')} />
      ) : null}
    </ActionModal>
  )
}
