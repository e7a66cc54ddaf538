import { Checkbox, Stack, Text, Textarea } from '@mantine/core'
import type { TFunction } from 'i18next'
import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { APPLICANT_FIELDS, type ApplicationRecord } from '../../../../../shared/domain/application'
import { addCalendarDays, DEFAULT_CALENDAR, kyivDate } from '../../../../../shared/domain/calendar'
import { DEFAULT_ANSWER_DAYS, MAX_ANSWER_DAYS } from '../../../../../shared/domain/commands'
import { DateField } from '../../../components/DateField'
import { nowMs } from '../../../lib/clock'
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

/** Today in the centre's calendar, and the default date to answer by (DEFAULT_ANSWER_DAYS later). */
function answerWindow(): { today: string; latest: string; proposed: string } {
  const today = kyivDate(new Date(nowMs()).toISOString(), DEFAULT_CALENDAR)
  return { today, latest: addCalendarDays(today, MAX_ANSWER_DAYS), proposed: addCalendarDays(today, DEFAULT_ANSWER_DAYS) }
}

export function CorrectionDialog({ record, opened, onClose }: DialogProps): ReactElement {
  const { t, i18n } = useTranslation()
  const [ticked, setTicked] = useState<Record<string, boolean>>({})
  const [remarks, setRemarks] = useState<Record<string, string>>({})
  const [general, setGeneral] = useState('')
  // The date by which the applicant should answer (request_correction v2); proposed, the clerk may change it.
  const [answerBy, setAnswerBy] = useState<string | null>(() => answerWindow().proposed)
  const [errors, setErrors] = useState<{ none?: string; answerBy?: string; remarks: Record<string, string> }>({ remarks: {} })
  const reset = (): void => {
    setTicked({})
    setRemarks({})
    setGeneral('')
    setAnswerBy(answerWindow().proposed)
    setErrors({ remarks: {} })
  }
  const { send, modal } = useSend({ opened, onClose }, () => reset())
  const groups = correctionFields(record, t, i18n.language)
  const chosen = groups.flatMap((g) => g.options).filter((o) => ticked[o.key])

  const submit = (): void => {
    const remarkErrors: Record<string, string> = {}
    for (const o of chosen) if (!(remarks[o.key] ?? '').trim()) remarkErrors[o.key] = t('review.correction.remarkRequired')
    const none = chosen.length === 0 && general.trim() === '' ? t('review.correction.noneChosen') : undefined
    const range = answerWindow()
    const dateError =
      answerBy === null
        ? t('review.correction.answerByRequired')
        : answerBy < range.today
          ? t('review.correction.answerByPast')
          : answerBy > range.latest
            ? t('review.correction.answerByTooFar', { days: MAX_ANSWER_DAYS })
            : undefined
    setErrors({ remarks: remarkErrors, ...(none ? { none } : {}), ...(dateError ? { answerBy: dateError } : {}) })
    if (none || dateError || Object.keys(remarkErrors).length > 0) {
      const first = Object.keys(remarkErrors)[0]
      document.getElementById(first ? remarkId(first) : none ? 'correction-general' : 'correction-answer-by')?.focus()
      return
    }
    void send(
      {
        type: 'request_correction',
        applicationId: record.id,
        payload: {
          items: chosen.map((o) => ({ field: o.key, remark: (remarks[o.key] ?? '').trim() })),
          general: general.trim(),
          answerBy: answerBy ?? ''
        }
      },
      t('review.correction.done')
    )
  }

  return (
    <ActionModal
      {...modal}
      title={t('review.correction.title')}
      intro={t('review.correction.intro')}
      submitLabel={t('review.correction.submit')}
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
          if (v.trim()) setErrors((s) => ({ remarks: s.remarks, ...(s.answerBy ? { answerBy: s.answerBy } : {}) }))
        }}
      />
      <DateField
        id="correction-answer-by"
        label={t('review.correction.answerBy')}
        description={t('review.correction.answerByHint')}
        required
        value={answerBy}
        error={errors.answerBy}
        onChange={(v) => {
          setAnswerBy(v)
          setErrors((s) => ({ remarks: s.remarks, ...(s.none ? { none: s.none } : {}) }))
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
