import { act, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderWithProviders } from '../../lib/testing/render'
import { showArrivalToast } from './arrival-toast'

describe('the arrival toast', () => {
  it('says the number and the service, and its close button has a name (axe: button-name)', async () => {
    renderWithProviders(<div />)
    act(() => showArrivalToast({ id: 'a-1', orderNumber: '001-006022-0', serviceNameUk: 'Реєстрація народження', serviceNameEn: 'Birth' }))
    const toast = (await screen.findByText('Нова заявка 001-006022-0')).closest('[role="alert"]') as HTMLElement
    expect(toast.textContent).toContain('Реєстрація народження')
    expect(within(toast).getByRole('button', { name: 'Закрити' })).toBeTruthy()
  })
})
