import type { CSSProperties, ReactElement, ReactNode } from 'react'
import classes from './Tag.module.css'

/** Accents the tables use; each pairs with words that say the same. */
export const TAG_ACCENT = {
  neutral: '#adb5bd',
  good: '#2b8a3e',
  bad: '#c92a2a',
  info: '#1864ab',
  document: '#5f3dc4',
  warning: '#e67700'
} as const

export interface TagProps {
  accent: keyof typeof TAG_ACCENT
  /** Darker text for a state that must stand out (a disabled account); the default meets AA on white. */
  strong?: boolean
  children: ReactNode
}

/** A square label in a table cell (a state, an action): the words say it, the left border helps the eye. */
export function Tag({ accent, strong = false, children }: TagProps): ReactElement {
  const style = { '--tag-accent': TAG_ACCENT[accent], '--tag-fg': strong ? '#8a1c1c' : '#2b3036' } as CSSProperties
  return (
    <span className={classes.tag} style={style}>
      {children}
    </span>
  )
}
