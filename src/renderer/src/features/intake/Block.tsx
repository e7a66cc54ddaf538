import { Group, Paper, Stack, Title } from '@mantine/core'
import type { ReactElement, ReactNode } from 'react'

export function Block({ id, title, children, extra }: { id: string; title: string; children: ReactNode; extra?: ReactNode }): ReactElement {
  return (
    <Paper component="section" withBorder p="md" aria-labelledby={id}>
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {extra}
      </Group>
      <Stack gap="sm">{children}</Stack>
    </Paper>
  )
}
