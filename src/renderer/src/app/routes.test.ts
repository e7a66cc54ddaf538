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
    ['#/print', { name: 'queue' }],
    ['#/nonsense/deep', { name: 'queue' }]
  ])('%s', (hash, route) => {
    expect(parseHash(hash)).toEqual(route)
  })

  it('round-trips ids with any characters', () => {
    const route = { name: 'application', id: '01a0/84a9 ?#' } as const
    expect(parseHash(hrefOf(route))).toEqual(route)
  })
})
