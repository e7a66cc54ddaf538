import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { QueueCounts, QueuePage, QueueQuery } from '../../../../shared/queue'
import { setClockForTests } from '../../lib/clock'
import { fakeBridge, makeRow, type FakeBridge } from '../../lib/testing/fake-bridge'
import { renderWithProviders, withViewport } from '../../lib/testing/render'
import { openReport, queueStore, resetQueueStore } from './queue-store'
import { QueueScreen } from './QueueScreen'
import type { QueueShortcutKeys } from './queue-shortcuts'

const COUNTS: QueueCounts = { new: 120, mine: 2, waiting: 0, due: 5, forwarded: 1, all: 128, history: 9 }

function setup(over: { singleKeyShortcuts?: boolean; shortcutKeys?: QueueShortcutKeys; list?: (q: QueueQuery) => QueuePage } = {}) {
  const rows = Array.from({ length: 120 }, (_, i) => makeRow(i))
  const fake: FakeBridge = fakeBridge({
    'queue.counts': () => ({ ok: true, value: COUNTS }),
    'queue.list': (q) => ({
      ok: true,
      value: over.list?.(q) ?? {
        rows: rows.slice(q.offset ?? 0, (q.offset ?? 0) + (q.limit ?? 100)),
        total: rows.length,
        searchHint: null,
        capped: false
      }
    }),
    'command.submit': () => ({ ok: true, value: { commandId: 'c1', seq: 1 } })
  })
  const onOpen = vi.fn()
  renderWithProviders(
    <QueueScreen
      onOpen={onOpen}
      rowHref={(id) => `#/application/${id}`}
      singleKeyShortcuts={over.singleKeyShortcuts ?? true}
      shortcutKeys={over.shortcutKeys ?? { search: '/', help: '?', next: 'j', prev: 'k', claim: 'c' }}
      shortcutsSetting={<span>перемикач</span>}
    />
  )
  return { fake, onOpen }
}

let restore: () => void = () => undefined
beforeEach(() => {
  resetQueueStore()
  setClockForTests(() => Date.parse('2026-11-30T10:00:00+02:00'))
  restore = withViewport()
})
afterEach(() => restore())

const key = (k: string, target: Element = document.body) => fireEvent.keyDown(target, { key: k })

