import type { CommandSignature } from '../../shared/command-signature'
import { prepared, upsertRow, type Db } from './sql'
import { toRow, type OutboxRow, type OutboxSqlRow } from './sync-repository'

/*
 * Clerks' signing keys on this workstation and the outbox rows still to sign (issue 20, migration 8).
 * The cryptography is in src/main/sync/command-signing.ts; the rules in services/clerk-keyring.ts.
 */

export interface StoredClerkKey {
  clerkId: string
  /** The portal's id of the registered public key, named in every signature. */
  keyId: string
  /** Ed25519 public key, 32 bytes base64url. */
  publicKey: string
  /** The PKCS#8 private key, wrapped by the clerk's password (command-signing.ts, WrappedKey as JSON). */
  wrappedPrivateKey: string
  registeredAt: string
}

interface KeySqlRow {
  clerk_id: string
  key_id: string
  public_key: string
  wrapped_private_key: string
  registered_at: string
}

export function getStoredClerkKey(db: Db, clerkId: string): StoredClerkKey | null {
  const r = prepared<KeySqlRow>(db, 'SELECT * FROM clerk_keys WHERE clerk_id = ?').get(clerkId)
  return r
    ? {
        clerkId: r.clerk_id,
        keyId: r.key_id,
        publicKey: r.public_key,
        wrappedPrivateKey: r.wrapped_private_key,
        registeredAt: r.registered_at
      }
    : null
}

export function putStoredClerkKey(db: Db, k: StoredClerkKey): void {
  upsertRow(db, 'clerk_keys', 'clerk_id', {
    clerk_id: k.clerkId,
    key_id: k.keyId,
    public_key: k.publicKey,
    wrapped_private_key: k.wrappedPrivateKey,
    registered_at: k.registeredAt
  })
}

/** What a signature covers, of an outbox row (src/shared/command-signature.ts SignedCommandFields). */
export type UnsignedOutboxRow = Pick<
  OutboxRow,
  'seq' | 'commandId' | 'type' | 'v' | 'applicationId' | 'baseVersion' | 'clerk' | 'issuedAt' | 'payload'
>

/**
 * The clerk's pending commands that are unsigned or signed with another key than `keyId` (written
 * before signatures existed, or while the clerk had no unlocked key, or under a key since replaced).
 */
export function listPendingToSign(db: Db, clerkId: string, keyId: string): UnsignedOutboxRow[] {
  return prepared<OutboxSqlRow>(
    db,
    `SELECT * FROM outbox
      WHERE state = 'pending' AND clerk_id = ? AND (signature_json IS NULL OR json_extract(signature_json, '$.keyId') <> ?)
      ORDER BY seq`
  )
    .all(clerkId, keyId)
    .map(toRow)
}

export function setOutboxSignature(db: Db, seq: number, signature: CommandSignature): void {
  prepared(db, `UPDATE outbox SET signature_json = ? WHERE seq = ? AND state = 'pending'`).run(JSON.stringify(signature), seq)
}

/** Pending commands that wait for their clerk's signature, by clerk (the sync screen says whose). */
export function countPendingUnsigned(db: Db): { clerkId: string; clerkName: string; count: number }[] {
  return prepared<{ clerkId: string; clerkName: string; count: number }>(
    db,
    `SELECT clerk_id AS clerkId, max(clerk_name) AS clerkName, count(*) AS count FROM outbox
      WHERE state = 'pending' AND signature_json IS NULL GROUP BY clerk_id ORDER BY min(seq)`
  ).all()
}
