import { TestBadge } from '../../components/TestBadge'
import { VisuallyHidden } from '@mantine/core'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef, type KeyboardEvent, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { termRuns } from '../../../../shared/domain/status'
import type { QueueRow } from '../../../../shared/queue'
import { DeadlineChip } from '../../components/DeadlineChip'
import { SyncChip } from '../../components/SyncChip'
import { formatDate, formatDateTime, formatPlainDate } from '../../lib/format'
import { computeTimeLeft, describeTimeLeft } from '../../lib/time-left'
import classes from './QueueGrid.module.css'

export const ROW_HEIGHT = 40
export const HEADER_HEIGHT = 38
const COLUMNS = ['select', 'number', 'service', 'applicant', 'received', 'deadline', 'status', 'holder', 'sync'] as const

export interface QueueGridProps {
  id: string
  label: string
  total: number
  getRow: (index: number) => QueueRow | undefined
  activeIndex: number
  nowMs: number
  onActiveChange: (index: number) => void
  onOpen: (row: QueueRow) => void
  onRangeChange: (start: number, end: number) => void
  rowHref: (row: QueueRow) => string
  /** Ticked rows (bulk actions), by application id. */
  isSelected: (row: QueueRow) => boolean
  /** Space ticks the active row, Shift+Space or Shift+click every row from the last ticked one. */
  onToggleSelect: (index: number, extend: boolean) => void
}

/**
 * The queue as an ARIA grid: one focus stop (the grid), the active row announced through
 * aria-activedescendant, and aria-rowcount / aria-rowindex so a screen reader knows where it is in
 * a list of which only a few dozen rows exist in the DOM at any time.
 */
export function QueueGrid(props: QueueGridProps): ReactElement {
  const { id, label, total, getRow, activeIndex, nowMs, onActiveChange, onOpen, onRangeChange, rowHref, isSelected, onToggleSelect } = props
  const { t, i18n } = useTranslation()
  const language = i18n.language
  const scrollRef = useRef<HTMLDivElement>(null)

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT
  })
  const items = virtualizer.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items[items.length - 1]?.index ?? 0

  useEffect(() => {
    if (total > 0) onRangeChange(first, last)
  }, [first, last, total, onRangeChange])

  useEffect(() => {
    if (total > 0 && activeIndex < total) virtualizer.scrollToIndex(activeIndex, { align: 'auto' })
  }, [activeIndex, total, virtualizer])

  const visibleRows = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 400) - HEADER_HEIGHT) / ROW_HEIGHT) - 1)

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.altKey || e.ctrlKey || e.metaKey) return
    let next: number | null = null
    switch (e.key) {
      case ' ':
        e.preventDefault()
        onToggleSelect(activeIndex, e.shiftKey)
        return
      case 'ArrowDown':
        next = activeIndex + 1
        if (e.shiftKey) onToggleSelect(Math.min(next, total - 1), true)
        break
      case 'ArrowUp':
        next = activeIndex - 1
        if (e.shiftKey) onToggleSelect(Math.max(next, 0), true)
        break
      case 'PageDown':
        next = activeIndex + visibleRows
        break
      case 'PageUp':
        next = activeIndex - visibleRows
        break
      case 'Home':
        next = 0
        break
      case 'End':
        next = total - 1
        break
      case 'Enter': {
        const row = getRow(activeIndex)
        if (row) {
          e.preventDefault()
          onOpen(row)
        }
        return
      }
      default:
        return
    }
    e.preventDefault()
    onActiveChange(Math.min(Math.max(next, 0), Math.max(total - 1, 0)))
  }

  const activeRendered = items.some((item) => item.index === activeIndex)
  const rowId = (index: number): string => `${id}-row-${index}`

  return (
    <div
      ref={scrollRef}
      id={id}
      className={classes.grid}
      role="grid"
      aria-label={label}
      aria-rowcount={total + 1}
      aria-colcount={COLUMNS.length}
      aria-readonly="true"
      aria-activedescendant={activeRendered ? rowId(activeIndex) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className={classes.head}>
        <div role="row" aria-rowindex={1} className={classes.row} style={{ height: HEADER_HEIGHT }}>
          {COLUMNS.map((col, i) => (
            <div key={col} role="columnheader" aria-colindex={i + 1} className={classes.cell}>
              {col === 'select' ? <VisuallyHidden>{t('queue.columns.select')}</VisuallyHidden> : t(`queue.columns.${col}`)}
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" className={classes.body} style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = getRow(item.index)
          const active = item.index === activeIndex
          const ticked = row ? isSelected(row) : false
          return (
            <div
              key={item.key}
              id={rowId(item.index)}
              role="row"
              aria-rowindex={item.index + 2}
              aria-selected={active}
              data-active={active || undefined}
              data-ticked={ticked || undefined}
              data-index={item.index}
              className={classes.row}
              style={{ height: ROW_HEIGHT, transform: `translateY(${item.start - HEADER_HEIGHT}px)` }}
              onClick={(e) => {
                if (e.shiftKey) onToggleSelect(item.index, true)
                onActiveChange(item.index)
              }}
              onDoubleClick={() => row && onOpen(row)}
            >
              {row ? (
                <>
                  <div role="gridcell" aria-colindex={1} className={classes.cell}>
                    {/* Out of the tab order like the number link: Space on the grid ticks the active row. */}
                    <input
                      type="checkbox"
                      tabIndex={-1}
                      className={classes.tick}
                      checked={ticked}
                      aria-label={t('queue.selectRow', { number: row.orderNumber })}
                      onClick={(e) => e.stopPropagation()}
                      onChange={(e) => {
                        onToggleSelect(item.index, (e.nativeEvent as MouseEvent).shiftKey === true)
                        onActiveChange(item.index)
                      }}
                    />
                  </div>
                  <RowCells row={row} href={rowHref(row)} nowMs={nowMs} language={language} />
                </>
              ) : (
                <LoadingCells />
              )}
            </div>
          )
        })}
      </div>
    </div>
  )
}

