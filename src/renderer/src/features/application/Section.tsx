import { Paper, Title } from '@mantine/core'
import type { ReactElement, ReactNode } from 'react'
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
