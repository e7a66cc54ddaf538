/**
 * `npm start`: the whole system on one machine.
 *   1. the embedded portal (PGlite in .vikno-data/portal) with demo data and a citizen simulator
 *      that submits a new application every few seconds (--no-citizens turns it off);
 *   2. the workstation, enrolled with the demo centre and signed in as the demo clerk, in Electron
 *      when its binary is here, otherwise in the web shell (the URL is the last line printed).
 * Options: --no-citizens, --demo-count N, --web (web shell even where Electron exists).
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createPortal } from '../src/portal/portal'
import { PgliteDb } from '../src/portal/db/pglite-db'
import { PgDb } from '../src/portal/db/pg-db'
import type { PortalDb } from '../src/portal/db/portal-db'
import { firstCentre } from '../src/portal/db/centres-repository'
import { startCitizenSimulator } from '../src/portal/citizen-simulator'
import { createWorkstation } from '../src/main/workstation'
import { startWebShell } from '../src/main/web/web-shell'
import { createLogger } from '../src/main/log'
import { DEMO_CENTRE, DEMO_CLERKS } from '../src/shared/demo/clerks'
import { appVersion, CATALOG_PATH, DATA_ROOT, RENDERER_DIR, ROOT } from './lib/paths'
import { buildApp } from './lib/build'

const { values } = parseArgs({
  options: {
    'no-citizens': { type: 'boolean', default: false },
    'demo-count': { type: 'string', default: '2000' },
    web: { type: 'boolean', default: false }
  }
})

function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}

/** Tries once to fetch Electron's binary (it needs GitHub); remembers a failure so later starts are quick. */
function tryDownloadElectron(): string | null {
  const marker = join(DATA_ROOT, '.electron-download-failed')
  if (process.env['CI'] || existsSync(marker)) return null
  console.log('Electron is not installed yet; trying to download it once…')
  const env = { ...process.env }
  delete env['ELECTRON_SKIP_BINARY_DOWNLOAD']
  const res = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'electron', 'install.js')], { env, stdio: 'ignore', timeout: 90_000 })
  if (res.status === 0 && electronBinary()) return electronBinary()
  mkdirSync(DATA_ROOT, { recursive: true })
  writeFileSync(marker, new Date().toISOString())
  return null
}

async function main(): Promise<void> {
  buildApp()
  const port = Number(process.env['PORT'] ?? '7400')
  let db: PortalDb
  if (process.env['DATABASE_URL']) {
    db = new PgDb({ connectionString: process.env['DATABASE_URL'] })
  } else {
    const dataDir = join(DATA_ROOT, 'portal')
    mkdirSync(dataDir, { recursive: true })
    db = await PgliteDb.open({ dataDir })
  }
  const portal = await createPortal({
    db,
    // The demo centre's static enrolment code enrols this workstation: demonstrations only (README, "Demo sign-in").
    demoEnrolment: true,
    // Status links and the receipt's QR code point at the address citizens open.
    publicBaseUrl: (process.env['PORTAL_PUBLIC_URL'] ?? `http://127.0.0.1:${port}`).replace(/\/+$/, ''),
    log: (level, message, data) => {
      if (level === 'error') console.error(`[portal] ${message}${data ? ` ${JSON.stringify(data)}` : ''}`)
    }
  })
  if (!(await firstCentre(db))) {
    console.log(`Seeding the embedded portal with ${values['demo-count']} demo applications…`)
    await portal.seedDemo({ count: Number(values['demo-count']), seed: 1 })
  }
  const portalUrl = await portal.app.listen({ port, host: '127.0.0.1' })
  console.log(`Portal: ${portalUrl} (citizens' API under /api/v1)`)
  console.log(`Citizens' pages (apply online, follow an application): ${portalUrl}/`)
  console.log(
    `Portal in DEMO MODE, for demonstrations only: the static enrolment code ${DEMO_CENTRE.enrolmentCode} enrols any workstation (a real portal takes only one-time codes from an administrator)`
  )
  const citizens = values['no-citizens']
    ? null
    : startCitizenSimulator({
        baseUrl: portalUrl,
        intervalMs: 8_000,
        onError: (e) => console.error(`[citizens] ${e instanceof Error ? e.message : String(e)}`)
      })
  if (citizens) console.log('Citizen simulator: a new application every 8 s (npm start -- --no-citizens turns it off)')

  const clerk = DEMO_CLERKS[0]
  if (!clerk) throw new Error('no demo clerk')
  const binary = values.web ? null : (electronBinary() ?? tryDownloadElectron())
  const nativeForElectron = existsSync(join(ROOT, 'resources', 'native', 'electron', 'better_sqlite3_multiple_ciphers.node'))
  if (binary && nativeForElectron) {
    console.log(`Workstation: Electron (${binary})`)
    const child = spawn(binary, [ROOT], {
      stdio: 'inherit',
      env: {
        ...process.env,
        VIKNO_DATA_DIR: join(DATA_ROOT, 'workstation-electron'),
        VIKNO_PORTAL_URL: portalUrl,
        VIKNO_ENROLMENT_CODE: DEMO_CENTRE.enrolmentCode,
        VIKNO_LOGIN: clerk.login,
        VIKNO_PASSWORD: clerk.password
      }
    })
    child.on(
      'exit',
      () =>
        void citizens
          ?.stop()
          .then(() => portal.close())
          .then(() => process.exit(0))
    )
    return
  }
  console.log(
    binary
      ? 'Electron is here but better-sqlite3-multiple-ciphers has no Electron build yet (npm run rebuild:electron), so Vikno opens in the web shell instead.'
      : 'Electron’s binary is not installed on this machine (it could not be downloaded), so Vikno opens in the web shell instead.'
  )
  const dataDir = join(DATA_ROOT, 'workstation')
  const log = createLogger({ file: join(dataDir, 'workstation.log') })
  mkdirSync(dataDir, { recursive: true })
  const workstation = await createWorkstation({
    dataDir,
    shell: 'web',
    appVersion: appVersion(),
    catalogPath: CATALOG_PATH,
    log,
    portal: { url: portalUrl, enrolmentCode: DEMO_CENTRE.enrolmentCode, login: clerk.login, password: clerk.password }
  })
  const shell = await startWebShell({ workstation, rendererDir: RENDERER_DIR, port: Number(process.env['WEB_PORT'] ?? '5780'), log })
  const stop = async () => {
    await shell.close()
    await workstation.close()
    await citizens?.stop()
    await portal.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
  console.log(`Signed in as ${clerk.name} (${clerk.login} / ${clerk.password}); local data in ${dataDir}`)
  console.log(`Vikno web shell is running. Open: ${shell.urlWithToken}`)
}

main().catch((e: unknown) => {
  console.error(`Vikno could not start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
  process.exit(1)
})
