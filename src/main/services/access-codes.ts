import { randomBytes, randomInt, scrypt } from 'node:crypto'
import { ACCESS_CODE_KDF, joinAccessCodeHash, makeAccessCode, normalizeAccessCode } from '../../shared/domain/access-code'

/*
 * Access codes made at the desk (issue 16): a walk-in's, and a new one for an applicant who lost
 * theirs. Made here, offline too, from node:crypto's CSPRNG; only the hash goes to the portal, in
 * the command. The portal's twin (src/portal/auth/access-codes.ts) makes its own codes the same way
 * and checks them; the two programs may not import each other, so both hash with the shared
 * ACCESS_CODE_KDF and both tests pin the same test vector.
 */

export async function hashAccessCode(code: string, salt: Buffer = randomBytes(ACCESS_CODE_KDF.saltBytes)): Promise<string> {
  const normalized = normalizeAccessCode(code)
  if (normalized === null) throw new RangeError('hashAccessCode: not an access code')
  if (salt.length !== ACCESS_CODE_KDF.saltBytes) throw new RangeError('hashAccessCode: wrong salt length')
  const key = await new Promise<Buffer>((resolve, reject) => {
    scrypt(
      normalized,
      salt,
      ACCESS_CODE_KDF.keyBytes,
      { N: ACCESS_CODE_KDF.N, r: ACCESS_CODE_KDF.r, p: ACCESS_CODE_KDF.p, maxmem: 64 * 1024 * 1024 },
      (error, derived) => (error ? reject(error) : resolve(derived))
    )
  })
  return joinAccessCodeHash(salt.toString('base64'), key.toString('base64'))
}

/** A new code (formatted in groups, to print and read aloud) and its hash (to send). */
export async function newAccessCode(): Promise<{ code: string; hash: string }> {
  const code = makeAccessCode((n) => randomInt(n))
  return { code, hash: await hashAccessCode(code) }
}
