import { Anchor, Button, Paper, Stack, Text, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useEffect, type ReactElement, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { Service } from '../../../../shared/catalogue'
import type { ApplicationDetail } from '../../../../shared/contract'
import type { ApplicationRecord } from '../../../../shared/domain/application'
import type { CommandType } from '../../../../shared/domain/commands'
import { DeadlineChip } from '../../components/DeadlineChip'
import { IconCheck, IconCross } from '../../components/icons'
import { Notice } from '../../components/Notice'
import { DEADLINE_SWATCHES, SYNC_SWATCHES } from '../../components/palette'
import { StateChip } from '../../components/StateChip'
import { SyncChip } from '../../components/SyncChip'
import { useNow } from '../../lib/clock'
import { formatDateTime, formatPlainDate } from '../../lib/format'
import { intlLocale } from '../../lib/i18n'
import { computeTimeLeft, describeTimeLeft } from '../../lib/time-left'
import classes from './ApplicationScreen.module.css'
import { openApplication, submitCommand, useApplication } from './application-store'

export interface ApplicationScreenProps {
  id: string | null
  queueHref: string
}

/** Claim and release work now; the review actions (corrections, forward, decide) come with their issue. */
const ACTIONS_HERE: readonly CommandType[] = ['claim', 'release']

export function ApplicationScreen({ id, queueHref }: ApplicationScreenProps): ReactElement {
  const { t } = useTranslation()
  const detail = useApplication((s) => (s.id === id ? s.detail : null))
  const error = useApplication((s) => (s.id === id ? s.error : null))

  useEffect(() => {
    if (id) void openApplication(id)
  }, [id])

  if (!id) {
    return (
      <Stack gap="md" maw={720}>
        <Title order={1} size="h2" tabIndex={-1}>
          {t('application.none')}
        </Title>
        <Text>{t('application.noneHelp')}</Text>
        <Anchor href={queueHref}>{t('application.toQueue')}</Anchor>
      </Stack>
    )
  }
  if (error && !detail) {
    return (
      <Stack gap="md" maw={720}>
        <Title order={1} size="h2" tabIndex={-1}>
          {t('application.loadingTitle')}
        </Title>
        <Notice kind="error" role="alert" title={t('application.loadFailed')}>
          {error.message}
        </Notice>
        <Anchor href={queueHref}>{t('application.toQueue')}</Anchor>
      </Stack>
    )
  }
  if (!detail) {
    return (
      <Stack gap="md">
        <Title order={1} size="h2" tabIndex={-1}>
          {t('application.loadingTitle')}
        </Title>
        <Text role="status">{t('application.loading')}</Text>
      </Stack>
    )
  }
  return <ApplicationView detail={detail} queueHref={queueHref} />
}

function ApplicationView({ detail, queueHref }: { detail: ApplicationDetail; queueHref: string }): ReactElement {
  const { t, i18n } = useTranslation()
  const language = i18n.language
  const now = useNow()
  const { record, service } = detail
  const paused = record.status === 'needs_correction' || record.pauses.some((p) => p.to === null)
  const left = computeTimeLeft({ dueAt: record.dueAt, paused }, now)
  const deadline = left ? describeTimeLeft(left, t) : null

  return (
    <div className={classes.screen}>
      <header className={classes.summary} aria-labelledby="application-title">
        <Anchor href={queueHref} size="sm">
          ← {t('application.toQueue')}
        </Anchor>
        <div className={classes.summaryLine}>
          <Title order={1} size="h2" id="application-title" tabIndex={-1} className={classes.number}>
            {t('application.title', { number: record.orderNumber })}
          </Title>
          <StateChip swatch={DEADLINE_SWATCHES.ok} icon={null} size="md">
            {t(`status.${record.status}`)}
          </StateChip>
          <SyncChip state={detail.sync} label={t(`sync.badge.${detail.sync}`)} hint={t(`sync.badgeHint.${detail.sync}`)} />
        </div>
        <dl className={classes.keyFacts}>
          <Fact term={t('application.deadline')}>
            <span className={classes.deadline}>
              <span>{formatDateTime(record.dueAt, language)}</span>
              {deadline ? <DeadlineChip tone={deadline.tone} text={deadline.text} size="md" /> : null}
              {left?.state === 'left' ? (
                <Text span size="sm">
                  ({t('deadline.calendarDays', { count: left.calendarDays })})
                </Text>
              ) : null}
            </span>
          </Fact>
          <Fact term={t('application.received')}>{formatDateTime(record.receivedAt, language)}</Fact>
          <Fact term={t('application.holder')}>
            {record.holder
              ? t('application.holderSince', { name: record.holder.name, time: formatDateTime(record.holder.since, language) })
              : t('application.noHolder')}
          </Fact>
          <Fact term={t('application.channel')}>{t(`application.channels.${record.channel}`)}</Fact>
        </dl>
      </header>

      <Actions detail={detail} />

      <div className={classes.columns}>
        <Stack gap="md">
          <Applicant record={record} />
          <Documents record={record} />
          <FormFields record={record} />
        </Stack>
        <Stack gap="md">
          <ServiceCard service={service} record={record} />
          <History detail={detail} />
        </Stack>
      </div>
    </div>
  )
}

function Fact({ term, children }: { term: string; children: ReactNode }): ReactElement {
  return (
    <div className={classes.fact}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  )
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }): ReactElement {
  return (
    <Paper component="section" withBorder p="md" aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  )
}

