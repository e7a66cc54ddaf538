/**
 * `npm run web`: the workstation in the web shell on 127.0.0.1.
 *   --portal URL         sync with a running portal (enrolment code from --enrolment-code or VIKNO_ENROLMENT_CODE)
 *   --login L --password P   sign the clerk in on the portal
 *   --demo-count N       standalone demo (no portal): N generated applications in an empty database (default 2000)
 *   --data-dir DIR       where the local database lives (default .vikno-data/web-demo or .vikno-data/workstation)
 *   --no-build           serve the existing out/renderer
 * WEB_PORT chooses the port (default 5780; 0 = any free port). The LAST line printed is the URL to open.
 */
import { parseArgs } from 'node:util'
import { join } from 'node:path'
import { createWorkstation } from '../src/main/workstation'
import { startWebShell } from '../src/main/web/web-shell'
import { createLogger } from '../src/main/log'
import { DEMO_CENTRE } from '../src/shared/demo/clerks'
import { appVersion, CATALOG_PATH, DATA_ROOT, RENDERER_DIR } from './lib/paths'
import { buildApp } from './lib/build'

const { values } = parseArgs({
  options: {
    portal: { type: 'string' },
    'enrolment-code': { type: 'string' },
    login: { type: 'string' },
    password: { type: 'string' },
    'demo-count': { type: 'string' },
    'data-dir': { type: 'string' },
    'no-build': { type: 'boolean', default: false }
  }
})

async function main(): Promise<void> {
  if (!values['no-build']) buildApp()
  const portalUrl = values.portal ?? process.env['VIKNO_PORTAL_URL']
  const dataDir = values['data-dir'] ?? join(DATA_ROOT, portalUrl ? 'workstation' : 'web-demo')
  const log = createLogger({ file: join(dataDir, 'workstation.log') })
  const workstation = await createWorkstation({
    dataDir,
    shell: 'web',
    appVersion: appVersion(),
    catalogPath: CATALOG_PATH,
    log,
    portal: portalUrl
      ? {
          url: portalUrl,
          enrolmentCode: values['enrolment-code'] ?? process.env['VIKNO_ENROLMENT_CODE'] ?? DEMO_CENTRE.enrolmentCode,
          login: values.login ?? process.env['VIKNO_LOGIN'],
          password: values.password ?? process.env['VIKNO_PASSWORD']
        }
      : null,
    standaloneDemo: portalUrl ? null : { count: Number(values['demo-count'] ?? '2000'), seed: 42 }
  })
  const shell = await startWebShell({
    workstation,
    rendererDir: RENDERER_DIR,
    port: Number(process.env['WEB_PORT'] ?? '5780'),
    log,
    // Tests pass a known token; a person gets a fresh random one every launch.
    token: process.env['VIKNO_WEB_TOKEN'] || undefined
  })
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    // A safety net, not the way a stop ends: the shell lets the calls in flight be answered (and
    // cuts a hung one after 2 s), the print browser gets 5 s, then the database is checkpointed and
    // closed. Should something still hang, the process ends anyway, and says so.
    setTimeout(() => {
      log.error('the web shell did not stop within 10 s; exiting without closing the database')
      process.exit(1)
    }, 10_000).unref()
    await shell.close()
    await workstation.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
  console.log(`Local data: ${dataDir}`)
  console.log(`Vikno web shell is running. Open: ${shell.urlWithToken}`)
}

main().catch((e: unknown) => {
  console.error(`Vikno web shell could not start: ${e instanceof Error ? e.message : String(e)}`)
  process.exit(1)
})
