import { Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { applicantFullName, type ApplicationRecord } from '../../../../shared/domain/application'
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

export function FormFields({ record }: { record: ApplicationRecord }): ReactElement {
  const { t } = useTranslation()
  const entries = Object.entries(record.fields)
  return (
    <Section id="fields-title" title={t('application.fields.title')}>
      {entries.length === 0 ? (
        <Text>{t('application.fields.none')}</Text>
      ) : (
        <dl className={classes.pairs}>
          {entries.map(([key, value]) => (
            // Citizen-supplied text is data, never markup: React renders it as text.
            <TextPair key={key} term={key}>
              {value}
            </TextPair>
          ))}
        </dl>
      )}
    </Section>
  )
}
