/**
 * Receipt HTML → PDF, the print pipeline's hot path (a clerk waits for it with the applicant at the
 * desk). Median of N runs, reported as ratios against a baseline measured in the same run — a blank
 * one-line page through the same Chromium — plus absolute milliseconds (architecture.md: absolute
 * times on shared machines are noise). Target: under 500 ms for the receipt.
 *
 *   npx tsx bench/print-receipt.ts [runs]      (default 15)
 *
 * The last line is one JSON object.
 */
import { join } from 'node:path'
import { loadCatalogueFile } from '../src/main/db/catalogue-repository'
import { loadPrintFonts } from '../src/print/fonts'
import { ChromiumPdfRenderer } from '../src/print/pdf'
import { renderDocument } from '../src/print/render-html'
import { renderSamples, sampleDocuments, SAMPLE_CENTRE, SAMPLE_CLERK, SAMPLE_NOW } from '../src/print/samples'
import { DEFAULT_CALENDAR } from '../src/shared/domain/calendar'

const ROOT = join(import.meta.dirname, '..')
const RUNS = Math.max(3, Number(process.argv[2] ?? 15))
const TARGET_MS = 500

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2
}

async function timeIt(fn: () => unknown, runs = RUNS): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    await fn()
    times.push(performance.now() - t)
  }
  return median(times)
}

const services = loadCatalogueFile(join(ROOT, 'resources/catalog/services.json'))
const fonts = loadPrintFonts(join(ROOT, 'resources/fonts'))
const samples = renderSamples(services, fonts)
const receiptA4 = samples.find((d) => d.name === 'receipt-a4')
const receipt80 = samples.find((d) => d.name === 'receipt-80mm')
const receiptDoc = sampleDocuments(services).find((d) => d.name === 'receipt-a4')
if (!receiptA4 || !receipt80 || !receiptDoc) throw new Error('receipt samples missing')
const blank =
  '<!DOCTYPE html><html lang="uk"><head><meta charset="utf-8"><style>@page{size:A4;margin:20mm}</style></head><body><main class="sheet">Опис</main></body></html>'

const renderer = new ChromiumPdfRenderer()
const coldStart = performance.now()
await renderer.toPdf(blank, 'A4') // launch
const launchMs = performance.now() - coldStart
try {
  // Warm-up: JIT, font caches, the first page of each kind.
  for (let i = 0; i < 3; i++) {
    await renderer.toPdf(blank, 'A4')
    await renderer.toPdf(receiptA4.html, 'A4')
    await renderer.toPdf(receipt80.html, '80mm')
  }
  const baselineMs = await timeIt(() => renderer.toPdf(blank, 'A4'))
  const htmlMs = await timeIt(() =>
    renderDocument({
      data: receiptDoc.data,
      paper: 'A4',
      centre: SAMPLE_CENTRE,
      printedBy: SAMPLE_CLERK,
      printedAt: SAMPLE_NOW,
      timeZone: DEFAULT_CALENDAR.timeZone,
      copy: false,
      provisionalCommandId: null,
      fonts
    })
  )
  const a4Ms = await timeIt(() => renderer.toPdf(receiptA4.html, 'A4'))
  const rollMs = await timeIt(() => renderer.toPdf(receipt80.html, '80mm'))
  const endToEndMs = htmlMs + a4Ms
  const r = (x: number) => Math.round(x * 10) / 10
  console.log(`runs ${RUNS}, Chromium launch ${r(launchMs)} ms (once per workstation process)`)
  console.log(`baseline  blank page → PDF      ${r(baselineMs).toString().padStart(7)} ms   1.00×`)
  console.log(`receipt   data → HTML (React)   ${r(htmlMs).toString().padStart(7)} ms   ${(htmlMs / baselineMs).toFixed(2)}×`)
  console.log(`receipt   A4 HTML → PDF         ${r(a4Ms).toString().padStart(7)} ms   ${(a4Ms / baselineMs).toFixed(2)}×`)
  console.log(`receipt   80 mm HTML → PDF      ${r(rollMs).toString().padStart(7)} ms   ${(rollMs / baselineMs).toFixed(2)}×`)
  console.log(
    `receipt   A4 data → PDF         ${r(endToEndMs).toString().padStart(7)} ms   target < ${TARGET_MS} ms: ${endToEndMs < TARGET_MS ? 'met' : 'MISSED'}`
  )
  console.log(
    JSON.stringify({
      bench: 'print-receipt',
      runs: RUNS,
      baselineBlankPdfMs: r(baselineMs),
      receiptHtmlMs: r(htmlMs),
      receiptA4PdfMs: r(a4Ms),
      receipt80mmPdfMs: r(rollMs),
      receiptA4EndToEndMs: r(endToEndMs),
      ratioA4VsBaseline: Math.round((a4Ms / baselineMs) * 100) / 100,
      ratio80mmVsBaseline: Math.round((rollMs / baselineMs) * 100) / 100,
      chromiumLaunchMs: r(launchMs),
      targetMs: TARGET_MS,
      met: endToEndMs < TARGET_MS && rollMs < TARGET_MS
    })
  )
} finally {
  await renderer.close()
}
