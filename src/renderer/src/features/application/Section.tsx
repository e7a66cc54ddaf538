import { Paper, Title } from '@mantine/core'
import type { ReactElement, ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { SyncChip } from '../../components/SyncChip'
import { formatDateTime } from '../../lib/format'
import classes from './ApplicationScreen.module.css'

export function Fact({ term, children }: { term: string; children: ReactNode }): ReactElement {
  return (
    <div className={classes.fact}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  )
}

/** A term and a value typed by someone (kept as typed: line breaks shown, long words wrapped), in a `pairs` list. */
export function TextPair({ term, children }: { term: string; children: ReactNode }): ReactElement {
  return (
    <div className={classes.pair}>
      <dt>{term}</dt>
      <dd className={classes.prewrap}>{children}</dd>
    </div>
  )
}

/** Where a line of the history or the notes stands: in the mirror, waiting to be sent, or refused by the portal. */
export type LineState = 'done' | 'pending' | 'rejected'

/** The chip of a line not yet in the mirror (none for one that is). */
export function LineStateChip({ state }: { state: LineState }): ReactElement | null {
  const { t } = useTranslation()
  if (state === 'done') return null
  return (
    <SyncChip
      state={state === 'pending' ? 'pending' : 'rejected'}
      label={t(state === 'pending' ? 'application.history.pending' : 'application.history.rejected')}
    />
  )
}

/** When (in the centre's zone) and, if known, who: the meta line of a history or note entry. */
export function WhenWho({ at, who }: { at: string; who: string }): ReactElement {
  const { i18n } = useTranslation()
  return (
    <>
      <time dateTime={at}>{formatDateTime(at, i18n.language)}</time>
      {who ? ` · ${who}` : null}
    </>
  )
}

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }): ReactElement {
  return (
    <Paper component="section" withBorder p="md" aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  )
}
