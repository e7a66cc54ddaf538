import { encryptOpenDatabase, type Db } from '../db/connection'
import type { ClerkSession } from '../../shared/session'
import { newDatabaseKey, type KeySlots } from './key-slots'
import type { SessionVault } from './session-service'

/*
 * The local database's key while the workstation runs (issue 20 item 4). It holds the key in memory
 * from the moment the database is opened (a fresh database, or one unsealed by a clerk's slot) until
 * the process ends — signing out does not forget it, so background sync goes on; a restart seals
 * the file again. Each successful sign-in gives the clerk a key slot: added after an offline one (if
 * she has none yet), re-wrapped after every online one (the portal just confirmed this password: a
 * password changed on the portal replaces the old one here too). A database from before encryption
 * (no key yet) is encrypted in place at the first sign-in, then gets that clerk's slot.
 */

export interface LocalVaultDeps {
  db: Db
  slots: KeySlots
  /** The database's key, or null for a plain database still to encrypt at the first sign-in. */
  key: Buffer | null
  clock: () => Date
  log: { info(m: string, d?: Record<string, unknown>): void; warn(m: string, d?: Record<string, unknown>): void }
}

export interface LocalVault extends SessionVault {
  /** Whether the database is encrypted by now. */
  encrypted(): boolean
  /** The demo: slots for the demo clerks when the demo database is created. */
  addSlot(login: string, clerk: ClerkSession, password: string): Promise<void>
}

export function createLocalVault(deps: LocalVaultDeps): LocalVault {
  let key = deps.key

  const ensureEncrypted = (): Buffer => {
    if (key) return key
    const fresh = newDatabaseKey()
    // The sidecar first (empty): an encrypted file without one would read as "key file missing".
    if (!deps.slots.exists()) deps.slots.create()
    encryptOpenDatabase(deps.db, fresh)
    key = fresh
    deps.log.info('the local database was encrypted in place (it was plain, from before encryption)')
    return fresh
  }

  const put = async (login: string, clerk: ClerkSession, password: string): Promise<void> => {
    const k = ensureEncrypted()
    await deps.slots.put(login, clerk.clerkId, password, k, deps.clock())
  }

  return {
    encrypted: () => key !== null,
    async signedIn(login, clerk, password, mode) {
      if (mode === 'online' || !key || !deps.slots.has(login)) {
        await put(login, clerk, password)
        deps.log.info('key slot of the local database written', { clerkId: clerk.clerkId, mode })
      }
    },
    addSlot: put,
    forgetLogin(login) {
      if (deps.slots.exists() && deps.slots.remove(login))
        deps.log.info('key slot removed (account disabled)', { login: login.slice(0, 100) })
    },
    forgetAll() {
      if (!deps.slots.exists()) return
      const n = deps.slots.removeAll()
      deps.log.warn('every key slot removed (this workstation was revoked): after a restart the local database opens for nobody', {
        removed: n
      })
    }
  }
}
