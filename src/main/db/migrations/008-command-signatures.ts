import type { Migration } from './migration'

/**
 * Who did it (issue 20). Each command carries its clerk's Ed25519 signature (`outbox.signature_json`:
 * `{keyId, value}`, src/shared/command-signature.ts). NULL for a command written before this version
 * or by a clerk whose key is not unlocked yet: such a command is held, never pushed unsigned, and is
 * signed when its clerk next signs in here (src/main/services/clerk-keyring.ts).
 *
 * `clerk_keys`: the key pair of each clerk who signed in online here: the public half as the portal
 * registered it (`key_id`), the private half wrapped by a key derived from the clerk's password
 * (scrypt → AES-256-GCM, src/main/sync/command-signing.ts), so it signs only after the clerk types it.
 */
export const migration008CommandSignatures: Migration = {
  version: 8,
  name: 'command signatures',
  up(db): void {
    db.exec(`
      ALTER TABLE outbox ADD COLUMN signature_json TEXT;
      CREATE TABLE clerk_keys (
        clerk_id TEXT PRIMARY KEY,
        key_id TEXT NOT NULL,
        public_key TEXT NOT NULL,
        wrapped_private_key TEXT NOT NULL,
        registered_at TEXT NOT NULL
      );
    `)
  }
}
