import { randomBytes } from 'node:crypto'
import { enrolmentCodeHash, hashPassword } from './auth/secrets'
import { upsertCentre } from './db/centres-repository'
import { upsertClerk } from './db/clerks-repository'
import type { PortalDb } from './db/portal-db'
import type { PortalDeps } from './deps'

/*
 * More centres for a region-sized load test (bench:portal spreads 1,000 desks over several
 * centres): each with an administrator (who issues its desks' enrolment codes) and a clerk (who
 * signs in at its desks). No applications: citizens' intake goes to the first centre. Seeding again
 * keeps the centres and accounts (a new random static code, never printed).
 */

export interface SeededCentre {
  centreId: string
  adminLogin: string
  clerk: { clerkId: string; name: string; login: string; password: string }
}

export const LOAD_CENTRE_PASSWORD = 'vikno-load-test'

export async function seedLoadCentres(db: PortalDb, deps: PortalDeps, count: number): Promise<SeededCentre[]> {
  if (!Number.isInteger(count) || count < 0 || count > 100) throw new RangeError(`seedLoadCentres: 0..100 centres, got ${count}`)
  const hash = await hashPassword(LOAD_CENTRE_PASSWORD)
  const out: SeededCentre[] = []
  for (let i = 1; i <= count; i++) {
    const centreId = `load-centre-${i}`
    const centre: SeededCentre = {
      centreId,
      adminLogin: `load${i}-admin`,
      clerk: { clerkId: `load${i}-clerk`, name: `Працівник центру ${i}`, login: `load${i}-clerk`, password: LOAD_CENTRE_PASSWORD }
    }
    await db.transaction(async (tx) => {
      // Its own static code, random and never printed: its desks enrol with one-time codes only.
      await upsertCentre(tx, {
        id: centreId,
        name: `ЦНАП навантаження ${i}`,
        enrolmentCodeHash: enrolmentCodeHash(randomBytes(16).toString('hex')),
        now: deps.clock()
      })
      await upsertClerk(tx, {
        id: `load${i}-admin`,
        centreId,
        login: centre.adminLogin,
        name: `Адміністратор центру ${i}`,
        role: 'admin',
        passwordHash: hash
      })
      await upsertClerk(tx, {
        id: centre.clerk.clerkId,
        centreId,
        login: centre.clerk.login,
        name: centre.clerk.name,
        role: 'clerk',
        passwordHash: hash
      })
    })
    out.push(centre)
  }
  return out
}
