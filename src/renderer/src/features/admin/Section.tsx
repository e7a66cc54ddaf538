import { Group, Text, Title } from '@mantine/core'
import type { ReactElement, ReactNode } from 'react'
import classes from './AdminScreen.module.css'

/** A section of the administration screen: its heading, with the section's one action (if the clerk may) at its right, then its content. */
export function Section(p: { id: string; title: string; align: 'center' | 'end'; action: ReactNode; children: ReactNode }): ReactElement {
  return (
    <section aria-labelledby={p.id}>
      <Group justify="space-between" align={p.align} mb="xs">
        <Title order={2} size="h3" id={p.id}>
          {p.title}
        </Title>
        {p.action}
      </Group>
      {p.children}
    </section>
  )
}

/** A framed panel of the administration screen: its heading, a line saying what it is for, and its content. */
export function Panel(p: { id: string; title: string; size: 'h3' | 'h4'; hint: string; children: ReactNode }): ReactElement {
  return (
    <section aria-labelledby={p.id} className={classes.panel}>
      <Title order={2} size={p.size} id={p.id}>
        {p.title}
      </Title>
      <Text size="sm" mt={4} mb="sm">
        {p.hint}
      </Text>
      {p.children}
    </section>
  )
}
