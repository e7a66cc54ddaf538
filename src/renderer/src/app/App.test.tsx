import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import type { AppInfo, SyncStatus } from '../../../shared/contract'
import { resetQueueStore } from '../features/queue/queue-store'
import { resetSessionStore } from '../features/session/session-store'
import { LANGUAGE_STORAGE_KEY, resetSettingsStore } from '../features/settings/settings-store'
import { resetSyncStore } from '../features/sync-status/sync-store'
import { i18n } from '../lib/i18n'
import { fakeBridge, makeRow } from '../lib/testing/fake-bridge'
import { renderWithProviders, withViewport } from '../lib/testing/render'
import { App } from './App'

const info: AppInfo = {
  version: '0.1.0',
  shell: 'web',
  workstationId: 'ws-1',
  node: 2,
  language: 'uk',
  clerk: { clerkId: 'clerk-olena', name: 'Олена Коваль', role: 'clerk', centreId: 'khm-cnap' }
}
const status: SyncStatus = {
  online: false,
  enrolled: true,
  portalUrl: null,
  lastSyncAt: null,
  pendingCommands: 2,
  openConflicts: 0,
  initialSyncProgress: null,
  stalled: false,
  awaitingSignature: [],
  lastError: null
}

function backEnd() {
  return fakeBridge({
    'app.info': () => ({ ok: true, value: info }),
    'session.state': () => ({
      ok: true,
      value: { clerk: info.clerk, locked: false, lockedUntil: null, idleLockMinutes: 10, sealed: false, revision: 1 }
    }),
    'sync.status': () => ({ ok: true, value: status }),
    'queue.counts': () => ({ ok: true, value: { new: 1, mine: 0, waiting: 0, due: 0, forwarded: 0, all: 1, history: 0 } }),
    'queue.list': () => ({ ok: true, value: { rows: [makeRow(0)], total: 1, searchHint: null, capped: false } }),
    'settings.setLanguage': () => ({ ok: true, value: null })
  })
}

beforeEach(() => {
  resetQueueStore()
  resetSyncStore()
  resetSettingsStore()
  resetSessionStore()
  window.location.hash = '#/queue'
})

describe('App shell', () => {
  it('has a skip link, a banner with the clerk and sync state, navigation and main', async () => {
    const restore = withViewport()
    backEnd()
    renderWithProviders(<App env="test" />)
    expect(await screen.findByText('Олена Коваль')).toBeTruthy()
    // Beside the name, the clerk's own role (not a fixed «Адміністратор» whoever signed in).
    expect(within(screen.getByRole('banner')).getByText('Адміністратор ЦНАП')).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Перейти до основного вмісту' })).toBeTruthy()
    expect(screen.getByRole('banner')).toBeTruthy()
    expect(screen.getByRole('main')).toBeTruthy()
    const nav = screen.getByRole('navigation', { name: 'Розділи' })
    expect(nav.querySelector('[aria-current="page"]')?.textContent).toBe('Черга')
    // Printing has its own section (the day registers; documents print from an application).
    expect(nav.textContent).toMatch(/Друк/)
    await waitFor(() => expect(screen.getByRole('link', { name: /Офлайн/ }).textContent).toContain('2 дії очікують'))
    fireEvent.click(screen.getByRole('link', { name: 'Перейти до основного вмісту' }))
    expect(document.activeElement).toBe(screen.getByRole('main'))
    restore()
  })

  it('switches to English at once and asks the back end to remember it', async () => {
    const fake = backEnd()
    renderWithProviders(<App env="test" />)
    await screen.findByText('Олена Коваль')
    await act(async () => {
      fireEvent.click(screen.getByText('ENG'))
    })
    await waitFor(() => expect(screen.getByRole('navigation', { name: 'Sections' })).toBeTruthy())
    expect(fake.callsOf('settings.setLanguage')).toEqual([{ language: 'en' }])
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en')
    expect(document.documentElement.lang).toBe('en')
    await act(async () => {
      await i18n.changeLanguage('uk')
    })
  })

  it('follows hash routes', async () => {
    backEnd()
    renderWithProviders(<App env="test" />)
    await screen.findByText('Олена Коваль')
    await act(async () => {
      window.location.hash = '#/settings'
      window.dispatchEvent(new HashChangeEvent('hashchange'))
    })
    expect(await screen.findByRole('heading', { level: 1, name: 'Налаштування' })).toBeTruthy()
    expect(screen.getByRole('navigation').querySelector('[aria-current="page"]')?.textContent).toBe('Налаштування')
  })
})
