import { Button, Group, Kbd, NativeSelect, Tabs, TextInput, Title } from '@mantine/core'
import { useDebouncedCallback } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { useCallback, useEffect, useRef, useState, type ReactElement, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useShallow } from 'zustand/react/shallow'
import { QUEUE_SORTS, QUEUE_TABS, type QueueRow, type QueueSort, type QueueTab } from '../../../../shared/queue'
import { IconSearch } from '../../components/icons'
import { Notice } from '../../components/Notice'
import { useNow } from '../../lib/clock'
import { CheatSheet } from './CheatSheet'
import { QueueGrid } from './QueueGrid'
import classes from './QueueScreen.module.css'
import {
  activeRow,
  claim,
  ensureRange,
  moveActive,
  rowAt,
  setActive,
  setSearch,
  setSort,
  setTab,
  start,
  useQueue
} from './queue-store'

export interface QueueScreenProps {
  onOpen: (applicationId: string) => void
  rowHref: (applicationId: string) => string
  /** WCAG 2.1.4: single-character shortcuts (j, k, c, /, ?) can be turned off. */
  singleKeyShortcuts: boolean
  /** The control that turns them on and off, owned by the settings feature. */
  shortcutsSetting: ReactNode
}

const GRID_ID = 'queue-grid'
const SEARCH_ID = 'queue-search'

const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image'])

/** Where a letter is text, not a command: text fields, text areas, selects, editable content. */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(target.type)
  return target.tagName === 'TEXTAREA' || target.tagName === 'SELECT'
}

export function QueueScreen({ onOpen, rowHref, singleKeyShortcuts, shortcutsSetting }: QueueScreenProps): ReactElement {
  const { t } = useTranslation()
  const now = useNow()
  const { tab, search, sort, total, counts, activeIndex, searchHint, error } = useQueue(
    useShallow((s) => ({
      tab: s.tab,
      search: s.search,
      sort: s.sort,
      total: s.total,
      counts: s.counts,
      activeIndex: s.activeIndex,
      searchHint: s.searchHint,
      error: s.error
    }))
  )
  // Rows are read through the store at render time; subscribing to `pages` re-renders when one lands.
  const pages = useQueue((s) => s.pages)
  const getRow = useCallback((index: number) => rowAt({ pages }, index), [pages])

  const [text, setText] = useState(search)
  const [helpOpen, setHelpOpen] = useState(false)
  const searchRef = useRef<HTMLInputElement>(null)
  const pushSearch = useDebouncedCallback((value: string) => void setSearch(value), 250)

  useEffect(() => {
    void start()
  }, [])

  const focusGrid = (): void => document.getElementById(GRID_ID)?.focus()

  const openRow = useCallback((row: QueueRow) => onOpen(row.id), [onOpen])

  const claimActive = useCallback(async (): Promise<void> => {
    const row = activeRow()
    if (!row) {
      notifications.show({ color: 'gray', message: t('queue.noActive') })
      return
    }
    const result = await claim(row)
    if (result.ok) {
      notifications.show({ color: 'green', title: t('queue.claimed', { number: row.orderNumber }), message: t('queue.claimedOffline') })
    } else {
      notifications.show({
        color: 'red',
        title: t('queue.claimFailed', { number: row.orderNumber }),
        message: `${t(`errors.${result.error.code}`)}: ${result.error.message}`
      })
    }
  }, [t])

  // Screen-wide single keys. Never while the clerk is typing or a dialog is open, never with
  // modifiers, and none at all when turned off (arrows, Home, End and Enter on the grid stay).
  useEffect(() => {
    if (!singleKeyShortcuts) return
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return
      if (isTypingTarget(e.target)) return
      if (e.target instanceof Element && e.target.closest('[role="dialog"]')) return
      if (helpOpen) return
      switch (e.key) {
        case '/':
          e.preventDefault()
          searchRef.current?.focus()
          searchRef.current?.select()
          break
        case '?':
          e.preventDefault()
          setHelpOpen(true)
          break
        case 'j':
          e.preventDefault()
          focusGrid()
          moveActive(1)
          break
        case 'k':
          e.preventDefault()
          focusGrid()
          moveActive(-1)
          break
        case 'c':
          e.preventDefault()
          void claimActive()
          break
        default:
      }
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [singleKeyShortcuts, helpOpen, claimActive])

  const applySearch = (value: string): void => {
    setText(value)
    pushSearch.cancel()
    void setSearch(value)
  }

  const tabLabel = t(`queue.tabs.${tab}`)
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
                /
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
          <Button variant="default" disabled={total === null || total === 0} onClick={() => {
              const row = activeRow()
              if (row) onOpen(row.id)
            }}>
            {t('queue.actions.open')}
            <Kbd ml={8} aria-hidden="true">
              Enter
            </Kbd>
          </Button>
          <Button disabled={total === null || total === 0} onClick={() => void claimActive()}>
            {t('queue.actions.claim')}
            {singleKeyShortcuts ? (
              <Kbd ml={8} aria-hidden="true">
                c
              </Kbd>
            ) : null}
          </Button>
          <Button variant="subtle" onClick={() => setHelpOpen(true)} aria-haspopup="dialog">
            {t('queue.actions.shortcuts')}
            {singleKeyShortcuts ? (
              <Kbd ml={8} aria-hidden="true">
                ?
              </Kbd>
            ) : null}
          </Button>
        </Group>
      </div>

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

      <Tabs value={tab} onChange={(value) => value && void setTab(value as QueueTab)} className={classes.tabs} keepMounted={false}>
        <Tabs.List aria-label={t('queue.tabsLabel')}>
          {QUEUE_TABS.map((value) => (
            <Tabs.Tab key={value} value={value} rightSection={<span className={classes.count}>{counts ? counts[value] : '…'}</span>}>
              {t(`queue.tabs.${value}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value={tab} className={classes.panel}>
          <p className={classes.summary} role="status">
            {total === null
              ? t('queue.loadingRow')
              : search
                ? t('queue.found', { count: total })
                : t('queue.tabCount', { count: total })}
          </p>
          {total === 0 ? (
            <p className={classes.empty}>{search ? t('queue.emptySearch', { query: search }) : t('queue.empty')}</p>
          ) : total !== null ? (
            <QueueGrid
              id={GRID_ID}
              label={t('queue.gridLabel', { tab: tabLabel })}
              total={total}
              getRow={getRow}
              activeIndex={activeIndex}
              nowMs={now}
              onActiveChange={setActive}
              onOpen={openRow}
              onRangeChange={rangeChange}
              rowHref={(row) => rowHref(row.id)}
            />
          ) : null}
        </Tabs.Panel>
      </Tabs>

      <CheatSheet opened={helpOpen} onClose={() => setHelpOpen(false)} singleKeyShortcuts={singleKeyShortcuts} setting={shortcutsSetting} />
    </section>
  )
}

function rangeChange(start: number, end: number): void {
  void ensureRange(start, end)
}

