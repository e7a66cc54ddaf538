import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Service } from '../../../../shared/catalogue'
import type { QueueCounts, QueuePage, QueueQuery, SavedQueueView } from '../../../../shared/queue'
import { fakeBridge, flush, makeRow, type FakeBridge } from '../../lib/testing/fake-bridge'
import {
  claim,
  ensureRange,
  loadPickers,
  NO_FILTERS,
  PAGE_SIZE,
  queueStore,
  REFRESH_DELAY_MS,
  resetQueueStore,
  rowAt,
  saveCurrentView,
  setActive,
  setSearch,
  setTab,
  start,
  startLiveUpdates
} from './queue-store'

const COUNTS: QueueCounts = { new: 250, mine: 3, waiting: 1, due: 7, forwarded: 2, all: 263, history: 40 }

function queueFake(total = 250): FakeBridge & { counts: QueueCounts } {
  const state = { counts: { ...COUNTS } }
  const rows = Array.from({ length: total }, (_, i) => makeRow(i))
  const fake = fakeBridge({
    'queue.counts': () => ({ ok: true, value: { ...state.counts } }),
    'queue.list': (input: QueueQuery) => {
      const offset = input.offset ?? 0
      const limit = input.limit ?? 100
      const list = input.tab === 'mine' ? rows.slice(0, 3) : rows
      const page: QueuePage = { rows: list.slice(offset, offset + limit), total: list.length, searchHint: null, capped: false }
      return { ok: true, value: page }
    },
    'command.submit': () => ({ ok: true, value: { commandId: 'cmd-1', seq: 1 } })
  })
  return Object.assign(fake, state)
}

const offsets = (fake: FakeBridge): number[] => fake.callsOf('queue.list').map((i) => (i as QueueQuery).offset ?? -1)

beforeEach(() => resetQueueStore())

describe('queue store: paging', () => {
  it('loads the counters and the first page on start', async () => {
    const fake = queueFake()
    await start()
    const s = queueStore.getState()
    expect(s.counts).toEqual(COUNTS)
    expect(s.total).toBe(250)
    expect(Object.keys(s.pages)).toEqual(['0'])
    expect(rowAt(s, 0)?.id).toBe('app-1')
    expect(rowAt(s, 150)).toBeUndefined()
    expect(fake.callsOf('queue.list')).toEqual([
      {
        tab: 'new',
        search: '',
        sort: 'deadline',
        searchScope: 'everywhere',
        serviceId: null,
        category: null,
        status: null,
        channel: null,
        holderClerkId: null,
        dueWithinDays: null,
        offset: 0,
        limit: PAGE_SIZE
      }
    ])
  })

  it('fetches only the pages the list scrolls to, each once', async () => {
    const fake = queueFake()
    await start()
    await ensureRange(140, 175)
    await ensureRange(150, 199)
    await ensureRange(190, 230)
    expect(offsets(fake)).toEqual([0, 100, 200])
    const s = queueStore.getState()
    expect(rowAt(s, 150)?.id).toBe('app-151')
    expect(rowAt(s, 249)?.id).toBe('app-250')
  })

  it('does not ask twice for a page already in flight', async () => {
    const fake = queueFake()
    await start()
    const a = ensureRange(100, 120)
    const b = ensureRange(101, 121)
    await Promise.all([a, b])
    expect(offsets(fake)).toEqual([0, 100])
  })

  it('a new tab starts over from the first page and resets the active row', async () => {
    const fake = queueFake()
    await start()
    await ensureRange(120, 130)
    setActive(120)
    await setTab('mine')
    const s = queueStore.getState()
    expect(s.tab).toBe('mine')
    expect(s.total).toBe(3)
    expect(s.activeIndex).toBe(0)
    expect(Object.keys(s.pages)).toEqual(['0'])
    expect((fake.callsOf('queue.list').at(-1) as QueueQuery).tab).toBe('mine')
  })

  it('drops an answer for a list the clerk has already left', async () => {
    const fake = queueFake()
    let release: () => void = () => undefined
    const slowAll = fake.handlers['queue.list']
    fake.handlers['queue.list'] = (input) =>
      input.tab === 'all'
        ? new Promise((resolve) => {
            release = () =>
              resolve({ ok: true, value: { rows: [makeRow(999, { id: 'stale' })], total: 1, searchHint: null, capped: false } })
          })
        : (slowAll?.(input) as ReturnType<NonNullable<typeof slowAll>>)
    const pending = setTab('all')
    await setTab('new')
    release()
    await pending
    const s = queueStore.getState()
    expect(s.tab).toBe('new')
    expect(rowAt(s, 0)?.id).toBe('app-1')
    expect(s.total).toBe(250)
  })

  it('keeps the search hint of a mistyped number', async () => {
    const fake = queueFake()
    fake.handlers['queue.list'] = () => ({
      ok: true,
      value: { rows: [], total: 0, searchHint: { kind: 'check_digit', suggestion: '001-000457-3' }, capped: false }
    })
    await setSearch(' 001-000457-4 ')
    const s = queueStore.getState()
    expect(s.search).toBe('001-000457-4')
    expect(s.searchHint).toEqual({ kind: 'check_digit', suggestion: '001-000457-3' })
    expect(s.total).toBe(0)
  })

  it('shows the back end error and keeps going', async () => {
    const fake = queueFake()
    fake.handlers['queue.list'] = () => ({ ok: false, error: { code: 'unavailable', message: 'Немає зв’язку' } })
    await start()
    expect(queueStore.getState().error?.code).toBe('unavailable')
  })
})

