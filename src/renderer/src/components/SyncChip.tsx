import type { ReactElement } from 'react'
import type { SyncBadge } from '../../../shared/queue'
import { IconCheck, IconClock, IconCross } from './icons'
import { SYNC_SWATCHES } from './palette'
import { StateChip } from './StateChip'

const ICONS: Record<SyncBadge, (p: { size?: number }) => ReactElement> = {
  pending: IconClock,
  confirmed: IconCheck,
  rejected: IconCross
}

export interface SyncChipProps {
  state: SyncBadge
  label: string
  hint?: string
}

/** Whether the portal has confirmed what this workstation shows: icon and words. */
export function SyncChip({ state, label, hint }: SyncChipProps): ReactElement {
  const Icon = ICONS[state]
  return (
    <StateChip swatch={SYNC_SWATCHES[state]} icon={<Icon size={14} />} {...(hint ? { title: hint } : {})}>
      {label}
    </StateChip>
  )
}
