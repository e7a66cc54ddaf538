import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ENROLMENT_CODE_HOURS } from '../shared/admin'
import { issueEnrolmentCode } from './auth/enrolment-codes'
import { migrate } from './db/migrations'
import { PgDb } from './db/pg-db'
import { PgliteDb } from './db/pglite-db'
import type { PortalDb } from './db/portal-db'
import { getCentre } from './db/centres-repository'
import { findClerkByLogin } from './db/clerks-repository'
import { makeDeps } from './deps'
import { PORTAL_PID_FILE } from './pid-file'

/*
 * `npm run portal:admin -- enrolment-code --centre ID --admin LOGIN [--hours N]`: the portal's own
 * command line, for the first workstation of a centre (later ones get their codes on the
 * administration screen). It prints a one-time enrolment code issued in the name of that
 * administrator (an enabled account with the role 'admin' in that centre), valid for a day unless
 * --hours says otherwise, and writes it to audit_log like a code issued on the screen. It is for
 * whoever runs the portal's server: it opens the portal's database directly (DATABASE_URL, or the
 * embedded one in PORTAL_DATA_DIR / .vikno-data/portal — which must not be open in a running
 * portal at the same time: see PORTAL_PID_FILE).
 */

const USAGE = 'Usage: npm run portal:admin -- enrolment-code --centre ID --admin LOGIN [--hours N]'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function openDb(): Promise<PortalDb> {
  if (process.env['DATABASE_URL']) return new PgDb({ connectionString: process.env['DATABASE_URL'] })
  const dataDir = resolve(process.env['PORTAL_DATA_DIR'] ?? '.vikno-data/portal')
  if (!existsSync(dataDir)) throw new Error(`No portal database in ${dataDir} (start the portal once: npm run portal)`)
  const pidFile = join(dataDir, PORTAL_PID_FILE)
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : NaN
  // PGlite is one process's database: opening it from two at once would damage it.
  if (Number.isInteger(pid) && pid > 0 && alive(pid))
    throw new Error(`The portal (process ${pid}) has the embedded database in ${dataDir} open: stop it first, then run this again`)
  return PgliteDb.open({ dataDir })
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { centre: { type: 'string' }, admin: { type: 'string' }, hours: { type: 'string' } }
  })
  if (positionals[0] !== 'enrolment-code' || positionals.length !== 1 || !values.centre || !values.admin) throw new Error(USAGE)
  const hours = values.hours === undefined ? ENROLMENT_CODE_HOURS.default : Number(values.hours)
  if (!Number.isInteger(hours) || hours < ENROLMENT_CODE_HOURS.min || hours > ENROLMENT_CODE_HOURS.max)
    throw new Error(`--hours: a whole number from ${ENROLMENT_CODE_HOURS.min} to ${ENROLMENT_CODE_HOURS.max}`)

  const db = await openDb()
  try {
    await migrate(db)
    const deps = makeDeps()
    const centre = await getCentre(db, values.centre)
    if (!centre) throw new Error(`No centre with the id ${values.centre}`)
    const admin = await findClerkByLogin(db, values.admin)
    if (!admin || admin.centreId !== centre.id) throw new Error(`No account ${values.admin} in the centre ${centre.id}`)
    if (admin.role !== 'admin') throw new Error(`${values.admin} is not an administrator (role ${admin.role})`)
    if (admin.disabledAt !== null) throw new Error(`The account ${values.admin} is disabled`)
    const issued = await db.transaction((tx) => issueEnrolmentCode(tx, deps, admin, { via: null, validHours: hours }))
    console.log(`Enrolment code for ${centre.name} (${centre.id}), issued in the name of ${admin.name}:`)
    console.log(`  ${issued.code}`)
    console.log(`It enrols ONE workstation and expires at ${issued.expiresAt}. It is shown only now.`)
  } finally {
    await db.close()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