function Actions({ detail }: { detail: ApplicationDetail }): ReactElement {
  const { t } = useTranslation()
  const submitting = useApplication((s) => s.submitting)
  const applicationId = detail.record.id
  const run = async (type: CommandType): Promise<void> => {
    const result =
      type === 'claim'
        ? await submitCommand({ type: 'claim', applicationId, payload: {} })
        : await submitCommand({ type: 'release', applicationId, payload: { force: false, reason: '' } })
    notifications.show(
      result.ok
        ? { color: 'green', message: t(type === 'claim' ? 'application.actions.claimed' : 'application.actions.released') }
        : { color: 'red', title: t('application.actions.failed'), message: `${t(`errors.${result.error.code}`)}: ${result.error.message}` }
    )
  }
  return (
    <section aria-labelledby="actions-title" className={classes.actions}>
      <h2 id="actions-title" className={classes.visuallyHidden}>
        {t('application.actions.title')}
      </h2>
      {ACTIONS_HERE.map((type) => {
        const reason = detail.actions[type]
        const reasonId = `action-reason-${type}`
        return (
          <div key={type} className={classes.action}>
            <Button
              variant={type === 'claim' ? 'filled' : 'default'}
              disabled={reason !== null || submitting !== null}
              loading={submitting === type}
              aria-describedby={reason ? reasonId : undefined}
              onClick={() => void run(type)}
            >
              {t(`command.${type}`)}
            </Button>
            {/* A disabled button cannot be focused, so its reason is visible text, not a tooltip. */}
            {reason ? (
              <Text size="sm" id={reasonId} className={classes.reason}>
                {reason}
              </Text>
            ) : null}
          </div>
        )
      })}
    </section>
  )
}

function Applicant({ record }: { record: ApplicationRecord }): ReactElement {
  const { t, i18n } = useTranslation()
  const a = record.applicant
  const none = t('application.applicant.none')
  const name = [a.surname, a.givenName, a.patronymic].filter(Boolean).join(' ')
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

function Documents({ record }: { record: ApplicationRecord }): ReactElement {
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

function FormFields({ record }: { record: ApplicationRecord }): ReactElement {
  const { t } = useTranslation()
  const entries = Object.entries(record.fields)
  return (
    <Section id="fields-title" title={t('application.fields.title')}>
      {entries.length === 0 ? (
        <Text>{t('application.fields.none')}</Text>
      ) : (
        <dl className={classes.pairs}>
          {entries.map(([key, value]) => (
            <div key={key} className={classes.pair}>
              <dt>{key}</dt>
              {/* Citizen-supplied text is data, never markup: React renders it as text. */}
              <dd className={classes.prewrap}>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </Section>
  )
}

function ServiceCard({ service, record }: { service: Service | null; record: ApplicationRecord }): ReactElement {
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
        return service.fee.amount_uah === null ? t('application.service.notSet') : t('application.fee.fixed_uah', { amount: number.format(service.fee.amount_uah) })
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
      </Text>
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
      </dl>
    </Section>
  )
}

interface HistoryLine {
  key: string
  at: string
  title: string
  who: string
  text: string | null
  state: 'done' | 'pending' | 'rejected'
}

function History({ detail }: { detail: ApplicationDetail }): ReactElement {
  const { t, i18n } = useTranslation()
  const lines: HistoryLine[] = [
    ...detail.events.map((e): HistoryLine => {
      const text = ['text', 'reason', 'general', 'ground'].map((k) => e.data[k]).find((v): v is string => typeof v === 'string' && v.length > 0)
      return { key: e.id, at: e.at, title: t(`application.events.${e.kind}`), who: e.actor, text: text ?? null, state: 'done' }
    }),
    ...detail.pending.map(
      (p): HistoryLine => ({ key: p.commandId, at: p.issuedAt, title: t(`command.${p.type}`), who: '', text: null, state: p.state })
    )
  ].sort((a, b) => a.at.localeCompare(b.at))
  return (
    <Section id="history-title" title={t('application.history.title')}>
      {lines.length === 0 ? (
        <Text>{t('application.history.empty')}</Text>
      ) : (
        <ol className={classes.timeline}>
          {lines.map((line) => (
            <li key={line.key} className={classes.event} data-state={line.state}>
              <div className={classes.eventHead}>
                <span className={classes.eventTitle}>{line.title}</span>
                {line.state !== 'done' ? (
                  <SyncChip
                    state={line.state === 'pending' ? 'pending' : 'rejected'}
                    label={t(line.state === 'pending' ? 'application.history.pending' : 'application.history.rejected')}
                  />
                ) : null}
              </div>
              <Text size="sm" className={classes.eventMeta}>
                <time dateTime={line.at}>{formatDateTime(line.at, i18n.language)}</time>
                {line.who ? ` · ${line.who}` : null}
              </Text>
              {line.text ? <Text size="sm" className={classes.prewrap}>{line.text}</Text> : null}
            </li>
          ))}
        </ol>
      )}
    </Section>
  )
}
