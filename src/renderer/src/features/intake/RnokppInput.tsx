import { TextInput } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { rnokppBirthDate } from '../../../../shared/domain/rnokpp'
import { formatPlainDate } from '../../lib/format'
import { intakeStore, updateDraft, useIntake } from './intake-store'
import { normaliseRnokpp, rnokppDateMismatch } from './intake-validation'
import classes from './IntakeScreen.module.css'
import { fieldId } from './intake-fields'

export function RnokppInput({ today, onBlur }: { today: string; onBlur: () => void }): ReactElement {
  const { t } = useTranslation()
  const value = useIntake((s) => s.draft.rnokpp)
  const error = useIntake((s) => s.errors.rnokpp)
  return (
    <TextInput
      id={fieldId('rnokpp')}
      label={t('intake.fields.rnokpp')}
      description={t('intake.rnokppHint')}
      inputMode="numeric"
      autoComplete="off"
      maxLength={13}
      value={value}
      error={error}
      onChange={(e) => updateDraft({ rnokpp: e.currentTarget.value }, today, t)}
      onBlur={() => {
        // A valid number carries the birth date: fill it in when the field is still empty.
        const s = intakeStore.getState().draft
        const fromNumber = rnokppBirthDate(normaliseRnokpp(s.rnokpp))
        if (fromNumber && s.birthDate === '' && fromNumber <= today) updateDraft({ birthDate: fromNumber }, today, t)
        onBlur()
      }}
    />
  )
}

export function BirthDateHint(): ReactElement | null {
  const { t, i18n } = useTranslation()
  const draft = useIntake((s) => s.draft)
  const mismatch = rnokppDateMismatch(draft)
  if (!mismatch) return null
  return <span className={classes.warning}>{t('intake.birthDateMismatch', { date: formatPlainDate(mismatch, i18n.language) })}</span>
}
