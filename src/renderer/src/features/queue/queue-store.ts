import type { EventPayloads } from '../../../../shared/contract'
import type { Service } from '../../../../shared/catalogue'
import type {
  QueueCounts,
  QueueHolder,
  QueuePage,
  QueueQuery,
  QueueRow,
  QueueSort,
  QueueTab,
  QueueView,
  SavedQueueView
} from '../../../../shared/queue'
import type { AppError, Result } from '../../../../shared/result'
import type { ReportSlice } from '../../../../shared/reports/definitions'
import { call, on } from '../../lib/api'
import { featureStore } from '../../lib/feature-store'

/*
 * The queue's state: one tab, one search text, one sort, and the rows of that list loaded page by
 * page as the clerk scrolls (the list can be 100,000 rows long; only what is near the viewport is
 * ever asked for). A change arriving from sync or from this workstation re-reads the counters and
 * the pages on screen while the old rows stay visible, so the list never flashes empty.
 *
 * Actions are plain functions over a vanilla store: callable from event handlers, from other
 * stores' subscriptions and from tests, without React.
 */

export const PAGE_SIZE = 100
/** Sync can deliver a burst of changes; one re-read per burst is enough. */
export const REFRESH_DELAY_MS = 120

/** The filters of the list (each null = not filtered). */
export type QueueFilters = Pick<QueueView, 'serviceId' | 'category' | 'status' | 'channel' | 'holderClerkId' | 'dueWithinDays'>
export const NO_FILTERS: QueueFilters = {
  serviceId: null,
  category: null,
  status: null,
  channel: null,
  holderClerkId: null,
  dueWithinDays: null
}

export interface QueueState {
  tab: QueueTab
  search: string
  sort: QueueSort
  filters: QueueFilters
  /** A search looks everywhere (default) or only in the current tab. */
  searchScope: 'everywhere' | 'tab'
  /** The search matched more than the list shows (newest first). */
  capped: boolean
  /** Rows ticked for a bulk action, by application id, with what the list showed of them. */
  selected: Readonly<Record<string, QueueRow>>
  /** Where a Shift-extended selection started. */
  anchorIndex: number | null
  /** Rows of the current list by page index; a missing page is not loaded (yet). */
  pages: Readonly<Record<number, readonly QueueRow[]>>
  /** Length of the current list; null until the first page of it answers. */
  total: number | null
  searchHint: QueuePage['searchHint']
  counts: QueueCounts | null
  /** Index of the keyboard-active row in the current list. */
  activeIndex: number
  error: AppError | null
  /** What the filter pickers offer: the catalogue's services, the clerks seen holding applications, this clerk's saved views. */
  services: readonly Service[]
  holders: readonly QueueHolder[]
  views: readonly SavedQueueView[]
  /** Opened from a dashboard figure: exactly its applications, whatever the tab (issue 18). */
  report: ReportSlice | null
}

const initialState = (): QueueState => ({
  tab: 'new',
  search: '',
  sort: 'deadline',
  filters: NO_FILTERS,
  searchScope: 'everywhere',
  capped: false,
  selected: {},
  anchorIndex: null,
  pages: {},
  total: null,
  searchHint: null,
  counts: null,
  activeIndex: 0,
  error: null,
  services: [],
  holders: [],
  views: [],
  report: null
})

export const { store: queueStore, use: useQueue } = featureStore<QueueState>(initialState)

// Bookkeeping that no component renders: which request generation is current, what is in flight,
// which rows the list shows. A response of an older generation (the clerk switched tabs meanwhile)
// is dropped instead of painting another tab's rows.
let generation = 0
const inFlight = new Set<number>()
let visible = { start: 0, end: PAGE_SIZE - 1 }
let countsRequest = 0
let refreshTimer: ReturnType<typeof setTimeout> | null = null

export function resetQueueStore(): void {
  generation++
  inFlight.clear()
  visible = { start: 0, end: PAGE_SIZE - 1 }
  countsRequest++
  if (refreshTimer) clearTimeout(refreshTimer)
  refreshTimer = null
  queueStore.setState(initialState(), true)
}

export function rowAt(state: Pick<QueueState, 'pages'>, index: number): QueueRow | undefined {
  return state.pages[Math.floor(index / PAGE_SIZE)]?.[index % PAGE_SIZE]
}

function pagesFor(start: number, end: number): number[] {
  const first = Math.max(0, Math.floor(start / PAGE_SIZE))
  const last = Math.max(first, Math.floor(Math.max(start, end) / PAGE_SIZE))
  const out: number[] = []
  for (let p = first; p <= last; p++) out.push(p)
  return out
}

