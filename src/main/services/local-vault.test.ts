import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeDatabase, isEncryptedDatabaseFile, openDatabase, type Db } from '../db/connection'
import { readSetting, writeSetting } from '../db/settings'
import type { ClerkSession } from '../../shared/session'
import { createKeySlots, keySlotsPathFor, newDatabaseKey, type KeySlots } from './key-slots'
import { createLocalVault } from './local-vault'

const FAST_KDF = { N: 2 ** 10, r: 8, p: 1 }
const OLENA: ClerkSession = { clerkId: 'clerk-olena', name: 'Олена Коваль', role: 'clerk', centreId: 'khm-cnap' }
const TARAS: ClerkSession = { clerkId: 'clerk-taras', name: 'Тарас Мар’янчук', role: 'clerk', centreId: 'khm-cnap' }
const log = { info: () => undefined, warn: () => undefined }

let dir: string
let file: string
let db: Db | null
let slots: KeySlots
let day: number
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vikno-vault-unit-'))
  file = join(dir, 'workstation.sqlite')
  slots = createKeySlots(keySlotsPathFor(file), { kdf: FAST_KDF })
  db = null
  day = 1
})
afterEach(() => {
  if (db) closeDatabase(db)
  rmSync(dir, { recursive: true, force: true })
})
const clock = (): Date => new Date(`2026-12-0${day}T10:00:00Z`)
const updatedAtOf = (login: string): string | undefined => slots.list().find((s) => s.login === login)?.updatedAt

describe('the local vault', () => {
  it('an online sign-in always re-wraps her slot (a password changed on the portal); an offline one only adds a missing slot', async () => {
    const key = newDatabaseKey()
    slots.create()
    db = openDatabase(file, { key })
    const vault = createLocalVault({ db, slots, key, clock, log })
    await vault.signedIn('olena', OLENA, 'old password', 'online')
    expect(updatedAtOf('olena')).toBe('2026-12-01T10:00:00.000Z')

    day = 2
    await vault.signedIn('olena', OLENA, 'old password', 'offline')
    expect(updatedAtOf('olena')).toBe('2026-12-01T10:00:00.000Z') // kept: she has one

    day = 3
    await vault.signedIn('olena', OLENA, 'new password', 'online')
    expect(updatedAtOf('olena')).toBe('2026-12-03T10:00:00.000Z')
    expect(await slots.open('olena', 'old password')).toBeNull()
    expect((await slots.open('olena', 'new password'))?.equals(key)).toBe(true)

    // A colleague opened the database; Taras signs in offline with no slot yet: he gets one.
    await vault.signedIn('taras', TARAS, 'his', 'offline')
    expect((await slots.open('taras', 'his'))?.equals(key)).toBe(true)

    vault.forgetLogin('taras')
    expect(slots.has('taras')).toBe(false)
    vault.forgetAll()
    expect(slots.list()).toEqual([])
  })

  it('encrypts a plain database in place at the first sign-in, then writes the slot that opens it', async () => {
    db = openDatabase(file)
    writeSetting(db, 'centre.address', 'вул. Проскурівська, 1')
    const vault = createLocalVault({ db, slots, key: null, clock, log })
    expect(vault.encrypted()).toBe(false)
    await vault.signedIn('olena', OLENA, 'pw', 'local')
    expect(vault.encrypted()).toBe(true)
    expect(readSetting(db, 'centre.address')).toBe('вул. Проскурівська, 1')
    closeDatabase(db)
    db = null
    expect(isEncryptedDatabaseFile(file)).toBe(true)
    expect(readFileSync(file).includes(Buffer.from('Проскурівська', 'utf8'))).toBe(false)
    const key = await slots.open('olena', 'pw')
    if (!key) throw new Error('no key in the slot')
    db = openDatabase(file, { key })
    expect(readSetting(db, 'centre.address')).toBe('вул. Проскурівська, 1')
  })
})
