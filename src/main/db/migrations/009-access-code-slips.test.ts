import Database from 'better-sqlite3-multiple-ciphers'
import { describe, expect, it } from 'vitest'
import { migrate } from '../migrate'
import { accessCodeSlipOf, deleteAccessCodeSlip, purgeAccessCodeSlips, putAccessCodeSlip } from '../access-code-slips-repository'
import { MIGRATIONS } from './index'

describe('migration 009 (access codes waiting for their receipt)', () => {
  it('adds the table; a slip is kept, replaced by a newer code, erased by print or by age', () => {
    const db = new Database(':memory:')
    migrate(db, { migrations: MIGRATIONS.slice(0, 8) })
    expect(migrate(db, { migrations: MIGRATIONS.slice(0, 9) })).toEqual({ from: 8, to: 9 })
    const t0 = new Date('2026-03-02T09:00:00.000Z')
    putAccessCodeSlip(db, { applicationId: 'a', code: 'K7QM-4XPR-9TAW', issuedAt: t0.toISOString() })
    putAccessCodeSlip(db, { applicationId: 'a', code: 'M4RT-AZ7K-QX2P', issuedAt: t0.toISOString() })
    putAccessCodeSlip(db, { applicationId: 'b', code: 'N3WC-2DE6-ABCD', issuedAt: t0.toISOString() })
    expect(accessCodeSlipOf(db, 'a', t0)).toBe('M4RT-AZ7K-QX2P')
    deleteAccessCodeSlip(db, 'a')
    expect(accessCodeSlipOf(db, 'a', t0)).toBeNull()
    const later = new Date(t0.getTime() + 60 * 60 * 1000)
    expect(accessCodeSlipOf(db, 'b', later)).toBeNull()
    expect(purgeAccessCodeSlips(db, later)).toBe(0)
    expect(purgeAccessCodeSlips(db, new Date(later.getTime() + 1))).toBe(1)
  })
})
