import canonicalize from 'canonicalize'
import { z } from 'zod'
import { commandEnvelopeSchema, envelopeHead, type CommandEnvelope, type EnvelopeHead } from './domain/commands'

/*
 * Who did it (issue 20). Every command carries its clerk's Ed25519 signature over ONE canonical
 * serialisation of its envelope, defined here and nowhere else: the workstation signs these bytes
 * (src/main/sync/command-signing.ts) and the portal verifies these bytes (src/portal/sync/
 * verify-signature.ts). The key is the clerk's on THAT workstation, registered with the portal in
 * an online sign-in, so the signature binds the command to the clerk, the workstation, its place
 * in that workstation's sequence, the application and the payload: change any of them and it no
 * longer verifies.
 *
 * The text is a domain tag and a JSON object in the JSON Canonicalization Scheme (RFC 8785, the
 * `canonicalize` package: keys sorted, no whitespace, numbers and strings as ECMAScript prints
 * them), so both sides get the same bytes from the same values however the JSON travelled. Left
 * out on purpose: the clerk's NAME (the portal uses its own) and `settled` (a resent rejection is
 * stored, never executed).
 */

export const COMMAND_SIGNATURE_DOMAIN = 'vikno-command-v1'

/** base64url without padding: 32 bytes → 43 characters, 64 bytes → 86. */
const base64url = (chars: number) => z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${chars}}$`), `${chars} символи base64url`)

/** An Ed25519 public key: its 32 raw bytes, base64url. */
export const publicKeySchema = base64url(43)

/**
 * `keyId`: the portal's id of the key (returned when it was registered at an online sign-in);
 * `value`: the 64-byte Ed25519 signature of commandSigningText, base64url. The envelope's schema
 * (domain/commands.ts) carries the same shape.
 */
export const commandSignatureSchema = commandEnvelopeSchema.shape.signature.unwrap()
export type CommandSignature = z.infer<typeof commandSignatureSchema>

/** What a signature covers. */
export type SignedCommandFields = EnvelopeHead & Pick<CommandEnvelope, 'payload'> & { clerk: Pick<CommandEnvelope['clerk'], 'clerkId'> }

/**
 * The text a command's signature is made over, for the workstation `workstationId`. Throws on a
 * payload JSON cannot carry (NaN, Infinity, a lone surrogate): such a command cannot be signed.
 */
export function commandSigningText(workstationId: string, env: SignedCommandFields): string {
  // Canonical JSON (RFC 8785) sorts the keys: the order they are written in here does not matter.
  const body = canonicalize({
    workstationId,
    ...envelopeHead(env),
    clerkId: env.clerk.clerkId,
    // As the portal will see it: through JSON (an undefined member is dropped on the way).
    payload: env.payload === undefined ? null : (JSON.parse(JSON.stringify(env.payload)) as unknown)
  })
  if (body === undefined) throw new TypeError('command envelope cannot be serialised')
  return `${COMMAND_SIGNATURE_DOMAIN}\n${body}`
}

/** The bytes signed and verified: the text in UTF-8. */
export function commandSigningBytes(workstationId: string, env: SignedCommandFields): Uint8Array {
  return new TextEncoder().encode(commandSigningText(workstationId, env))
}
