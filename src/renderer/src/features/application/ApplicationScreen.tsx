import { Anchor, Stack, Text, Title } from '@mantine/core'
import { useEffect, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApplicationDetail } from '../../../../shared/contract'
import type { ClerkSession } from '../../../../shared/session'
import type { ApplicationRecord } from '../../../../shared/domain/application'
import { DEFAULT_CALENDAR } from '../../../../shared/domain/calendar'
import { forwardDueAt } from '../../../../shared/domain/deadlines'
import { termRuns } from '../../../../shared/domain/status'
import type { ApplicationDocument } from '../../../../shared/print-contract'
import { DeadlineChip } from '../../components/DeadlineChip'
import { Notice } from '../../components/Notice'
import { DEADLINE_SWATCHES } from '../../components/palette'
import { StateChip } from '../../components/StateChip'
import { SyncChip } from '../../components/SyncChip'
import { TestBadge } from '../../components/TestBadge'
import { useNow } from '../../lib/clock'
import { formatDateTime } from '../../lib/format'
import { computeTimeLeft, describeTimeLeft } from '../../lib/time-left'
import classes from './ApplicationScreen.module.css'
import { openApplication, useApplication } from './application-store'
import { AttachmentList } from './AttachmentViewer'
import { Actions } from './Actions'
import { Applicant, Documents, FormFields } from './CaseSections'
import { History } from './History'
import { Notes } from './Notes'
import { Outcome } from './Outcome'
import { Fact, Section } from './Section'
import { ServiceCard } from './ServiceCard'
import { ScreenFrame } from '../../components/ScreenFrame'

export interface ApplicationScreenProps {
  id: string | null
  queueHref: string
  /** Who is at the desk (from app.info): a supervisor may release another clerk's application. */
  clerk?: ClerkSession | null
  /** Where a document of this application is printed (the app layer owns the print route). */
  printHref?: ((document: ApplicationDocument, id: string) => string) | null
}

export function ApplicationScreen({ id, queueHref, clerk = null, printHref = null }: ApplicationScreenProps): ReactElement {
  const { t } = useTranslation()
  const detail = useApplication((s) => (s.id === id ? s.detail : null))
  const error = useApplication((s) => (s.id === id ? s.error : null))

  useEffect(() => {
    if (id) void openApplication(id)
  }, [id])

  if (!id) {
    return (
      <ScreenFrame title={t('application.none')} width={720}>
        <Text>{t('application.noneHelp')}</Text>
        <Anchor href={queueHref}>{t('application.toQueue')}</Anchor>
      </ScreenFrame>
    )
  }
  if (error && !detail) {
    return (
      <ScreenFrame title={t('application.loadingTitle')} width={720}>
        <Notice kind="error" role="alert" title={t('application.loadFailed')}>
          {error.message}
        </Notice>
        <Anchor href={queueHref}>{t('application.toQueue')}</Anchor>
      </ScreenFrame>
    )
  }
  if (!detail) {
    return (
      <ScreenFrame title={t('application.loadingTitle')}>
        <Text role="status">{t('application.loading')}</Text>
      </ScreenFrame>
    )
  }
  return <ApplicationView detail={detail} queueHref={queueHref} clerk={clerk} printHref={printHref} />
}

const NOT_YET_FORWARDED: readonly ApplicationRecord['status'][] = ['registered', 'in_review', 'needs_correction']

