import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  scrypt,
  sign,
  type KeyObject
} from 'node:crypto'
import { z } from 'zod'
import { commandSigningBytes, type CommandSignature, type SignedCommandFields } from '../../shared/command-signature'

/*
 * The workstation's half of "who did it" (issue 20), with node:crypto only — no home-made
 * cryptography:
 *   - a clerk's key pair on this workstation is Ed25519 (generateKeyPairSync('ed25519'));
 *   - its private half is kept wrapped: AES-256-GCM under a key derived from the clerk's password
 *     with scrypt (the verifier's parameters, N = 2^15, r = 8, p = 1, its own random salt), so it is
 *     usable only after the clerk types the password — an online or offline sign-in, or an unlock;
 *   - while the clerk is signed in, the unwrapped key lives in memory in a CommandSigner, which signs
 *     every command of that clerk over the ONE canonical text (src/shared/command-signature.ts).
 * A wrong password fails GCM's authentication: unwrap returns null, nothing is guessed.
 */

export const WRAP_KDF = { N: 2 ** 15, r: 8, p: 1 } as const
const MAXMEM = 128 * 1024 * 1024
const MAX_N = 2 ** 20

const wrappedKeySchema = z.strictObject({
  kdf: z.literal('scrypt'),
  N: z.number().int().min(2).max(MAX_N),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: z.string(),
  iv: z.string(),
  tag: z.string(),
  data: z.string()
})
type WrappedKey = z.infer<typeof wrappedKeySchema>

function derive(password: string, salt: Buffer, kdf: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: MAXMEM }, (error, key) =>
      error ? reject(error) : resolve(key)
    )
  })
}

/** Encrypts `secret` under a key derived from `password` (AES-256-GCM; `context` is authenticated, not secret). */
export async function wrapSecret(
  secret: Uint8Array,
  password: string,
  context: string,
  kdf: { N: number; r: number; p: number } = WRAP_KDF
): Promise<string> {
  const salt = randomBytes(16)
  const iv = randomBytes(12)
  const key = await derive(password, salt, kdf)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(context, 'utf8'))
  const data = Buffer.concat([cipher.update(secret), cipher.final()])
  const wrapped: WrappedKey = {
    kdf: 'scrypt',
    N: kdf.N,
    r: kdf.r,
    p: kdf.p,
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64')
  }
  return JSON.stringify(wrapped)
}

/** The secret, or null when the password (or the context) is not the one it was wrapped with, or the record is damaged. */
export async function unwrapSecret(wrappedJson: string, password: string, context: string): Promise<Buffer | null> {
  let wrapped: WrappedKey
  try {
    wrapped = wrappedKeySchema.parse(JSON.parse(wrappedJson))
  } catch {
    return null
  }
  try {
    const key = await derive(password, Buffer.from(wrapped.salt, 'base64'), wrapped)
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(wrapped.iv, 'base64'))
    decipher.setAAD(Buffer.from(context, 'utf8'))
    decipher.setAuthTag(Buffer.from(wrapped.tag, 'base64'))
    return Buffer.concat([decipher.update(Buffer.from(wrapped.data, 'base64')), decipher.final()])
  } catch {
    return null
  }
}

export interface ClerkKeyPair {
  /** 32 raw bytes, base64url: what the portal registers. */
  publicKey: string
  privateKey: KeyObject
}

export function generateClerkKeyPair(): ClerkKeyPair {
  const pair = generateKeyPairSync('ed25519')
  const jwk = pair.publicKey.export({ format: 'jwk' })
  if (typeof jwk.x !== 'string') throw new Error('Ed25519 public key without x')
  return { publicKey: jwk.x, privateKey: pair.privateKey }
}

/** The private key wrapped for `clerkId` (the clerk id is bound in as GCM's additional data: a key cannot be moved to another clerk). */
export function wrapClerkKey(
  pair: ClerkKeyPair,
  clerkId: string,
  password: string,
  kdf?: { N: number; r: number; p: number }
): Promise<string> {
  const pkcs8 = pair.privateKey.export({ format: 'der', type: 'pkcs8' })
  return wrapSecret(pkcs8, password, `vikno-clerk-key-v1:${clerkId}`, kdf)
}

export async function unwrapClerkKey(wrapped: string, clerkId: string, password: string): Promise<KeyObject | null> {
  const pkcs8 = await unwrapSecret(wrapped, password, `vikno-clerk-key-v1:${clerkId}`)
  if (!pkcs8) return null
  try {
    return createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })
  } catch {
    return null
  } finally {
    pkcs8.fill(0)
  }
}

export function signCommand(workstationId: string, keyId: string, privateKey: KeyObject, env: SignedCommandFields): CommandSignature {
  return { keyId, value: sign(null, commandSigningBytes(workstationId, env), privateKey).toString('base64url') }
}

/**
 * The unwrapped keys of the clerks signed in on this workstation (in practice one at a time), in
 * memory only. A clerk's commands are signed while their key is here; without it they wait.
 */
export class CommandSigner {
  private readonly keys = new Map<string, { keyId: string; privateKey: KeyObject }>()

  constructor(private readonly workstationId: string) {}

  hold(clerkId: string, keyId: string, privateKey: KeyObject): void {
    this.keys.set(clerkId, { keyId, privateKey })
  }

  forget(clerkId: string): void {
    this.keys.delete(clerkId)
  }

  forgetAll(): void {
    this.keys.clear()
  }

  keyIdOf(clerkId: string): string | null {
    return this.keys.get(clerkId)?.keyId ?? null
  }

  /** The signature of the command's own clerk, or null when that clerk's key is not unlocked here. */
  sign(env: SignedCommandFields): CommandSignature | null {
    const key = this.keys.get(env.clerk.clerkId)
    return key ? signCommand(this.workstationId, key.keyId, key.privateKey, env) : null
  }
}
