import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Service } from '../../../../shared/catalogue'
import type { DashboardData } from '../../../../shared/reports/dashboard'
import { setClockForTests } from '../../lib/clock'
import { fakeBridge } from '../../lib/testing/fake-bridge'
import { renderWithProviders } from '../../lib/testing/render'
import { ReportsScreen } from './ReportsScreen'
import { downloadExportFile, resetReportsStore } from './reports-store'

const NOW = Date.parse('2026-03-02T10:00:00+02:00')

const service = (id: string, name: string, category: string): Service =>
  ({
    id,
    national_code: null,
    name_uk: name,
    name_en: `${name} (en)`,
    category_uk: category,
    category_en: `${category} (en)`,
    term: { value: 10, unit: 'working_days' },
    fee: { kind: 'free', amount_uah: null, share_of_subsistence: null },
    documents: [],
    outcomes: [],
    refusal_grounds_uk: [],
    stages: [],
    result_uk: null,
    result_en: null,
    verified: true
  }) satisfies Service

const data: DashboardData = {
  filter: { period: { from: '2026-02-01', to: '2026-03-02' } },
  now: '2026-03-02T08:00:00.000Z',
  days: [
    { date: '2026-03-01', received: { portal: 3, walk_in: 1 }, decided: { approved: 2, refused: 1, returned: 0 }, backlog: 7, overdue: 2 },
    { date: '2026-03-02', received: { portal: 1, walk_in: 0 }, decided: { approved: 0, refused: 0, returned: 1 }, backlog: 6, overdue: 3 }
  ],
  services: [
    {
      serviceId: 's1',
      nameUk: 'Реєстрація місця проживання',
      nameEn: 'Registration of residence',
      received: 5,
      decided: { approved: 2, refused: 1, returned: 1 },
      withinTerm: 3,
      overdue: 1,
      medianWorkingDays: 2.5
    }
  ],
  workload: [{ clerkId: 'c1', name: 'Олена Коваль', pending: 4, overdue: 1 }],
  totals: { received: 5, portalShare: 0.8, decided: 4, withinTerm: 3, overdue: 1, pendingNow: 6, overdueNow: 3 }
}

beforeEach(() => {
  setClockForTests(() => NOW)
  resetReportsStore()
})

