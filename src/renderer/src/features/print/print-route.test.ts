import { describe, expect, it } from 'vitest'
import { parsePrintTarget, printHref } from './print-route'

describe('print routes', () => {
  it.each([
    [{ document: 'receipt' as const, applicationId: 'a-1' }],
    [{ document: 'refusal_letter' as const, applicationId: 'x/y' }],
    [{ document: 'routing_slip' as const, applicationIds: ['a', 'b'] }],
    [{ document: 'daily_register' as const, date: '2026-11-30' }],
    [{ document: 'issue_register' as const, date: '2026-12-01' }]
  ])('round-trips %j through the address', (target) => {
    const href = printHref(target)
    expect(parsePrintTarget(href.replace(/^#\/print\//, '').split('/'))).toEqual(target)
  })

  it.each([
    [['receipt', 'date', '2026-11-30']],
    [['daily_register', 'date', 'yesterday']],
    [['unknown', 'app', 'a']],
    [['receipt', 'app', '%E0%A4%A']],
    [[]]
  ])('refuses a malformed address %j', (parts) => {
    expect(parsePrintTarget(parts)).toBeNull()
  })
})
