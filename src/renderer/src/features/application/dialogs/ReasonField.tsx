import { Textarea, type TextareaProps } from '@mantine/core'
import type { ComponentPropsWithoutRef, ReactElement } from 'react'

/** The short text an action requires (a reason, a ground): two lines to start, growing downwards. */
export function ReasonField(p: TextareaProps & ComponentPropsWithoutRef<'textarea'>): ReactElement {
  return <Textarea required rows={2} resize="vertical" {...p} />
}