describe('QueueScreen', () => {
  it('opened from a figure of a period: the notice names the period', async () => {
    openReport({ figure: 'received', period: { from: '2026-11-01', to: '2026-11-30' } })
    setup({ list: (q) => ({ rows: [makeRow(0)], total: q.report ? 1 : 120, searchHint: null, capped: false }) })
    expect(await screen.findByText('Зі звіту: надійшли, 01.11.2026–30.11.2026')).toBeTruthy()
  })

  it('opened from a dashboard figure: asks for exactly that slice, says so, and can go back to the whole queue', async () => {
    const report = { figure: 'overdue_now' as const, period: { from: '2026-11-01', to: '2026-11-30' } }
    openReport(report)
    const { fake } = setup({ list: (q) => ({ rows: [makeRow(0)], total: q.report ? 1 : 120, searchHint: null, capped: false }) })
    // A figure of "now" is not narrowed by the dashboard's period, so the notice names no period.
    expect(await screen.findByText('Зі звіту: прострочені зараз')).toBeTruthy()
    expect(fake.callsOf('queue.list')[0]).toMatchObject({ report, search: '', serviceId: null })
    // They come from every tab: no tab is current, and the grid is named after the figure, not after a tab.
    await screen.findByRole('grid', { name: 'Заявки: прострочені зараз' })
    expect(screen.getAllByRole('tab').filter((t) => t.getAttribute('aria-selected') === 'true')).toEqual([])
    fireEvent.click(screen.getByRole('button', { name: 'Показати всю чергу' }))
    await waitFor(() => expect(fake.callsOf('queue.list').at(-1)).not.toHaveProperty('report'))
    expect(screen.queryByText(/Зі звіту/)).toBeNull()
    expect(screen.getByRole('tab', { name: /Нові/ }).getAttribute('aria-selected')).toBe('true')
  })

  it('choosing a tab during a drill-down ends it, the tab the queue was on too', async () => {
    openReport({ figure: 'overdue_now', period: { from: '2026-11-01', to: '2026-11-30' } })
    const { fake } = setup({ list: (q) => ({ rows: [makeRow(0)], total: q.report ? 1 : 120, searchHint: null, capped: false }) })
    await screen.findByRole('grid', { name: 'Заявки: прострочені зараз' })
    fireEvent.click(screen.getByRole('tab', { name: /Нові/ }))
    await waitFor(() => expect(fake.callsOf('queue.list').at(-1)).not.toHaveProperty('report'))
    expect(fake.callsOf('queue.list').at(-1)).toMatchObject({ tab: 'new' })
    expect(await screen.findByRole('grid', { name: 'Заявки: Нові' })).toBeTruthy()
    expect(screen.queryByText(/Зі звіту/)).toBeNull()
  })

  it('shows the tabs with their counters and the first rows', async () => {
    setup()
    await screen.findByRole('grid')
    const tabs = screen.getAllByRole('tab')
    expect(tabs.map((t) => t.textContent)).toEqual([
      'Нові120',
      'Мої в роботі2',
      'Чекають заявника0',
      'Сьогодні й прострочені5',
      'Передані1',
      'Усі128',
      'Історія9'
    ])
    expect(tabs[0]?.getAttribute('aria-selected')).toBe('true')
    expect(screen.getByText('120 заявок')).toBeTruthy()
    expect(screen.getAllByRole('row').length).toBeGreaterThan(5)
  })

  it('switches tabs through the store', async () => {
    const { fake } = setup()
    await screen.findByRole('grid')
    fireEvent.click(screen.getByRole('tab', { name: /Мої в роботі/ }))
    await waitFor(() => expect((fake.callsOf('queue.list').at(-1) as QueueQuery).tab).toBe('mine'))
  })

  it('j/k move the active row, Enter opens it, c claims it', async () => {
    const { fake, onOpen } = setup()
    const grid = await screen.findByRole('grid')
    key('j')
    key('j')
    key('k')
    expect(queueStore.getState().activeIndex).toBe(1)
    expect(document.activeElement).toBe(grid)
    key('Enter', grid)
    expect(onOpen).toHaveBeenCalledWith('app-2')
    await act(async () => {
      key('c')
    })
    await waitFor(() => expect(fake.callsOf('command.submit')).toEqual([{ type: 'claim', applicationId: 'app-2', payload: {} }]))
  })

  it('remapped keys replace the defaults (WCAG 2.1.4)', async () => {
    const { fake } = setup({ shortcutKeys: { search: 's', help: 'h', next: 'n', prev: 'p', claim: 'x' } })
    await screen.findByRole('grid')
    key('n')
    expect(queueStore.getState().activeIndex).toBe(1)
    await act(async () => {
      key('c')
    })
    expect(fake.callsOf('command.submit')).toEqual([])
    await act(async () => {
      key('x')
    })
    await waitFor(() => expect(fake.callsOf('command.submit')).toEqual([{ type: 'claim', applicationId: 'app-2', payload: {} }]))
    key('s')
    expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: /Пошук/ }))
  })

  it('/ focuses the search box and ? opens the cheat sheet', async () => {
    setup()
    await screen.findByRole('grid')
    key('/')
    expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: /Пошук/ }))
    key('?')
    const dialog = await screen.findByRole('dialog', { name: 'Клавіатурні скорочення' })
    expect(within(dialog).getByText('перемикач')).toBeTruthy()
  })

  it('letters typed into the search box are text, not shortcuts', async () => {
    setup()
    await screen.findByRole('grid')
    const search = screen.getByRole('searchbox')
    search.focus()
    key('j', search)
    expect(queueStore.getState().activeIndex).toBe(0)
  })

  it('single-key shortcuts can be turned off (WCAG 2.1.4); arrows still work', async () => {
    setup({ singleKeyShortcuts: false })
    const grid = await screen.findByRole('grid')
    key('j')
    key('/')
    expect(queueStore.getState().activeIndex).toBe(0)
    expect(screen.queryByRole('dialog')).toBeNull()
    key('ArrowDown', grid)
    expect(queueStore.getState().activeIndex).toBe(1)
  })

  it('a mistyped number shows the check-digit hint and offers the suggestion', async () => {
    const { fake } = setup({
      list: (q) =>
        q.search === '001-000457-4'
          ? { rows: [], total: 0, searchHint: { kind: 'check_digit', suggestion: '001-000457-3' }, capped: false }
          : { rows: [makeRow(456)], total: 1, searchHint: null, capped: false }
    })
    await screen.findByRole('grid')
    const search = screen.getByRole('searchbox')
    fireEvent.change(search, { target: { value: '001-000457-4' } })
    fireEvent.keyDown(search, { key: 'Enter' })
    expect(await screen.findByText('Перевірте номер: контрольна цифра не збігається.')).toBeTruthy()
    expect(screen.getByText('Можливо, ви мали на увазі 001-000457-3?')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Шукати 001-000457-3' }))
    await waitFor(() => expect((fake.callsOf('queue.list').at(-1) as QueueQuery).search).toBe('001-000457-3'))
    expect(await screen.findByText(/^Знайдено 1 заявку/)).toBeTruthy()
  })
})

describe('QueueScreen shortcuts next to non-text inputs', () => {
  beforeEach(() => resetQueueStore())
  it('a focused radio button (the language switch) does not swallow shortcuts', async () => {
    setup()
    await screen.findByRole('grid')
    const radio = document.createElement('input')
    radio.type = 'radio'
    document.body.appendChild(radio)
    radio.focus()
    key('/', radio)
    expect(document.activeElement).toBe(screen.getByRole('searchbox'))
    radio.remove()
  })

  it('filters: a choice sets the store filter and the list query, «Усі» clears it back to null', async () => {
    const { fake } = setup()
    await screen.findByRole('grid')
    fireEvent.change(screen.getByLabelText('Строк'), { target: { value: '0' } })
    await waitFor(() => expect(queueStore.getState().filters.dueWithinDays).toBe(0))
    fireEvent.change(screen.getByLabelText('Канал'), { target: { value: 'walk_in' } })
    await waitFor(() => expect(queueStore.getState().filters.channel).toBe('walk_in'))
    const lastList = () => fake.callsOf('queue.list').at(-1) as QueueQuery | undefined
    await waitFor(() => expect(lastList()).toMatchObject({ dueWithinDays: 0, channel: 'walk_in' }))
    fireEvent.change(screen.getByLabelText('Строк'), { target: { value: '' } })
    await waitFor(() => expect(queueStore.getState().filters.dueWithinDays).toBeNull())
    expect(queueStore.getState().filters.channel).toBe('walk_in')
  })
})
