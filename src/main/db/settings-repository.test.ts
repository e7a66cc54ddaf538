import { describe, expect, it } from 'vitest'
import { openDatabase } from './connection'
import { getSetting, setSetting } from './settings-repository'

describe('settings', () => {
  it('returns null for an unknown key and the last value set otherwise', () => {
    const db = openDatabase(':memory:')
    expect(getSetting(db, 'workstation.id')).toBeNull()
    setSetting(db, 'workstation.id', 'a')
    setSetting(db, 'workstation.id', 'b')
    expect(getSetting(db, 'workstation.id')).toBe('b')
    setSetting(db, 'empty', '')
    expect(getSetting(db, 'empty')).toBe('')
  })
})
