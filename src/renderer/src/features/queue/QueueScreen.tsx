import { Button, Group, Kbd, NativeSelect, TextInput, Title } from '@mantine/core'
import { useDebouncedCallback } from '@mantine/hooks'
import { useCallback, useEffect, useRef, useState, type ReactElement, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useShallow } from 'zustand/react/shallow'
import { QUEUE_SORTS, type QueueSort } from '../../../../shared/queue'
import { IconSearch } from '../../components/icons'
import { Notice } from '../../components/Notice'
import { notify, notifyError } from '../../lib/notify'
import { BulkBar } from './BulkBar'
import { CheatSheet } from './CheatSheet'
import { QueueFilters } from './QueueFilters'
import { GRID_ID, QueueList } from './QueueList'
import classes from './QueueScreen.module.css'
import { activeRow, claim, clearReport, loadPickers, moveActive, release, setSearch, setSort, start, useQueue } from './queue-store'
import { formatPlainDate } from '../../lib/format'
import { useQueueShortcuts, type QueueShortcutKeys } from './queue-shortcuts'

export interface QueueScreenProps {
  onOpen: (applicationId: string) => void
  rowHref: (applicationId: string) => string
  /** WCAG 2.1.4: single-character shortcuts (j, k, c, /, ?) can be turned off. */
  singleKeyShortcuts: boolean
  /** The control that turns them on and off, owned by the settings feature. */
  shortcutsSetting: ReactNode
  /** Which key does what (remappable in the settings). */
  shortcutKeys: QueueShortcutKeys
}

const SEARCH_ID = 'queue-search'

