import type { CSSProperties, ReactElement, ReactNode } from 'react'
import { IconAlert, IconInfo, IconWarning } from './icons'
import type { Swatch } from './palette'
import classes from './Notice.module.css'

export const NOTICE_SWATCHES = {
  warning: { fg: '#5f4a00', bg: '#fff6cc', border: '#d9ad00' },
  error: { fg: '#9b1c1c', bg: '#fde8e8', border: '#d64545' },
  info: { fg: '#1a4a7a', bg: '#e7f1fb', border: '#6a9fd4' }
} as const satisfies Record<string, Swatch>

export interface NoticeProps {
  kind: keyof typeof NOTICE_SWATCHES
  title?: ReactNode
  children?: ReactNode
  /** `status` for hints that appear as the clerk types; `alert` for failures. */
  role?: 'status' | 'alert'
  actions?: ReactNode
}

/** A boxed message with an icon and words; colours checked for contrast like the other swatches. */
export function Notice({ kind, title, children, role, actions }: NoticeProps): ReactElement {
  const swatch = NOTICE_SWATCHES[kind]
  const style = { '--notice-fg': swatch.fg, '--notice-bg': swatch.bg, '--notice-border': swatch.border } as CSSProperties
  const Icon = kind === 'error' ? IconAlert : kind === 'info' ? IconInfo : IconWarning
  return (
    <div className={classes.notice} style={style} role={role}>
      <span className={classes.icon}>
        <Icon size={18} />
      </span>
      <div className={classes.body}>
        {title ? <div className={classes.title}>{title}</div> : null}
        {children ? <div>{children}</div> : null}
      </div>
      {actions ? <div className={classes.actions}>{actions}</div> : null}
    </div>
  )
}
