import { Group, Radio, Select, Text, Textarea, TextInput } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { ownFields, answerProblem } from '../../../../shared/catalogue/answers'
import type { FormField } from '../../../../shared/catalogue/card'
import { DateField } from '../../components/DateField'
import { cardOf, intakeStore, updateDraft, useIntake } from './intake-store'
import { Block } from './Block'

/** The input of a card's own question (the error summary and the focus go to it). */
export const answerId = (fieldId: string): string => `intake-answer-${fieldId}`

/**
 * The live card's own questions (issue 17, item 5): each by its type, with its label and hint in
 * the UI language, its required mark and its rules' limits; the error beside it (Mantine ties it to
 * the input with aria-describedby). Checked when the clerk leaves the input, as the rest of the form.
 */
export function CardQuestions({ today }: { today: string }): ReactElement | null {
  const { t, i18n } = useTranslation()
  const en = i18n.language === 'en'
  const card = useIntake((s) => cardOf(s))
  const answers = useIntake((s) => s.draft.answers)
  const errors = useIntake((s) => s.answerErrors)
  if (!card) return null
  const fields = ownFields(card.card.form.fields).filter((f) => f.type !== 'document_upload')
  if (fields.length === 0) return null

  const set = (id: string, value: string): void =>
    updateDraft({ answers: { ...intakeStore.getState().draft.answers, [id]: value } }, today, t)
  /** On leaving an input: its rule checked at once; an empty required one waits for «Зареєструвати». */
  const blur = (f: FormField): void => {
    const s = intakeStore.getState()
    const value = (s.draft.answers[f.id] ?? '').trim()
    const next = { ...s.answerErrors }
    const problem = value === '' ? null : answerProblem(f, value, today)
    if (problem) next[f.id] = en ? problem.en : problem.uk
    else if (value !== '' || !s.attempted) delete next[f.id]
    intakeStore.setState({ answerErrors: next })
  }

  return (
    <Block id="intake-questions-title" title={t('intake.cardQuestions', { version: card.version })}>
      {fields.map((f) => {
        const common = {
          id: answerId(f.id),
          label: en ? f.label.en : f.label.uk,
          description: f.hint ? (en ? f.hint.en : f.hint.uk) : undefined,
          required: f.required,
          error: errors[f.id]
        }
        const value = answers[f.id] ?? ''
        switch (f.type) {
          case 'long_text':
            return (
              <Textarea
                key={f.id}
                {...common}
                value={value}
                rows={3}
                resize="vertical"
                maxLength={f.rules.maxLength}
                onChange={(e) => set(f.id, e.currentTarget.value)}
                onBlur={() => blur(f)}
              />
            )
          case 'date':
            return <DateField key={f.id} {...common} value={value || null} onChange={(v) => set(f.id, v ?? '')} onBlur={() => blur(f)} />
          case 'choice':
            return (
              <Select
                key={f.id}
                {...common}
                data={(f.rules.choices ?? []).map((c) => ({ value: c.value, label: en ? c.label.en : c.label.uk }))}
                value={value || null}
                clearable={!f.required}
                placeholder={t('intake.choose')}
                onChange={(v) => set(f.id, v ?? '')}
                onBlur={() => blur(f)}
              />
            )
          case 'yes_no':
            return (
              <Radio.Group key={f.id} {...common} value={value} onChange={(v) => set(f.id, v)}>
                <Group gap="lg" mt={4}>
                  <Radio value="yes" label={t('intake.yes')} onBlur={() => blur(f)} />
                  <Radio value="no" label={t('intake.no')} onBlur={() => blur(f)} />
                </Group>
              </Radio.Group>
            )
          default:
            return (
              <TextInput
                key={f.id}
                {...common}
                value={value}
                type={f.type === 'email' ? 'email' : f.type === 'phone' ? 'tel' : 'text'}
                inputMode={f.type === 'number' || f.type === 'rnokpp' ? 'decimal' : undefined}
                maxLength={f.rules.maxLength}
                placeholder={f.type === 'phone' ? '+380XXXXXXXXX' : undefined}
                autoComplete="off"
                onChange={(e) => set(f.id, e.currentTarget.value)}
                onBlur={() => blur(f)}
              />
            )
        }
      })}
      {ownFields(card.card.form.fields).some((f) => f.type === 'document_upload') ? (
        <Text size="sm">{t('intake.uploadQuestions')}</Text>
      ) : null}
    </Block>
  )
}