/** The work queue: search, sort and the actions on the active row; the filters, the bulk bar and the list are sections of their own. */
export function QueueScreen({ onOpen, rowHref, singleKeyShortcuts, shortcutsSetting, shortcutKeys: keys }: QueueScreenProps): ReactElement {
  const { t, i18n } = useTranslation()
  const { search, sort, total, searchHint, error, report } = useQueue(
    useShallow((s) => ({ search: s.search, sort: s.sort, total: s.total, searchHint: s.searchHint, error: s.error, report: s.report }))
  )

  const [text, setText] = useState(search)
  const [helpOpen, setHelpOpen] = useState(false)
  const searchRef = useRef<HTMLInputElement>(null)
  const pushSearch = useDebouncedCallback((value: string) => void setSearch(value), 250)

  useEffect(() => {
    void start()
    void loadPickers()
  }, [])

  const focusGrid = (): void => document.getElementById(GRID_ID)?.focus()

  const claimActive = useCallback(async (): Promise<void> => {
    const row = activeRow()
    if (!row) {
      notify(t('queue.noActive'), { color: 'gray' })
      return
    }
    const result = await claim(row)
    if (result.ok) {
      notify(t('queue.claimedOffline'), { title: t('queue.claimed', { number: row.orderNumber }) })
    } else {
      notifyError(result.error, t('queue.claimFailed', { number: row.orderNumber }))
    }
  }, [t])

  useQueueShortcuts(singleKeyShortcuts && !helpOpen, keys, {
    search: () => {
      searchRef.current?.focus()
      searchRef.current?.select()
    },
    help: () => setHelpOpen(true),
    next: () => {
      focusGrid()
      moveActive(1)
    },
    prev: () => {
      focusGrid()
      moveActive(-1)
    },
    claim: () => void claimActive()
  })

  const applySearch = (value: string): void => {
    setText(value)
    pushSearch.cancel()
    void setSearch(value)
  }

  const suggestion = searchHint?.suggestion ?? null

  return (
    <section className={classes.screen} aria-labelledby="queue-title">
      {/* The navigation already says where the clerk is; the heading is for screen readers and keeps the rows higher up. */}
      <Title order={1} id="queue-title" className={classes.title} tabIndex={-1}>
        {t('queue.title')}
      </Title>

      <div className={classes.toolbar}>
        <TextInput
          ref={searchRef}
          id={SEARCH_ID}
          className={classes.search}
          label={t('queue.search.label')}
          rightSection={
            singleKeyShortcuts ? (
              <Kbd aria-hidden="true" title={t('queue.search.shortcut')}>
                {keys.search}
              </Kbd>
            ) : null
          }
          placeholder={t('queue.search.placeholder')}
          leftSection={<IconSearch size={16} />}
          value={text}
          type="search"
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => {
            setText(e.currentTarget.value)
            pushSearch(e.currentTarget.value)
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault()
              applySearch(e.currentTarget.value)
            } else if (e.key === 'ArrowDown') {
              e.preventDefault()
              focusGrid()
            } else if (e.key === 'Escape' && text !== '') {
              e.preventDefault()
              applySearch('')
            }
          }}
        />
        <NativeSelect
          className={classes.sort}
          label={t('queue.sort.label')}
          value={sort}
          data={QUEUE_SORTS.map((s) => ({ value: s, label: t(`queue.sort.${s}`) }))}
          onChange={(e) => void setSort(e.currentTarget.value as QueueSort)}
        />
        <Group gap="xs" className={classes.actions} role="group" aria-label={t('queue.actions.label')}>
          <Button
            variant="default"
            disabled={total === null || total === 0}
            onClick={() => {
              const row = activeRow()
              if (row) onOpen(row.id)
            }}
          >
            {t('queue.actions.open')}
            <Kbd ml={8} aria-hidden="true">
              Enter
            </Kbd>
          </Button>
          <Button disabled={total === null || total === 0} onClick={() => void claimActive()}>
            {t('queue.actions.claim')}
            {singleKeyShortcuts ? (
              <Kbd ml={8} aria-hidden="true">
                {keys.claim}
              </Kbd>
            ) : null}
          </Button>
          <Button
            variant="default"
            disabled={total === null || total === 0}
            onClick={async () => {
              const row = activeRow()
              if (!row) return
              const result = await release(row)
              if (result.ok) notify(t('queue.released', { number: row.orderNumber }))
              else notifyError(result.error)
            }}
          >
            {t('queue.actions.release')}
          </Button>
          <Button variant="subtle" onClick={() => setHelpOpen(true)} aria-haspopup="dialog">
            {t('queue.actions.shortcuts')}
            {singleKeyShortcuts ? (
              <Kbd ml={8} aria-hidden="true">
                {keys.help}
              </Kbd>
            ) : null}
          </Button>
        </Group>
      </div>

      <QueueFilters />

      {report ? (
        <Notice
          kind="info"
          role="status"
          title={
            // A figure of "now" counts what is open at this moment: the dashboard's period does not narrow it, so it is not shown.
            report.figure === 'pending_now' || report.figure === 'overdue_now'
              ? t('queue.report.titleNow', { figure: t(`queue.report.figure.${report.figure}`) })
              : t('queue.report.title', {
                  figure: t(`queue.report.figure.${report.figure}`),
                  from: formatPlainDate(report.period.from, i18n.language),
                  to: formatPlainDate(report.period.to, i18n.language)
                })
          }
          actions={
            <Button size="xs" variant="default" onClick={() => void clearReport()}>
              {t('queue.report.clear')}
            </Button>
          }
        >
          {t('queue.report.detail')}
        </Notice>
      ) : null}

      <BulkBar />

      {searchHint?.kind === 'check_digit' ? (
        <Notice
          kind="warning"
          role="status"
          title={t('queue.search.hint')}
          actions={
            suggestion ? (
              <Button size="xs" variant="default" onClick={() => applySearch(suggestion)}>
                {t('queue.search.useSuggestion', { number: suggestion })}
              </Button>
            ) : null
          }
        >
          {suggestion ? t('queue.search.suggestion', { number: suggestion }) : null}
        </Notice>
      ) : null}

      {error ? (
        <Notice kind="error" role="alert" title={t('queue.loadFailed')}>
          {error.message}
        </Notice>
      ) : null}

      <QueueList onOpen={onOpen} rowHref={rowHref} />

      <CheatSheet
        opened={helpOpen}
        onClose={() => setHelpOpen(false)}
        singleKeyShortcuts={singleKeyShortcuts}
        keys={keys}
        setting={shortcutsSetting}
      />
    </section>
  )
}
