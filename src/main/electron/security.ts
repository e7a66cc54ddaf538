import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron'

export const APP_ORIGIN = 'app://vikno'

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"

/** The window's web preferences: the Electron security checklist, asserted by electron-security.test.ts. */
export function secureWebPreferences(preloadPath: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false
  }
}

export function isAppUrl(url: string): boolean {
  return url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`)
}

/** Deny-all permissions, no new windows, no navigation away from the app, no webviews. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
  })
}

export function hardenWebContents(contents: WebContents, log: (message: string, data: Record<string, unknown>) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    log('blocked window.open', { url: url.slice(0, 200) })
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) {
      event.preventDefault()
      log('blocked navigation', { url: url.slice(0, 200) })
    }
  })
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) {
      event.preventDefault()
      log('blocked redirect', { url: url.slice(0, 200) })
    }
  })
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
    log('blocked webview', {})
  })
}
