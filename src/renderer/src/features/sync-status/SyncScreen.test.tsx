import { fireEvent, screen, waitFor } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import type { ConflictItem, SyncStatus } from '../../../../shared/contract'
import { fakeBridge } from '../../lib/testing/fake-bridge'
import { renderWithProviders } from '../../lib/testing/render'
import { resetSyncStore } from './sync-store'
import { SyncScreen } from './SyncScreen'

const status: SyncStatus = {
  online: true,
  enrolled: true,
  portalUrl: 'https://portal.example',
  lastSyncAt: null,
  pendingCommands: 1,
  openConflicts: 1,
  initialSyncProgress: null,
  stalled: false,
  awaitingSignature: [],
  lastError: null
}
const conflict: ConflictItem = {
  id: 'k1',
  commandId: 'c1',
  type: 'claim',
  applicationId: 'a1',
  orderNumber: '001-000457-3',
  clerkName: 'Олена Коваль',
  issuedAt: '2026-11-28T09:12:00+02:00',
  rejectedAt: '2026-11-28T09:40:00+02:00',
  code: 'conflict',
  reason: 'Заявку вже взяв у роботу Тарас Мар’янчук',
  payload: {},
  current: { status: 'in_review', holderName: 'Тарас Мар’янчук', version: 4 }
}

beforeEach(() => resetSyncStore())

describe('SyncScreen', () => {
  it('shows the figures and the conflict inbox, and resolves a conflict', async () => {
    let open = [conflict]
    const fake = fakeBridge({
      'sync.status': () => ({ ok: true, value: status }),
      'conflicts.list': () => ({ ok: true, value: open }),
      'conflicts.resolve': () => {
        open = []
        return { ok: true, value: null }
      }
    })
    renderWithProviders(<SyncScreen applicationHref={(id) => `#/application/${id}`} />)
    expect(await screen.findByText('Заявку вже взяв у роботу Тарас Мар’янчук')).toBeTruthy()
    expect(screen.getByText('На розгляді, виконавець: Тарас Мар’янчук')).toBeTruthy()
    expect(screen.getByRole('link', { name: '001-000457-3' }).getAttribute('href')).toBe('#/application/a1')
    expect(screen.getByText('https://portal.example')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Відкинути' }))
    await waitFor(() => expect(fake.callsOf('conflicts.resolve')).toEqual([{ id: 'k1', action: 'discard' }]))
    expect(await screen.findByText('Конфліктів немає.')).toBeTruthy()
  })
})

describe('SyncScreen: who did it (issue 20)', () => {
  it('says whose actions wait for a signature, and explains a signature refusal in the inbox', async () => {
    fakeBridge({
      'sync.status': () => ({ ok: true, value: { ...status, awaitingSignature: [{ clerkName: 'Олена Коваль', count: 3 }] } }),
      'conflicts.list': () => ({
        ok: true,
        value: [{ ...conflict, code: 'other_workstation', reason: 'Дію підписано ключем, виданим іншому робочому місцю' }]
      })
    })
    renderWithProviders(<SyncScreen applicationHref={(id) => `#/application/${id}`} />)
    expect(await screen.findByText('Чекають підпису працівника')).toBeTruthy()
    expect(screen.getByText(/Олена Коваль: 3 дії — будуть надіслані, щойно Олена Коваль увійде/)).toBeTruthy()
    expect(await screen.findByText(/так виглядає повтор чужих дій/)).toBeTruthy()
  })
})
