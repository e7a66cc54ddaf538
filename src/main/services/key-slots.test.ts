import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeDatabase, DatabaseKeyError, dbWorkerOf, encryptOpenDatabase, isEncryptedDatabaseFile, openDatabase } from '../db/connection'
import { insertEvents, upsertApplication, getApplication } from '../db/applications-repository'
import { demoItems } from '../db/test-fixtures'
import { readSetting, writeSetting } from '../db/settings'
import { createKeySlots, KeySlotsError, keySlotsPathFor, newDatabaseKey } from './key-slots'

const FAST_KDF = { N: 2 ** 10, r: 8, p: 1 }
const NOW = new Date('2026-12-07T10:00:00Z')

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vikno-slots-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

/** A database with one generated application in it; returns what a thief would look for. */
function fillWithAnApplicant(file: string, key: Uint8Array | null): { rnokpp: string; surname: string; id: string } {
  const db = openDatabase(file, { key })
  const [item] = demoItems(1, 11)
  if (!item) throw new Error('no demo item')
  db.transaction(() => {
    upsertApplication(db, item.record, 'confirmed')
    insertEvents(db, item.events)
  })()
  closeDatabase(db)
  const { rnokpp, surname } = item.record.applicant
  if (!rnokpp) throw new Error('demo applicant without RNOKPP')
  return { rnokpp, surname, id: item.record.id }
}

/** Every file of the database (main file, log, shared memory), as bytes. */
const allBytes = (file: string): Buffer =>
  Buffer.concat([file, `${file}-wal`, `${file}-shm`].filter((f) => existsSync(f)).map((f) => readFileSync(f)))