describe('ReportsScreen', () => {
  it('shows the totals and every chart with its data as a table, and filters by period, category and channel', async () => {
    const fake = fakeBridge({
      'reports.dashboard': () => ({ ok: true, value: data }),
      'catalogue.list': () => ({
        ok: true,
        value: [service('s1', 'Реєстрація місця проживання', 'Реєстрація'), service('s2', 'Зняття з реєстрації', 'Реєстрація')]
      })
    })
    renderWithProviders(<ReportsScreen onDrill={() => undefined} />)
    expect(await screen.findByTestId('stat-Прострочено зараз')).toBeTruthy()
    expect(screen.getByTestId('stat-Прострочено зараз').textContent).toBe('3')
    expect(screen.getByText('з них через портал 80%')).toBeTruthy()
    // The default period: the last 30 Kyiv days up to today.
    expect(fake.callsOf('reports.dashboard')[0]).toEqual({ period: { from: '2026-02-01', to: '2026-03-02' } })

    // Each chart is followed by its data table (the chart's text alternative).
    const backlog = screen.getByRole('region', { name: 'У роботі та прострочені на кінець дня' })
    const rows = within(backlog).getAllByRole('row')
    expect(rows.map((r) => r.textContent)).toEqual(['ДатаУ роботіПрострочено', '01.03.202672', '02.03.202663'])
    const workload = screen.getByRole('region', { name: 'Навантаження виконавців зараз' })
    expect(within(workload).getByRole('rowheader', { name: 'Олена Коваль' })).toBeTruthy()
    const processing = screen.getByRole('region', { name: 'Медіанний час розгляду за послугами, робочих днів' })
    expect(within(processing).getAllByRole('row')[1]?.textContent).toContain('2,5')

    fireEvent.change(await screen.findByLabelText('Категорія'), { target: { value: 'Реєстрація' } })
    fireEvent.change(screen.getByLabelText('Канал'), { target: { value: 'walk_in' } })
    fireEvent.change(screen.getByLabelText('Період'), { target: { value: 'last7' } })
    fireEvent.click(screen.getByRole('button', { name: 'Показати' }))
    await waitFor(() =>
      expect(fake.callsOf('reports.dashboard').at(-1)).toEqual({
        period: { from: '2026-02-24', to: '2026-03-02' },
        serviceIds: ['s1', 's2'],
        channels: ['walk_in']
      })
    )
  })

  it('draws no bar for a service without a median, and says so when no service has one', async () => {
    const noDecisions: DashboardData = { ...data, services: data.services.map((s) => ({ ...s, medianWorkingDays: null })) }
    fakeBridge({ 'reports.dashboard': () => ({ ok: true, value: noDecisions }), 'catalogue.list': () => ({ ok: true, value: [] }) })
    renderWithProviders(<ReportsScreen onDrill={() => undefined} />)
    const processing = await screen.findByRole('region', { name: 'Медіанний час розгляду за послугами, робочих днів' })
    expect(within(processing).getByText('Жодного рішення за період: немає часу розгляду, який можна показати.')).toBeTruthy()
    // The table still lists the service, with a dash for its median.
    expect(within(processing).getAllByRole('row')[1]?.textContent).toContain('—')
  })

  it('every figure opens the queue with its own slice: a total, a day of the backlog, a clerk’s workload', async () => {
    fakeBridge({ 'reports.dashboard': () => ({ ok: true, value: data }), 'catalogue.list': () => ({ ok: true, value: [] }) })
    const opened: unknown[] = []
    renderWithProviders(<ReportsScreen onDrill={(s) => opened.push(s)} />)
    fireEvent.click(await screen.findByRole('button', { name: 'Прострочено зараз: 3 — відкрити ці заяви в черзі' }))
    const backlog = screen.getByRole('region', { name: 'У роботі та прострочені на кінець дня' })
    fireEvent.click(within(backlog).getByRole('button', { name: '02.03.2026, Прострочено: 3 — відкрити ці заяви в черзі' }))
    const workload = screen.getByRole('region', { name: 'Навантаження виконавців зараз' })
    fireEvent.click(within(workload).getByRole('button', { name: 'Олена Коваль, У роботі: 4 — відкрити ці заяви в черзі' }))
    const period = data.filter.period
    expect(opened).toEqual([
      { period, figure: 'overdue_now' },
      { period: { from: '2026-03-02', to: '2026-03-02' }, figure: 'overdue_at_end' },
      { period, figure: 'pending_now', holderClerkIds: ['c1'] }
    ])
  })

  it('exports with the same filters and lists the files written', async () => {
    const fake = fakeBridge({
      'reports.dashboard': () => ({ ok: true, value: data }),
      'catalogue.list': () => ({ ok: true, value: [] }),
      'reports.export': () => ({
        ok: true,
        value: { dir: '/data/exports/quarterly-x', files: [{ name: 'quarterly.xlsx', rows: 12 }], filters: 'Вибірка: quarterly; період …' }
      })
    })
    renderWithProviders(<ReportsScreen onDrill={() => undefined} />)
    await screen.findByTestId('stat-Надійшло')
    fireEvent.click(screen.getByRole('button', { name: 'Звіт за період (XLSX)' }))
    expect((await screen.findByRole('status')).textContent).toContain('quarterly.xlsx: рядків — 12')
    expect(fake.callsOf('reports.export')[0]).toEqual({ kind: 'quarterly', format: 'xlsx', from: '2026-02-01', to: '2026-03-02' })
  })

  it('each file of the export downloads from the screen: the back end’s bytes, saved under the file’s name', async () => {
    const fake = fakeBridge({
      'reports.dashboard': () => ({ ok: true, value: data }),
      'catalogue.list': () => ({ ok: true, value: [] }),
      'reports.export': () => ({
        ok: true,
        value: { dir: '/data/exports/quarterly-x', files: [{ name: 'quarterly.csv', rows: 12 }], filters: 'Вибірка: quarterly' }
      }),
      'reports.exportFile': () => ({ ok: true, value: { name: 'quarterly.csv', mimeType: 'text/csv; charset=utf-8', base64: 'YTtiDQo=' } })
    })
    renderWithProviders(<ReportsScreen onDrill={() => undefined} />)
    await screen.findByTestId('stat-Надійшло')
    fireEvent.click(screen.getByRole('button', { name: 'Звіт за період (CSV для Excel)' }))
    await screen.findByRole('button', { name: 'Завантажити quarterly.csv' })
    const saved: string[][] = []
    const result = await downloadExportFile('quarterly.csv', (b64, name, mime) => saved.push([b64, name, mime]))
    expect(result.ok).toBe(true)
    expect(fake.callsOf('reports.exportFile')).toEqual([{ dir: '/data/exports/quarterly-x', name: 'quarterly.csv' }])
    expect(saved).toEqual([['YTtiDQo=', 'quarterly.csv', 'text/csv; charset=utf-8']])
  })

  it('a download the back end refuses is said, not saved', async () => {
    fakeBridge({
      'reports.dashboard': () => ({ ok: true, value: data }),
      'catalogue.list': () => ({ ok: true, value: [] }),
      'reports.export': () => ({ ok: true, value: { dir: '/d', files: [{ name: 'big.csv', rows: 1 }], filters: 'f' } }),
      'reports.exportFile': () => ({ ok: false, error: { code: 'payload_too_large', message: 'Файл big.csv завеликий' } })
    })
    renderWithProviders(<ReportsScreen onDrill={() => undefined} />)
    await screen.findByTestId('stat-Надійшло')
    fireEvent.click(screen.getByRole('button', { name: 'Відкриті дані (CSV)' }))
    await screen.findByRole('button', { name: 'Завантажити big.csv' })
    const saved: string[] = []
    const result = await downloadExportFile('big.csv', (_b, name) => saved.push(name))
    expect(result).toEqual({ ok: false, error: { code: 'payload_too_large', message: 'Файл big.csv завеликий' } })
    expect(saved).toEqual([])
  })

  it('the progress bar follows the back end’s progress events', async () => {
    let finish: () => void = () => undefined
    const fake = fakeBridge({
      'reports.dashboard': () => ({ ok: true, value: data }),
      'catalogue.list': () => ({ ok: true, value: [] }),
      'reports.export': () =>
        new Promise((resolve) => {
          finish = () => resolve({ ok: true, value: { dir: '/d', files: [{ name: 'applications.csv', rows: 3 }], filters: 'f' } })
        })
    })
    renderWithProviders(<ReportsScreen onDrill={() => undefined} />)
    await screen.findByTestId('stat-Надійшло')
    fireEvent.click(screen.getByRole('button', { name: 'Відкриті дані (CSV)' }))
    await waitFor(() => expect(fake.callsOf('reports.export')).toHaveLength(1))
    act(() => fake.emit('reports.exportProgress', { done: 250, total: 1000 }))
    const bar = await screen.findByRole('progressbar', { name: 'Вивантаження триває' })
    expect(bar.getAttribute('aria-valuenow')).toBe('25')
    expect(screen.getByText('Прочитано заяв: 250 з 1000')).toBeTruthy()
    act(() => finish())
    expect((await screen.findByRole('status')).textContent).toContain('applications.csv')
    expect(screen.queryByRole('progressbar')).toBeNull()
  })

  it('shows the back end’s refusal to a clerk without the right', async () => {
    fakeBridge({
      'reports.dashboard': () => ({
        ok: false,
        error: { code: 'forbidden', message: 'Звіти та вивантаження переглядають лише керівник і адміністратор' }
      }),
      'catalogue.list': () => ({ ok: true, value: [] })
    })
    renderWithProviders(<ReportsScreen onDrill={() => undefined} />)
    expect((await screen.findByRole('alert')).textContent).toContain('лише керівник і адміністратор')
    expect(screen.queryByRole('group', { name: 'Підсумки за період' })).toBeNull()
  })
})
