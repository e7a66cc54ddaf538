import { Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { applicantFullName, type ApplicationRecord } from '../../../../shared/domain/application'
import { ownFields } from '../../../../shared/catalogue/answers'
import type { FormField, ServiceCard } from '../../../../shared/catalogue/card'
import { IconCheck, IconCross } from '../../components/icons'
import { DEADLINE_SWATCHES, SYNC_SWATCHES } from '../../components/palette'
import { StateChip } from '../../components/StateChip'
import { formatPlainDate } from '../../lib/format'
import classes from './ApplicationScreen.module.css'
import { Section, TextPair } from './Section'

export function Applicant({ record }: { record: ApplicationRecord }): ReactElement {
  const { t, i18n } = useTranslation()
  const a = record.applicant
  const none = t('application.applicant.none')
  const name = applicantFullName(a)
  return (
    <Section id="applicant-title" title={t('application.applicant.title')}>
      <dl className={classes.pairs}>
        <dt>{t('application.applicant.name')}</dt>
        <dd>{name}</dd>
        <dt>{t('application.applicant.rnokpp')}</dt>
        <dd className={classes.mono}>{a.rnokpp ?? none}</dd>
        <dt>{t('application.applicant.birthDate')}</dt>
        <dd>{formatPlainDate(a.birthDate, i18n.language)}</dd>
        <dt>{t('application.applicant.phone')}</dt>
        <dd className={classes.mono}>{a.phone ?? none}</dd>
        <dt>{t('application.applicant.email')}</dt>
        <dd>{a.email ?? none}</dd>
        <dt>{t('application.applicant.address')}</dt>
        <dd>{a.address}</dd>
        <dt>{t('application.delivery')}</dt>
        <dd>{t(`application.deliveries.${record.delivery}`)}</dd>
      </dl>
    </Section>
  )
}

export function Documents({ record }: { record: ApplicationRecord }): ReactElement {
  const { t } = useTranslation()
  const docs = record.documents
  const received = docs.filter((d) => d.received).length
  return (
    <Section id="documents-title" title={t('application.documents.title')}>
      {docs.length === 0 ? (
        <Text>{t('application.documents.none')}</Text>
      ) : (
        <>
          <Text size="sm" mb="xs">
            {t('application.documents.summary', { received, total: docs.length })}
          </Text>
          <ul className={classes.checklist}>
            {docs.map((d, i) => (
              <li key={`${d.name}-${i}`}>
                {d.received ? (
                  <StateChip swatch={SYNC_SWATCHES.confirmed} icon={<IconCheck size={14} />}>
                    {t('application.documents.received')}
                  </StateChip>
                ) : d.required ? (
                  <StateChip swatch={SYNC_SWATCHES.rejected} icon={<IconCross size={14} />}>
                    {t('application.documents.missing')}
                  </StateChip>
                ) : (
                  <StateChip swatch={DEADLINE_SWATCHES.paused} icon={null}>
                    {t('application.documents.optional')}
                  </StateChip>
                )}
                <span>{d.name}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  )
}

/** An answer as the applicant meant it: a date as дд.мм.рррр, a choice and yes/no by their labels. */
function answerText(f: FormField, value: string, language: string, t: (key: 'intake.yes' | 'intake.no') => string): string {
  if (f.type === 'date') return formatPlainDate(value, language)
  if (f.type === 'yes_no') return value === 'yes' ? t('intake.yes') : value === 'no' ? t('intake.no') : value
  if (f.type === 'choice') {
    const c = f.rules.choices?.find((o) => o.value === value)
    return c ? (language === 'en' ? c.label.en : c.label.uk) : value
  }
  return value
}

/**
 * The application's form data: the card version's own questions with the applicant's answers
 * (labels from that version, issue 17), then any other detail the record carries (the desk's
 * «Додаткові відомості», a field of a card this desk does not hold).
 */
export function FormFields({ record, card }: { record: ApplicationRecord; card: ServiceCard | null }): ReactElement {
  const { t, i18n } = useTranslation()
  const language = i18n.language
  const questions = card ? ownFields(card.form.fields).filter((f) => f.type !== 'document_upload') : []
  const asked = new Set(questions.map((f) => f.id))
  const others = Object.entries(record.fields).filter(([key]) => !asked.has(key))
  return (
    <Section id="fields-title" title={t('application.fields.title')}>
      {questions.length === 0 && others.length === 0 ? (
        <Text>{t('application.fields.none')}</Text>
      ) : (
        <dl className={classes.pairs}>
          {questions.map((f) => {
            const value = record.fields[f.id]
            return (
              // Citizen-supplied text is data, never markup: React renders it as text.
              <TextPair key={f.id} term={language === 'en' ? f.label.en : f.label.uk}>
                {value === undefined || value === '' ? t('application.fields.unanswered') : answerText(f, value, language, t)}
              </TextPair>
            )
          })}
          {others.map(([key, value]) => (
            <TextPair key={key} term={key}>
              {value}
            </TextPair>
          ))}
        </dl>
      )}
    </Section>
  )
}
