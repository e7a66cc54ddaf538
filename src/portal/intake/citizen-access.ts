import { accessCodeHashOf, countAttempts, refundAttempts, type AttemptKey } from '../db/access-codes-repository'
import type { PortalDb } from '../db/portal-db'
import type { PortalDeps } from '../deps'
import { PortalError } from '../errors'
import { verifyAccessCode } from '../auth/access-codes'
import { applicationNotFound, parseNumberParam } from './intake'

/*
 * The door of every citizen endpoint about one application (issue 16): the number names the
 * application, the access code opens it. Whatever is wrong — no code, a wrong one, another
 * application's, a number that does not exist, an application without a code — the answer is the
 * SAME 404 body, after the same work (one counted try, one scrypt derivation; see
 * auth/access-codes.ts), so neither the body nor the time tells them apart.
 *
 * Tries are counted per application (by its number, known or not) and per client address, in the
 * database, before the code is checked; a right code gives its try back. Past the limit the answer
 * is 429 until the window ends. A stranger can therefore hold an application's owner off for one
 * window (at most `windowMs`) by guessing at its number: the price of capping guesses at one
 * application from many addresses, which no per-address limit does. Codes have ~59 bits, so the
 * cap (by default 10 tries a quarter of an hour) leaves a guess no chance in a lifetime.
 */

export interface AccessRequest {
  /** The number as typed (any separators); a malformed one is 400 invalid_order_number, as everywhere. */
  orderNumber: string
  /** The access code as typed; null or empty when none was given. */
  code: string | null
  /** The client's address (Fastify's req.ip). */
  address: string
}

/** Returns the canonical order number when the code opens it; otherwise throws the 404 (or 429). */
export async function openWithAccessCode(db: PortalDb, deps: PortalDeps, req: AccessRequest): Promise<string> {
  const canonical = parseNumberParam(req.orderNumber)
  // Without a code nothing is looked up, so nothing can differ.
  if (req.code === null || req.code.trim() === '') throw applicationNotFound(canonical)
  const limits = deps.accessLimits
  const keys: AttemptKey[] = [
    { scope: 'application', key: canonical },
    { scope: 'address', key: req.address }
  ]
  const counts = await countAttempts(db, keys, deps.clock(), limits.windowMs)
  if ((counts.get('application') ?? 0) > limits.perApplication || (counts.get('address') ?? 0) > limits.perAddress) {
    const minutes = Math.max(1, Math.round(limits.windowMs / 60_000))
    throw new PortalError(429, 'rate_limited', `Забагато спроб ввести код доступу. Спробуйте знову за ${minutes} хв.`)
  }
  const stored = await accessCodeHashOf(db, canonical)
  if (!(await verifyAccessCode(req.code, stored))) throw applicationNotFound(canonical)
  await refundAttempts(db, keys)
  return canonical
}
