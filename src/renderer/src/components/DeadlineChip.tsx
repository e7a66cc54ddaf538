import type { ReactElement } from 'react'
import type { DeadlineTone } from '../lib/time-left'
import { IconAlert, IconCalendar, IconClock, IconHourglass, IconPause } from './icons'
import { DEADLINE_SWATCHES } from './palette'
import { StateChip } from './StateChip'

const ICONS: Record<DeadlineTone, (p: { size?: number }) => ReactElement> = {
  overdue: IconAlert,
  today: IconClock,
  soon: IconHourglass,
  ok: IconCalendar,
  paused: IconPause
}

export interface DeadlineChipProps {
  tone: DeadlineTone
  text: string
  title?: string
  size?: 'sm' | 'md'
}

/** Deadline as colour, icon and words: red overdue, orange today, yellow soon, neutral, grey paused. */
export function DeadlineChip({ tone, text, title, size = 'sm' }: DeadlineChipProps): ReactElement {
  const Icon = ICONS[tone]
  return (
    <StateChip swatch={DEADLINE_SWATCHES[tone]} icon={<Icon size={size === 'md' ? 18 : 14} />} size={size} {...(title ? { title } : {})}>
      <span data-tone={tone}>{text}</span>
    </StateChip>
  )
}
