import { describe, expect, it } from 'vitest'
import { hrefOf, parseHash } from './routes'

describe('hash routes', () => {
  it.each([
    ['', { name: 'queue' }],
    ['#/queue', { name: 'queue' }],
    ['#/application/app%2F1', { name: 'application', id: 'app/1' }],
    ['#/application', { name: 'application', id: null }],
    ['#/application/%E0%A4%A', { name: 'application', id: null }],
    ['#/intake', { name: 'intake' }],
    ['#/sync', { name: 'sync' }],
    ['#/settings', { name: 'settings' }],
    ['#/audit', { name: 'audit' }],
    ['#/print', { name: 'print', target: null }],
    ['#/print/receipt/app/a1', { name: 'print', target: { document: 'receipt', applicationId: 'a1' } }],
    ['#/print/daily_register/date/2026-11-30', { name: 'print', target: { document: 'daily_register', date: '2026-11-30' } }],
    ['#/print/receipt/nonsense', { name: 'print', target: null }],
    ['#/nonsense/deep', { name: 'queue' }]
  ])('%s', (hash, route) => {
    expect(parseHash(hash)).toEqual(route)
  })

  it('round-trips ids with any characters', () => {
    const route = { name: 'application', id: '01a0/84a9 ?#' } as const
    expect(parseHash(hrefOf(route))).toEqual(route)
  })
})
