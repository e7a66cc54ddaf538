import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { PrinterInfo, PrintPaper } from '../shared/print-contract'

/*
 * HTML → PDF. One interface, two implementations:
 * - ChromiumPdfRenderer (here): Debian's Chromium driven by playwright-core, for the web shell,
 *   print:samples, the tests and the bench.
 * - ElectronPdfRenderer (src/main/electron/print-electron.ts): `webContents.printToPDF` in a
 *   hidden, sandboxed window with JavaScript off, loading the same HTML; it also prints to a
 *   system printer with `webContents.print`.
 * Both get exactly the string renderDocument produced, and both size the page the same way:
 * A4 from the document's own @page rule, 80 mm as one page as long as its content (a receipt roll
 * has no page breaks; the driver cuts after the page).
 */

export interface PdfRenderer {
  toPdf(html: string, paper: PrintPaper): Promise<Uint8Array>
  close(): Promise<void>
}

export interface NativePrintOptions {
  /** No dialog: the receipt printer at the desk. */
  silent: boolean
  /** System printer name; null = the system default. */
  deviceName: string | null
  copies: number
  paper: PrintPaper
}

/** A shell that can print to the workstation's printers (Electron); the web shell has none. */
export interface NativePrinter {
  listPrinters(): Promise<PrinterInfo[]>
  /** Resolves true when the job went to the printer, false when the clerk cancelled the dialog. */
  print(html: string, options: NativePrintOptions): Promise<boolean>
}

/** toolchain.md, "Browsers and documents". */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic'
]

export function chromiumExecutablePath(): string {
  return process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'
}

/** 80 mm at CSS's 96 px per inch. */
export const ROLL_WIDTH_PX = Math.round((80 / 25.4) * 96)
/** PDF's page size limit is 200 inches; a receipt that long has other problems. */
const MAX_ROLL_HEIGHT_PX = 200 * 96

/** Pages of a PDF, counted from its page objects (Chromium writes no object streams). */
export function countPdfPages(pdf: Uint8Array): number {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1')
  return (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length
}

/** The height, in CSS px, of the printed content of a roll document; the page is cut right after it. */
export async function rollHeightPx(page: Page): Promise<number> {
  const box = await page.locator('main.sheet').boundingBox()
  if (!box) throw new Error('80 mm document has no main.sheet element')
  return Math.min(MAX_ROLL_HEIGHT_PX, Math.ceil(box.y + box.height) + 1)
}

export interface ChromiumPdfOptions {
  executablePath?: string
  args?: readonly string[]
}

/**
 * Launched on first use and reused, with ONE page reused for every document: a launch costs
 * ~1.5 s and a new page ~200 ms, while a receipt on a warm page is ~100 ms (bench/print-receipt.ts).
 * Jobs are serialised on that page; a desk prints one thing at a time anyway. JavaScript is off in
 * the context and every network request is refused, so a document can neither run nor fetch
 * anything, whatever text it carries (the templates escape it; this is the second wall).
 */
export class ChromiumPdfRenderer implements PdfRenderer {
  private page: Promise<Page> | null = null
  private browser: Browser | null = null
  private chain: Promise<unknown> = Promise.resolve()

  constructor(private readonly options: ChromiumPdfOptions = {}) {}

  private openPage(): Promise<Page> {
    if (!this.page) {
      const opening = (async () => {
        const { chromium } = await import('playwright-core')
        const browser =
          this.browser ??
          (await chromium.launch({
            executablePath: this.options.executablePath ?? chromiumExecutablePath(),
            args: [...(this.options.args ?? CHROMIUM_ARGS)],
            headless: true
          }))
        if (this.browser !== browser) {
          this.browser = browser
          browser.on('disconnected', () => {
            // A crashed browser is relaunched by the next call instead of failing every print until restart.
            if (this.browser === browser) {
              this.browser = null
              this.page = null
            }
          })
        }
        const context: BrowserContext = await browser.newContext({ javaScriptEnabled: false, offline: true, locale: 'uk-UA' })
        await context.route('**/*', (route) => route.abort())
        const page = await context.newPage()
        page.on('close', () => {
          if (this.page === opening) this.page = null
        })
        await page.emulateMedia({ media: 'print' })
        return page
      })()
      this.page = opening
      opening.catch(() => {
        if (this.page === opening) this.page = null
      })
    }
    return this.page
  }

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const next = this.chain.then(job, job)
    this.chain = next.catch(() => undefined)
    return next
  }

  toPdf(html: string, paper: PrintPaper): Promise<Uint8Array> {
    return this.serial(async () => {
      const page = await this.openPage()
      // The viewport width decides line breaks on the roll; A4 is laid out by its @page rule.
      await page.setViewportSize(paper === '80mm' ? { width: ROLL_WIDTH_PX, height: 800 } : { width: 800, height: 1100 })
      await page.setContent(html, { waitUntil: 'load' })
      // Fonts are data: URLs, loaded by 'load'; waiting for document.fonts would need page script.
      if (paper === 'A4') {
        return await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true })
      }
      const height = await rollHeightPx(page)
      return await page.pdf({
        width: '80mm',
        height: `${height}px`,
        margin: { top: '0', right: '0', bottom: '0', left: '0' },
        printBackground: true,
        tagged: true
      })
    })
  }

  async close(): Promise<void> {
    await this.chain.catch(() => undefined)
    const browser = this.browser
    this.page = null
    this.browser = null
    if (browser) await browser.close()
  }
}
