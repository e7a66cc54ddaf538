import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCatalogueFile } from '../main/db/catalogue-repository'
import { loadPrintFonts } from './fonts'
import { ChromiumPdfRenderer, CHROMIUM_ARGS, chromiumExecutablePath, countPdfPages } from './pdf'
import { HOSTILE_NAME, renderSamples, sampleRecords, statusUrl } from './samples'

/*
 * The real pipeline end to end: sample data → renderDocument → Chromium → PDF, then read back with
 * poppler (pdftotext, pdfinfo) as an auditor would. Skipped, with the reason printed, where
 * poppler-utils or Chromium is not installed (apt-get install poppler-utils chromium).
 */

const ROOT = join(__dirname, '../..')
const PDFTOTEXT = '/usr/bin/pdftotext'
const PDFINFO = '/usr/bin/pdfinfo'
const missing = [PDFTOTEXT, PDFINFO, chromiumExecutablePath()].filter((p) => !existsSync(p))
if (missing.length > 0) console.log(`print PDF tests skipped: ${missing.join(', ')} not installed (apt-get install poppler-utils chromium)`)

const services = loadCatalogueFile(join(ROOT, 'resources/catalog/services.json'))
const samples = renderSamples(services, loadPrintFonts(join(ROOT, 'resources/fonts')))
const s = sampleRecords(services)

describe.skipIf(missing.length > 0)('PDF output (Chromium + poppler)', () => {
  let dir = ''
  const renderer = new ChromiumPdfRenderer()
  const pdfs = new Map<string, Uint8Array>()

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vikno-print-'))
    for (const doc of samples) {
      const pdf = await renderer.toPdf(doc.html, doc.paper)
      pdfs.set(doc.name, pdf)
      writeFileSync(join(dir, `${doc.name}.pdf`), pdf)
    }
  })
  afterAll(async () => {
    await renderer.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const file = (name: string) => join(dir, `${name}.pdf`)
  const text = (name: string) => execFileSync(PDFTOTEXT, ['-enc', 'UTF-8', file(name), '-'], { encoding: 'utf8' })
  const info = (name: string) => {
    const out = execFileSync(PDFINFO, [file(name)], { encoding: 'utf8' })
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(out)
    const pages = /Pages:\s+(\d+)/.exec(out)
    return { width: Number(size?.[1]), height: Number(size?.[2]), pages: Number(pages?.[1]) }
  }

  it('renders every sample', () => {
    expect([...pdfs.keys()]).toEqual(samples.map((d) => d.name))
  })

  it.each(samples.filter((d) => d.paper === 'A4').map((d) => d.name))('%s is A4 (595 × 842 pt, either way round)', (name) => {
    const { width, height, pages } = info(name)
    const [short, long] = [Math.min(width, height), Math.max(width, height)]
    expect(Math.round(short)).toBe(595)
    expect(Math.round(long)).toBe(842)
    expect(pages).toBe(countPdfPages(pdfs.get(name) ?? new Uint8Array()))
  })

  it('letters are portrait, registers landscape', () => {
    expect(info('refusal-letter').width).toBeLessThan(info('refusal-letter').height)
    expect(info('daily-register').width).toBeGreaterThan(info('daily-register').height)
  })

  it.each(samples.filter((d) => d.paper === '80mm').map((d) => d.name))('%s is one 80 mm page as long as its content', (name) => {
    const { width, height, pages } = info(name)
    expect(width).toBeGreaterThan(225)
    expect(width).toBeLessThan(229) // 80 mm = 226.8 pt
    expect(pages).toBe(1)
    expect(height).toBeGreaterThan(300)
    expect(height).toBeLessThan(14_400)
  })

  it('keeps Ukrainian letters and both apostrophes intact (ґ є і ї ʼ ’)', () => {
    const receipt = text('receipt-a4')
    expect(receipt).toContain('Ґудзь-Пʼятничук Євгенія Олексіївна')
    expect(receipt).toContain('Реєстрація місця проживання/перебування')
    const notice = text('correction-notice-provisional')
    expect(notice).toContain('Мар’янчук Ївга Ґеоргіївна')
    expect(notice).toContain('Загальне зауваження')
    const refusal = text('refusal-letter')
    expect(refusal).toContain('Їжакевич Іван Євгенович')
    expect(refusal).toContain('вул. Кам’янецька')
    for (const ch of ['ґ', 'Ґ', 'є', 'Є', 'і', 'І', 'ї', 'Ї', 'ʼ', '’']) expect(receipt + notice + refusal).toContain(ch)
  })

  it.each(['receipt-a4', 'receipt-80mm'])('%s carries the order number and the status URL as text', (name) => {
    const t = text(name)
    expect(t).toContain('002-000457-4')
    expect(t).toContain(statusUrl(s.receipt.orderNumber))
  })

  it.each(['receipt-a4-hostile', 'receipt-80mm-hostile-copy'])('%s prints the hostile applicant literally', (name) => {
    expect(text(name)).toContain(HOSTILE_NAME)
  })

  it('prints the hostile applicant literally in a register column too (wrapped across lines)', () => {
    const squeeze = (t: string) => t.replace(/\s+/g, '')
    expect(squeeze(text('issue-register'))).toContain(squeeze(HOSTILE_NAME))
  })

  it('marks a reprint КОПІЯ and an unconfirmed decision ПОПЕРЕДНІЙ on paper', () => {
    expect(text('receipt-80mm-hostile-copy')).toContain('КОПІЯ')
    expect(text('receipt-a4')).not.toContain('КОПІЯ')
    const provisional = text('refusal-letter-copy-provisional').replace(/\s+/g, ' ')
    expect(provisional).toContain('КОПІЯ')
    expect(provisional).toContain(
      'ПОПЕРЕДНІЙ ДОКУМЕНТ — рішення ще не підтверджено порталом (команда 0195f3a2-8d10-7aa0-b111-3c4d5e6f7081)'
    )
  })

  it('repeats the header row and the КОПІЯ mark on every page of a long register, and numbers the pages', () => {
    const { pages } = info('daily-register-long-copy')
    expect(pages).toBeGreaterThan(2)
    const perPage = text('daily-register-long-copy')
      .split('\f')
      .filter((p) => p.trim() !== '')
    expect(perPage).toHaveLength(pages)
    perPage.forEach((page, i) => {
      expect(page).toContain('КОПІЯ')
      expect(page).toContain('Номер заяви')
      expect(page).toContain(`Аркуш ${i + 1} з ${pages}`)
    })
  })

  it('embeds its own fonts (the PDF does not depend on the machine)', () => {
    const fonts = execFileSync('/usr/bin/pdffonts', [file('receipt-a4')], { encoding: 'utf8' })
    expect(fonts).toMatch(/Vikno|Noto/)
    for (const line of fonts
      .split('\n')
      .slice(2)
      .filter((l) => l.trim() !== ''))
      expect(line).toMatch(/\byes\b/)
  })
})

