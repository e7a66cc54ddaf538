import { Button, Group, Kbd, NativeSelect, SegmentedControl, Tabs, TextInput, Title } from '@mantine/core'
import { useDebouncedCallback } from '@mantine/hooks'
import { useCallback, useEffect, useRef, useState, type ReactElement, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useShallow } from 'zustand/react/shallow'
import type { Service } from '../../../../shared/catalogue'
import { STATUSES, type Status } from '../../../../shared/domain/status'
import {
  QUEUE_SORTS,
  QUEUE_TABS,
  type QueueHolder,
  type QueueRow,
  type QueueSort,
  type QueueTab,
  type SavedQueueView
} from '../../../../shared/queue'
import { call } from '../../lib/api'
import { IconSearch } from '../../components/icons'
import { Notice } from '../../components/Notice'
import { useNow } from '../../lib/clock'
import { CheatSheet } from './CheatSheet'
import { isTypingTarget, type QueueShortcutKeys } from './queue-shortcuts'
import { QueueGrid } from './QueueGrid'
import classes from './QueueScreen.module.css'
import {
  activeRow,
  applyView,
  claim,
  clearSelection,
  currentView,
  ensureRange,
  release,
  runBulk,
  setFilters,
  setSearchScope,
  toggleSelected,
  type BulkOutcome,
  moveActive,
  rowAt,
  setActive,
  setSearch,
  setSort,
  setTab,
  start,
  useQueue
} from './queue-store'
import { notify, notifyError } from '../../lib/notify'

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

const GRID_ID = 'queue-grid'
const SEARCH_ID = 'queue-search'

