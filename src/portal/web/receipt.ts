import { loadPrintFonts, type PrintFonts } from '../../print/fonts'
import { ChromiumPdfRenderer, type PdfRenderer } from '../../print/pdf'
import { renderDocument } from '../../print/render-html'
import { getApplicationByOrderNumber } from '../db/applications-repository'
import { getCentre } from '../db/centres-repository'
import type { PortalDb } from '../db/portal-db'
import { nowIso, type PortalDeps } from '../deps'
import { applicationNotFound, statusUrl, submittedCard } from '../intake/intake'
import { serviceFromCard } from '../../shared/catalogue/from-file'

/*
 * The citizen's receipt as a PDF (issue 16): the desk's own receipt template (src/print, the one
 * print pipeline) on A4, with the access code the citizen opened the application with and a QR
 * code that opens its status page with that code. Rendered by headless Chromium as the web shell
 * renders its PDFs: JavaScript off, every network request refused, one page reused, jobs in turn.
 * The browser starts on the first receipt, not with the portal.
 */

/** Who "printed" a receipt the citizen downloads: the portal itself, not a clerk. */
const PORTAL_PRINTER = { clerkId: 'portal', name: 'Портал «Вікно» (подано онлайн)' }

export class ReceiptPdf {
  private renderer: PdfRenderer | null = null
  private fonts: PrintFonts | null = null

  constructor(private readonly makeRenderer: () => PdfRenderer = () => new ChromiumPdfRenderer()) {}

  /**
   * The receipt of an application already opened with `accessCode` (intake/citizen-access.ts):
   * callers check the code first, this only prints.
   */
  async render(db: PortalDb, deps: PortalDeps, canonical: string, accessCode: string): Promise<Uint8Array> {
    const stored = await getApplicationByOrderNumber(db, canonical)
    if (!stored) throw applicationNotFound(canonical)
    const centre = await getCentre(db, stored.centreId)
    const record = stored.record
    // Printed against the card version it was submitted under (issue 17).
    const card = await submittedCard(db, canonical)
    const { html } = renderDocument({
      data: {
        document: 'receipt',
        application: record,
        service: card ? serviceFromCard(card) : (deps.services.get(record.serviceId) ?? null),
        statusUrl: statusUrl(deps, canonical),
        accessCode
      },
      paper: 'A4',
      centre: { name: centre?.name ?? 'ЦНАП', parent: null, address: null, phone: null, email: null },
      printedBy: PORTAL_PRINTER,
      printedAt: nowIso(deps),
      timeZone: deps.calendar.timeZone,
      copy: false,
      provisionalCommandId: null,
      fonts: (this.fonts ??= loadPrintFonts())
    })
    this.renderer ??= this.makeRenderer()
    return this.renderer.toPdf(html, 'A4')
  }

  async close(): Promise<void> {
    const r = this.renderer
    this.renderer = null
    if (r) await r.close()
  }
}