async function loadPage(page: number, gen: number): Promise<void> {
  inFlight.add(page)
  const result = await call('queue.list', { ...currentQuery(), offset: page * PAGE_SIZE, limit: PAGE_SIZE })
  if (gen !== generation) return
  inFlight.delete(page)
  if (!result.ok) {
    queueStore.setState({ error: result.error })
    return
  }
  const { rows, total, searchHint, capped } = result.value
  queueStore.setState((s) => {
    const pages: Record<number, readonly QueueRow[]> = { ...s.pages, [page]: rows }
    // The list may have shrunk since other pages were read: drop pages past its new end.
    const lastPage = Math.floor(Math.max(total - 1, 0) / PAGE_SIZE)
    for (const key of Object.keys(pages)) if (Number(key) > lastPage) delete pages[Number(key)]
    return {
      pages,
      total,
      searchHint,
      capped,
      error: null,
      activeIndex: Math.min(s.activeIndex, Math.max(total - 1, 0))
    }
  })
}

/** What the list asks the back end, without the page. */
export function currentQuery(): QueueQuery {
  const { tab, search, sort, filters, searchScope, report } = queueStore.getState()
  return { tab, search, sort, searchScope, ...filters, ...(report ? { report } : {}) }
}

/** Starts over for a new tab, search or sort: rows of the old list must not linger. */
function reload(): Promise<void> {
  generation++
  inFlight.clear()
  visible = { start: 0, end: PAGE_SIZE - 1 }
  queueStore.setState({ pages: {}, total: null, searchHint: null, capped: false, error: null, activeIndex: 0, anchorIndex: null })
  return loadPage(0, generation)
}

/** The list tells the store which rows are (nearly) on screen; missing pages are fetched. */
export function ensureRange(start: number, end: number): Promise<void> {
  visible = { start, end }
  const { pages } = queueStore.getState()
  const loads = pagesFor(start, end)
    .filter((p) => pages[p] === undefined && !inFlight.has(p))
    .map((p) => loadPage(p, generation))
  return Promise.all(loads).then(() => undefined)
}

export async function loadCounts(): Promise<void> {
  const request = ++countsRequest
  const result = await call('queue.counts', {})
  if (request !== countsRequest) return
  if (result.ok) queueStore.setState({ counts: result.value })
}

/** Re-reads the counters and the pages on screen, keeping the current rows until the new ones arrive. */
export function refresh(): Promise<void> {
  generation++
  const gen = generation
  inFlight.clear()
  const keep = new Set(pagesFor(visible.start, visible.end))
  queueStore.setState((s) => {
    const pages: Record<number, readonly QueueRow[]> = {}
    for (const p of keep) {
      const rows = s.pages[p]
      if (rows) pages[p] = rows
    }
    return { pages }
  })
  return Promise.all([loadCounts(), ...[...keep].map((p) => loadPage(p, gen))]).then(() => undefined)
}

export function scheduleRefresh(): void {
  if (refreshTimer) return
  refreshTimer = setTimeout(() => {
    refreshTimer = null
    void refresh()
  }, REFRESH_DELAY_MS)
}

/**
 * The screen appears: the first time it loads the counters and the first page; coming back from an
 * application it re-reads what was on screen, so the clerk's place in the list (tab, search, the
 * active row) is kept.
 */
export function start(): Promise<void> {
  if (queueStore.getState().total !== null) return refresh()
  return Promise.all([loadCounts(), reload()]).then(() => undefined)
}

export function setTab(tab: QueueTab): Promise<void> {
  const s = queueStore.getState()
  if (s.tab === tab && s.total !== null && s.report === null) return Promise.resolve()
  // A tab chosen by the clerk ends a dashboard drill-down.
  queueStore.setState({ tab, report: null })
  return reload()
}

export function setSearch(search: string): Promise<void> {
  const text = search.trim()
  if (queueStore.getState().search === text && queueStore.getState().total !== null) return Promise.resolve()
  queueStore.setState({ search: text })
  return reload()
}

export function setSort(sort: QueueSort): Promise<void> {
  if (queueStore.getState().sort === sort) return Promise.resolve()
  queueStore.setState({ sort })
  return reload()
}

export function setFilters(change: Partial<QueueFilters>): Promise<void> {
  queueStore.setState((s) => ({ filters: { ...s.filters, ...change } }))
  return reload()
}

export function setSearchScope(searchScope: 'everywhere' | 'tab'): Promise<void> {
  if (queueStore.getState().searchScope === searchScope) return Promise.resolve()
  queueStore.setState({ searchScope })
  return reload()
}

/**
 * The queue as a dashboard figure counted it: the report slice alone (no search, no filters); the
 * screen loads it when it appears (start() sees no list yet).
 */
export function openReport(report: ReportSlice): void {
  generation++
  inFlight.clear()
  queueStore.setState({ report, search: '', filters: NO_FILTERS, pages: {}, total: null, searchHint: null, capped: false, activeIndex: 0 })
}

/** Leaves the drill-down for the tab the queue was on. */
export function clearReport(): Promise<void> {
  queueStore.setState({ report: null })
  return reload()
}

/** Applies a saved view: its tab, filters and sort at once, one reload. */
export function applyView(view: QueueView): Promise<void> {
  const { tab, sort, ...filters } = view
  queueStore.setState({ tab, sort, filters: { ...NO_FILTERS, ...filters } })
  return reload()
}

