import { Progress } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { IconCloud, IconCloudOff, IconWarning } from '../../components/icons'
import { useNow } from '../../lib/clock'
import { formatDateTime, formatRelative } from '../../lib/format'
import classes from './SyncIndicator.module.css'
import { useSync } from './sync-store'

export interface SyncIndicatorProps {
  /** Where the indicator leads: the sync page with the figures and the conflict inbox. */
  href: string
}

/** The header's always-visible sync state: words and an icon, never a coloured dot alone. */
export function SyncIndicator({ href }: SyncIndicatorProps): ReactElement {
  const { t, i18n } = useTranslation()
  const now = useNow()
  const status = useSync((s) => s.status)
  const language = i18n.language

  if (!status) {
    return (
      <div className={classes.root}>
        <a href={href} className={classes.link} data-state="unknown">
          <IconCloudOff size={18} />
          <span>{t('sync.unknown')}</span>
        </a>
      </div>
    )
  }

  const connected = status.enrolled && status.online
  const state = !status.enrolled ? 'unenrolled' : status.online ? 'online' : 'offline'
  const connection = !status.enrolled ? t('sync.notEnrolled') : status.online ? t('sync.online') : t('sync.offline')
  const progress = status.initialSyncProgress
  const percent = progress === null ? null : Math.round(Math.min(Math.max(progress, 0), 1) * 100)

  return (
    <div className={classes.root}>
      <a href={href} className={classes.link} data-state={state}>
        <span className={classes.connection}>
          {connected ? <IconCloud size={18} /> : <IconCloudOff size={18} />}
          <span>{connection}</span>
        </span>
        <span className={classes.item} title={status.lastSyncAt ? formatDateTime(status.lastSyncAt, language) : undefined}>
          {status.lastSyncAt ? t('sync.lastSync', { time: formatRelative(status.lastSyncAt, now, language) }) : t('sync.neverSynced')}
        </span>
        {status.pendingCommands > 0 ? <span className={classes.item}>{t('sync.pending', { count: status.pendingCommands })}</span> : null}
        {status.openConflicts > 0 ? (
          <span className={classes.item} data-alert="true">
            {t('sync.conflicts', { count: status.openConflicts })}
          </span>
        ) : null}
      </a>
      {percent !== null ? (
        <div className={classes.progress}>
          <Progress value={percent} size="sm" aria-label={t('sync.initialSync', { percent })} />
          <span className={classes.item}>{t('sync.initialSync', { percent })}</span>
        </div>
      ) : null}
      {status.stalled ? (
        <span className={classes.stalled} role="alert">
          <IconWarning size={16} />
          {t('sync.stalled')}
        </span>
      ) : null}
    </div>
  )
}
