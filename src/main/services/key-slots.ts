import { randomBytes } from 'node:crypto'
import { chmodSync, closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { z } from 'zod'
import { DATABASE_KEY_BYTES } from '../db/connection'
import { unwrapSecret, wrapSecret, WRAP_KDF } from '../sync/command-signing'

/*
 * Key slots for the local database (issue 20 item 4), as disk encryption (LUKS) keeps them: the
 * database key is 32 random bytes; a sidecar file beside the database holds it wrapped once for
 * each clerk who signed in on this workstation, under a key derived from her password — scrypt with
 * the clerk keyring's parameters and AES-256-GCM (command-signing.ts's wrapSecret: node:crypto, no
 * home-made cryptography). Any one slot and its password give the key; without a password nothing
 * in this file helps: a copied database and its sidecar yield only what an offline guess at a
 * password (0.1 s of scrypt a guess) buys.
 *
 * The file is 0600, validated with zod on every read (a damaged or foreign file is a clear error,
 * never a silently empty list), and replaced atomically (a temporary file, fsync, rename), so a
 * crash while adding a slot leaves the old file or the new one, never half of either. The login is
 * authenticated (GCM's additional data): a slot cannot be moved to another login. What it shows in
 * the clear: which logins have a slot, and when it was written.
 */

export const KEY_SLOTS_FORMAT = 'vikno-keyslots'

const slotSchema = z.strictObject({
  login: z.string().min(1).max(100),
  clerkId: z.string().min(1).max(200),
  wrapped: z.string().min(1).max(4000),
  updatedAt: z.iso.datetime({ offset: true })
})
const fileSchema = z.strictObject({
  format: z.literal(KEY_SLOTS_FORMAT),
  version: z.literal(1),
  slots: z.array(slotSchema).max(1000)
})

export type KeySlot = z.infer<typeof slotSchema>
type KeySlotsFile = z.infer<typeof fileSchema>

/** The sidecar is missing, or cannot be read as key slots. */
export class KeySlotsError extends Error {
  constructor(
    readonly code: 'missing' | 'corrupt',
    message: string
  ) {
    super(message)
    this.name = 'KeySlotsError'
  }
}

/** `workstation.sqlite` → `workstation.keyslots.json`, in the same folder. */
export function keySlotsPathFor(databaseFile: string): string {
  return join(dirname(databaseFile), `${basename(databaseFile).replace(/\.sqlite$/, '')}.keyslots.json`)
}

export function newDatabaseKey(): Buffer {
  return randomBytes(DATABASE_KEY_BYTES)
}

export interface KeySlots {
  readonly file: string
  exists(): boolean
  /** Writes an empty sidecar (a new database whose first slot comes with the first sign-in). */
  create(): void
  /** Every slot; throws KeySlotsError when the file is missing or damaged. */
  list(): KeySlot[]
  has(login: string): boolean
  /** The database key, or null when `login` has no slot or the password does not open it. */
  open(login: string, password: string): Promise<Buffer | null>
  /** Adds `login`'s slot, or re-wraps it (a changed password): the key under this password. */
  put(login: string, clerkId: string, password: string, key: Uint8Array, now: Date): Promise<void>
  /** Removes `login`'s slot; false when there was none. */
  remove(login: string): boolean
  /** Removes every slot of a clerk (all her logins); how many went. */
  removeClerk(clerkId: string): number
  /** Removes every slot (a revoked workstation): the file then opens for nobody. */
  removeAll(): number
}

const context = (login: string): string => `vikno-db-key-v1:${login}`
const norm = (login: string): string => login.trim()

export function createKeySlots(file: string, opts: { kdf?: { N: number; r: number; p: number } } = {}): KeySlots {
  const kdf = opts.kdf ?? WRAP_KDF

  const read = (): KeySlotsFile => {
    if (!existsSync(file)) throw new KeySlotsError('missing', `key slots file ${basename(file)} is missing`)
    let json: unknown
    try {
      json = JSON.parse(readFileSync(file, 'utf8'))
    } catch {
      throw new KeySlotsError('corrupt', `key slots file ${basename(file)} is damaged (not JSON)`)
    }
    const parsed = fileSchema.safeParse(json)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new KeySlotsError(
        'corrupt',
        `key slots file ${basename(file)} is damaged (${issue?.path.join('.') || 'root'}: ${issue?.message ?? '?'})`
      )
    }
    return parsed.data
  }

  const write = (content: KeySlotsFile): void => {
    const checked = fileSchema.parse(content)
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`
    const fd = openSync(tmp, 'wx', 0o600)
    try {
      writeSync(fd, `${JSON.stringify(checked, null, 2)}\n`)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    try {
      chmodSync(tmp, 0o600)
      renameSync(tmp, file)
    } catch (error) {
      rmSync(tmp, { force: true })
      throw error
    }
    // The rename itself reaches the disk with the folder's entry.
    try {
      const dirFd = openSync(dirname(file), 'r')
      try {
        fsyncSync(dirFd)
      } finally {
        closeSync(dirFd)
      }
    } catch {
      /* not every platform can fsync a folder (Windows); the rename is still atomic */
    }
  }

  const findSlot = (login: string): KeySlot | null => read().slots.find((s) => s.login === norm(login)) ?? null

  return {
    file,
    exists: () => existsSync(file),
    create() {
      write({ format: KEY_SLOTS_FORMAT, version: 1, slots: [] })
    },
    list: () => read().slots,
    has: (login) => findSlot(login) !== null,
    async open(login, password) {
      const slot = findSlot(login)
      if (!slot) return null
      const key = await unwrapSecret(slot.wrapped, password, context(slot.login))
      if (!key) return null
      if (key.length !== DATABASE_KEY_BYTES) {
        key.fill(0)
        return null
      }
      return key
    },
    async put(login, clerkId, password, key, now) {
      if (key.length !== DATABASE_KEY_BYTES) throw new Error(`the database key must be ${DATABASE_KEY_BYTES} bytes`)
      const l = norm(login)
      const wrapped = await wrapSecret(key, password, context(l), kdf)
      // Read after the slow wrap, so a slot written meanwhile (another sign-in) is kept.
      const current = existsSync(file) ? read() : { format: KEY_SLOTS_FORMAT, version: 1 as const, slots: [] }
      const slots = current.slots.filter((s) => s.login !== l)
      slots.push({ login: l, clerkId, wrapped, updatedAt: now.toISOString() })
      write({ format: KEY_SLOTS_FORMAT, version: 1, slots })
    },
    remove(login) {
      const current = read()
      const slots = current.slots.filter((s) => s.login !== norm(login))
      if (slots.length === current.slots.length) return false
      write({ ...current, slots })
      return true
    },
    removeClerk(clerkId) {
      const current = read()
      const slots = current.slots.filter((s) => s.clerkId !== clerkId)
      const removed = current.slots.length - slots.length
      if (removed > 0) write({ ...current, slots })
      return removed
    },
    removeAll() {
      const current = read()
      if (current.slots.length > 0) write({ ...current, slots: [] })
      return current.slots.length
    }
  }
}
