import type { ReactElement } from 'react'
import { Tag } from './Tag'
import layout from './layout.module.css'

/**
 * «ТЕСТ» on a test application (issue 17): submitted through a service's test link while the
 * service was in testing, counted nowhere. The word says it (not a colour alone, WCAG 1.4.1); a
 * screen reader hears the whole sentence after it.
 */
export function TestBadge({ label, hint }: { label: string; hint: string }): ReactElement {
  return (
    <span title={hint} data-testid="test-badge">
      <Tag accent="warning" strong>
        {label}
      </Tag>
      <span className={layout.visuallyHidden}> {hint}</span>
    </span>
  )
}
