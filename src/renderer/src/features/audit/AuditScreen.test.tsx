import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import type { AuditEntry, AuditPage } from '../../../../shared/audit'
import { fakeBridge } from '../../lib/testing/fake-bridge'
import { renderWithProviders } from '../../lib/testing/render'
import { AuditScreen } from './AuditScreen'
import { resetAuditStore } from './audit-store'

const base: AuditEntry = {
  id: 'e1',
  at: '2026-11-30T08:15:00.000Z',
  clerkId: 'clerk-olena',
  clerkName: 'Олена Коваль',
  workstationId: '0195aa00-1111-7000-8000-000000000001',
  action: 'change',
  applicationId: 'app-1',
  orderNumber: '002-000017-4',
  detail: { commandId: 'c1', seq: 3, type: 'claim' }
}

function entries(n: number): AuditEntry[] {
  return Array.from({ length: n }, (_, i) => ({ ...base, id: `e${i}` }))
}

beforeEach(() => resetAuditStore())

describe('AuditScreen', () => {
  it('lists entries in words, links the application, pages and filters', async () => {
    const page = (offset: number): AuditPage => ({
      rows: entries(offset === 0 ? 50 : 3).map((e, i) =>
        i === 0 ? { ...e, action: 'print', detail: { type: 'record_print', document: 'receipt', copy: true } } : e
      ),
      total: 53
    })
    const fake = fakeBridge({ 'audit.search': (q) => ({ ok: true, value: page(q.offset ?? 0) }) })
    renderWithProviders(<AuditScreen applicationHref={(id) => `#/application/${id}`} />)
    expect(await screen.findByRole('heading', { name: 'Знайдено 53 записи' })).toBeTruthy()
    const rows = screen.getAllByRole('row')
    expect(rows).toHaveLength(51)
    const first = within(rows[1] as HTMLElement)
    expect(first.getByText('Друк')).toBeTruthy()
    expect(first.getByText('опис вхідного пакета · повторно')).toBeTruthy()
    expect(first.getByRole('link', { name: '002-000017-4' }).getAttribute('href')).toBe('#/application/app-1')
    expect(within(rows[2] as HTMLElement).getByText('Взяти в роботу')).toBeTruthy()
    expect(screen.getByText('Сторінка 1 з 2')).toBeTruthy()

    fireEvent.click(screen.getByRole('button', { name: 'Наступна' }))
    await waitFor(() => expect(screen.getByText('Сторінка 2 з 2')).toBeTruthy())
    expect(fake.callsOf('audit.search').at(-1)).toEqual({ offset: 50, limit: 50 })

    fireEvent.change(screen.getByLabelText('Працівник'), { target: { value: 'олена' } })
    fireEvent.change(screen.getByLabelText('Дія'), { target: { value: 'sign_in_failed' } })
    fireEvent.change(screen.getByLabelText('З дати'), { target: { value: '01.11.2026' } })
    fireEvent.click(screen.getByRole('button', { name: 'Знайти' }))
    await waitFor(() =>
      expect(fake.callsOf('audit.search').at(-1)).toEqual({
        offset: 0,
        limit: 50,
        clerk: 'олена',
        action: 'sign_in_failed',
        from: '2026-11-01'
      })
    )
  })

  it('shows the back end’s refusal: a wrong order number at its field, a clerk’s lack of rights as an alert', async () => {
    let answer: 'invalid' | 'forbidden' = 'forbidden'
    fakeBridge({
      'audit.search': () =>
        answer === 'forbidden'
          ? { ok: false, error: { code: 'forbidden', message: 'Журнал аудиту переглядають лише керівник і адміністратор' } }
          : { ok: false, error: { code: 'invalid_input', message: 'Перевірте номер: остання цифра не збігається', field: 'orderNumber' } }
    })
    renderWithProviders(<AuditScreen applicationHref={(id) => id} />)
    expect((await screen.findByRole('alert')).textContent).toContain('лише керівник і адміністратор')
    answer = 'invalid'
    fireEvent.change(screen.getByLabelText('Номер заявки'), { target: { value: '002-000017-5' } })
    fireEvent.click(screen.getByRole('button', { name: 'Знайти' }))
    expect(await screen.findByText('Перевірте номер: остання цифра не збігається')).toBeTruthy()
    expect(screen.queryByRole('alert')).toBeNull()
  })
})
