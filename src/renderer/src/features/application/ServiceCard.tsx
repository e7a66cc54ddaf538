import { Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { Service } from '../../../../shared/catalogue'
import type { ApplicationRecord } from '../../../../shared/domain/application'
import type { ApplicationDetail } from '../../../../shared/contract'
import { Notice } from '../../components/Notice'
import { intlLocale } from '../../lib/i18n'
import classes from './ApplicationScreen.module.css'
import { Section } from './Section'

/** The service as of the application's card version, «версія N»; a note when the desk shows another version than the application's. */
export function ServiceCard({
  service,
  record,
  card = null
}: {
  service: Service | null
  record: ApplicationRecord
  card?: ApplicationDetail['card']
}): ReactElement {
  const { t, i18n } = useTranslation()
  const en = i18n.language === 'en'
  if (!service) {
    return (
      <Section id="service-title" title={t('application.service.title')}>
        <Notice kind="warning" title={t('application.service.unknown')}>
          {record.serviceId}
        </Notice>
      </Section>
    )
  }
  // Facts taken from background knowledge rather than a verified card are the centre's to set.
  const configurable = !service.verified ? (
    <Text span size="sm" className={classes.configurable}>
      {' '}
      ({t('application.service.configurable')})
    </Text>
  ) : null
  const number = new Intl.NumberFormat(intlLocale(i18n.language), { maximumFractionDigits: 2 })
  const percent = new Intl.NumberFormat(intlLocale(i18n.language), { style: 'percent', maximumFractionDigits: 2 })
  const fee = ((): string => {
    switch (service.fee.kind) {
      case 'free':
        return t('application.fee.free')
      case 'fixed_uah':
        return service.fee.amount_uah === null
          ? t('application.service.notSet')
          : t('application.fee.fixed_uah', { amount: number.format(service.fee.amount_uah) })
      case 'subsistence_share':
        return service.fee.share_of_subsistence === null
          ? t('application.service.notSet')
          : t('application.fee.subsistence_share', { share: percent.format(service.fee.share_of_subsistence) })
      case 'varies':
        return t('application.fee.varies')
      default:
        return t('application.service.notSet')
    }
  })()
  const term = ((): string => {
    const { unit, value } = service.term
    if (unit === 'same_day') return t('application.term.same_day')
    if (unit !== null && value !== null) return t(`application.term.${unit}`, { count: value })
    return t('application.term.default', { term: t('application.term.calendar_days', { count: 30 }) })
  })()
  const result = en ? service.result_en : service.result_uk
  return (
    <Section id="service-title" title={t('application.service.title')}>
      <Text fw={700} mb="xs">
        {en ? service.name_en : service.name_uk}
        <Text span fw={400} size="sm">
          {' · '}
          {t('application.service.version', { version: card?.card.version ?? record.serviceVersion })}
        </Text>
      </Text>
      {card && !card.held ? (
        <Notice kind="warning" title={t('application.service.versionMissing', { version: record.serviceVersion })}>
          {t('application.service.versionShown', { version: card.card.version })}
        </Notice>
      ) : null}
      <dl className={classes.pairs}>
        <dt>{t('application.service.category')}</dt>
        <dd>{en ? service.category_en : service.category_uk}</dd>
        {service.national_code ? (
          <>
            <dt>{t('application.service.code')}</dt>
            <dd className={classes.mono}>{service.national_code}</dd>
          </>
        ) : null}
        <dt>{t('application.service.fee')}</dt>
        <dd>
          {fee}
          {configurable}
        </dd>
        <dt>{t('application.service.term')}</dt>
        <dd>
          {term}
          {configurable}
        </dd>
        <dt>{t('application.service.result')}</dt>
        <dd>
          {result ?? t('application.service.notSet')}
          {configurable}
        </dd>
        <dt>{t('review.delivery')}</dt>
        <dd>{t(`application.deliveries.${record.delivery}`)}</dd>
        <dt>{t('application.service.refusalGrounds')}</dt>
        <dd>
          {service.refusal_grounds_uk.length === 0 ? (
            t('application.service.noRefusalGrounds')
          ) : (
            <ol className={classes.grounds} lang="uk">
              {service.refusal_grounds_uk.map((g) => (
                <li key={g}>{g}</li>
              ))}
            </ol>
          )}
          {configurable}
        </dd>
        {service.documents.length > 0 ? (
          <>
            <dt>{t('review.cardDocuments')}</dt>
            <dd>
              <ul className={classes.cardDocs} lang="uk">
                {service.documents.map((d) => (
                  <li key={d.name_uk}>
                    {en ? d.name_en : d.name_uk}
                    {d.required ? null : <Text span size="sm" c="dimmed">{` (${t('application.documents.optional')})`}</Text>}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
      </dl>
    </Section>
  )
}