export function QueueScreen({ onOpen, rowHref, singleKeyShortcuts, shortcutsSetting, shortcutKeys: keys }: QueueScreenProps): ReactElement {
  const { t, i18n } = useTranslation()
  const now = useNow()
  const { tab, search, sort, total, counts, activeIndex, searchHint, error, filters, searchScope, capped, selected } = useQueue(
    useShallow((s) => ({
      tab: s.tab,
      search: s.search,
      sort: s.sort,
      filters: s.filters,
      searchScope: s.searchScope,
      capped: s.capped,
      selected: s.selected,
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

  // What the filter pickers offer: the catalogue's services and categories, the holders seen, the clerk's views.
  const [services, setServices] = useState<Service[]>([])
  const [holders, setHolders] = useState<QueueHolder[]>([])
  const [views, setViews] = useState<SavedQueueView[]>([])
  const loadViews = useCallback(async (): Promise<void> => {
    const result = await call('views.list', {})
    if (result.ok) setViews(result.value)
  }, [])
  useEffect(() => {
    void call('catalogue.list', {}).then((r) => r.ok && setServices(r.value))
    void call('queue.holders', {}).then((r) => r.ok && setHolders(r.value))
    void loadViews()
  }, [loadViews])
  const categories = [...new Set(services.map((sv) => (i18n.language === 'en' ? sv.category_en : sv.category_uk)))].sort()
  const selectedCount = Object.keys(selected).length
  const isSelected = useCallback((row: QueueRow) => selected[row.id] !== undefined, [selected])

  const saveView = async (): Promise<void> => {
    const name = window.prompt(t('queue.views.namePrompt'))?.trim()
    if (!name) return
    const result = await call('views.save', { name, view: currentView() })
    if (result.ok) {
      notify(t('queue.views.saved', { name }))
      void loadViews()
    } else notifyError(result.error, t('queue.views.failed'))
  }

  const reportBulk = (outcome: BulkOutcome): void => {
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

  const focusGrid = (): void => document.getElementById(GRID_ID)?.focus()

  const openRow = useCallback((row: QueueRow) => onOpen(row.id), [onOpen])

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

  // Screen-wide single keys. Never while the clerk is typing or a dialog is open, never with
  // modifiers, and none at all when turned off (arrows, Home, End and Enter on the grid stay).
  useEffect(() => {
    if (!singleKeyShortcuts) return
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return
      if (isTypingTarget(e.target)) return
      if (e.target instanceof Element && e.target.closest('[role="dialog"]')) return
      if (helpOpen) return
      const action = (Object.keys(keys) as (keyof typeof keys)[]).find((a) => keys[a] === e.key)
      switch (action) {
        case 'search':
          e.preventDefault()
          searchRef.current?.focus()
          searchRef.current?.select()
          break
        case 'help':
          e.preventDefault()
          setHelpOpen(true)
          break
        case 'next':
          e.preventDefault()
          focusGrid()
          moveActive(1)
          break
        case 'prev':
          e.preventDefault()
          focusGrid()
          moveActive(-1)
          break
        case 'claim':
          e.preventDefault()
          void claimActive()
          break
        default:
      }
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [singleKeyShortcuts, helpOpen, claimActive, keys])

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

      <div className={classes.filters} role="group" aria-label={t('queue.filters.label')}>
        <NativeSelect
          size="xs"
          label={t('queue.filters.service')}
          value={filters.serviceId ?? ''}
          data={[
            { value: '', label: t('queue.filters.any') },
            ...services.map((sv) => ({ value: sv.id, label: i18n.language === 'en' ? sv.name_en : sv.name_uk }))
          ]}
          onChange={(e) => void setFilters({ serviceId: e.currentTarget.value || null })}
          className={classes.wide}
        />
        <NativeSelect
          size="xs"
          label={t('queue.filters.category')}
          value={filters.category ?? ''}
          data={[{ value: '', label: t('queue.filters.any') }, ...categories.map((c) => ({ value: c, label: c }))]}
          onChange={(e) => void setFilters({ category: e.currentTarget.value || null })}
          className={classes.wide}
        />
        <NativeSelect
          size="xs"
          label={t('queue.filters.status')}
          value={filters.status ?? ''}
          data={[{ value: '', label: t('queue.filters.any') }, ...STATUSES.map((st) => ({ value: st, label: t(`status.${st}`) }))]}
          onChange={(e) => void setFilters({ status: (e.currentTarget.value || null) as Status | null })}
        />
        <NativeSelect
          size="xs"
          label={t('queue.filters.channel')}
          value={filters.channel ?? ''}
          data={[
            { value: '', label: t('queue.filters.any') },
            { value: 'portal', label: t('queue.filters.portal') },
            { value: 'walk_in', label: t('queue.filters.walk_in') }
          ]}
          onChange={(e) =>
            void setFilters({
              channel: e.currentTarget.value === 'portal' || e.currentTarget.value === 'walk_in' ? e.currentTarget.value : null
            })
          }
        />
        <NativeSelect
          size="xs"
          label={t('queue.filters.deadline')}
          value={filters.dueWithinDays === null ? '' : String(filters.dueWithinDays)}
          data={[
            { value: '', label: t('queue.filters.any') },
            { value: '0', label: t('queue.filters.due0') },
            { value: '3', label: t('queue.filters.due3') },
            { value: '7', label: t('queue.filters.due7') }
          ]}
          onChange={(e) => void setFilters({ dueWithinDays: e.currentTarget.value === '' ? null : Number(e.currentTarget.value) })}
        />
        <NativeSelect
          size="xs"
          label={t('queue.filters.holder')}
          value={filters.holderClerkId ?? ''}
          data={[{ value: '', label: t('queue.filters.any') }, ...holders.map((h) => ({ value: h.clerkId, label: h.name }))]}
          onChange={(e) => void setFilters({ holderClerkId: e.currentTarget.value || null })}
        />
        <NativeSelect
          size="xs"
          label={t('queue.views.label')}
          value=""
          data={[{ value: '', label: t('queue.views.none') }, ...views.map((v) => ({ value: v.id, label: v.name }))]}
          onChange={(e) => {
            const view = views.find((v) => v.id === e.currentTarget.value)
            if (view) void applyView(view.view)
          }}
        />
        <Button size="xs" variant="default" onClick={() => void saveView()}>
          {t('queue.views.save')}
        </Button>
        {Object.values(filters).some((v) => v !== null) ? (
          <Button
            size="xs"
            variant="subtle"
            onClick={() =>
              void setFilters({ serviceId: null, category: null, status: null, channel: null, holderClerkId: null, dueWithinDays: null })
            }
          >
            {t('queue.filters.clear')}
          </Button>
        ) : null}
      </div>

      {selectedCount > 0 ? (
        <Group gap="xs" className={classes.bulk} role="group" aria-label={t('queue.bulk.label')}>
          <span className={classes.bulkCount} role="status">
            {t('queue.bulk.selected', { count: selectedCount })}
          </span>
          <Button size="xs" onClick={() => void runBulk('claim').then(reportBulk)}>
            {t('queue.bulk.claim')}
          </Button>
          <Button size="xs" variant="default" onClick={() => void runBulk('release').then(reportBulk)}>
            {t('queue.bulk.release')}
          </Button>
          <Button size="xs" variant="default" onClick={() => void runBulk('forward').then(reportBulk)}>
            {t('queue.bulk.forward')}
          </Button>
          <Button size="xs" variant="subtle" onClick={clearSelection}>
            {t('queue.bulk.clear')}
          </Button>
        </Group>
      ) : null}

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
              label={t('queue.gridLabel', { tab: tabLabel })}
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
        </Tabs.Panel>
      </Tabs>

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

function rangeChange(start: number, end: number): void {
  void ensureRange(start, end)
}