function LoadingCells(): ReactElement {
  const { t } = useTranslation()
  return (
    <>
      <div role="gridcell" aria-colindex={1} className={classes.cell} />
      <div role="gridcell" aria-colindex={2} className={classes.cell}>
        <span className={classes.loading}>{t('queue.loadingRow')}</span>
      </div>
      {COLUMNS.slice(2).map((col, i) => (
        <div key={col} role="gridcell" aria-colindex={i + 3} className={classes.cell} />
      ))}
    </>
  )
}

function RowCells({ row, href, nowMs, language }: { row: QueueRow; href: string; nowMs: number; language: string }): ReactElement {
  const { t } = useTranslation()
  const serviceName = language === 'en' ? row.serviceNameEn : row.serviceNameUk
  // A closed or decided application has no running deadline: "overdue by 10 days" on an issued one, or on a result
  // waiting for its applicant, would be false.
  const left = termRuns(row.status) ? computeTimeLeft(row, nowMs) : null
  const deadline = left ? describeTimeLeft(left, t) : null
  const dueTitle = t('deadline.due', { date: formatDateTime(row.dueAt, language) })
  // The date to answer a correction by, and an answer that came after it (issue 16), beside the status.
  const status = [
    t(`status.${row.status}`),
    row.answerBy ? t('queue.answerBy', { date: formatPlainDate(row.answerBy, language) }) : null,
    row.answeredLate ? t('queue.answeredLate') : null
  ]
    .filter((part): part is string => part !== null)
    .join(' · ')
  return (
    <>
      <div role="gridcell" aria-colindex={2} className={classes.cell}>
        {/* A mouse shortcut only: keyboard users open the active row with Enter, so the link stays out of the tab order. */}
        <a href={href} tabIndex={-1} className={classes.number}>
          {row.orderNumber}
        </a>
      </div>
      {/* The badge leads the service cell: that column stretches and truncates the name, never the badge
          (in the narrow number column it was cut to «…», found in the digitisation e2e's screenshot). */}
      <div
        role="gridcell"
        aria-colindex={3}
        className={row.isTest ? `${classes.cell} ${classes.withBadge}` : classes.cell}
        title={serviceName}
      >
        {row.isTest ? <TestBadge label={t('testApplication.badge')} hint={t('testApplication.hint')} /> : null}
        <span className={classes.truncate}>{serviceName}</span>
      </div>
      <div role="gridcell" aria-colindex={4} className={classes.cell} title={row.applicantName}>
        <span className={classes.truncate}>{row.applicantName}</span>
      </div>
      <div role="gridcell" aria-colindex={5} className={classes.cell} title={formatDateTime(row.receivedAt, language)}>
        {formatDate(row.receivedAt, language)}
      </div>
      <div role="gridcell" aria-colindex={6} className={classes.cell}>
        {deadline ? (
          <DeadlineChip tone={deadline.tone} text={deadline.text} title={row.paused ? t('deadline.pausedHint') : dueTitle} />
        ) : (
          formatDateTime(row.dueAt, language)
        )}
      </div>
      <div role="gridcell" aria-colindex={7} className={classes.cell} title={status}>
        <span className={classes.truncate}>{status}</span>
      </div>
      <div role="gridcell" aria-colindex={8} className={classes.cell} title={row.holderName ?? undefined}>
        {row.holderName ? (
          <span className={classes.truncate}>{row.holderName}</span>
        ) : (
          <>
            <span aria-hidden="true" className={classes.muted}>
              {t('queue.noHolder')}
            </span>
            <VisuallyHidden>{t('queue.noHolderLabel')}</VisuallyHidden>
          </>
        )}
      </div>
      <div role="gridcell" aria-colindex={9} className={classes.cell}>
        <SyncChip state={row.sync} label={t(`sync.badge.${row.sync}`)} hint={t(`sync.badgeHint.${row.sync}`)} />
      </div>
    </>
  )
}
