import { describe, expect, it } from 'vitest'
import { STATUS_LABELS_UK, STATUSES } from '../../../../shared/domain/status'
import en from './en.json'
import uk from './uk.json'

const PLURAL = /_(zero|one|two|few|many|other)$/

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix]
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
}

const base = (list: string[]): Set<string> => new Set(list.map((k) => k.replace(PLURAL, '')))

describe('locales', () => {
  it('English has every Ukrainian key and no extra ones (plural suffixes aside)', () => {
    expect([...base(keys(en))].sort()).toEqual([...base(keys(uk))].sort())
  })

  it('Ukrainian plurals have one, few, many and other; English one and other', () => {
    const ukKeys = keys(uk)
    const enKeys = keys(en)
    for (const stem of new Set(ukKeys.filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')))) {
      for (const form of ['one', 'few', 'many', 'other']) expect(ukKeys, stem).toContain(`${stem}_${form}`)
      for (const form of ['one', 'other']) expect(enKeys, stem).toContain(`${stem}_${form}`)
    }
  })

  it('no empty strings', () => {
    const values = (obj: unknown): unknown[] => (typeof obj === 'object' && obj !== null ? Object.values(obj).flatMap(values) : [obj])
    for (const v of [...values(uk), ...values(en)]) expect(typeof v === 'string' && v.trim().length > 0).toBe(true)
  })

  it('status labels agree with the shared state machine', () => {
    for (const s of STATUSES) expect(uk.status[s]).toBe(STATUS_LABELS_UK[s])
  })
})
