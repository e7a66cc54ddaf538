import { BrowserWindow, session, type Session } from 'electron'
import type { NativePrintOptions, NativePrinter, PdfRenderer } from '../../print/pdf'
import type { PrinterInfo, PrintPaper } from '../../shared/print-contract'

/*
 * The Electron half of the print pipeline (see src/print/pdf.ts for the interface and the
 * Chromium half). One hidden window, created on first use and reused, loads exactly the HTML
 * renderDocument produced, then:
 *   - printToPDF → the PDF ("Зберегти PDF"), the same engine and the same CSS as Chromium's page.pdf;
 *   - print → a system printer, with the printer, copies and a silent mode for the desk's receipt
 *     printer. An 80 mm receipt goes to the OS driver as a page image (the driver rasterises it),
 *     never as raw ESC/POS text: receipt printers have no UTF-8 and would mangle ґ, є, і, ї.
 *
 * The window is as closed as a window can be: sandboxed renderer, context isolation, no preload, no
 * Node, an in-memory session of its own that refuses every request but data: URLs and every
 * permission, no navigation, no new windows. The document's own CSP (script-src none, via
 * default-src 'none') forbids every script in it; the only script that runs is the measurement
 * below, in an isolated world the page cannot reach.
 *
 * Not runnable on the build machines (no Electron binary, toolchain.md); it typechecks against
 * electron's types, and the Chromium renderer proves the same HTML in tests.
 */

const PARTITION = 'vikno-print' // no "persist:" prefix: in memory, gone when the app quits
const MEASURE_WORLD = 1717
const ROLL_WIDTH_PX = Math.round((80 / 25.4) * 96)
const MAX_ROLL_HEIGHT_PX = 200 * 96
const MICRONS_PER_PX = 25_400 / 96

function hardenPrintSession(ses: Session): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith('data:') }))
}

export class ElectronPrintRenderer implements PdfRenderer, NativePrinter {
  private win: BrowserWindow | null = null
  private hardened = false
  /** One document in the window at a time. */
  private chain: Promise<unknown> = Promise.resolve()

  constructor(private readonly log: (message: string, data: Record<string, unknown>) => void = () => {}) {}

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const next = this.chain.then(job, job)
    this.chain = next.catch(() => undefined)
    return next
  }

  private window(): BrowserWindow {
    if (this.win && !this.win.isDestroyed()) return this.win
    const ses = session.fromPartition(PARTITION)
    if (!this.hardened) {
      hardenPrintSession(ses)
      this.hardened = true
    }
    const win = new BrowserWindow({
      show: false,
      width: 900,
      height: 1200,
      webPreferences: {
        session: ses,
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        backgroundThrottling: false
      }
    })
    win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
    win.webContents.on('will-navigate', (event) => event.preventDefault())
    win.webContents.on('will-redirect', (event) => event.preventDefault())
    win.webContents.on('will-attach-webview', (event) => event.preventDefault())
    win.webContents.on('render-process-gone', (_event, details) => {
      this.log('print window renderer gone', { reason: details.reason })
      if (!win.isDestroyed()) win.destroy()
      this.win = null
    })
    this.win = win
    return win
  }

  private async load(html: string, paper: PrintPaper): Promise<BrowserWindow> {
    const win = this.window()
    // The viewport width decides line breaks: 80 mm for the roll, A4 is laid out by @page anyway.
    if (paper === '80mm') win.setContentSize(ROLL_WIDTH_PX, 800)
    else win.setContentSize(900, 1200)
    // A data: URL keeps the document off the disk (it carries personal data). Chromium caps URLs at
    // 2 MB; a register of a very busy day can exceed it, so such documents fail loudly instead.
    const url = `data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`
    if (url.length > 2_000_000) throw new Error('Документ завеликий для друку одним аркушем; роздрукуйте журнал частинами')
    await win.loadURL(url)
    return win
  }

  /** The printed height of a roll document, in CSS px (screen and print CSS are the same for 80 mm). */
  private async rollHeightPx(win: BrowserWindow): Promise<number> {
    const result: unknown = await win.webContents.executeJavaScriptInIsolatedWorld(MEASURE_WORLD, [
      { code: "(() => { const s = document.querySelector('main.sheet'); return s ? s.getBoundingClientRect().height : 0 })()" }
    ])
    const px = typeof result === 'number' && Number.isFinite(result) ? result : 0
    if (px <= 0) throw new Error('80 mm document has no main.sheet element')
    return Math.min(MAX_ROLL_HEIGHT_PX, Math.ceil(px) + 1)
  }

  toPdf(html: string, paper: PrintPaper): Promise<Uint8Array> {
    return this.serial(async () => {
      const win = await this.load(html, paper)
      if (paper === 'A4') {
        // The document's @page rule decides size, orientation and the ДСТУ 4163 margins.
        return new Uint8Array(await win.webContents.printToPDF({ preferCSSPageSize: true, printBackground: true, generateTaggedPDF: true }))
      }
      const heightPx = await this.rollHeightPx(win)
      return new Uint8Array(
        await win.webContents.printToPDF({
          // printToPDF takes inches.
          pageSize: { width: 80 / 25.4, height: heightPx / 96 },
          margins: { top: 0, bottom: 0, left: 0, right: 0 },
          printBackground: true,
          generateTaggedPDF: true
        })
      )
    })
  }

  async listPrinters(): Promise<PrinterInfo[]> {
    const printers = await this.window().webContents.getPrintersAsync()
    return printers.map((p) => ({ name: p.name, displayName: p.displayName || p.name }))
  }

  print(html: string, options: NativePrintOptions): Promise<boolean> {
    return this.serial(async () => {
      const win = await this.load(html, options.paper)
      const landscape = /<meta name="vikno-paper" content="A4-landscape"/.test(html)
      const pageSize =
        options.paper === '80mm'
          ? // print() takes microns: one page as long as the receipt, so the driver cuts once.
            { width: 80_000, height: Math.round((await this.rollHeightPx(win)) * MICRONS_PER_PX) }
          : ('A4' as const)
      return await new Promise<boolean>((resolve, reject) => {
        win.webContents.print(
          {
            silent: options.silent,
            printBackground: true,
            ...(options.deviceName ? { deviceName: options.deviceName } : {}),
            copies: options.copies,
            pageSize,
            landscape,
            margins: options.paper === '80mm' ? { marginType: 'none' } : { marginType: 'default' },
            color: false
          },
          (success, failureReason) => {
            if (success) resolve(true)
            else if (/cancel/i.test(failureReason)) resolve(false)
            else reject(new Error(`Друк не вдався: ${failureReason}`))
          }
        )
      })
    })
  }

  async close(): Promise<void> {
    await this.chain.catch(() => undefined)
    if (this.win && !this.win.isDestroyed()) this.win.destroy()
    this.win = null
  }
}
