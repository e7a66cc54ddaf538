import { Checkbox, Stack, Text, Textarea } from '@mantine/core'
import type { TFunction } from 'i18next'
import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { APPLICANT_FIELDS, type ApplicationRecord } from '../../../../../shared/domain/application'
import { formatPlainDate } from '../../../lib/format'
import classes from '../ApplicationScreen.module.css'
import { ActionModal } from '../../../components/ActionModal'
import type { DialogProps } from './dialog-props'
import { useSend } from './use-send'

interface FieldOption {
  key: string
  label: string
  value: string | null
}

/** The keys the correction notice prints against (applicant.* by label, form fields and documents by name). */
export function correctionFields(record: ApplicationRecord, t: TFunction, language: string): { group: string; options: FieldOption[] }[] {
  const applicant = APPLICANT_FIELDS.map((f) => ({
    key: `applicant.${f}`,
    label: t(`review.fieldNames.${f}`),
    value: f === 'birthDate' ? formatPlainDate(record.applicant.birthDate, language) : record.applicant[f]
  }))
  const form = Object.entries(record.fields).map(([k, v]) => ({ key: k.slice(0, 100), label: k, value: v }))
  const documents = record.documents.map((d) => ({ key: `Документ: ${d.name}`.slice(0, 100), label: d.name, value: null }))
  const groups = [
    { group: t('review.correction.groupApplicant'), options: applicant },
    { group: t('review.correction.groupForm'), options: form },
    { group: t('review.correction.groupDocuments'), options: documents },
    { group: t('review.correction.groupFiles'), options: [{ key: 'attachments', label: t('review.correction.files'), value: null }] }
  ]
  return groups.filter((g) => g.options.length > 0)
}

export function CorrectionDialog({ record, opened, onClose }: DialogProps): ReactElement {
  const { t, i18n } = useTranslation()
  const [ticked, setTicked] = useState<Record<string, boolean>>({})
  const [remarks, setRemarks] = useState<Record<string, string>>({})
  const [general, setGeneral] = useState('')
  const [errors, setErrors] = useState<{ none?: string; remarks: Record<string, string> }>({ remarks: {} })
  const reset = (): void => {
    setTicked({})
    setRemarks({})
    setGeneral('')
    setErrors({ remarks: {} })
  }
  const { error, busy, send } = useSend(() => {
    reset()
    onClose()
  })
  const groups = correctionFields(record, t, i18n.language)
  const chosen = groups.flatMap((g) => g.options).filter((o) => ticked[o.key])

  const submit = (): void => {
    const remarkErrors: Record<string, string> = {}
    for (const o of chosen) if (!(remarks[o.key] ?? '').trim()) remarkErrors[o.key] = t('review.correction.remarkRequired')
    const none = chosen.length === 0 && general.trim() === '' ? t('review.correction.noneChosen') : undefined
    setErrors({ remarks: remarkErrors, ...(none ? { none } : {}) })
    if (none || Object.keys(remarkErrors).length > 0) {
      const first = Object.keys(remarkErrors)[0]
      document.getElementById(first ? remarkId(first) : 'correction-general')?.focus()
      return
    }
    void send(
      {
        type: 'request_correction',
        applicationId: record.id,
        payload: { items: chosen.map((o) => ({ field: o.key, remark: (remarks[o.key] ?? '').trim() })), general: general.trim() }
      },
      t('review.correction.done')
    )
  }

  return (
    <ActionModal
      opened={opened}
      onClose={onClose}
      title={t('review.correction.title')}
      intro={t('review.correction.intro')}
      submitLabel={t('review.correction.submit')}
      busy={busy}
      error={error}
      onSubmit={submit}
    >
      {groups.map((g) => (
        <fieldset key={g.group} className={classes.fieldset}>
          <legend>{g.group}</legend>
          <Stack gap={6}>
            {g.options.map((o) => (
              <div key={o.key}>
                <Checkbox
                  label={
                    <>
                      {o.label}
                      {o.value ? (
                        <Text span size="sm" c="dimmed" className={classes.currentValue}>
                          {' '}
                          — {o.value}
                        </Text>
                      ) : null}
                    </>
                  }
                  checked={ticked[o.key] ?? false}
                  onChange={(e) => {
                    const on = e.currentTarget.checked
                    setTicked((s) => ({ ...s, [o.key]: on }))
                    if (on) setErrors((s) => ({ remarks: s.remarks }))
                  }}
                />
                {ticked[o.key] ? (
                  <Textarea
                    id={remarkId(o.key)}
                    className={classes.remark}
                    label={t('review.correction.remarkFor', { field: o.label })}
                    required
                    rows={2}
                    resize="vertical"
                    value={remarks[o.key] ?? ''}
                    error={errors.remarks[o.key]}
                    onChange={(e) => {
                      const v = e.currentTarget.value
                      setRemarks((s) => ({ ...s, [o.key]: v }))
                    }}
                  />
                ) : null}
              </div>
            ))}
          </Stack>
        </fieldset>
      ))}
      <Textarea
        id="correction-general"
        label={t('review.correction.general')}
        description={t('review.correction.generalHint')}
        rows={2}
        resize="vertical"
        value={general}
        // Beside the field that takes focus when nothing was chosen, so it is seen and read out.
        error={errors.none}
        onChange={(e) => {
          const v = e.currentTarget.value
          setGeneral(v)
          if (v.trim()) setErrors((s) => ({ remarks: s.remarks }))
        }}
      />
    </ActionModal>
  )
}

function remarkId(key: string): string {
  let h = 0
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0
  return `remark-${(h >>> 0).toString(36)}`
}
