import { createPublicKey, verify, type KeyObject } from 'node:crypto'
import { commandSigningBytes } from '../../shared/command-signature'
import type { CommandEnvelope } from '../../shared/domain/commands'
import type { ErrorCode } from '../../shared/result'
import type { ClerkKeyRow, KeyRevocation } from '../db/keys-repository'

/*
 * The portal's half of "who did it" (issue 20). A command counts only when it carries a valid
 * Ed25519 signature (node:crypto) over its canonical text (src/shared/command-signature.ts) for
 * THE WORKSTATION THAT SENT IT, by a key that the portal registered for THAT clerk on THAT
 * workstation in an online sign-in and has not revoked. Anything else is a rejection with its own
 * code, stored like any rejection (the queue moves on) and shown in the clerk's conflict inbox.
 * Checked in push.ts before the clerk, the role or the application is looked at.
 */

export interface SignatureRefusal {
  code: Extract<ErrorCode, 'unsigned' | 'bad_signature' | 'key_unknown' | 'key_revoked' | 'other_workstation'>
  message: string
}

const REVOKED_BECAUSE: Record<KeyRevocation, string> = {
  replaced: 'його замінено новим ключем під час пізнішого входу працівника на цьому робочому місці',
  clerk_disabled: 'обліковий запис працівника вимкнено',
  password_reset: 'пароль працівника змінено адміністратором',
  workstation_revoked: 'доступ робочого місця до порталу відкликано'
}

const keyObjects = new Map<string, KeyObject>()
function keyObject(publicKey: string): KeyObject {
  let key = keyObjects.get(publicKey)
  if (!key) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' })
    if (keyObjects.size > 10_000) keyObjects.clear()
    keyObjects.set(publicKey, key)
  }
  return key
}

/** Why the portal may not execute `cmd`, sent by `workstationId`, signed with `key` (the row its keyId names); null when it may. */
export function signatureRefusal(cmd: CommandEnvelope, workstationId: string, key: ClerkKeyRow | null): SignatureRefusal | null {
  if (!cmd.signature)
    return {
      code: 'unsigned',
      message:
        'Дію не підписано ключем працівника. Вона була створена до того, як працівник увійшов на цьому робочому місці з підключенням до порталу; увійдіть і повторіть її'
    }
  if (!key || key.keyId !== cmd.signature.keyId)
    return { code: 'key_unknown', message: 'Дію підписано ключем, якого портал не знає; портал її не виконав' }
  if (key.clerkId !== cmd.clerk.clerkId)
    return {
      code: 'bad_signature',
      message: 'Дію підписано ключем іншого працівника, ніж той, від чийого імені її надіслано; портал її не виконав'
    }
  if (key.workstationId !== workstationId)
    return {
      code: 'other_workstation',
      message: 'Дію підписано ключем, виданим іншому робочому місцю; надіслана з цього, вона не виконується (повтор чужих дій)'
    }
  if (key.revokedAt !== null)
    return {
      code: 'key_revoked',
      message: `Ключ підпису працівника відкликано (${REVOKED_BECAUSE[key.revokedReason ?? 'replaced']}); дію не виконано. Увійдіть з підключенням до порталу і повторіть її`
    }
  let valid = false
  try {
    valid = verify(null, commandSigningBytes(workstationId, cmd), keyObject(key.publicKey), Buffer.from(cmd.signature.value, 'base64url'))
  } catch {
    valid = false
  }
  if (!valid)
    return {
      code: 'bad_signature',
      message: 'Підпис дії не збігається з її змістом (номер, заявка, робоче місце чи дані змінено після підписання); портал її не виконав'
    }
  return null
}