/** The current tab, filters and sort, as a view to save. */
export function currentView(): QueueView {
  const { tab, sort, filters } = queueStore.getState()
  return { tab, sort, ...filters }
}

/** Loads what the filter pickers offer; a picker whose list does not load stays empty ("any"). */
export async function loadPickers(): Promise<void> {
  await Promise.all([
    call('catalogue.list', {}).then((r) => r.ok && queueStore.setState({ services: r.value })),
    call('queue.holders', {}).then((r) => r.ok && queueStore.setState({ holders: r.value })),
    loadViews()
  ])
}

async function loadViews(): Promise<void> {
  const result = await call('views.list', {})
  if (result.ok) queueStore.setState({ views: result.value })
}

/** Saves the current tab, filters and sort under `name` (the same name replaces that view). */
export async function saveCurrentView(name: string): Promise<Result<SavedQueueView>> {
  const result = await call('views.save', { name, view: currentView() })
  if (result.ok) void loadViews()
  return result
}

/** Ticks or unticks one row (Space, the checkbox); with `extend`, every row from the anchor to it. */
export function toggleSelected(index: number, extend = false): void {
  const s = queueStore.getState()
  const row = rowAt(s, index)
  if (!row) return
  const selected: Record<string, QueueRow> = { ...s.selected }
  if (extend && s.anchorIndex !== null) {
    const [from, to] = s.anchorIndex <= index ? [s.anchorIndex, index] : [index, s.anchorIndex]
    for (let i = from; i <= to; i++) {
      const r = rowAt(s, i)
      if (r) selected[r.id] = r
    }
  } else if (selected[row.id]) {
    delete selected[row.id]
  } else {
    selected[row.id] = row
  }
  queueStore.setState({ selected, anchorIndex: extend && s.anchorIndex !== null ? s.anchorIndex : index })
}

export function clearSelection(): void {
  queueStore.setState({ selected: {}, anchorIndex: null })
}

export function setActive(index: number): void {
  const { total } = queueStore.getState()
  if (total === null || total === 0) return
  queueStore.setState({ activeIndex: Math.min(Math.max(index, 0), total - 1) })
}

export function moveActive(delta: number): void {
  setActive(queueStore.getState().activeIndex + delta)
}

export function activeRow(): QueueRow | undefined {
  const s = queueStore.getState()
  return rowAt(s, s.activeIndex)
}

/** First come, first served: the portal decides, the list shows the claim as pending until then. */
export async function claim(row: QueueRow): Promise<Result<{ commandId: string; seq: number }>> {
  const result = await call('command.submit', { type: 'claim', applicationId: row.id, payload: {} })
  // The back end also announces the change; re-reading now keeps the list snappy when it is slow to.
  if (result.ok) scheduleRefresh()
  return result
}

export async function release(row: QueueRow): Promise<Result<{ commandId: string; seq: number }>> {
  const result = await call('command.submit', { type: 'release', applicationId: row.id, payload: { force: false, reason: '' } })
  if (result.ok) scheduleRefresh()
  return result
}

export type BulkAction = 'claim' | 'release' | 'forward'

export interface BulkOutcome {
  action: BulkAction
  done: number
  total: number
  /** Failures, each with the row as the list showed it and why. */
  failed: { row: QueueRow; error: AppError }[]
}

/** One command per ticked application, one after another; the ones that went through are unticked. */
export async function runBulk(action: BulkAction): Promise<BulkOutcome> {
  const rows = Object.values(queueStore.getState().selected)
  const failed: BulkOutcome['failed'] = []
  for (const row of rows) {
    const result =
      action === 'claim'
        ? await call('command.submit', { type: 'claim', applicationId: row.id, payload: {} })
        : action === 'release'
          ? await call('command.submit', { type: 'release', applicationId: row.id, payload: { force: false, reason: '' } })
          : await call('command.submit', { type: 'forward', applicationId: row.id, payload: { body: '' } })
    if (!result.ok) failed.push({ row, error: result.error })
  }
  const keep = new Set(failed.map((f) => f.row.id))
  queueStore.setState((s) => ({ selected: Object.fromEntries(Object.entries(s.selected).filter(([id]) => keep.has(id))) }))
  scheduleRefresh()
  return { action, done: rows.length - failed.length, total: rows.length, failed }
}

export interface QueueLiveHandlers {
  onArrived?: (payload: EventPayloads['application.arrived']) => void
}

/**
 * Keeps the counters and rows live: a change from sync or from this workstation re-reads them; a new
 * application bumps the counters at once and lets the UI show a toast. Returns the unsubscribe.
 */
export function startLiveUpdates(handlers: QueueLiveHandlers = {}): () => void {
  const offChanged = on('applications.changed', () => scheduleRefresh())
  const offArrived = on('application.arrived', (payload) => {
    void loadCounts()
    scheduleRefresh()
    handlers.onArrived?.(payload)
  })
  return () => {
    offChanged()
    offArrived()
  }
}
