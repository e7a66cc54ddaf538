import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { formatOrderNumber } from '../../shared/domain/order-number'
import type { PrintPaper } from '../../shared/print-contract'
import { countPdfPages, type PdfRenderer } from '../../print/pdf'
import { qrMatrix, qrPath } from '../../print/qr'
import { describeBackends } from '../test/backends'
import { TestBrowser } from '../test/browser'
import { setup, submit } from '../test/fixtures'
import { statusUrl } from '../intake/intake'
import { ReceiptPdf } from './receipt'

/*
 * The receipt as a PDF (issue 16): the desk's receipt template, with the access code and a QR code
 * of the status page carrying it; only with the code. The PDF is made by headless Chromium and read
 * back with poppler's pdftotext.
 */

const dir = mkdtempSync(join(tmpdir(), 'vikno-receipt-'))
function pdfText(bytes: Buffer): string {
  const file = join(dir, `r-${Math.random().toString(16).slice(2)}.pdf`)
  writeFileSync(file, bytes)
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
}

describeBackends('citizens’ pages: the receipt', (fx) => {
  it('with the code: a one-page PDF of the desk’s receipt with the number, the code and the status address; the confirmation and status pages link to it', async () => {
    await setup(fx.portal)
    const a = await submit(fx.portal)
    const res = await fx.portal.app.inject({
      method: 'GET',
      url: `/status/${a.orderNumber}/receipt.pdf`,
      headers: { 'x-access-code': a.accessCode.toLowerCase().replace(/-/g, ' ') }
    })
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    expect(res.headers['content-disposition']).toBe(`attachment; filename="vikno-${a.orderNumber}.pdf"`)
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(countPdfPages(res.rawPayload)).toBe(1)
    const text = pdfText(res.rawPayload)
    expect(text).toContain('ОПИС ВХІДНОГО ПАКЕТА ДОКУМЕНТІВ') // the template's title, upper-cased by its CSS
    expect(text).toContain(a.orderNumber)
    // As printed: in groups, whatever way it was typed (pdftotext may split the letter-spaced code with a space).
    expect(text.replace(/ /g, '')).toContain(a.accessCode)
    expect(text).toContain(statusUrl(fx.portal.deps, a.orderNumber))
    expect(text).toContain('Шевченко')

    // From the pages: the access cookie set when the code was typed opens the PDF link.
    const b = new TestBrowser(fx.portal.app)
    await b.get(`/status/${a.orderNumber}?code=${a.accessCode}`)
    const page = await b.get(`/status/${a.orderNumber}`)
    expect(page.body).toContain(`href="/status/${a.orderNumber}/receipt.pdf"`)
    const viaCookie = await b.get(`/status/${a.orderNumber}/receipt.pdf`)
    expect(viaCookie.statusCode).toBe(200)
    expect(viaCookie.headers['content-type']).toBe('application/pdf')
  })

  it('the QR code on it opens the status page with the code', async () => {
    await setup(fx.portal)
    const a = await submit(fx.portal)
    const seen: string[] = []
    const capture: PdfRenderer = {
      toPdf: async (html: string, paper: PrintPaper) => {
        seen.push(`${paper}\n${html}`)
        return new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d])
      },
      close: async () => undefined
    }
    await new ReceiptPdf(() => capture).render(fx.portal.db, fx.portal.deps, a.orderNumber, a.accessCode)
    const target = `${statusUrl(fx.portal.deps, a.orderNumber)}?code=${encodeURIComponent(a.accessCode)}`
    expect(seen[0]).toMatch(/^A4\n/)
    expect(seen[0]).toContain(`d="${qrPath(qrMatrix(target))}"`)
  })

  it('the stranger: no code, a wrong one, another application’s — the same 404 page as an unknown number, no PDF', async () => {
    await setup(fx.portal)
    const a = await submit(fx.portal)
    const other = await submit(fx.portal)
    const unknown = formatOrderNumber(1, 999)
    const get = (n: string, code?: string) =>
      fx.portal.app.inject({
        method: 'GET',
        url: `/status/${n}/receipt.pdf`,
        headers: code === undefined ? {} : { 'x-access-code': code },
        remoteAddress: '198.51.100.31'
      })
    const norm = (body: string, n: string) =>
      body
        .split(n)
        .join('N')
        .replace(/name="_csrf" value="[^"]+"/g, '')
    const baseline = await get(unknown, a.accessCode)
    expect(baseline.statusCode).toBe(404)
    for (const [what, code] of [
      ['no code', undefined],
      ['a wrong code', 'K7QM-4XPR-9TAW'],
      ['another application’s code', other.accessCode]
    ] as const) {
      const res = await get(a.orderNumber, code)
      expect(res.statusCode, what).toBe(404)
      expect(String(res.headers['content-type']), what).toContain('text/html')
      expect(norm(res.body, a.orderNumber), what).toBe(norm(baseline.body, unknown))
      expect(res.body, what).not.toMatch(/Шевченко|%PDF/)
    }
    // A stolen access cookie moved to another number's path opens nothing there either.
    const owner = new TestBrowser(fx.portal.app)
    await owner.get(`/status/${other.orderNumber}?code=${other.accessCode}`)
    const cookie = owner.cookie('vikno_access')!
    const thief = new TestBrowser(fx.portal.app, '198.51.100.32')
    thief.setCookie({ ...cookie, path: `/status/${a.orderNumber}` })
    expect((await thief.get(`/status/${a.orderNumber}/receipt.pdf`)).statusCode).toBe(404)
  })
})
