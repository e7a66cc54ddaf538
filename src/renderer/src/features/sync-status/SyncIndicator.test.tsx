import { act, screen, waitFor } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import type { SyncStatus } from '../../../../shared/contract'
import { setClockForTests } from '../../lib/clock'
import { fakeBridge } from '../../lib/testing/fake-bridge'
import { renderWithProviders } from '../../lib/testing/render'
import { resetSyncStore, startSyncUpdates } from './sync-store'
import { SyncIndicator } from './SyncIndicator'

const base: SyncStatus = {
  online: true,
  enrolled: true,
  portalUrl: 'https://portal.example',
  lastSyncAt: '2026-11-30T09:55:00+02:00',
  pendingCommands: 0,
  openConflicts: 0,
  initialSyncProgress: null,
  stalled: false,
  awaitingSignature: [],
  lastError: null
}

beforeEach(() => {
  resetSyncStore()
  setClockForTests(() => Date.parse('2026-11-30T10:00:00+02:00'))
})

describe('SyncIndicator', () => {
  it('reads the status, then follows the sync.status event', async () => {
    const fake = fakeBridge({ 'sync.status': () => ({ ok: true, value: base }) })
    const stop = startSyncUpdates()
    renderWithProviders(<SyncIndicator href="#/sync" />)
    const link = await screen.findByRole('link', { name: /На зв’язку з порталом/ })
    expect(link.textContent).toContain('Синхронізовано 5 хвилин тому')
    expect(link.getAttribute('href')).toBe('#/sync')

    act(() => fake.emit('sync.status', { ...base, online: false, pendingCommands: 3, openConflicts: 1 }))
    await waitFor(() => expect(screen.getByRole('link').textContent).toContain('Офлайн'))
    const text = screen.getByRole('link').textContent
    expect(text).toContain('3 дії очікують')
    expect(text).toContain('1 конфлікт')

    act(() => fake.emit('sync.status', { ...base, pendingCommands: 5, openConflicts: 2, initialSyncProgress: 0.42, stalled: true }))
    await waitFor(() => expect(screen.getByRole('progressbar', { name: 'Перша синхронізація: 42%' })).toBeTruthy())
    expect(screen.getByRole('link').textContent).toContain('5 дій очікують')
    expect(screen.getByRole('link').textContent).toContain('2 конфлікти')
    expect(screen.getByRole('alert').textContent).toContain('Синхронізація зупинилась')
    stop()
  })

  it('says so when the workstation is not enrolled', async () => {
    fakeBridge({ 'sync.status': () => ({ ok: true, value: { ...base, enrolled: false, online: false, lastSyncAt: null } }) })
    const stop = startSyncUpdates()
    renderWithProviders(<SyncIndicator href="#/sync" />)
    const link = await screen.findByRole('link', { name: /Не під’єднано до порталу/ })
    expect(link.textContent).toContain('Ще не синхронізовано')
    stop()
  })
})
