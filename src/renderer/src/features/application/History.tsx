import type { TFunction } from 'i18next'
import { Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApplicationDetail, PendingCommandView } from '../../../../shared/contract'
import type { ApplicationEvent } from '../../../../shared/domain/application'
import type { CommandType } from '../../../../shared/domain/commands'
import { formatPlainDate } from '../../lib/format'
import { currentLanguage } from '../../lib/i18n'
import classes from './ApplicationScreen.module.css'
import { textOf } from './Notes'
import { fieldLabel } from './Outcome'
import { LineStateChip, Section, WhenWho, type LineState } from './Section'

export interface HistoryLine {
  key: string
  at: string
  title: string
  who: string
  text: string | null
  state: LineState
}

export function describeEntry(kind: ApplicationEvent['kind'] | CommandType, data: unknown, t: TFunction): string | null {
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
      const answerBy = textOf(data, 'answerBy')
      if (answerBy) lines.push(`${t('review.outcome.answerBy')}: ${formatPlainDate(answerBy, currentLanguage())}`)
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
    case 'release': {
      const to = textOf(data, 'reassignedTo')
      return to ? t('review.reassign.historyTo', { name: to, reason: textOf(data, 'reason') ?? '' }) : textOf(data, 'reason')
    }
    // A supervisor handed it over (issue 18): the new holder reads who and why.
    case 'claimed':
      return data && typeof data === 'object' && 'reassigned' in data && data.reassigned === true
        ? t('review.reassign.historyTo', { name: textOf(data, 'holderName') ?? '', reason: textOf(data, 'reason') ?? '' })
        : null
    case 'reassign':
      return t('review.reassign.historyTo', { name: textOf(data, 'toName') ?? '', reason: textOf(data, 'reason') ?? '' })
    case 'forwarded':
    case 'forward':
      return textOf(data, 'body')
    case 'answered': {
      const answer = textOf(data, 'answer')
      const late = data && typeof data === 'object' && 'late' in data && data.late === true
      return late ? `${answer ?? ''} (${t('review.outcome.lateTitle').toLowerCase()})` : answer
    }
    default:
      return textOf(data, 'text')
  }
}

export function History({ detail }: { detail: ApplicationDetail }): ReactElement {
  const { t } = useTranslation()
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
                <LineStateChip state={line.state} />
              </div>
              <Text size="sm" className={classes.eventMeta}>
                <WhenWho at={line.at} who={line.who} />
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
