import { Stack, Title } from '@mantine/core'
import type { ReactElement, ReactNode } from 'react'

/**
 * A screen's column: its heading (the h1 that takes focus after navigation, so a screen reader
 * announces where the clerk is) and what follows, at most `width` pixels wide when given.
 */
export function ScreenFrame({ title, width, children }: { title: string; width?: number; children: ReactNode }): ReactElement {
  return (
    <Stack gap="md" maw={width}>
      <Title order={1} size="h2" tabIndex={-1}>
        {title}
      </Title>
      {children}
    </Stack>
  )
}
