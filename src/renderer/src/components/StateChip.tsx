import type { CSSProperties, ReactElement, ReactNode } from 'react'
import type { Swatch } from './palette'
import classes from './StateChip.module.css'

export interface StateChipProps {
  swatch: Swatch
  icon: ReactNode
  children: ReactNode
  /** Extra explanation on hover; the visible words must already say the essential. */
  title?: string
  size?: 'sm' | 'md'
}

/** A small label that shows a state by colour, an icon AND words (WCAG 1.4.1). */
export function StateChip({ swatch, icon, children, title, size = 'sm' }: StateChipProps): ReactElement {
  const style = { '--chip-fg': swatch.fg, '--chip-bg': swatch.bg, '--chip-border': swatch.border } as CSSProperties
  return (
    <span className={classes.chip} data-size={size} style={style} title={title}>
      <span className={classes.icon}>{icon}</span>
      <span className={classes.text}>{children}</span>
    </span>
  )
}
