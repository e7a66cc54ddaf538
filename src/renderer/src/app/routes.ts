import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { PrintTarget } from '../features/print/PrintPreviewScreen'
import { parsePrintTarget, printHref } from '../features/print/print-route'

/*
 * Hash routes (#/queue, #/application/<id>, #/intake, #/sync, #/settings, #/audit, #/admin, #/reports, #/catalogue): they work the same under the
 * Electron app:// protocol and the web shell, survive a reload, and need no router library.
 * #/print shows the day registers; #/print/<document>/... previews one document (print-route.ts).
 */

/** The screens whose route is their name alone. */
const PLAIN_SCREENS = ['queue', 'intake', 'sync', 'settings', 'audit', 'admin', 'reports', 'catalogue'] as const
type PlainScreen = (typeof PLAIN_SCREENS)[number]
const isPlainScreen = (name: string | undefined): name is PlainScreen => (PLAIN_SCREENS as readonly (string | undefined)[]).includes(name)

export type Route = { name: PlainScreen } | { name: 'application'; id: string | null } | { name: 'print'; target: PrintTarget | null }

export type RouteName = Route['name']

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '')
  const parts = path.split('/').filter((p) => p.length > 0)
  switch (parts[0]) {
    case 'application': {
      const raw = parts[1]
      if (raw === undefined) return { name: 'application', id: null }
      try {
        return { name: 'application', id: decodeURIComponent(raw) }
      } catch {
        return { name: 'application', id: null }
      }
    }
    case 'print':
      return { name: 'print', target: parsePrintTarget(parts.slice(1)) }
    default:
      return isPlainScreen(parts[0]) ? { name: parts[0] } : { name: 'queue' }
  }
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'application':
      return route.id === null ? '#/application' : `#/application/${encodeURIComponent(route.id)}`
    case 'print':
      return printHref(route.target)
    default:
      return `#/${route.name}`
  }
}

export const applicationHref = (id: string): string => hrefOf({ name: 'application', id })

interface RouteState {
  route: Route
  /** The application opened last, so the "Application" tab of the navigation leads back to it. */
  lastApplicationId: string | null
  /** How many times the route changed since start: the shell moves focus only after the first. */
  changes: number
}

export const routeStore = createStore<RouteState>()(() => {
  const route = parseHash(typeof window === 'undefined' ? '' : window.location.hash)
  return { route, lastApplicationId: route.name === 'application' ? route.id : null, changes: 0 }
})

export function useRoute<T>(selector: (s: RouteState) => T): T {
  return useStore(routeStore, selector)
}

function apply(route: Route): void {
  routeStore.setState((s) => ({
    route,
    lastApplicationId: route.name === 'application' && route.id !== null ? route.id : s.lastApplicationId,
    changes: s.changes + 1
  }))
}

export function navigate(route: Route): void {
  const href = hrefOf(route)
  if (window.location.hash === href) apply(route)
  else window.location.hash = href
}

export function startRouting(): () => void {
  const onChange = (): void => apply(parseHash(window.location.hash))
  window.addEventListener('hashchange', onChange)
  if (!window.location.hash) window.history.replaceState(window.history.state, '', hrefOf({ name: 'queue' }))
  return () => window.removeEventListener('hashchange', onChange)
}
