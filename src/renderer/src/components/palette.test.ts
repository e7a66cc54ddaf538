import { describe, expect, it } from 'vitest'
import { NOTICE_SWATCHES } from './Notice'
import { contrastRatio, DEADLINE_SWATCHES, SYNC_SWATCHES } from './palette'

describe('state colours meet WCAG 2.1 AA contrast', () => {
  const swatches = { ...prefix('deadline', DEADLINE_SWATCHES), ...prefix('sync', SYNC_SWATCHES), ...prefix('notice', NOTICE_SWATCHES) }
  it.each(Object.entries(swatches))('%s: text on background ≥ 4.5:1', (_name, s) => {
    expect(contrastRatio(s.fg, s.bg)).toBeGreaterThanOrEqual(4.5)
  })
  it.each(Object.entries(swatches))('%s: text on white ≥ 4.5:1 (chips sit on white rows)', (_name, s) => {
    expect(contrastRatio(s.fg, '#ffffff')).toBeGreaterThanOrEqual(4.5)
  })

  it('the formula matches known values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2)
  })
})

function prefix<T>(p: string, rec: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(rec).map(([k, v]) => [`${p}.${k}`, v]))
}