describe('queue store: live updates', () => {
  it('re-reads the counters and the visible pages on applications.changed, once per burst', async () => {
    vi.useFakeTimers()
    const fake = queueFake()
    await start()
    await ensureRange(100, 130)
    const stop = startLiveUpdates()
    fake.counts.new = 249
    fake.counts.mine = 4
    fake.emit('applications.changed', { ids: ['app-1'], source: 'local' })
    fake.emit('applications.changed', { ids: ['app-2'], source: 'sync' })
    fake.emit('applications.changed', { ids: ['app-3'], source: 'sync' })
    expect(queueStore.getState().counts?.new).toBe(250)
    await vi.advanceTimersByTimeAsync(REFRESH_DELAY_MS + 1)
    await flush()
    expect(queueStore.getState().counts).toMatchObject({ new: 249, mine: 4 })
    expect(fake.callsOf('queue.counts')).toHaveLength(2)
    // Only page 1 is on screen: it is re-read, page 0 is dropped and reloads when scrolled back to.
    expect(offsets(fake)).toEqual([0, 100, 100])
    expect(rowAt(queueStore.getState(), 120)?.id).toBe('app-121')
    stop()
    fake.emit('applications.changed', { ids: [], source: 'sync' })
    await vi.advanceTimersByTimeAsync(REFRESH_DELAY_MS + 1)
    expect(fake.callsOf('queue.counts')).toHaveLength(2)
  })

  it('keeps showing the old rows while they are re-read (no empty flash)', async () => {
    vi.useFakeTimers()
    const fake = queueFake()
    await start()
    const stop = startLiveUpdates()
    let release: () => void = () => undefined
    const normal = fake.handlers['queue.list']
    fake.handlers['queue.list'] = (input) =>
      new Promise((resolve) => {
        release = () => resolve(normal?.(input) as never)
      })
    fake.emit('applications.changed', { ids: ['app-1'], source: 'sync' })
    await vi.advanceTimersByTimeAsync(REFRESH_DELAY_MS + 1)
    expect(rowAt(queueStore.getState(), 0)?.id).toBe('app-1')
    release()
    await flush()
    expect(rowAt(queueStore.getState(), 0)?.id).toBe('app-1')
    stop()
  })

  it('a new application bumps the counters at once and reaches the toast', async () => {
    const fake = queueFake()
    await start()
    const onArrived = vi.fn()
    const stop = startLiveUpdates({ onArrived })
    fake.counts.new = 251
    const payload = { id: 'app-900', orderNumber: '001-000900-5', serviceNameUk: 'Паспорт', serviceNameEn: 'Passport' }
    fake.emit('application.arrived', payload)
    await flush()
    expect(onArrived).toHaveBeenCalledWith(payload)
    expect(queueStore.getState().counts?.new).toBe(251)
    stop()
  })
})

describe('queue store: claim', () => {
  it('submits a claim command for the row', async () => {
    const fake = queueFake()
    await start()
    const row = rowAt(queueStore.getState(), 4)
    if (!row) throw new Error('row 4 not loaded')
    const result = await claim(row)
    expect(result.ok).toBe(true)
    expect(fake.callsOf('command.submit')).toEqual([{ type: 'claim', applicationId: 'app-5', payload: {} }])
  })
})

describe('the filter pickers', () => {
  it('loads the services, holders and saved views into the store, and a saved view appears among them', async () => {
    const service: Service = {
      id: 'svc-1',
      national_code: null,
      name_uk: 'Послуга',
      name_en: 'Service',
      category_uk: 'Реєстрація',
      category_en: 'Registration',
      term: { value: 5, unit: 'working_days' },
      fee: { kind: 'free', amount_uah: null, share_of_subsistence: null },
      documents: [],
      outcomes: [],
      refusal_grounds_uk: [],
      stages: [],
      result_uk: 'Довідка',
      result_en: 'Certificate',
      verified: false
    }
    const views: SavedQueueView[] = [
      { id: 'v1', name: 'Мої прострочені', view: { tab: 'mine', sort: 'deadline', ...NO_FILTERS }, updatedAt: '2026-11-27T08:00:00.000Z' }
    ]
    const fake = fakeBridge({
      'catalogue.list': () => ({ ok: true, value: [service] }),
      'queue.holders': () => ({ ok: true, value: [{ clerkId: 'c1', name: 'Олена Коваль' }] }),
      'views.list': () => ({ ok: true, value: views }),
      'views.save': (input) => {
        const saved: SavedQueueView = {
          id: 'v2',
          name: input.name,
          view: { ...NO_FILTERS, sort: 'deadline', ...input.view },
          updatedAt: '2026-11-27T09:00:00.000Z'
        }
        views.push(saved)
        return { ok: true, value: saved }
      }
    })
    await loadPickers()
    expect(queueStore.getState().services.map((s) => s.id)).toEqual(['svc-1'])
    expect(queueStore.getState().holders.map((h) => h.name)).toEqual(['Олена Коваль'])
    expect(queueStore.getState().views.map((v) => v.name)).toEqual(['Мої прострочені'])

    const result = await saveCurrentView('Нові')
    expect(result.ok).toBe(true)
    expect(fake.callsOf('views.save')).toEqual([{ name: 'Нові', view: expect.objectContaining({ tab: 'new', sort: 'deadline' }) }])
    await flush()
    expect(queueStore.getState().views.map((v) => v.name)).toEqual(['Мої прострочені', 'Нові'])
  })
})
