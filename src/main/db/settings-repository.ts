import { prepared, type Db } from './sql'

export function getSetting(db: Db, key: string): string | null {
  const row = prepared<{ value: string }>(db, 'SELECT value FROM settings WHERE key = ?').get(key)
  return row?.value ?? null
}

export function setSetting(db: Db, key: string, value: string): void {
  prepared(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value)
}

export function deleteSetting(db: Db, key: string): void {
  db.prepare('DELETE FROM settings WHERE key = ?').run(key)
}
