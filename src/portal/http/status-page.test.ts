import { describe, expect, it } from 'vitest'
import { renderStatusPage } from './status-page'
import type { CitizenStatus } from '../intake/intake'

const status: CitizenStatus = {
  orderNumber: '001-000457-3',
  serviceId: 'residence-registration',
  serviceName: 'Реєстрація місця проживання',
  bucket: 'needs_answer',
  status: 'needs_correction',
  statusLabel: 'Потребує доопрацювання',
  receivedAt: '2026-11-27T08:00:00.000Z',
  dueAt: '2026-12-27T21:59:59.000Z',
  paused: true,
  takenIntoWorkAt: '2026-11-27T09:15:00.000Z',
  forwardedAt: null,
  closedAt: null,
  remarks: {
    items: [{ field: 'address', remark: '<script>alert(1)</script> вкажіть квартиру' }],
    general: 'Додайте копію паспорта',
    requestedAt: '2026-11-27T10:00:00.000Z',
    answerBy: '2026-12-27',
    answerUrl: '/x'
  },
  lastAnswer: null,
  decision: null
}

describe('citizen status page', () => {
  it('shows the state, when it was taken into work, and the remarks, in Ukrainian', () => {
    const html = renderStatusPage(status, '2026-11-28')
    expect(html).toContain('Заява № 001-000457-3')
    expect(html).toContain('Потрібні ваші виправлення')
    expect(html).toContain('Взято в роботу')
    expect(html).toContain('строк зупинено')
    expect(html).toContain('Додайте копію паспорта')
    expect(html).toContain('Відповісти до 27.12.2026')
    expect(html).not.toContain('строк минув')
    expect(renderStatusPage(status, '2026-12-28')).toContain('Цей строк минув, але відповідь усе одно приймуть')
  })

  it('escapes every value: a remark is text, never markup', () => {
    const html = renderStatusPage(status, '2026-11-28')
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })
})
