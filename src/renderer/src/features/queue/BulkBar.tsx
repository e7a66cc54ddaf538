import { Button, Group } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { notify } from '../../lib/notify'
import classes from './QueueScreen.module.css'
import { clearSelection, runBulk, useQueue, type BulkAction, type BulkOutcome } from './queue-store'

/** Claim, release or forward the ticked rows at once; shown while any row is ticked. */
export function BulkBar(): ReactElement | null {
  const { t } = useTranslation()
  const selectedCount = useQueue((s) => Object.keys(s.selected).length)
  if (selectedCount === 0) return null

  const report = (outcome: BulkOutcome): void => {
    // "3 з 5 взято; 2 вже тримає Тарас": failures grouped by who holds the application, else by reason.
    const parts = [t(`queue.bulk.done_${outcome.action}`, { done: outcome.done, total: outcome.total })]
    const groups = new Map<string, number>()
    for (const f of outcome.failed) {
      const holder = f.row.holderName && f.row.holderClerkId !== null ? f.row.holderName.split(' ')[0] : null
      const key = holder ? `held:${holder}` : `err:${f.error.message}`
      groups.set(key, (groups.get(key) ?? 0) + 1)
    }
    for (const [key, count] of groups) {
      parts.push(
        key.startsWith('held:')
          ? t('queue.bulk.heldBy', { count, name: key.slice(5) })
          : t('queue.bulk.otherFailed', { count, message: key.slice(4) })
      )
    }
    notify(parts.join('; '), { color: outcome.failed.length === 0 ? 'green' : outcome.done === 0 ? 'red' : 'yellow' })
  }
  const run = (action: BulkAction) => () => void runBulk(action).then(report)

  return (
    <Group gap="xs" className={classes.bulk} role="group" aria-label={t('queue.bulk.label')}>
      <span className={classes.bulkCount} role="status">
        {t('queue.bulk.selected', { count: selectedCount })}
      </span>
      <Button size="xs" onClick={run('claim')}>
        {t('queue.bulk.claim')}
      </Button>
      <Button size="xs" variant="default" onClick={run('release')}>
        {t('queue.bulk.release')}
      </Button>
      <Button size="xs" variant="default" onClick={run('forward')}>
        {t('queue.bulk.forward')}
      </Button>
      <Button size="xs" variant="subtle" onClick={clearSelection}>
        {t('queue.bulk.clear')}
      </Button>
    </Group>
  )
}
