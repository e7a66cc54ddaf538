import { Group, Title } from '@mantine/core'
import type { ReactElement, ReactNode } from 'react'

/** The heading of a section of the administration screen, with the section's one action (if the clerk may) at its right. */
export function SectionHead({
  id,
  title,
  align,
  action
}: {
  id: string
  title: string
  align: 'center' | 'end'
  action: ReactNode
}): ReactElement {
  return (
    <Group justify="space-between" align={align} mb="xs">
      <Title order={2} size="h3" id={id}>
        {title}
      </Title>
      {action}
    </Group>
  )
}
