import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { useEffect, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { ConflictItem } from '../../../../shared/contract'
import type { Status } from '../../../../shared/domain/status'
import { STATUSES } from '../../../../shared/domain/status'
import { Notice } from '../../components/Notice'
import { formatDateTime } from '../../lib/format'
import classes from './SyncScreen.module.css'
import { loadConflicts, loadStatus, resolveConflict, syncNow, useSync } from './sync-store'
import { notify, notifyError } from '../../lib/notify'

export interface SyncScreenProps {
  applicationHref: (applicationId: string) => string
}

const RESOLUTIONS = ['reissue', 'keep_as_note', 'discard'] as const

/** The portal's refusals of a command's signature (issue 20): each gets its explanation in the inbox. */
const SIGNATURE_CODES = ['unsigned', 'bad_signature', 'key_unknown', 'key_revoked', 'other_workstation'] as const
function isSignatureCode(code: string): code is (typeof SIGNATURE_CODES)[number] {
  return (SIGNATURE_CODES as readonly string[]).includes(code)
}

function isStatus(value: string): value is Status {
  return (STATUSES as readonly string[]).includes(value)
}

export function SyncScreen({ applicationHref }: SyncScreenProps): ReactElement {
  const { t, i18n } = useTranslation()
  const language = i18n.language
  const status = useSync((s) => s.status)
  const statusError = useSync((s) => s.statusError)

  useEffect(() => {
    void loadStatus()
    void loadConflicts()
  }, [])

  const figures: [string, string][] = status
    ? [
        [t('sync.page.connection'), !status.enrolled ? t('sync.notEnrolled') : status.online ? t('sync.online') : t('sync.offline')],
        [t('sync.page.portal'), status.portalUrl ?? t('sync.page.portalNone')],
        [t('sync.page.lastSync'), status.lastSyncAt ? formatDateTime(status.lastSyncAt, language) : t('sync.neverSynced')],
        [t('sync.page.pending'), String(status.pendingCommands)],
        [t('sync.page.conflicts'), String(status.openConflicts)],
        [t('sync.page.lastError'), status.lastError ?? t('sync.page.none')]
      ]
    : []

  return (
    <Stack gap="lg" maw={1100}>
      <Title order={1} size="h2" tabIndex={-1}>
        {t('sync.page.title')}
      </Title>

      {statusError ? (
        <Notice kind="error" role="alert" title={t(`errors.${statusError.code}`)}>
          {statusError.message}
        </Notice>
      ) : null}
      {status?.stalled ? (
        <Notice kind="warning" title={t('sync.stalled')}>
          {t('sync.page.stalledHelp', { count: status.pendingCommands, reason: status.lastError ?? t('sync.page.none') })}
        </Notice>
      ) : null}
      {status && status.awaitingSignature.length > 0 ? (
        <Notice kind="warning" title={t('sync.page.awaitingSignature')}>
          <ul className={classes.awaiting}>
            {status.awaitingSignature.map((w) => (
              <li key={w.clerkName}>{t('sync.page.awaitingSignatureOf', { name: w.clerkName, count: w.count })}</li>
            ))}
          </ul>
          {t('sync.page.awaitingSignatureHelp')}
        </Notice>
      ) : null}

      <section aria-labelledby="sync-figures">
        <Group justify="space-between" align="center" mb="xs">
          <Title order={2} size="h4" id="sync-figures">
            {t('sync.page.figures')}
          </Title>
          <Button
            variant="default"
            onClick={async () => {
              const result = await syncNow()
              if (result.ok) notify(t('sync.page.syncRequested'), { color: 'blue' })
              else notifyError(result.error)
            }}
          >
            {t('sync.page.syncNow')}
          </Button>
        </Group>
        <dl className={classes.figures}>
          {figures.map(([term, value]) => (
            <div key={term} className={classes.figure}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>

      <ConflictInbox applicationHref={applicationHref} />
    </Stack>
  )
}

function ConflictInbox({ applicationHref }: { applicationHref: (id: string) => string }): ReactElement {
  const { t } = useTranslation()
  const conflicts = useSync((s) => s.conflicts)
  const error = useSync((s) => s.conflictsError)
  return (
    <section aria-labelledby="conflicts-title">
      <Title order={2} size="h4" id="conflicts-title" mb={4}>
        {t('conflicts.title')}
      </Title>
      <Text size="sm" mb="sm">
        {t('conflicts.intro')}
      </Text>
      {error ? (
        <Notice kind="error" role="alert" title={t('conflicts.loadFailed')}>
          {error.message}
        </Notice>
      ) : null}
      {conflicts && conflicts.length === 0 ? <Text>{t('conflicts.empty')}</Text> : null}
      {conflicts && conflicts.length > 0 ? (
        <ul className={classes.list}>
          {conflicts.map((c) => (
            <li key={c.id}>
              <ConflictCard conflict={c} href={applicationHref(c.applicationId)} />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}

function ConflictCard({ conflict, href }: { conflict: ConflictItem; href: string }): ReactElement {
  const { t, i18n } = useTranslation()
  const language = i18n.language
  const resolving = useSync((s) => s.resolving.includes(conflict.id))
  const headingId = `conflict-${conflict.id}`
  const current = conflict.current
  const currentText = current
    ? t('conflicts.currentState', {
        status: isStatus(current.status) ? t(`status.${current.status}`) : current.status,
        holder: current.holderName ?? t('conflicts.noHolder')
      })
    : t('common.notSet')
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={headingId}>
      <Title order={3} size="h5" id={headingId}>
        {t(`command.${conflict.type}`)} — <Anchor href={href}>{conflict.orderNumber ?? conflict.applicationId}</Anchor>
      </Title>
      <dl className={classes.details}>
        <dt>{t('conflicts.who')}</dt>
        <dd>{conflict.clerkName}</dd>
        <dt>{t('conflicts.issuedAt')}</dt>
        <dd>{formatDateTime(conflict.issuedAt, language)}</dd>
        <dt>{t('conflicts.rejectedAt')}</dt>
        <dd>{formatDateTime(conflict.rejectedAt, language)}</dd>
        <dt>{t('conflicts.reason')}</dt>
        <dd>
          {conflict.reason}
          {isSignatureCode(conflict.code) ? (
            <Text size="sm" mt={4}>
              {t(`conflicts.signature.${conflict.code}`)}
            </Text>
          ) : null}
        </dd>
        <dt>{t('conflicts.current')}</dt>
        <dd>{currentText}</dd>
      </dl>
      <Group gap="xs" mt="sm">
        {RESOLUTIONS.map((action) => (
          <Button
            key={action}
            size="sm"
            variant={action === 'reissue' ? 'filled' : 'default'}
            disabled={resolving}
            onClick={async () => {
              const result = await resolveConflict(conflict.id, action)
              if (result.ok) notify(t('conflicts.resolved'))
              else notifyError(result.error)
            }}
          >
            {t(`conflicts.actions.${action}`)}
          </Button>
        ))}
      </Group>
    </Paper>
  )
}
