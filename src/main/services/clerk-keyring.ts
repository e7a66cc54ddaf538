import type { Db } from '../db/connection'
import { getStoredClerkKey, listPendingToSign, putStoredClerkKey, setOutboxSignature } from '../db/keys-repository'
import { getVerifierByLogin } from '../db/session-repository'
import { generateClerkKeyPair, unwrapClerkKey, wrapClerkKey, type ClerkKeyPair, type CommandSigner } from '../sync/command-signing'
import type { ClerkSession } from '../../shared/session'

/*
 * A clerk's signing key on this workstation across sign-ins (issue 20). At an ONLINE sign-in the
 * key pair this workstation keeps for the clerk is presented to the portal inside the same request
 * that checks the password (POST /sync/sign-in): the kept one when this password unwraps it, a new
 * pair otherwise (first sign-in here, a password changed on the portal, a key the portal revoked).
 * The portal registers it; the private half is stored wrapped by the password. An offline sign-in
 * and an unlock unwrap it with the password typed. Each time the key is unlocked, the clerk's
 * pending commands that are unsigned (written before signatures existed, or while the key was
 * locked away) or signed under a key since replaced are signed with it, so they can go; until then
 * they wait in the outbox (the sync engine never pushes an unsigned command). Signing out, or
 * another clerk signing in, drops the key from memory.
 */

export interface PreparedClerkKey {
  pair: ClerkKeyPair
  /** The key as stored here already (reused), or null for a new pair still to wrap. */
  stored: { clerkId: string; wrapped: string } | null
}

export interface ClerkKeyring {
  /** Before an online sign-in: the key pair to present for `login`. */
  prepare(login: string, password: string): Promise<PreparedClerkKey>
  /** A new pair (the portal refused the presented key as revoked). */
  fresh(): PreparedClerkKey
  /** After the portal registered the key as `keyId`: keep it (wrapped), hold it, sign the clerk's pending commands. */
  registered(clerk: ClerkSession, key: PreparedClerkKey, keyId: string, password: string): Promise<void>
  /** Offline sign-in, unlock: unwrap the kept key with the password. False when there is none (or it does not open). */
  unlock(clerkId: string, password: string): Promise<boolean>
  forget(clerkId: string): void
  forgetAll(): void
}

export interface ClerkKeyringDeps {
  db: Db
  signer: CommandSigner
  clock: () => Date
  /** Told when commands were signed (they can go now). */
  onSigned: (count: number) => void
  log: { info(m: string, d?: Record<string, unknown>): void; warn(m: string, d?: Record<string, unknown>): void }
  /** Tests may lower the cost of wrapping. */
  kdf?: { N: number; r: number; p: number }
}

export function createClerkKeyring(deps: ClerkKeyringDeps): ClerkKeyring {
  const { db, signer } = deps

  /** Signs the clerk's pending commands that are not signed with `keyId`, in one transaction. */
  const signPending = (clerkId: string, keyId: string): number => {
    const count = db.transaction(() => {
      const rows = listPendingToSign(db, clerkId, keyId)
      for (const row of rows) {
        const signature = signer.sign(row)
        if (signature) setOutboxSignature(db, row.seq, signature)
      }
      return rows.length
    })()
    if (count > 0) {
      deps.log.info('pending commands signed at sign-in', { clerkId, count })
      deps.onSigned(count)
    }
    return count
  }

  return {
    async prepare(login, password) {
      const clerkId = getVerifierByLogin(db, login.trim())?.clerk.clerkId ?? null
      const stored = clerkId ? getStoredClerkKey(db, clerkId) : null
      if (clerkId && stored) {
        const privateKey = await unwrapClerkKey(stored.wrappedPrivateKey, clerkId, password)
        if (privateKey) return { pair: { publicKey: stored.publicKey, privateKey }, stored: { clerkId, wrapped: stored.wrappedPrivateKey } }
      }
      return { pair: generateClerkKeyPair(), stored: null }
    },
    fresh: () => ({ pair: generateClerkKeyPair(), stored: null }),
    async registered(clerk, key, keyId, password) {
      const wrapped =
        key.stored && key.stored.clerkId === clerk.clerkId
          ? key.stored.wrapped
          : await wrapClerkKey(key.pair, clerk.clerkId, password, deps.kdf)
      putStoredClerkKey(db, {
        clerkId: clerk.clerkId,
        keyId,
        publicKey: key.pair.publicKey,
        wrappedPrivateKey: wrapped,
        registeredAt: deps.clock().toISOString()
      })
      signer.hold(clerk.clerkId, keyId, key.pair.privateKey)
      signPending(clerk.clerkId, keyId)
    },
    async unlock(clerkId, password) {
      const stored = getStoredClerkKey(db, clerkId)
      if (!stored) return false
      const privateKey = await unwrapClerkKey(stored.wrappedPrivateKey, clerkId, password)
      if (!privateKey) {
        // The verifier accepted the password, the key did not: it was wrapped under an older one.
        deps.log.warn('the signing key kept here does not open with this password; it is renewed at the next online sign-in', { clerkId })
        return false
      }
      signer.hold(clerkId, stored.keyId, privateKey)
      signPending(clerkId, stored.keyId)
      return true
    },
    forget: (clerkId) => signer.forget(clerkId),
    forgetAll: () => signer.forgetAll()
  }
}
