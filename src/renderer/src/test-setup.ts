import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach, vi } from 'vitest'
import { resetApiForTests } from './lib/api'
import { setClockForTests } from './lib/clock'
import { initI18n } from './lib/i18n'

// Mantine reads media queries (color scheme, reduced motion); happy-dom has no matchMedia.
if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    configurable: true,
    value: (query: string): MediaQueryList =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => undefined,
        removeListener: () => undefined,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        dispatchEvent: () => false
      }) as MediaQueryList
  })
}

if (!('ResizeObserver' in window)) {
  class NoopResizeObserver {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  Object.defineProperty(window, 'ResizeObserver', { configurable: true, value: NoopResizeObserver })
}

if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => undefined
// The virtualizer scrolls its element; happy-dom's scrollTo may be missing on elements.
if (!Element.prototype.scrollTo) Element.prototype.scrollTo = () => undefined

initI18n('uk')

beforeEach(() => {
  window.localStorage.clear()
  window.sessionStorage.clear()
})

afterEach(async () => {
  cleanup()
  resetApiForTests()
  setClockForTests(null)
  vi.useRealTimers()
  vi.unstubAllGlobals()
  const { i18n } = await import('./lib/i18n')
  if (i18n.language !== 'uk') await i18n.changeLanguage('uk')
})
