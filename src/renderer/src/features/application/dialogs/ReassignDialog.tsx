import { Select } from '@mantine/core'
import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { KnownClerk } from '../../../../../shared/reports-contract'
import { call } from '../../../lib/api'
import { formatDateTime } from '../../../lib/format'
import { useFormFields } from '../../../lib/use-form-fields'
import { ActionModal } from '../../../components/ActionModal'
import type { DialogProps } from './dialog-props'
import { ReasonField } from './ReasonField'
import { useSend } from './use-send'

/**
 * A supervisor hands the application to a named clerk, with a reason (issue 18). The picker lists
 * the centre's active clerks from the portal's roster (the one fetched last when offline; before any,
 * the clerks this workstation knows by itself); the portal decides whether the one chosen may
 * take it (an account switched off, a role that may not hold it at this stage), and a refusal lands
 * in the conflicts inbox with its reason.
 */
export function ReassignDialog({ record, opened, onClose }: DialogProps): ReactElement {
  const { t, i18n } = useTranslation()
  const [clerks, setClerks] = useState<KnownClerk[] | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [toClerkId, setToClerkId] = useState<string | null>(null)
  const [clerkError, setClerkError] = useState<string | null>(null)
  const form = useFormFields(
    () => ({ reason: '' }),
    () => 'reassign-reason'
  )
  const { send, modal } = useSend({ opened, onClose }, () => {
    form.reset()
    setToClerkId(null)
  })
  useEffect(() => {
    if (!opened) return
    let live = true
    void call('reports.clerks', {}).then((result) => {
      if (!live) return
      if (result.ok) setClerks(result.value)
      else setLoadError(result.error.message)
    })
    return () => {
      live = false
    }
  }, [opened])

  const choices = (clerks ?? [])
    .filter((c) => c.clerkId !== record.holder?.clerkId)
    .map((c) => ({ value: c.clerkId, label: c.role ? `${c.name} — ${t(`admin.roles.${c.role}`)}` : c.name }))
  const chosen = clerks?.find((c) => c.clerkId === toClerkId) ?? null
  const holder = record.holder

  const submit = (): void => {
    if (!chosen) {
      setClerkError(t('review.reassign.clerkRequired'))
      document.getElementById('reassign-clerk')?.focus()
      return
    }
    if (form.showErrors({ reason: !form.values.reason.trim() && t('review.reassign.reasonRequired') })) return
    void send(
      {
        type: 'reassign',
        applicationId: record.id,
        payload: { toClerkId: chosen.clerkId, toName: chosen.name, reason: form.values.reason.trim() }
      },
      t('review.reassign.done', { name: chosen.name })
    )
  }
  return (
    <ActionModal
      {...modal}
      title={t('review.reassign.title')}
      intro={
        holder
          ? t('review.reassign.introHeld', { name: holder.name, since: formatDateTime(holder.since, i18n.language) })
          : t('review.reassign.introFree')
      }
      submitLabel={t('review.reassign.submit')}
      onSubmit={submit}
    >
      <Select
        data-autofocus
        id="reassign-clerk"
        label={t('review.reassign.clerk')}
        description={t('review.reassign.clerkHint')}
        placeholder={clerks ? t('review.reassign.clerkPlaceholder') : t('review.reassign.clerksLoading')}
        required
        searchable
        data={choices}
        value={toClerkId}
        error={clerkError ?? loadError ?? undefined}
        nothingFoundMessage={t('review.reassign.nobody')}
        onChange={(v) => {
          setToClerkId(v)
          setClerkError(null)
        }}
      />
      <ReasonField label={t('review.reassign.reason')} description={t('review.reassign.reasonHint')} {...form.bind('reason')} />
    </ActionModal>
  )
}
