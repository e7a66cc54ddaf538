import type { TFunction } from 'i18next'
import { Anchor, Button, Paper, Stack, Text, Textarea, Title } from '@mantine/core'
import { useEffect, useState, type FormEvent, type ReactElement, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { Service } from '../../../../shared/catalogue'
import type { ApplicationDetail, PendingCommandView } from '../../../../shared/contract'
import type { ClerkSession } from '../../../../shared/session'
import { applicantFullName, isApplicantField, type ApplicationEvent, type ApplicationRecord } from '../../../../shared/domain/application'
import { DEFAULT_CALENDAR } from '../../../../shared/domain/calendar'
import type { CommandType } from '../../../../shared/domain/commands'
import { forwardDueAt } from '../../../../shared/domain/deadlines'
import type { AppError } from '../../../../shared/result'
import type { ApplicationDocument } from '../../../../shared/print-contract'
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
import { CorrectionDialog } from './dialogs/CorrectionDialog'
import { DecideDialog } from './dialogs/DecideDialog'
import type { DialogKind } from './dialogs/dialog-props'
import { ForceReleaseDialog } from './dialogs/ForceReleaseDialog'
import { ForwardDialog } from './dialogs/ForwardDialog'
import { IssueDialog } from './dialogs/IssueDialog'
import classes from './ApplicationScreen.module.css'
import { openApplication, submitCommand, useApplication } from './application-store'
import { AttachmentList } from './AttachmentViewer'
import { notify, notifyError } from '../../lib/notify'

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
  const left = closed ? null : computeTimeLeft({ dueAt: record.dueAt, paused }, now)
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

      <Actions detail={detail} clerk={clerk} />

      <Outcome record={record} />

      <div className={classes.columns}>
        <Stack gap="md">
          <Applicant record={record} />
          <Documents record={record} />
          <FormFields record={record} />
          <Section id="files-title" title={t('review.attachments.title')}>
            <AttachmentList attachments={record.attachments} />
          </Section>
        </Stack>
        <Stack gap="md">
          <ServiceCard service={service} record={record} />
          <Notes detail={detail} />
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

// ————— actions —————

type ActionKey = 'claim' | 'release' | DialogKind

const ACTION_COMMAND: Record<ActionKey, CommandType> = {
  claim: 'claim',
  release: 'release',
  request_correction: 'request_correction',
  forward: 'forward',
  decide: 'decide',
  issue_result: 'issue_result',
  force_release: 'release'
}

const isSupervisor = (clerk: ClerkSession | null): boolean => clerk?.role === 'supervisor' || clerk?.role === 'admin'

function Actions({ detail, clerk }: { detail: ApplicationDetail; clerk: ClerkSession | null }): ReactElement {
  const { t } = useTranslation()
  const submitting = useApplication((s) => s.submitting)
  const [dialog, setDialog] = useState<DialogKind | null>(null)
  const { record } = detail
  const applicationId = record.id
  const holderIsOther = record.holder !== null && record.holder.clerkId !== clerk?.clerkId

  const run = async (type: 'claim' | 'release'): Promise<void> => {
    const result =
      type === 'claim'
        ? await submitCommand({ type: 'claim', applicationId, payload: {} })
        : await submitCommand({ type: 'release', applicationId, payload: { force: false, reason: '' } })
    if (result.ok) notify(t(type === 'claim' ? 'application.actions.claimed' : 'application.actions.released'))
    else notifyError(result.error, t('application.actions.failed'))
  }

  const reasonOf = (key: ActionKey): string | null => {
    if (key === 'force_release') {
      if (!record.holder) return t('review.forceRelease.nobody')
      if (!holderIsOther) return t('review.forceRelease.yours')
      return null
    }
    return detail.actions[ACTION_COMMAND[key]]
  }

  const keys: ActionKey[] = ['claim', 'release', 'request_correction', 'forward', 'decide', 'issue_result']
  if (isSupervisor(clerk)) keys.push('force_release')

  return (
    <section aria-labelledby="actions-title" className={classes.actions}>
      <h2 id="actions-title" className={classes.visuallyHidden}>
        {t('application.actions.title')}
      </h2>
      {keys.map((key) => {
        const reason = reasonOf(key)
        const reasonId = `action-reason-${key}`
        const direct = key === 'claim' || key === 'release'
        return (
          <div key={key} className={classes.action}>
            <Button
              variant={key === 'claim' ? 'filled' : 'default'}
              disabled={reason !== null || submitting !== null}
              loading={direct && submitting === key}
              aria-describedby={reason ? reasonId : undefined}
              aria-haspopup={direct ? undefined : 'dialog'}
              onClick={() => (direct ? void run(key) : setDialog(key))}
            >
              {key === 'claim' || key === 'release' ? t(`command.${key}`) : t(`review.actions.${key}`)}
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
      <CorrectionDialog record={record} opened={dialog === 'request_correction'} onClose={() => setDialog(null)} />
      <ForwardDialog record={record} opened={dialog === 'forward'} onClose={() => setDialog(null)} />
      <DecideDialog record={record} service={detail.service} opened={dialog === 'decide'} onClose={() => setDialog(null)} />
      <IssueDialog record={record} opened={dialog === 'issue_result'} onClose={() => setDialog(null)} />
      {isSupervisor(clerk) ? (
        <ForceReleaseDialog record={record} opened={dialog === 'force_release'} onClose={() => setDialog(null)} />
      ) : null}
    </section>
  )
}

// ————— what has been asked or decided —————

function Outcome({ record }: { record: ApplicationRecord }): ReactElement | null {
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
                <div key={`${item.field}-${i}`} className={classes.pair}>
                  <dt>{fieldLabel(item.field, t)}</dt>
                  <dd className={classes.prewrap}>{item.remark}</dd>
                </div>
              ))}
            </dl>
          ) : null}
          {correction.general ? (
            <Text size="sm" mt="xs" className={classes.prewrap}>
              <strong>{t('review.outcome.general')}:</strong> {correction.general}
            </Text>
          ) : null}
          <Text size="sm" mt="xs" className={classes.prewrap}>
            <strong>{t('review.outcome.answer')}:</strong>{' '}
            {correction.answeredAt
              ? `${correction.answer ?? ''} (${formatDateTime(correction.answeredAt, language)})`
              : t('review.outcome.noAnswer')}
          </Text>
        </Section>
      ) : null}
      {decision ? (
        <Section id="decision-title" title={t('review.outcome.decision')}>
          <Text fw={600}>
            {t(`review.decide.kinds.${decision.kind}`)} · {decision.decidedBy.name}, {formatDateTime(decision.decidedAt, language)}
          </Text>
          <dl className={classes.pairs}>
            {decision.ground ? (
              <div className={classes.pair}>
                <dt>{t('review.decide.ground')}</dt>
                <dd className={classes.prewrap}>{decision.ground}</dd>
              </div>
            ) : null}
            {decision.text ? (
              <div className={classes.pair}>
                <dt>{t('review.outcome.text')}</dt>
                <dd className={classes.prewrap}>{decision.text}</dd>
              </div>
            ) : null}
            {decision.appeal ? (
              <div className={classes.pair}>
                <dt>{t('review.decide.appeal')}</dt>
                <dd className={classes.prewrap}>{decision.appeal}</dd>
              </div>
            ) : null}
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

function fieldLabel(field: string, t: TFunction): string {
  const own = field.startsWith('applicant.') ? field.slice('applicant.'.length) : field
  if (isApplicantField(own)) return t(`review.fieldNames.${own}`)
  if (field === 'attachments') return t('review.correction.files')
  return field
}

// ————— the case itself —————

function Applicant({ record }: { record: ApplicationRecord }): ReactElement {
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

// ————— notes and history —————

function textOf(data: unknown, key: string): string | null {
  if (data && typeof data === 'object' && key in data) {
    const v = (data as Record<string, unknown>)[key]
    return typeof v === 'string' && v.length > 0 ? v : null
  }
  return null
}

function Notes({ detail }: { detail: ApplicationDetail }): ReactElement {
  const { t, i18n } = useTranslation()
  const [text, setText] = useState('')
  const [error, setError] = useState<AppError | null>(null)
  const [fieldError, setFieldError] = useState<string | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  const reason = detail.actions.note
  const notes = [
    ...detail.events
      .filter((e) => e.kind === 'note')
      .map((e) => ({ key: e.id, at: e.at, who: e.actor, text: textOf(e.data, 'text') ?? '', state: 'done' as const })),
    ...detail.pending
      .filter((p) => p.type === 'note')
      .map((p) => ({ key: p.commandId, at: p.issuedAt, who: '', text: textOf(p.payload, 'text') ?? '', state: p.state }))
  ].sort((a, b) => a.at.localeCompare(b.at))

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (!text.trim()) {
      setFieldError(t('review.notes.empty'))
      return
    }
    setBusy(true)
    setError(null)
    const result = await submitCommand({ type: 'note', applicationId: detail.record.id, payload: { text: text.trim() } })
    setBusy(false)
    if (result.ok) {
      setText('')
      notify(t('review.notes.added'))
    } else setError(result.error)
  }

  return (
    <Section id="notes-title" title={t('review.notes.title')}>
      <Text size="sm" mb="xs" c="dimmed">
        {t('review.notes.internal')}
      </Text>
      {notes.length === 0 ? (
        <Text size="sm" mb="sm">
          {t('review.notes.none')}
        </Text>
      ) : (
        <ul className={classes.notes}>
          {notes.map((n) => (
            <li key={n.key}>
              <Text size="sm" className={classes.eventMeta}>
                <time dateTime={n.at}>{formatDateTime(n.at, i18n.language)}</time>
                {n.who ? ` · ${n.who}` : null}
                {n.state !== 'done' ? ' · ' : null}
                {n.state !== 'done' ? (
                  <SyncChip
                    state={n.state === 'pending' ? 'pending' : 'rejected'}
                    label={t(n.state === 'pending' ? 'application.history.pending' : 'application.history.rejected')}
                  />
                ) : null}
              </Text>
              <Text size="sm" className={classes.prewrap}>
                {n.text}
              </Text>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Textarea
          label={t('review.notes.new')}
          rows={2}
          resize="vertical"
          maxLength={4000}
          value={text}
          disabled={reason !== null}
          error={fieldError}
          onChange={(e) => {
            setText(e.currentTarget.value)
            setFieldError(undefined)
          }}
        />
        {error ? (
          <div className={classes.formError}>
            <Notice kind="error" role="alert" title={t(`errors.${error.code}`)}>
              {error.message}
            </Notice>
          </div>
        ) : null}
        <div className={classes.action}>
          <Button
            type="submit"
            variant="default"
            mt="xs"
            loading={busy}
            disabled={reason !== null}
            aria-describedby={reason ? 'note-reason' : undefined}
          >
            {t('review.notes.add')}
          </Button>
          {reason ? (
            <Text size="sm" id="note-reason" className={classes.reason}>
              {reason}
            </Text>
          ) : null}
        </div>
      </form>
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

function describeEntry(kind: ApplicationEvent['kind'] | CommandType, data: unknown, t: TFunction): string | null {
  switch (kind) {
    case 'correction_requested':
    case 'request_correction': {
      const items =
        data && typeof data === 'object' && 'items' in data && Array.isArray(data.items)
          ? (data.items as { field: string; remark: string }[])
          : []
      const lines = items.map((i) => `${fieldLabel(i.field, t)}: ${i.remark}`)
      const general = textOf(data, 'general')
      if (general) lines.push(general)
      return lines.length > 0 ? lines.join('\n') : null
    }
    case 'decided':
    case 'decide': {
      const k = textOf(data, 'kind')
      const known = k === 'approve' || k === 'refuse' || k === 'return' ? k : null
      const parts = [known ? t(`review.decide.kinds.${known}`) : null, textOf(data, 'ground'), textOf(data, 'text')].filter(Boolean)
      return parts.length > 0 ? parts.join(' — ') : null
    }
    case 'issued':
    case 'issue_result': {
      const name = textOf(data, 'recipientName')
      return textOf(data, 'outcome') === 'not_collected'
        ? t('review.issue.outcomes.not_collected')
        : name
          ? `${name}, ${textOf(data, 'recipientDocument') ?? ''}`
          : null
    }
    case 'released':
    case 'release':
      return textOf(data, 'reason')
    case 'forwarded':
    case 'forward':
      return textOf(data, 'body')
    case 'answered':
      return textOf(data, 'answer')
    default:
      return textOf(data, 'text')
  }
}

function History({ detail }: { detail: ApplicationDetail }): ReactElement {
  const { t, i18n } = useTranslation()
  const lines: HistoryLine[] = [
    ...detail.events.map((e): HistoryLine => ({
      key: e.id,
      at: e.at,
      title: t(`application.events.${e.kind}`),
      who: e.actor,
      text: describeEntry(e.kind, e.data, t),
      state: 'done'
    })),
    ...detail.pending.map((p: PendingCommandView): HistoryLine => ({
      key: p.commandId,
      at: p.issuedAt,
      title: t(`command.${p.type}`),
      who: '',
      text: describeEntry(p.type, p.payload, t),
      state: p.state
    }))
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
              {line.text ? (
                <Text size="sm" className={classes.prewrap}>
                  {line.text}
                </Text>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </Section>
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
