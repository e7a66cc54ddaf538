import { act, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { QueueRow } from '../../../../shared/queue'
import { i18n } from '../../lib/i18n'
import { makeRow } from '../../lib/testing/fake-bridge'
import { renderWithProviders, withViewport } from '../../lib/testing/render'
import { QueueGrid, type QueueGridProps } from './QueueGrid'

const NOW = Date.parse('2026-11-30T10:00:00+02:00')

const rows: QueueRow[] = [
  makeRow(0, { dueAt: '2026-11-27T23:59:59+02:00', holderName: 'Олена Коваль', status: 'in_review', sync: 'pending' }),
  makeRow(1, { dueAt: '2026-11-30T18:00:00+02:00' }),
  makeRow(2, { dueAt: '2026-12-02T23:59:59+02:00', sync: 'rejected' }),
  makeRow(3, { dueAt: '2026-12-07T23:59:59+02:00' }),
  makeRow(4, { paused: true, status: 'needs_correction' })
]

let restore: () => void = () => undefined
beforeEach(() => {
  restore = withViewport()
})
afterEach(() => restore())

function renderGrid(over: Partial<QueueGridProps> = {}) {
  const props: QueueGridProps = {
    id: 'g',
    label: 'Заявки: Нові',
    total: 1000,
    getRow: (i) => rows[i],
    activeIndex: 0,
    nowMs: NOW,
    onActiveChange: vi.fn(),
    onOpen: vi.fn(),
    onRangeChange: vi.fn(),
    isSelected: () => false,
    onToggleSelect: vi.fn(),
    rowHref: (r) => `#/application/${r.id}`,
    ...over
  }
  renderWithProviders(<QueueGrid {...props} />)
  return props
}

describe('QueueGrid', () => {
  it('beside the status: the date a waiting applicant should answer by, and an answer that came late (issue 16)', () => {
    const own = [
      makeRow(0),
      makeRow(1, { paused: true, status: 'needs_correction', answerBy: '2026-12-14' }),
      makeRow(2, { status: 'in_review', answeredLate: true })
    ]
    renderGrid({ total: own.length, getRow: (i) => own[i] })
    const grid = screen.getByRole('grid', { name: 'Заявки: Нові' })
    const row = (n: number) => within(grid).getAllByRole('row')[n + 1] as HTMLElement
    expect(row(1).textContent).toContain('Потребує доопрацювання · відповідь до 14.12.2026')
    expect(row(2).textContent).toContain('На розгляді · відповідь після строку')
    expect(row(0).textContent).not.toContain('відповідь')
  })

  it('a test application (issue 17) shows «ТЕСТ» beside its number, with the reason for a screen reader; the others do not', async () => {
    const own = [makeRow(0), makeRow(1, { isTest: true })]
    renderGrid({ total: own.length, getRow: (i) => own[i] })
    const grid = screen.getByRole('grid', { name: 'Заявки: Нові' })
    const row = (n: number) => within(grid).getAllByRole('row')[n + 1] as HTMLElement
    expect(within(row(1)).getByTestId('test-badge').textContent).toBe(
      'ТЕСТ Тестова заява: не входить до лічильників, звітів і відкритих даних'
    )
    expect(within(row(0)).queryByTestId('test-badge')).toBeNull()
    await act(async () => {
      await i18n.changeLanguage('en')
    })
    expect(within(row(1)).getByTestId('test-badge').textContent).toContain('TEST')
    await act(async () => {
      await i18n.changeLanguage('uk')
    })
  })

  it('is a grid that knows its full length while rendering only a window of rows', () => {
    const props = renderGrid()
    const grid = screen.getByRole('grid', { name: 'Заявки: Нові' })
    expect(grid.getAttribute('aria-rowcount')).toBe('1001')
    const bodyRows = within(grid).getAllByRole('row').slice(1)
    expect(bodyRows.length).toBeGreaterThan(5)
    expect(bodyRows.length).toBeLessThan(60)
    expect(bodyRows[0]?.getAttribute('aria-rowindex')).toBe('2')
    expect(props.onRangeChange).toHaveBeenCalledWith(0, expect.any(Number))
    expect(
      within(grid)
        .getAllByRole('columnheader')
        .map((h) => h.textContent)
    ).toEqual(['Вибір', 'Номер', 'Послуга', 'Заявник', 'Надійшла', 'Строк', 'Статус', 'Виконавець', 'Синхронізація'])
  })

  it('renders each row with number, service, applicant, deadline words, status, holder and sync badge', () => {
    renderGrid()
    const [first, second, third, fourth, fifth] = screen.getAllByRole('row').slice(1)
    const cells = within(first as HTMLElement)
      .getAllByRole('gridcell')
      .map((c) => c.textContent)
    expect(cells).toEqual([
      '',
      '001-000001-0',
      'Реєстрація місця проживання',
      'Мар’яна Коваль-1',
      '20.11.2026',
      'прострочено на 3 дні',
      'На розгляді',
      'Олена Коваль',
      'очікує'
    ])
    expect(
      within(first as HTMLElement)
        .getByRole('link')
        .getAttribute('href')
    ).toBe('#/application/app-1')
    expect(second?.textContent).toContain('сьогодні, ще 8 годин')
    expect(third?.textContent).toContain('залишилось 2 робочі дні')
    expect(third?.textContent).toContain('відхилено')
    expect(fourth?.textContent).toContain('залишилось 5 робочих днів')
    expect(fifth?.textContent).toContain('зупинено')
    // Unassigned reads as words, not as a dash.
    expect(second?.textContent).toContain('не призначено')
    // The colour family is on the element, the words next to it.
    expect(first?.querySelector('[data-tone]')?.getAttribute('data-tone')).toBe('overdue')
    expect(fifth?.querySelector('[data-tone]')?.getAttribute('data-tone')).toBe('paused')
  })

  it('shows a loading row where the page has not arrived yet', () => {
    renderGrid({ activeIndex: 0 })
    const loading = screen.getAllByRole('row').find((r) => r.getAttribute('aria-rowindex') === '7')
    expect(loading?.textContent).toBe('Завантаження…')
  })

  it('marks the active row and points aria-activedescendant at it', () => {
    renderGrid({ activeIndex: 2 })
    const grid = screen.getByRole('grid')
    expect(grid.getAttribute('aria-activedescendant')).toBe('g-row-2')
    const active = document.getElementById('g-row-2')
    expect(active?.getAttribute('aria-selected')).toBe('true')
    expect(document.getElementById('g-row-1')?.getAttribute('aria-selected')).toBe('false')
  })

  it('moves with arrows, Home and End, and opens with Enter', () => {
    const props = renderGrid({ activeIndex: 2 })
    const grid = screen.getByRole('grid')
    fireEvent.keyDown(grid, { key: 'ArrowDown' })
    expect(props.onActiveChange).toHaveBeenLastCalledWith(3)
    fireEvent.keyDown(grid, { key: 'ArrowUp' })
    expect(props.onActiveChange).toHaveBeenLastCalledWith(1)
    fireEvent.keyDown(grid, { key: 'End' })
    expect(props.onActiveChange).toHaveBeenLastCalledWith(999)
    fireEvent.keyDown(grid, { key: 'Home' })
    expect(props.onActiveChange).toHaveBeenLastCalledWith(0)
    fireEvent.keyDown(grid, { key: 'Enter' })
    expect(props.onOpen).toHaveBeenCalledWith(rows[2])
  })

  it('selects on click and opens on double click', () => {
    const props = renderGrid()
    const row = document.getElementById('g-row-3') as HTMLElement
    fireEvent.click(row)
    expect(props.onActiveChange).toHaveBeenLastCalledWith(3)
    fireEvent.doubleClick(row)
    expect(props.onOpen).toHaveBeenCalledWith(rows[3])
  })

  it('speaks English too', async () => {
    await act(async () => {
      await i18n.changeLanguage('en')
    })
    renderGrid()
    const first = screen.getAllByRole('row')[1] as HTMLElement
    expect(first.textContent).toContain('Registration of residence')
    expect(first.textContent).toContain('overdue by 3 days')
    expect(first.textContent).toContain('In review')
    expect(first.textContent).toContain('pending')
    expect(screen.getAllByRole('columnheader')[1]?.textContent).toBe('Number')
  })
})

describe('QueueGrid selection', () => {
  it('ticks the active row with Space and a range with Shift+Arrow', () => {
    const props = renderGrid({ activeIndex: 1 })
    const grid = screen.getByRole('grid')
    fireEvent.keyDown(grid, { key: ' ' })
    expect(props.onToggleSelect).toHaveBeenCalledWith(1, false)
    fireEvent.keyDown(grid, { key: 'ArrowDown', shiftKey: true })
    expect(props.onToggleSelect).toHaveBeenCalledWith(2, true)
  })
})