describe.skipIf(!existsSync(chromiumExecutablePath()))('no script in a print document ever runs', () => {
  it('renders every sample with JavaScript ON and sees no dialog, no img, no script element', async () => {
    const { chromium } = await import('playwright-core')
    const browser = await chromium.launch({ executablePath: chromiumExecutablePath(), args: [...CHROMIUM_ARGS] })
    try {
      // JavaScript is deliberately enabled here (the renderer turns it off): the markup itself must be inert.
      const page = await browser.newPage({ javaScriptEnabled: true })
      const dialogs: string[] = []
      page.on('dialog', (d) => {
        dialogs.push(d.message())
        void d.dismiss()
      })
      // The harness works: a page that is NOT escaped fires its alert here.
      await page.setContent('<img src=x onerror=alert(1)>')
      await page.waitForTimeout(200)
      expect(dialogs).toEqual(['1'])
      dialogs.length = 0

      for (const doc of samples) {
        await page.setContent(doc.html, { waitUntil: 'load' })
        expect(await page.locator('img, script, iframe, object, embed').count()).toBe(0)
        if (doc.name.includes('hostile'))
          expect(await page.locator('[data-field="applicant"]').first().textContent()).toContain(HOSTILE_NAME)
      }
      await page.waitForTimeout(300)
      expect(dialogs).toEqual([])
    } finally {
      await browser.close()
    }
  })
})
