import { createPublicKey } from 'node:crypto'
import type { PortalDb } from '../db/portal-db'
import { insertClerkKey, lockClerkKeys, revokeClerkKey } from '../db/keys-repository'
import type { ClerkRow } from '../db/clerks-repository'
import type { WorkstationRow } from '../db/workstations-repository'
import type { PortalDeps } from '../deps'
import { PortalError } from '../errors'

/*
 * Registration of a clerk's signing key (issue 20), inside the online sign-in that checked the
 * clerk's password (sync/workstations.ts handleSignIn). The workstation presents the public half of
 * the key pair it keeps for this clerk (wrapped by the clerk's password, src/main/sync/
 * command-signing.ts). The same active key again → its id. A new key → the previous one of this
 * clerk on this workstation is revoked ('replaced') and the new one is active. A key the portal has
 * revoked is never made active again: 409 'key_revoked', and the workstation makes a new pair.
 */

export async function registerClerkKey(
  db: PortalDb,
  deps: PortalDeps,
  clerk: ClerkRow,
  ws: WorkstationRow,
  publicKey: string
): Promise<{ keyId: string }> {
  try {
    createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' })
  } catch {
    throw new PortalError(400, 'invalid_input', 'Відкритий ключ підпису некоректний (очікується Ed25519)', 'publicKey')
  }
  return db.transaction(async (tx) => {
    const now = deps.clock()
    const keys = await lockClerkKeys(tx, ws.centreId, clerk.id, ws.id)
    const same = keys.find((k) => k.publicKey === publicKey)
    if (same && same.revokedAt === null) return { keyId: same.keyId }
    if (same) throw new PortalError(409, 'key_revoked', 'Ключ підпису цього працівника на цьому робочому місці відкликано; потрібен новий')
    const active = keys.find((k) => k.revokedAt === null)
    if (active) await revokeClerkKey(tx, ws.centreId, active.keyId, 'replaced', now)
    const keyId = `key-${deps.newId()}`
    await insertClerkKey(tx, { centreId: ws.centreId, keyId, clerkId: clerk.id, workstationId: ws.id, publicKey, now })
    deps.log('info', 'clerk signing key registered', { clerkId: clerk.id, workstationId: ws.id, keyId, replaced: active?.keyId ?? null })
    return { keyId }
  })
}
