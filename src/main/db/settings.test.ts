import { describe, expect, it } from 'vitest'
import { openDatabase } from './connection'
import { clearSetting, hasSetting, readSetting, writeSetting } from './settings'
import { prepared } from './sql'
import { IDLE_LOCK_DEFAULT_MINUTES } from '../../shared/session-contract'
import { DEMO_CLERKS } from '../../shared/demo/clerks'

const rawWrite = (db: ReturnType<typeof openDatabase>, key: string, value: string): void => {
  prepared(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value)
}

describe('settings registry', () => {
  it('reads a key never written as its default, and the last value written otherwise', () => {
    const db = openDatabase(':memory:')
    expect(readSetting(db, 'workstation.id')).toBeNull()
    expect(readSetting(db, 'sync.cursor')).toBe(0)
    expect(readSetting(db, 'walkin.next_seq')).toBe(1)
    expect(readSetting(db, 'session.idle_lock_minutes')).toBe(IDLE_LOCK_DEFAULT_MINUTES)
    expect(readSetting(db, 'ui.language')).toBe('uk')
    expect(hasSetting(db, 'workstation.id')).toBe(false)
    writeSetting(db, 'workstation.id', 'a')
    writeSetting(db, 'workstation.id', 'b')
    expect(readSetting(db, 'workstation.id')).toBe('b')
    expect(hasSetting(db, 'workstation.id')).toBe(true)
    writeSetting(db, 'workstation.portal_url', '')
    expect(readSetting(db, 'workstation.portal_url')).toBe('')
    clearSetting(db, 'workstation.id')
    expect(readSetting(db, 'workstation.id')).toBeNull()
  })

  it('keeps the stored text of earlier versions: numbers as digits, flags as 1/0, no clerk as empty', () => {
    const db = openDatabase(':memory:')
    const raw = (key: string): string | undefined =>
      prepared<{ value: string }>(db, 'SELECT value FROM settings WHERE key = ?').get(key)?.value
    writeSetting(db, 'sync.cursor', 42)
    writeSetting(db, 'session.locked', true)
    writeSetting(db, 'session.clerk', null)
    writeSetting(db, 'sync.cursor_event', { version: 3, id: 'e1' })
    expect([raw('sync.cursor'), raw('session.locked'), raw('session.clerk'), raw('sync.cursor_event')]).toEqual([
      '42',
      '1',
      '',
      '{"version":3,"id":"e1"}'
    ])
    rawWrite(db, 'walkin.next_seq', '17')
    rawWrite(db, 'session.locked', '0')
    expect(readSetting(db, 'walkin.next_seq')).toBe(17)
    expect(readSetting(db, 'session.locked')).toBe(false)
    expect(readSetting(db, 'session.clerk')).toBeNull()
    const clerk = DEMO_CLERKS[0]
    if (!clerk) throw new Error('no demo clerk')
    const session = { clerkId: clerk.clerkId, name: clerk.name, role: clerk.role, centreId: clerk.centreId }
    writeSetting(db, 'session.clerk', session)
    expect(readSetting(db, 'session.clerk')).toEqual(session)
  })

  it('refuses an unreadable value with the key named, unless the key reads it as its default', () => {
    const db = openDatabase(':memory:')
    rawWrite(db, 'sync.cursor', 'twelve')
    expect(() => readSetting(db, 'sync.cursor')).toThrow(/setting sync\.cursor: unreadable value/)
    rawWrite(db, 'sync.cursor_event', '{not json')
    expect(readSetting(db, 'sync.cursor_event')).toBeNull()
    rawWrite(db, 'session.clerk', '{"clerkId":1}')
    expect(readSetting(db, 'session.clerk')).toBeNull()
    rawWrite(db, 'ui.language', 'fr')
    expect(readSetting(db, 'ui.language')).toBe('uk')
  })
})
