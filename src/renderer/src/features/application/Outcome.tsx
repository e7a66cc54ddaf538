import type { TFunction } from 'i18next'
import { Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { isApplicantField, type ApplicationRecord } from '../../../../shared/domain/application'
import { Notice } from '../../components/Notice'
import { formatDateTime, formatPlainDate } from '../../lib/format'
import classes from './ApplicationScreen.module.css'
import { Section, TextPair } from './Section'

export function Outcome({ record }: { record: ApplicationRecord }): ReactElement | null {
  const { t, i18n } = useTranslation()
  const language = i18n.language
  const { correction, decision, issuedTo } = record
  if (!correction && !decision && !issuedTo) return null
  return (
    <div className={classes.outcome}>
      {correction ? (
        <Section id="correction-title" title={t('review.outcome.correction')}>
          <Text size="sm" mb="xs">
            {t('review.outcome.requested', { name: correction.requestedBy.name, time: formatDateTime(correction.requestedAt, language) })}
          </Text>
          {correction.items.length > 0 ? (
            <dl className={classes.pairs}>
              {correction.items.map((item, i) => (
                <TextPair key={`${item.field}-${i}`} term={fieldLabel(item.field, t)}>
                  {item.remark}
                </TextPair>
              ))}
            </dl>
          ) : null}
          {correction.general ? (
            <Text size="sm" mt="xs" className={classes.prewrap}>
              <strong>{t('review.outcome.general')}:</strong> {correction.general}
            </Text>
          ) : null}
          {correction.answerBy ? (
            <Text size="sm" mt="xs">
              <strong>{t('review.outcome.answerBy')}:</strong> {formatPlainDate(correction.answerBy, language)}
            </Text>
          ) : null}
          <Text size="sm" mt="xs" className={classes.prewrap}>
            <strong>{t('review.outcome.answer')}:</strong>{' '}
            {correction.answeredAt
              ? `${correction.answer ?? ''} (${formatDateTime(correction.answeredAt, language)})`
              : t('review.outcome.noAnswer')}
          </Text>
          {correction.answeredLate ? (
            <Notice kind="warning" title={t('review.outcome.lateTitle')}>
              {t('review.outcome.late', { date: formatPlainDate(correction.answerBy ?? '', language) })}
            </Notice>
          ) : null}
        </Section>
      ) : null}
      {decision ? (
        <Section id="decision-title" title={t('review.outcome.decision')}>
          <Text fw={600}>
            {t(`review.decide.kinds.${decision.kind}`)} · {decision.decidedBy.name}, {formatDateTime(decision.decidedAt, language)}
          </Text>
          <dl className={classes.pairs}>
            {decision.ground ? <TextPair term={t('review.decide.ground')}>{decision.ground}</TextPair> : null}
            {decision.text ? <TextPair term={t('review.outcome.text')}>{decision.text}</TextPair> : null}
            {decision.appeal ? <TextPair term={t('review.decide.appeal')}>{decision.appeal}</TextPair> : null}
          </dl>
        </Section>
      ) : null}
      {issuedTo ? (
        <Section id="issued-title" title={t('review.outcome.issued')}>
          <Text size="sm">
            {t('review.outcome.issuedTo', {
              name: issuedTo.name,
              document: issuedTo.document,
              by: issuedTo.by.name,
              time: formatDateTime(issuedTo.at, language)
            })}
          </Text>
        </Section>
      ) : null}
    </div>
  )
}

export function fieldLabel(field: string, t: TFunction): string {
  const own = field.startsWith('applicant.') ? field.slice('applicant.'.length) : field
  if (isApplicantField(own)) return t(`review.fieldNames.${own}`)
  if (field === 'attachments') return t('review.correction.files')
  return field
}
