/**
 * Lighthouse on the citizens' pages (issue 16: accessibility 100 and performance ≥ 90 on the mobile
 * profile). Starts the embedded portal with demo data, submits one application through the public
 * API for the status pages, and runs Lighthouse (its default, mobile profile: a phone's screen,
 * slow 4G and a 4× slower CPU, simulated) in Debian's Chromium, headless, on: home, a start page,
 * the first page of the form, the status page asking for the code, and the status page itself
 * (opened with the code in the X-Access-Code header, as a citizen's tool opens it).
 *
 *   npm run bench:lighthouse            (CHROME_PATH, default /usr/bin/chromium; PORT, default 7494)
 *
 * Prints one line per page and, last, one JSON object; exits 1 when a page misses the targets.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import { startPortal } from '../e2e/support/processes'

const PORT = Number(process.env['PORT'] ?? '7494')
const CHROME_PATH = process.env['CHROME_PATH'] ?? '/usr/bin/chromium'
const TARGET = { accessibility: 100, performance: 90 }
const SERVICE = 'residence-registration'

interface PageFigures {
  page: string
  path: string
  accessibility: number
  performance: number
  /** Audits that cost accessibility points, by id. */
  failing: string[]
}

async function submitOne(base: string): Promise<{ orderNumber: string; accessCode: string }> {
  const res = await fetch(`${base}/api/v1/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      serviceId: SERVICE,
      applicant: {
        surname: 'Коваленко',
        givenName: 'Оксана',
        birthDate: '1990-03-08',
        address: 'м. Хмельницький, вул. Кам’янецька, 10, кв. 3'
      },
      delivery: 'in_person'
    })
  })
  if (res.status !== 201) throw new Error(`submitting the application answered ${res.status}: ${await res.text()}`)
  return (await res.json()) as { orderNumber: string; accessCode: string }
}

async function main(): Promise<void> {
  const portal = await startPortal({ port: PORT, dataDir: mkdtempSync(join(tmpdir(), 'vikno-lighthouse-')), demoCount: 50 })
  const chrome = await chromeLauncher.launch({
    chromePath: CHROME_PATH,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update']
  })
  const figures: PageFigures[] = []
  try {
    const { orderNumber, accessCode } = await submitOne(portal.url)
    const pages: { page: string; path: string; headers?: Record<string, string> }[] = [
      { page: 'home', path: '/' },
      { page: 'start page', path: `/services/${SERVICE}` },
      { page: 'first form page', path: `/apply/${SERVICE}/applicant` },
      { page: 'status: asks for the code', path: `/status/${orderNumber}` },
      { page: 'status', path: `/status/${orderNumber}`, headers: { 'X-Access-Code': accessCode } }
    ]
    // The header opens the status itself (not the page asking for the code): what is measured is the status.
    const opened = await fetch(`${portal.url}/status/${orderNumber}`, { headers: { 'X-Access-Code': accessCode } })
    if (!(await opened.text()).includes('<ol class="timeline">'))
      throw new Error('the access code in the header did not open the status page')
    for (const p of pages) {
      const result = await lighthouse(`${portal.url}${p.path}`, {
        port: chrome.port,
        onlyCategories: ['accessibility', 'performance'],
        output: 'json',
        logLevel: 'error',
        ...(p.headers ? { extraHeaders: p.headers } : {})
      })
      if (!result) throw new Error(`Lighthouse returned nothing for ${p.path}`)
      const { categories, audits } = result.lhr
      const score = (id: string): number => Math.round((categories[id]?.score ?? 0) * 100)
      const failing = (categories['accessibility']?.auditRefs ?? [])
        .filter((ref) => ref.weight > 0 && audits[ref.id]?.score !== null && (audits[ref.id]?.score ?? 1) < 1)
        .map((ref) => ref.id)
      const row: PageFigures = {
        page: p.page,
        path: p.path.replace(orderNumber, '{n}'),
        accessibility: score('accessibility'),
        performance: score('performance'),
        failing
      }
      figures.push(row)
      console.log(
        `${row.page.padEnd(28)} accessibility ${String(row.accessibility).padStart(3)}  performance ${String(row.performance).padStart(3)}` +
          (failing.length > 0 ? `  (failing: ${failing.join(', ')})` : '')
      )
    }
  } finally {
    chrome.kill()
    await portal.stop()
  }
  const ok = figures.every((f) => f.accessibility >= TARGET.accessibility && f.performance >= TARGET.performance)
  console.log(JSON.stringify({ bench: 'lighthouse', profile: 'mobile', target: TARGET, ok, pages: figures }))
  if (!ok) process.exitCode = 1
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
