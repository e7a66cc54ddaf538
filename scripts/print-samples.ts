/**
 * `npm run print:samples`: every print template with sample data (src/main/print/samples.ts: the
 * Ukrainian letters ґ є і ї, both apostrophes, an applicant named `<img src=x onerror=alert(1)>`)
 * rendered through the real pipeline — renderDocument → Chromium → PDF — into one folder, with the
 * HTML beside each PDF. The LAST line printed is the folder's path.
 *
 *   npm run print:samples [-- <folder>]      (default: out/print-samples)
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { loadCatalogueFile } from '../src/main/db/catalogue-repository'
import { loadPrintFonts } from '../src/main/print/fonts'
import { ChromiumPdfRenderer, countPdfPages } from '../src/main/print/pdf'
import { renderSamples } from '../src/main/print/samples'
import { CATALOG_PATH, ROOT } from './lib/paths'

const outDir = resolve(process.argv[2] ?? join(ROOT, 'out', 'print-samples'))
rmSync(outDir, { recursive: true, force: true })
mkdirSync(outDir, { recursive: true })

const services = loadCatalogueFile(CATALOG_PATH)
const fonts = loadPrintFonts(join(ROOT, 'resources', 'fonts'))
const renderer = new ChromiumPdfRenderer()
try {
  for (const doc of renderSamples(services, fonts)) {
    const started = performance.now()
    const pdf = await renderer.toPdf(doc.html, doc.paper)
    const ms = performance.now() - started
    writeFileSync(join(outDir, `${doc.name}.html`), doc.html)
    writeFileSync(join(outDir, `${doc.name}.pdf`), pdf)
    const marks = [doc.copy ? 'КОПІЯ' : null, doc.provisionalCommandId ? 'попередній' : null].filter(Boolean).join(', ')
    console.log(
      `${doc.name.padEnd(34)} ${doc.paper.padEnd(5)} ${String(countPdfPages(pdf)).padStart(2)} p. ${ms.toFixed(0).padStart(5)} ms  ${doc.title}${marks ? ` [${marks}]` : ''}`
    )
  }
} finally {
  await renderer.close()
}
console.log(outDir)
