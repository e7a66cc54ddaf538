import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { Channel } from '../../../../shared/domain/application'
import type { DashboardData } from '../../../../shared/reports/dashboard'
import type { ExportFormat, ExportKind } from '../../../../shared/reports/export-format'
import type { ExportOutcome } from '../../../../shared/reports-contract'
import type { AppError, Result } from '../../../../shared/result'
import { call, on } from '../../lib/api'
import { nowMs } from '../../lib/clock'
import { saveBase64File } from '../../lib/save-file'

/*
 * The supervisors' dashboard: the filters as chosen, the figures on screen, the last export. The
 * back end checks the role; a clerk who reaches this screen by its address sees its "forbidden".
 */

export const PRESETS = ['last7', 'last30', 'quarter', 'year', 'custom'] as const
export type Preset = (typeof PRESETS)[number]

export interface ReportFilters {
  preset: Preset
  from: string
  to: string
  serviceId: string
  category: string
  channel: Channel | ''
}

export interface ReportsState {
  filters: ReportFilters
  data: DashboardData | null
  loading: boolean
  error: AppError | null
  exporting: boolean
  exported: ExportOutcome | null
  exportError: AppError | null
  exportProgress: { done: number; total: number | null } | null
}

const DAY_MS = 86_400_000
/** Dates in Kyiv, as the figures count them. */
const kyivDay = (ms: number): string => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Kyiv' }).format(new Date(ms))

export function presetPeriod(preset: Exclude<Preset, 'custom'>, atMs: number): { from: string; to: string } {
  const today = kyivDay(atMs)
  switch (preset) {
    case 'last7':
      return { from: kyivDay(atMs - 6 * DAY_MS), to: today }
    case 'last30':
      return { from: kyivDay(atMs - 29 * DAY_MS), to: today }
    case 'quarter': {
      const [y, m] = today.split('-').map(Number) as [number, number]
      const q = Math.floor((m - 1) / 3) * 3 + 1
      return { from: `${y}-${String(q).padStart(2, '0')}-01`, to: today }
    }
    case 'year':
      return { from: `${today.slice(0, 4)}-01-01`, to: today }
  }
}

const initialState = (now = nowMs()): ReportsState => ({
  filters: { preset: 'last30', ...presetPeriod('last30', now), serviceId: '', category: '', channel: '' },
  data: null,
  loading: false,
  error: null,
  exporting: false,
  exported: null,
  exportError: null,
  exportProgress: null
})

export const reportsStore = createStore<ReportsState>()(() => initialState())

export function useReports<T>(selector: (s: ReportsState) => T): T {
  return useStore(reportsStore, selector)
}

export function resetReportsStore(): void {
  reportsStore.setState(initialState(), true)
}

export function setFilters(patch: Partial<ReportFilters>): void {
  reportsStore.setState((s) => ({ filters: { ...s.filters, ...patch } }))
}

export function choosePreset(preset: Preset): void {
  setFilters(preset === 'custom' ? { preset } : { preset, ...presetPeriod(preset, nowMs()) })
}

/** The contract's filter: a category is the services in it. */
function filterInput(f: ReportFilters, serviceIdsOfCategory: (category: string) => string[]) {
  const serviceIds = f.serviceId ? [f.serviceId] : f.category ? serviceIdsOfCategory(f.category) : []
  return {
    period: { from: f.from, to: f.to },
    ...(serviceIds.length > 0 ? { serviceIds } : {}),
    ...(f.channel ? { channels: [f.channel] } : {})
  }
}

let request = 0
export async function loadDashboard(serviceIdsOfCategory: (category: string) => string[] = () => []): Promise<void> {
  const mine = ++request
  reportsStore.setState({ loading: true, error: null })
  const result = await call('reports.dashboard', filterInput(reportsStore.getState().filters, serviceIdsOfCategory))
  if (mine !== request) return
  reportsStore.setState(result.ok ? { data: result.value, loading: false } : { loading: false, error: result.error })
}

export async function runExport(
  kind: ExportKind,
  format: ExportFormat,
  serviceIdsOfCategory: (category: string) => string[] = () => []
): Promise<void> {
  const input = filterInput(reportsStore.getState().filters, serviceIdsOfCategory)
  reportsStore.setState({ exporting: true, exported: null, exportError: null, exportProgress: null })
  const stop = on('reports.exportProgress', (p) => reportsStore.setState({ exportProgress: p }))
  const result = await call('reports.export', {
    kind,
    format,
    from: input.period.from,
    to: input.period.to,
    ...(input.serviceIds ? { serviceIds: input.serviceIds } : {}),
    ...(input.channels ? { channels: input.channels } : {})
  })
  stop()
  reportsStore.setState(result.ok ? { exporting: false, exported: result.value } : { exporting: false, exportError: result.error })
}

/** Saves one file of the last export through the browser (the web shell has no folder to open). */
export async function downloadExportFile(name: string, save: typeof saveBase64File = saveBase64File): Promise<Result<null>> {
  const exported = reportsStore.getState().exported
  if (!exported) return { ok: false, error: { code: 'not_found', message: 'Спершу вивантажте файли' } }
  const result = await call('reports.exportFile', { dir: exported.dir, name })
  if (!result.ok) return result
  save(result.value.base64, result.value.name, result.value.mimeType)
  return { ok: true, value: null }
}