function ApplicationView({
  detail,
  queueHref,
  clerk,
  printHref
}: {
  detail: ApplicationDetail
  queueHref: string
  clerk: ClerkSession | null
  printHref: ((document: ApplicationDocument, id: string) => string) | null
}): ReactElement {
  const { t, i18n } = useTranslation()
  const language = i18n.language
  const now = useNow()
  const { record, service } = detail
  const paused = record.status === 'needs_correction' || record.pauses.some((p) => p.to === null)
  const closed = record.closedAt !== null
  // Closed or decided (the result waits for the applicant): the term is over, nothing to count down.
  const left = termRuns(record.status) ? computeTimeLeft({ dueAt: record.dueAt, paused }, now) : null
  const deadline = left ? describeTimeLeft(left, t) : null
  // Art. 13 of Law 5203-VI: a deadline of its own for passing the documents on (the next working day).
  let forwardBy: string | null = null
  if (NOT_YET_FORWARDED.includes(record.status)) {
    try {
      forwardBy = forwardDueAt(record.receivedAt, DEFAULT_CALENDAR)
    } catch {
      forwardBy = null
    }
  }
  const forwardLeft = forwardBy ? computeTimeLeft({ dueAt: forwardBy, paused: false }, now) : null
  const forwardView = forwardLeft ? describeTimeLeft(forwardLeft, t) : null

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
          {record.isTest ? <TestBadge label={t('testApplication.badge')} hint={t('testApplication.hint')} /> : null}
        </div>
        {printHref ? (
          <nav aria-label={t('application.print.label')} className={classes.printLinks}>
            {printableDocuments(record).map((document) => (
              <Anchor key={document} href={printHref(document, record.id)} size="sm">
                {t(`application.print.${document}`)}
              </Anchor>
            ))}
          </nav>
        ) : null}
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
              {closed && record.closedAt ? (
                <Text span size="sm">
                  {t('review.closedAt', { time: formatDateTime(record.closedAt, language) })}
                </Text>
              ) : null}
            </span>
          </Fact>
          {forwardBy && forwardView ? (
            <Fact term={t('review.forwardBy')}>
              <span className={classes.deadline}>
                <span>{formatDateTime(forwardBy, language)}</span>
                <DeadlineChip tone={forwardView.tone} text={forwardView.text} />
              </span>
            </Fact>
          ) : null}
          {record.forwardedAt ? <Fact term={t('review.forwardedAt')}>{formatDateTime(record.forwardedAt, language)}</Fact> : null}
          <Fact term={t('application.received')}>{formatDateTime(record.receivedAt, language)}</Fact>
          <Fact term={t('application.holder')}>
            {record.holder
              ? t('application.holderSince', { name: record.holder.name, time: formatDateTime(record.holder.since, language) })
              : t('application.noHolder')}
          </Fact>
          <Fact term={t('review.citizen.label')}>
            {t('review.citizen.status', { status: t(`status.${record.status}`) })}
            {', '}
            {record.takenIntoWorkAt
              ? t('review.citizen.taken', { time: formatDateTime(record.takenIntoWorkAt, language) })
              : t('review.citizen.notTaken')}
          </Fact>
          <Fact term={t('application.channel')}>{t(`application.channels.${record.channel}`)}</Fact>
        </dl>
      </header>

      <Actions detail={detail} clerk={clerk} receiptHref={printHref ? printHref('receipt', record.id) : null} />

      <Outcome record={record} />

      <div className={classes.columns}>
        <Stack gap="md">
          <Applicant record={record} />
          <Documents record={record} />
          <FormFields record={record} card={detail.card?.card.card ?? null} />
          <Section id="files-title" title={t('review.attachments.title')}>
            <AttachmentList attachments={record.attachments} />
          </Section>
        </Stack>
        <Stack gap="md">
          <ServiceCard service={service} record={record} card={detail.card} />
          <Notes detail={detail} />
          <History detail={detail} />
        </Stack>
      </div>
    </div>
  )
}

/** The documents this application has something to say in, given where it is. */
function printableDocuments(record: ApplicationDetail['record']): ApplicationDocument[] {
  const documents: ApplicationDocument[] = ['receipt']
  if (record.correction) documents.push('correction_notice')
  if (record.decision?.kind === 'refuse') documents.push('refusal_letter')
  if (record.status === 'result_ready' || (record.status === 'issued' && record.decision?.kind === 'approve'))
    documents.push('result_ready_notice')
  return documents
}
