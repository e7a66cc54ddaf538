import type { AuditAction, AuditPage } from '../../../../shared/audit'
import type { AppError } from '../../../../shared/result'
import { call } from '../../lib/api'
import { featureStore } from '../../lib/feature-store'

/*
 * The supervisor's audit search: filters as typed, the page on screen. The back end checks the role;
 * a clerk who reaches this screen by its address gets its "forbidden" answer shown, nothing else.
 */

export const AUDIT_PAGE_SIZE = 50

export interface AuditFilters {
  clerk: string
  orderNumber: string
  action: AuditAction | ''
  from: string
  to: string
}

export interface AuditState {
  filters: AuditFilters
  /** The filters of the page on screen (the form may have changed since). */
  applied: AuditFilters
  offset: number
  page: AuditPage | null
  loading: boolean
  error: AppError | null
}

export const EMPTY_FILTERS: AuditFilters = { clerk: '', orderNumber: '', action: '', from: '', to: '' }

const initialState = (): AuditState => ({
  filters: EMPTY_FILTERS,
  applied: EMPTY_FILTERS,
  offset: 0,
  page: null,
  loading: false,
  error: null
})

export const { store: auditStore, use: useAudit, reset: resetAuditStore } = featureStore<AuditState>(initialState)

export function setFilter<K extends keyof AuditFilters>(key: K, value: AuditFilters[K]): void {
  auditStore.setState((s) => ({ filters: { ...s.filters, [key]: value } }))
}

let request = 0

async function load(filters: AuditFilters, offset: number): Promise<void> {
  const mine = ++request
  auditStore.setState({ loading: true, error: null })
  const input = {
    offset,
    limit: AUDIT_PAGE_SIZE,
    ...(filters.clerk.trim() ? { clerk: filters.clerk.trim() } : {}),
    ...(filters.orderNumber.trim() ? { orderNumber: filters.orderNumber.trim() } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {})
  }
  const result = await call('audit.search', input)
  if (mine !== request) return
  auditStore.setState(
    result.ok ? { page: result.value, applied: filters, offset, loading: false, error: null } : { loading: false, error: result.error }
  )
}

/** Searches with the form's filters from the first page. */
export function search(): Promise<void> {
  return load(auditStore.getState().filters, 0)
}

export function clearFilters(): Promise<void> {
  auditStore.setState({ filters: EMPTY_FILTERS })
  return load(EMPTY_FILTERS, 0)
}

export function goToPage(offset: number): Promise<void> {
  const s = auditStore.getState()
  return load(s.applied, Math.max(0, offset))
}
