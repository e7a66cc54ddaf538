import { BrowserWindow, session } from 'electron'
import { APP_ORIGIN, hardenSession, hardenWebContents, secureWebPreferences } from './security'

export function createMainWindow(preloadPath: string, log: (m: string, d: Record<string, unknown>) => void): BrowserWindow {
  hardenSession(session.defaultSession)
  const win = new BrowserWindow({
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Вікно — робоче місце адміністратора ЦНАП',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath)
  })
  hardenWebContents(win.webContents, log)
  win.once('ready-to-show', () => win.show())
  void win.loadURL(`${APP_ORIGIN}/index.html`)
  return win
}
