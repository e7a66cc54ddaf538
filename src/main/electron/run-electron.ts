import { app, BrowserWindow } from 'electron'
import { join } from 'node:path'
import { existsSync } from 'node:fs'
import { createWorkstation } from '../workstation'
import { createLogger } from '../log'
import { registerAppScheme, serveRenderer } from './app-protocol'
import { registerIpc } from './ipc'
import { createMainWindow } from './main-window'
import { ElectronPrintRenderer } from './print-electron'

/** App lifecycle of the Electron shell. No business logic: the workstation is the same as the web shell's. */
export function runElectron(): void {
  registerAppScheme()
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  app.enableSandbox()
  void app.whenReady().then(async () => {
    const dataDir = process.env['VIKNO_DATA_DIR'] ?? join(app.getPath('userData'), 'data')
    const log = createLogger({ file: join(dataDir, 'electron.log') })
    const resourcesDir = app.isPackaged ? process.resourcesPath : join(app.getAppPath(), 'resources')
    const portalUrl = process.env['VIKNO_PORTAL_URL']
    const printer = new ElectronPrintRenderer((m, d) => log.warn(m, d))
    // better-sqlite3-multiple-ciphers built for Electron's ABI (npm run rebuild:electron), shipped beside the app.
    const nativeBinding = join(resourcesDir, 'native', 'electron', 'better_sqlite3_multiple_ciphers.node')
    const workstation = await createWorkstation({
      resourcesDir,
      ...(existsSync(nativeBinding) ? { nativeBinding } : {}),
      print: { pdf: printer, printer },
      dataDir,
      shell: 'electron',
      appVersion: app.getVersion(),
      catalogPath: join(resourcesDir, 'catalog', 'services.json'),
      log,
      portal: portalUrl
        ? {
            url: portalUrl,
            enrolmentCode: process.env['VIKNO_ENROLMENT_CODE'] ?? '',
            login: process.env['VIKNO_LOGIN'],
            password: process.env['VIKNO_PASSWORD']
          }
        : null,
      standaloneDemo: portalUrl ? null : { count: 2000, seed: 42 }
    })
    serveRenderer(join(__dirname, '../renderer'))
    const logFn = (m: string, d: Record<string, unknown>) => log.warn(m, d)
    const win = createMainWindow(join(__dirname, '../preload/index.cjs'), logFn)
    const offIpc = registerIpc(win, workstation, logFn)
    app.on('window-all-closed', () => {
      offIpc()
      void workstation.close().then(() => app.quit())
    })
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createMainWindow(join(__dirname, '../preload/index.cjs'), logFn)
    })
  })
}