describe('key slots', () => {
  it('a slot opens with its password only, and only for its login', async () => {
    const slots = createKeySlots(join(dir, 'w.keyslots.json'), { kdf: FAST_KDF })
    slots.create()
    const key = newDatabaseKey()
    await slots.put('olena', 'clerk-olena', 'пароль Олени', key, NOW)
    expect((await slots.open('olena', 'пароль Олени'))?.equals(key)).toBe(true)
    // Surrounding spaces of the login are not part of it (as for the offline verifiers).
    expect((await slots.open('  olena ', 'пароль Олени'))?.equals(key)).toBe(true)
    expect(await slots.open('olena', 'пароль олени')).toBeNull()
    expect(await slots.open('olena', '')).toBeNull()
    expect(await slots.open('taras', 'пароль Олени')).toBeNull()
    // The file holds neither the key nor the password.
    const text = readFileSync(slots.file, 'utf8')
    expect(text).not.toContain(key.toString('hex'))
    expect(text).not.toContain(key.toString('base64'))
    expect(text).not.toContain('пароль Олени')
    expect(statSync(slots.file).mode & 0o777).toBe(0o600)
  })

  it('a slot copied under another login does not open (the login is authenticated)', async () => {
    const slots = createKeySlots(join(dir, 'w.keyslots.json'), { kdf: FAST_KDF })
    const key = newDatabaseKey()
    await slots.put('olena', 'clerk-olena', 'спільний пароль', key, NOW)
    const content = JSON.parse(readFileSync(slots.file, 'utf8')) as { slots: { login: string }[] }
    const [slot] = content.slots
    if (!slot) throw new Error('no slot')
    content.slots.push({ ...slot, login: 'mallory' })
    writeFileSync(slots.file, JSON.stringify(content))
    expect(await slots.open('mallory', 'спільний пароль')).toBeNull()
    expect((await slots.open('olena', 'спільний пароль'))?.equals(key)).toBe(true)
  })

  it('adds, re-wraps (a changed password) and removes slots; a revoked workstation keeps none', async () => {
    const slots = createKeySlots(join(dir, 'w.keyslots.json'), { kdf: FAST_KDF })
    slots.create()
    expect(slots.list()).toEqual([])
    const key = newDatabaseKey()
    await slots.put('olena', 'clerk-olena', 'old', key, NOW)
    await slots.put('taras', 'clerk-taras', 'his', key, NOW)
    await slots.put('olena', 'clerk-olena', 'new', key, new Date('2026-12-08T10:00:00Z'))
    expect(slots.list().map((s) => [s.login, s.updatedAt])).toEqual([
      ['taras', '2026-12-07T10:00:00.000Z'],
      ['olena', '2026-12-08T10:00:00.000Z']
    ])
    expect(await slots.open('olena', 'old')).toBeNull()
    expect((await slots.open('olena', 'new'))?.equals(key)).toBe(true)

    expect(slots.remove('olena')).toBe(true)
    expect(slots.remove('olena')).toBe(false)
    expect(await slots.open('olena', 'new')).toBeNull()
    expect((await slots.open('taras', 'his'))?.equals(key)).toBe(true)

    await slots.put('petro', 'clerk-petro', 'p', key, NOW)
    await slots.put('petro.k', 'clerk-petro', 'p', key, NOW)
    expect(slots.removeClerk('clerk-petro')).toBe(2)
    expect(slots.removeAll()).toBe(1)
    expect(slots.list()).toEqual([])
    // No temporary files left behind by the atomic writes.
    expect(readdirSync(dir)).toEqual(['w.keyslots.json'])
  })

  it('a damaged, foreign or missing sidecar is a clear error, never an empty list', async () => {
    const file = join(dir, 'w.keyslots.json')
    const slots = createKeySlots(file, { kdf: FAST_KDF })
    expect(() => slots.list()).toThrow(KeySlotsError)
    expect(() => slots.list()).toThrow(/missing/)
    writeFileSync(file, '{"format":"vikno-keyslots","version":1,"slots":[{"login":"olena"')
    expect(() => slots.list()).toThrow(/damaged \(not JSON\)/)
    await expect(slots.open('olena', 'x')).rejects.toThrow(KeySlotsError)
    writeFileSync(file, JSON.stringify({ format: 'vikno-keyslots', version: 1, slots: [{ login: 'olena', clerkId: 'c', wrapped: 'w' }] }))
    expect(() => slots.list()).toThrow(/damaged \(slots\.0\.updatedAt/)
    writeFileSync(file, JSON.stringify({ format: 'something-else', version: 1, slots: [] }))
    try {
      slots.list()
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(KeySlotsError)
      expect((e as KeySlotsError).code).toBe('corrupt')
    }
    // A slot whose wrapped key was tampered with opens for nobody.
    const key = newDatabaseKey()
    rmSync(file)
    await slots.put('olena', 'clerk-olena', 'pw', key, NOW)
    const content = JSON.parse(readFileSync(file, 'utf8')) as { slots: { wrapped: string }[] }
    const wrapped = JSON.parse(content.slots[0]?.wrapped ?? '{}') as { data: string }
    wrapped.data = Buffer.from('x'.repeat(32)).toString('base64')
    if (content.slots[0]) content.slots[0].wrapped = JSON.stringify(wrapped)
    writeFileSync(file, JSON.stringify(content))
    expect(await slots.open('olena', 'pw')).toBeNull()
  })

  it('names the sidecar after the database', () => {
    expect(keySlotsPathFor('/data/workstation.sqlite')).toBe('/data/workstation.keyslots.json')
  })
})

describe('the encrypted database', () => {
  it('a copied file yields nothing readable: no RNOKPP or name in its bytes, no opening without the key or with another', async () => {
    const file = join(dir, 'workstation.sqlite')
    const slots = createKeySlots(keySlotsPathFor(file), { kdf: FAST_KDF })
    const key = newDatabaseKey()
    await slots.put('olena', 'clerk-olena', 'vikno-demo', key, NOW)
    const who = fillWithAnApplicant(file, key)

    expect(isEncryptedDatabaseFile(file)).toBe(true)
    const bytes = allBytes(file)
    expect(bytes.includes(Buffer.from(who.rnokpp, 'utf8'))).toBe(false)
    expect(bytes.includes(Buffer.from(who.surname, 'utf8'))).toBe(false)
    expect(bytes.includes(Buffer.from('SQLite format 3', 'latin1'))).toBe(false)

    // The thief's copy, with the sidecar, and no password.
    const copy = join(dir, 'copy.sqlite')
    writeFileSync(copy, readFileSync(file))
    expect(() => openDatabase(copy)).toThrow(DatabaseKeyError)
    expect(() => openDatabase(copy)).toThrow(/encrypted: it opens only with its key/)
    expect(() => openDatabase(copy, { key: newDatabaseKey() })).toThrow(/the key does not open/)
    try {
      openDatabase(copy, { key: newDatabaseKey() })
    } catch (e) {
      expect((e as DatabaseKeyError).code).toBe('wrong_key')
    }
    expect(await slots.open('olena', 'guess')).toBeNull()
    // A failed open wrote nothing: the copy is byte for byte what was copied.
    expect(readFileSync(copy).equals(readFileSync(file))).toBe(true)

    // With a slot's password: the key, and the data.
    const opened = await slots.open('olena', 'vikno-demo')
    if (!opened) throw new Error('the slot did not open')
    const db = openDatabase(copy, { key: opened })
    expect(getApplication(db, who.id)?.applicant.rnokpp).toBe(who.rnokpp)
    closeDatabase(db)
  })

  it('the checkpoint worker and the pre-migration copy use the key too', async () => {
    const file = join(dir, 'workstation.sqlite')
    const key = newDatabaseKey()
    const db = openDatabase(file, { key, worker: { intervalMs: 60_000 } })
    writeSetting(db, 'centre.address', 'вул. Шифрована, 1')
    const worker = dbWorkerOf(db)
    expect(worker).not.toBeNull()
    const result = await worker?.checkpoint()
    expect(result?.busy).toBe(false)
    expect(result?.checkpointed).toBeGreaterThan(0)
    db.prepare('VACUUM INTO ?').run(join(dir, 'copy.bak'))
    closeDatabase(db)
    expect(isEncryptedDatabaseFile(join(dir, 'copy.bak'))).toBe(true)
    expect(readFileSync(join(dir, 'copy.bak')).includes(Buffer.from('Шифрована', 'utf8'))).toBe(false)
    const back = openDatabase(join(dir, 'copy.bak'), { key })
    expect(readSetting(back, 'centre.address')).toBe('вул. Шифрована, 1')
    closeDatabase(back)
  })

  it('a plain database from before encryption is encrypted in place on its open connection, nothing lost', () => {
    const file = join(dir, 'workstation.sqlite')
    const who = fillWithAnApplicant(file, null)
    expect(isEncryptedDatabaseFile(file)).toBe(false)
    expect(readFileSync(file).includes(Buffer.from(who.rnokpp, 'utf8'))).toBe(true)

    const db = openDatabase(file, { worker: { intervalMs: 60_000 } })
    const before = db.prepare('SELECT count(*) AS n FROM applications').get() as { n: number }
    const key = newDatabaseKey()
    encryptOpenDatabase(db, key)
    // The same connection goes on working, in WAL mode, with its worker (keyed) back.
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(dbWorkerOf(db)).not.toBeNull()
    writeSetting(db, 'centre.phone', '+380 382 00 00 00')
    expect(getApplication(db, who.id)?.applicant.rnokpp).toBe(who.rnokpp)
    closeDatabase(db)

    expect(isEncryptedDatabaseFile(file)).toBe(true)
    expect(allBytes(file).includes(Buffer.from(who.rnokpp, 'utf8'))).toBe(false)
    expect(() => openDatabase(file)).toThrow(/encrypted/)
    const again = openDatabase(file, { key })
    expect((again.prepare('SELECT count(*) AS n FROM applications').get() as { n: number }).n).toBe(before.n)
    expect(getApplication(again, who.id)?.applicant.surname).toBe(who.surname)
    expect(readSetting(again, 'centre.phone')).toBe('+380 382 00 00 00')
    closeDatabase(again)
  })

  it('a key offered to a plain file is refused with its own message, and the file is left plain', () => {
    const file = join(dir, 'workstation.sqlite')
    fillWithAnApplicant(file, null)
    expect(() => openDatabase(file, { key: newDatabaseKey() })).toThrow(/is not encrypted/)
    expect(isEncryptedDatabaseFile(file)).toBe(false)
  })
})
