import { SegmentedControl, Tabs } from '@mantine/core'
import { useCallback, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { useShallow } from 'zustand/react/shallow'
import { QUEUE_TABS, type QueueRow, type QueueTab } from '../../../../shared/queue'
import { useNow } from '../../lib/clock'
import { QueueGrid } from './QueueGrid'
import classes from './QueueScreen.module.css'
import { ensureRange, rowAt, setActive, setSearchScope, setTab, toggleSelected, useQueue } from './queue-store'

export const GRID_ID = 'queue-grid'

/** The tabs with their counts, what the list shows, and the list itself. */
export function QueueList({
  onOpen,
  rowHref
}: {
  onOpen: (applicationId: string) => void
  rowHref: (applicationId: string) => string
}): ReactElement {
  const { t } = useTranslation()
  const now = useNow()
  const { tab, report, search, total, counts, activeIndex, searchScope, capped, selected } = useQueue(
    useShallow((s) => ({
      tab: s.tab,
      report: s.report,
      search: s.search,
      searchScope: s.searchScope,
      capped: s.capped,
      selected: s.selected,
      total: s.total,
      counts: s.counts,
      activeIndex: s.activeIndex
    }))
  )
  // Rows are read through the store at render time; subscribing to `pages` re-renders when one lands.
  const pages = useQueue((s) => s.pages)
  const getRow = useCallback((index: number) => rowAt({ pages }, index), [pages])
  const isSelected = useCallback((row: QueueRow) => selected[row.id] !== undefined, [selected])
  const openRow = useCallback((row: QueueRow) => onOpen(row.id), [onOpen])

  const content = (
    <>
      <div className={classes.summaryRow}>
        <p className={classes.summary} role="status">
          {total === null
            ? t('queue.loadingRow')
            : search
              ? `${t('queue.found', { count: total })}${searchScope === 'everywhere' ? ` — ${t('queue.foundEverywhere')}` : ''}`
              : t('queue.tabCount', { count: total })}
          {capped ? `. ${t('queue.capped', { count: total ?? 0 })}` : ''}
        </p>
        {search ? (
          <SegmentedControl
            size="xs"
            aria-label={t('queue.scope.label')}
            value={searchScope}
            onChange={(v) => void setSearchScope(v === 'tab' ? 'tab' : 'everywhere')}
            data={[
              { value: 'everywhere', label: t('queue.scope.everywhere') },
              { value: 'tab', label: t('queue.scope.tab') }
            ]}
          />
        ) : null}
      </div>
      {total === 0 ? (
        <p className={classes.empty}>{search ? t('queue.emptySearch', { query: search }) : t('queue.empty')}</p>
      ) : total !== null ? (
        <QueueGrid
          id={GRID_ID}
          label={
            report
              ? t('queue.gridLabel', { tab: t(`queue.report.figure.${report.figure}`) })
              : t('queue.gridLabel', { tab: t(`queue.tabs.${tab}`) })
          }
          total={total}
          getRow={getRow}
          activeIndex={activeIndex}
          nowMs={now}
          onActiveChange={setActive}
          onOpen={openRow}
          onRangeChange={rangeChange}
          rowHref={(row) => rowHref(row.id)}
          isSelected={isSelected}
          onToggleSelect={toggleSelected}
        />
      ) : null}
    </>
  )

  // A dashboard figure's applications come from every tab: no tab is current while they are shown
  // (the notice above says what they are), and choosing any tab, the last one too, ends the drill-down.
  return (
    <Tabs
      value={report ? null : tab}
      onChange={(value) => value && void setTab(value as QueueTab)}
      className={classes.tabs}
      keepMounted={false}
    >
      <Tabs.List aria-label={t('queue.tabsLabel')}>
        {QUEUE_TABS.map((value) => (
          <Tabs.Tab key={value} value={value} rightSection={<span className={classes.count}>{counts ? counts[value] : '…'}</span>}>
            {t(`queue.tabs.${value}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {report ? (
        <div className={classes.panel}>{content}</div>
      ) : (
        <Tabs.Panel value={tab} className={classes.panel}>
          {content}
        </Tabs.Panel>
      )}
    </Tabs>
  )
}

function rangeChange(start: number, end: number): void {
  void ensureRange(start, end)
}
