import type { PortalDb } from '../db/portal-db'
import type { WorkstationRow } from '../db/workstations-repository'
import { lastOnlineSignIn } from '../db/workstation-access-repository'
import type { PortalDeps } from '../deps'
import { PortalError } from '../errors'

/*
 * Issue 20: a workstation's token alone reads nothing personal. Pull and attachment downloads need
 * an enrolled, unrevoked workstation (checked before, authenticateWorkstation) on which a clerk has
 * signed in THROUGH THE PORTAL — the password checked by it — within the last
 * deps.readAfterSignInDays days (the workstations' offline sign-in lifetime, 30 by default). A
 * freshly enrolled workstation reads nothing until staff sign in there; a token copied off a disk
 * stops reading that long after the last online sign-in (and at once when the workstation is
 * revoked). The limits of this rule, and the stronger one left for later, are in src/portal/README.md.
 */

const DAY_MS = 24 * 60 * 60 * 1000

export async function requireRecentSignIn(
  db: PortalDb,
  deps: PortalDeps,
  ws: WorkstationRow & { lastOnlineSignInAt?: string | null }
): Promise<void> {
  // The row the request's token found carries it (read in the same statement, moments ago): one
  // query less on every pull (issue 19); any other row is read here.
  const last = ws.lastOnlineSignInAt !== undefined ? ws.lastOnlineSignInAt : await lastOnlineSignIn(db, ws)
  if (last !== null && deps.clock().getTime() - Date.parse(last) <= deps.readAfterSignInDays * DAY_MS) return
  throw new PortalError(
    403,
    'sign_in_required',
    last === null
      ? 'На цьому робочому місці ще ніхто не входив з підключенням до порталу: дані заявників надходять лише після такого входу'
      : `Понад ${deps.readAfterSignInDays} дн. на цьому робочому місці ніхто не входив з підключенням до порталу: увійдіть, щоб знову отримувати дані`
  )
}
