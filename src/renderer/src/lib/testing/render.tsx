import { MantineProvider } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import { render, type RenderResult } from '@testing-library/react'
import type { ReactElement } from 'react'
import { I18nextProvider } from 'react-i18next'
import { i18n } from '../i18n'

export function renderWithProviders(ui: ReactElement): RenderResult {
  return render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider env="test">
        <Notifications />
        {ui}
      </MantineProvider>
    </I18nextProvider>
  )
}

/**
 * happy-dom lays nothing out, so every element is 0 px tall and a virtualized list would render no
 * rows. Give scroll containers a viewport for the duration of a test.
 */
export function withViewport(height = 600, width = 1300): () => void {
  const proto = HTMLElement.prototype
  const h = Object.getOwnPropertyDescriptor(proto, 'clientHeight')
  const w = Object.getOwnPropertyDescriptor(proto, 'clientWidth')
  Object.defineProperty(proto, 'clientHeight', { configurable: true, get: () => height })
  Object.defineProperty(proto, 'clientWidth', { configurable: true, get: () => width })
  return () => {
    if (h) Object.defineProperty(proto, 'clientHeight', h)
    if (w) Object.defineProperty(proto, 'clientWidth', w)
  }
}
