/**
 * `npm run print:samples`: every print template with sample data (src/print/samples.ts: the
 * Ukrainian letters ґ є і ї, both apostrophes, an applicant named `<img src=x onerror=alert(1)>`)
 * rendered through the real pipeline — renderDocument → Chromium → PDF — into one folder, with the
 * HTML beside each PDF. The LAST line printed is the folder's path.
 *
 *   npm run print:samples [-- <folder>]      (default: out/print-samples)
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { insertEvents, upsertApplication } from '../src/main/db/applications-repository'
import { loadCatalogueFile, seedCatalogue } from '../src/main/db/catalogue-repository'
import { closeDatabase, openDatabase } from '../src/main/db/connection'
import { loadPrintFonts } from '../src/print/fonts'
import { ChromiumPdfRenderer, countPdfPages } from '../src/print/pdf'
import { renderSamples, SAMPLE_CENTRE, SAMPLE_NOW, SAMPLE_PORTAL } from '../src/print/samples'
import { createPrintHandlers } from '../src/main/services/print-handlers'
import { DEFAULT_CALENDAR, kyivDate } from '../src/shared/domain/calendar'
import { DEMO_CENTRE, DEMO_CLERKS } from '../src/shared/demo/clerks'
import { generateDemo } from '../src/shared/demo/generate'
import type { PrintRequest } from '../src/shared/print-contract'
import { printRequestSchema } from '../src/shared/print-contract'
import { CATALOG_PATH, ROOT } from './lib/paths'

const outDir = resolve(process.argv[2] ?? join(ROOT, 'out', 'print-samples'))
rmSync(outDir, { recursive: true, force: true })
mkdirSync(outDir, { recursive: true })

const services = loadCatalogueFile(CATALOG_PATH)
const fonts = loadPrintFonts(join(ROOT, 'resources', 'fonts'))
const renderer = new ChromiumPdfRenderer()
const line = (name: string, paper: string, pages: number, ms: number, title: string, marks: string) =>
  console.log(
    `${name.padEnd(34)} ${paper.padEnd(5)} ${String(pages).padStart(2)} p. ${ms.toFixed(0).padStart(5)} ms  ${title}${marks ? ` [${marks}]` : ''}`
  )
try {
  // 1. Fixed samples: every template, both papers, the marks, the hostile applicant.
  for (const doc of renderSamples(services, fonts)) {
    const started = performance.now()
    const pdf = await renderer.toPdf(doc.html, doc.paper)
    const ms = performance.now() - started
    writeFileSync(join(outDir, `${doc.name}.html`), doc.html)
    writeFileSync(join(outDir, `${doc.name}.pdf`), pdf)
    const marks = [doc.copy ? 'КОПІЯ' : null, doc.provisionalCommandId ? 'попередній' : null].filter(Boolean).join(', ')
    line(doc.name, doc.paper, countPdfPages(pdf), ms, doc.title, marks)
  }
  // 2. Generated demo data (src/shared/demo/generate.ts) through the real back end: SQLite, the
  //    print repository and handlers, the same Chromium. Long card names and every apostrophe.
  await renderDemo()
} finally {
  await renderer.close()
}
console.log(outDir)

async function renderDemo(): Promise<void> {
  const db = openDatabase(':memory:')
  try {
    seedCatalogue(db, services)
    const items = [
      ...generateDemo({ seed: 42, count: 800, now: SAMPLE_NOW, centreId: DEMO_CENTRE.id, services, calendar: DEFAULT_CALENDAR })
    ]
    db.transaction(() => {
      for (const { record, events } of items) {
        upsertApplication(db, record)
        insertEvents(db, events)
      }
    })()
    const clerk = DEMO_CLERKS[0]
    if (!clerk) throw new Error('no demo clerk')
    const handlers = createPrintHandlers({
      db,
      engine: {
        submit: () => {
          throw new Error('print:samples records nothing')
        }
      },
      pdf: renderer,
      printer: null,
      session: () => ({ clerkId: clerk.clerkId, name: clerk.name, role: clerk.role, centreId: clerk.centreId }),
      clock: () => new Date(SAMPLE_NOW),
      calendar: DEFAULT_CALENDAR,
      portalUrl: () => SAMPLE_PORTAL,
      centre: () => SAMPLE_CENTRE,
      fonts
    })
    const records = items.map((i) => i.record)
    const busiest = (dates: string[]): string | null => {
      const counts = new Map<string, number>()
      for (const d of dates) counts.set(d, (counts.get(d) ?? 0) + 1)
      return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null
    }
    const day = (iso: string) => kyivDate(iso, DEFAULT_CALENDAR)
    const walkIn = records.find((r) => r.channel === 'walk_in')
    const correction = records.find((r) => r.correction !== null)
    const refused = records.find((r) => r.decision?.kind === 'refuse')
    const ready = records.find((r) => r.status === 'result_ready')
    const forwarded = records.filter((r) => r.status === 'forwarded').slice(0, 12)
    const receivedDay = busiest(records.map((r) => day(r.receivedAt)))
    const issuedDay = busiest(records.flatMap((r) => (r.issuedTo ? [day(r.issuedTo.at)] : [])))
    const requests: [string, PrintRequest | null][] = [
      ['demo-receipt-a4', walkIn ? { document: 'receipt', applicationId: walkIn.id, paper: 'A4' } : null],
      ['demo-receipt-80mm', walkIn ? { document: 'receipt', applicationId: walkIn.id, paper: '80mm' } : null],
      ['demo-correction-notice', correction ? { document: 'correction_notice', applicationId: correction.id } : null],
      ['demo-refusal-letter', refused ? { document: 'refusal_letter', applicationId: refused.id } : null],
      ['demo-result-ready-notice', ready ? { document: 'result_ready_notice', applicationId: ready.id } : null],
      ['demo-routing-slip', forwarded.length > 0 ? { document: 'routing_slip', applicationIds: forwarded.map((r) => r.id) } : null],
      ['demo-daily-register', receivedDay ? { document: 'daily_register', date: receivedDay } : null],
      ['demo-issue-register', issuedDay ? { document: 'issue_register', date: issuedDay } : null]
    ]
    for (const [name, request] of requests) {
      if (!request) {
        console.log(`${name.padEnd(34)} skipped: the demo data has no such application`)
        continue
      }
      const started = performance.now()
      const preview = await handlers['print.preview'](printRequestSchema.parse(request))
      const pdf = await renderer.toPdf(preview.html, preview.paper)
      writeFileSync(join(outDir, `${name}.html`), preview.html)
      writeFileSync(join(outDir, `${name}.pdf`), pdf)
      line(name, preview.paper, countPdfPages(pdf), performance.now() - started, preview.title, preview.provisional ? 'попередній' : '')
    }
  } finally {
    closeDatabase(db)
  }
}
