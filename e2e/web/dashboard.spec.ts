import { test, expect, type Locator, type Page } from '@playwright/test'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expectAccessible } from '../support/a11y'
import { startDesk, startPortal, stopAll, tempDir, type Running } from '../support/processes'

/*
 * The supervisors' dashboard of issue 18, end to end in the web shell: a supervisor (Петро, the demo
 * centre's) at one workstation, a clerk (Тарас) at another, one portal. Nothing here expects a
 * number: the demo data is generated relative to the clock when the portal seeds it, so every
 * figure is read from the screen and checked against another view of the same applications.
 */
const PORTAL_PORT = Number(process.env['E2E_DASH_PORTAL_PORT'] ?? '7494')
const A_PORT = Number(process.env['E2E_DASH_A_PORT'] ?? '5797')
const B_PORT = Number(process.env['E2E_DASH_B_PORT'] ?? '5798')

let portal: Running
let supervisorWs: Running
let clerkWs: Running
let petro: Page
let taras: Page

test.describe.configure({ mode: 'serial', timeout: 240_000 })

test.beforeAll(async ({ browser }) => {
  // The demo as it stood a month ago, nothing moved since: most of its open applications are overdue
  // now, whatever the day and the hour the spec runs at (a demo generated as of now has hardly any).
  portal = await startPortal({
    port: PORTAL_PORT,
    dataDir: tempDir('dash-portal'),
    demoCount: 300,
    demoDaysAgo: 30
  })
  supervisorWs = await startDesk({ name: 'dash-a', port: A_PORT, portal, login: 'petro' })
  clerkWs = await startDesk({ name: 'dash-b', port: B_PORT, portal, login: 'taras' })
  petro = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true })).newPage()
  taras = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage()
  for (const [page, ws] of [
    [petro, supervisorWs],
    [taras, clerkWs]
  ] as const) {
    await page.goto(ws.url)
    await expect(page.getByText(/Синхронізовано/)).toBeVisible({ timeout: 60_000 })
  }
})

test.afterAll(async () => {
  await stopAll(supervisorWs, clerkWs, portal)
})

const numberIn = (text: string): number => Number(/(\d[\d\s\u00a0]*)/.exec(text)?.[1]?.replace(/[\s\u00a0]/g, '') ?? 'NaN')

/** The figure a stat card shows: its button says "<label>: <value> — відкрити ці заяви в черзі". */
async function stat(page: Page, label: string): Promise<{ value: number; button: Locator }> {
  const button = page.getByRole('group', { name: 'Підсумки за період' }).getByRole('button', { name: new RegExp(`^${label}: `) })
  await expect(button).toBeVisible()
  return { value: numberIn(await button.innerText()), button }
}

async function openDashboard(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: 'Звіти' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Звіти та показники' })).toBeVisible()
  await expect(page.getByRole('group', { name: 'Підсумки за період' })).toBeVisible({ timeout: 20_000 })
}

/** A period of the supervisor's own: from `daysBack` days ago to today, typed as дд.мм.рррр. */
async function choosePeriod(page: Page, daysBack: number): Promise<void> {
  const from = new Intl.DateTimeFormat('uk-UA', { timeZone: 'Europe/Kyiv', day: '2-digit', month: '2-digit', year: 'numeric' }).format(
    new Date(Date.now() - daysBack * 86_400_000)
  )
  const field = page.getByRole('textbox', { name: 'З', exact: true })
  await field.fill(from)
  await field.press('Tab')
  await expect(page.getByRole('combobox', { name: 'Період' })).toHaveValue('custom')
  await page.getByRole('button', { name: 'Показати' }).click()
  await expect(page.getByRole('button', { name: 'Показати' })).toBeEnabled()
}

/** The queue's own count of what it lists ("12 заявок"). */
async function queueTotal(page: Page): Promise<number> {
  const summary = page.getByRole('status').filter({ hasText: /^\d+ заяв/ })
  await expect(summary).toHaveCount(1)
  return numberIn(await summary.innerText())
}

/** Every row the grid has rendered, as its cells' texts (the header row left out). */
async function gridRows(page: Page): Promise<string[][]> {
  const rows = page.getByRole('grid').getByRole('row')
  const out: string[][] = []
  for (const row of await rows.all()) {
    const cells = await row.getByRole('gridcell').allInnerTexts()
    if (cells.length > 0) out.push(cells)
  }
  return out
}

/** A table view of a chart: opened, its rows as [row header, ...numbers]. */
async function tableView(page: Page, chart: string): Promise<{ head: string; values: number[] }[]> {
  const region = page.getByRole('region', { name: chart })
  await region.getByText('Таблиця даних').click()
  const table = region.getByRole('table')
  await expect(table).toBeVisible()
  const out: { head: string; values: number[] }[] = []
  for (const row of await table.locator('tbody tr').all()) {
    const head = (await row.locator('th').innerText()).trim()
    const values = (await row.locator('td').allInnerTexts()).map((t) => (t.trim() === '—' ? NaN : numberIn(t)))
    out.push({ head, values })
  }
  return out
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0)
const column = (rows: { values: number[] }[], i: number): number[] => rows.map((r) => r.values[i] ?? NaN)

/** Saves what clicking `button` downloads; the file's name as the browser was told it. */
async function download(page: Page, button: Locator, dir: string): Promise<{ path: string; name: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()])
  const path = join(dir, file.suggestedFilename())
  await file.saveAs(path)
  return { path, name: file.suggestedFilename() }
}

/** Runs an export from the screen and returns the rows the screen says each file has (`expected` among them). */
async function exportFromScreen(page: Page, button: string, expected: string): Promise<Map<string, number>> {
  await page.getByRole('button', { name: button }).click()
  const done = page.getByRole('region', { name: 'Вивантаження' }).getByRole('status')
  // The file this export writes, not the list the previous one left on screen.
  await expect(done).toContainText(`${expected}: рядків`, { timeout: 60_000 })
  const files = new Map<string, number>()
  for (const item of await done.getByRole('listitem').allInnerTexts()) {
    const m = /^(\S+): рядків — (\d+)/.exec(item)
    if (m?.[1] && m[2]) files.set(m[1], Number(m[2]))
  }
  return files
}

let surnames: string[] = []
let overdue = 0
let reassigned = ''

test('the overdue figure opens the queue with exactly those applications; the dashboard is accessible and each chart has its table', async ({}, testInfo) => {
  await openDashboard(petro)
  await expect(petro.getByRole('navigation').getByRole('link', { name: 'Звіти' })).toHaveAttribute('aria-current', 'page')
  // The demo's whole life (it received for 120 days until a month ago); the last 30 days alone are empty.
  await choosePeriod(petro, 160)
  await expect.poll(async () => (await stat(petro, 'Надійшло')).value).toBeGreaterThan(0)
  await petro.screenshot({ path: testInfo.outputPath('dashboard-1366x768.png') })
  // The screen scrolls inside its frame: one picture per part of it.
  for (const part of ['Медіанний час розгляду за послугами, робочих днів', 'Навантаження виконавців зараз', 'Вивантаження']) {
    await petro.getByRole('region', { name: part }).scrollIntoViewIfNeeded()
    await petro.screenshot({ path: testInfo.outputPath(`dashboard-${part.split(' ')[0]}.png`) })
  }

  const received = (await stat(petro, 'Надійшло')).value
  const decided = (await stat(petro, 'Вирішено')).value
  const withinTerm = (await stat(petro, 'У строк')).value
  const overduePeriod = (await stat(petro, 'Прострочено за період')).value
  const pendingNow = (await stat(petro, 'У роботі зараз')).value
  const overdueNow = await stat(petro, 'Прострочено зараз')
  overdue = overdueNow.value
  // The demo is a month old, so there is late work; a zero would prove nothing below.
  expect(overdue).toBeGreaterThan(0)
  expect(received).toBeGreaterThan(0)

  // Each chart's table view: the same numbers the cards count, by day, service and clerk.
  const byChannel = await tableView(petro, 'Надійшло за днями і каналами')
  expect(sum(column(byChannel, 0)) + sum(column(byChannel, 1))).toBe(received)
  const byOutcome = await tableView(petro, 'Рішення за днями')
  expect(sum(byOutcome.flatMap((r) => r.values))).toBe(decided)
  const backlog = await tableView(petro, 'У роботі та прострочені на кінець дня')
  expect(backlog.length).toBe(byChannel.length)
  expect(backlog.every((r) => (r.values[1] ?? NaN) <= (r.values[0] ?? NaN))).toBe(true)
  const byService = await tableView(petro, 'Медіанний час розгляду за послугами, робочих днів')
  expect(sum(column(byService, 0))).toBe(received)
  expect(sum(column(byService, 1))).toBe(decided)
  expect(sum(column(byService, 2))).toBe(withinTerm)
  expect(sum(column(byService, 3))).toBe(overduePeriod)
  const workload = await tableView(petro, 'Навантаження виконавців зараз')
  expect(sum(column(workload, 0))).toBeLessThanOrEqual(pendingNow)
  expect(workload.every((r) => (r.values[1] ?? NaN) <= (r.values[0] ?? NaN))).toBe(true)
  await expectAccessible(petro)
  await petro.getByRole('region', { name: 'Навантаження виконавців зараз' }).scrollIntoViewIfNeeded()
  await petro.screenshot({ path: testInfo.outputPath('dashboard-tables.png') })

  // The figure opens the queue with exactly its applications.
  await overdueNow.button.click()
  await expect(petro.getByRole('navigation').getByRole('link', { name: 'Черга' })).toHaveAttribute('aria-current', 'page')
  await expect(petro.getByRole('status').filter({ hasText: 'Зі звіту: прострочені зараз' })).toBeVisible()
  // They come from every tab: none is current, and the grid is named after the figure.
  await expect(petro.getByRole('tab', { selected: true })).toHaveCount(0)
  await expect(petro.getByRole('grid', { name: 'Заявки: прострочені зараз' })).toBeVisible()
  expect(await queueTotal(petro)).toBe(overdue)
  // Tall enough for every row to be drawn (the grid draws only the rows in view).
  await petro.setViewportSize({ width: 1366, height: 600 + overdue * 60 })
  const drilled = await gridRows(petro)
  expect(drilled).toHaveLength(overdue)
  // Column 5 is the deadline: the queue computes it itself (from the due date and the clock), not from the report.
  for (const cells of drilled) expect(cells[5], cells.join(' | ')).toMatch(/прострочено/)
  const drilledNumbers = drilled.map((c) => c[1] ?? '').sort()
  surnames = [...new Set(drilled.map((c) => (c[3] ?? '').split(' ')[0] ?? '').filter((s) => s.length > 2))]
  await petro.screenshot({ path: testInfo.outputPath('drill-down.png') })

  // And none is missing: every overdue application in the queue's own "due" tab is one of them.
  await petro.getByRole('button', { name: 'Показати всю чергу' }).click()
  await petro.getByRole('tab', { name: /Сьогодні й прострочені/ }).click()
  const dueTab = petro.getByRole('tab', { name: /Сьогодні й прострочені/ })
  await expect(dueTab).toHaveAttribute('aria-selected', 'true')
  await expect(petro.getByRole('grid', { name: 'Заявки: Сьогодні й прострочені' })).toBeVisible()
  // The list has loaded when its count is the tab's own counter (not the drill-down's, still on screen a moment).
  const dueTotal = numberIn(await dueTab.innerText())
  await expect.poll(() => queueTotal(petro)).toBe(dueTotal)
  await petro.setViewportSize({ width: 1366, height: 600 + dueTotal * 60 })
  const due = await gridRows(petro)
  expect(due).toHaveLength(dueTotal)
  const lateInTab = due
    .filter((c) => /прострочено/.test(c[5] ?? ''))
    .map((c) => c[1] ?? '')
    .sort()
  expect(lateInTab).toEqual(drilledNumbers)
  await petro.setViewportSize({ width: 1366, height: 768 })
})

test('a supervisor hands an overdue application to a named clerk, who finds it in «Мої в роботі» at another workstation; a clerk sees neither the dashboard nor the action', async () => {
  // Петро opens one that Тарас does not hold.
  await openDashboard(petro)
  await (await stat(petro, 'Прострочено зараз')).button.click()
  expect(await queueTotal(petro)).toBe(overdue)
  const rows = await gridRows(petro)
  const target = rows.find((c) => !(c[7] ?? '').includes('Тарас'))
  expect(target, 'an overdue application Тарас does not hold').toBeDefined()
  reassigned = target?.[1] ?? ''
  const row = petro.getByRole('row', { name: new RegExp(reassigned) })
  await row.click()
  await petro.keyboard.press('Enter')
  await expect(petro.getByRole('heading', { name: `Заявка ${reassigned}` })).toBeVisible()

  await petro.getByRole('button', { name: 'Передати працівникові' }).click()
  const dialog = petro.getByRole('dialog', { name: 'Передати заявку працівникові' })
  await expect(dialog).toBeVisible()
  await dialog.getByRole('combobox', { name: 'Працівник' }).fill('Тарас')
  await petro.getByRole('option', { name: /Тарас Мар’янчук/ }).click()
  await dialog.getByRole('textbox', { name: 'Причина' }).fill('Виконавиця на лікарняному, строк минув')
  await dialog.getByRole('button', { name: 'Передати' }).click()
  await expect(petro.getByText('Заявку передано: Тарас Мар’янчук')).toBeVisible()
  await expect(dialog).toBeHidden()

  // Тарас, at his own workstation: after the sync it is his.
  await taras.getByRole('navigation').getByRole('link', { name: 'Черга' }).click()
  await taras.getByRole('tab', { name: /Мої в роботі/ }).click()
  await taras.getByRole('searchbox').fill(reassigned)
  await taras.getByText('Лише у вкладці', { exact: true }).click()
  await expect(taras.getByRole('radio', { name: 'Лише у вкладці' })).toBeChecked()
  await expect(taras.getByRole('row', { name: new RegExp(reassigned) })).toBeVisible({ timeout: 60_000 })
  await expect(taras.getByRole('tab', { name: /Мої в роботі/ })).toHaveAttribute('aria-selected', 'true')

  // The stranger: a plain clerk has no dashboard in the navigation, no reassign on the application,
  // and the dashboard's address shows the back end's refusal instead of figures.
  await expect(taras.getByRole('navigation').getByRole('link', { name: 'Звіти' })).toHaveCount(0)
  await taras.getByRole('row', { name: new RegExp(reassigned) }).click()
  await taras.keyboard.press('Enter')
  await expect(taras.getByRole('heading', { name: `Заявка ${reassigned}` })).toBeVisible()
  await expect(taras.getByRole('button', { name: 'Взяти в роботу' })).toBeVisible()
  await expect(taras.getByRole('button', { name: 'Передати працівникові' })).toHaveCount(0)
  await taras.goto(`${clerkWs.url}#/reports`)
  await expect(taras.getByRole('alert')).toContainText('лише керівник і адміністратор')
  await expect(taras.getByRole('group', { name: 'Підсумки за період' })).toHaveCount(0)
})

test('exports CSV and XLSX from the screen; the downloads parse back with the filters line, the header and the rows the screen counted, and open data names nobody', async ({}, testInfo) => {
  const dir = testInfo.outputPath('downloads')
  await openDashboard(petro)
  const received = (await stat(petro, 'Надійшло')).value
  const overduePeriod = (await stat(petro, 'Прострочено за період')).value
  const header = [
    'service_id',
    'service_name',
    'received',
    'approved',
    'refused',
    'returned',
    'within_term',
    'overdue',
    'median_working_days'
  ]
  const exportsRegion = petro.getByRole('region', { name: 'Вивантаження' })

  // The quarterly report as CSV for Excel: BOM, semicolons, the filters line, then one header row.
  const csvFiles = await exportFromScreen(petro, 'Звіт за період (CSV для Excel)', 'quarterly.csv')
  const csvRows = csvFiles.get('quarterly.csv') ?? 0
  expect(csvRows).toBeGreaterThan(0)
  const csv = await download(petro, exportsRegion.getByRole('button', { name: 'Завантажити quarterly.csv' }), dir)
  expect(csv.name).toBe('quarterly.csv')
  const csvBytes = readFileSync(csv.path)
  expect(csvBytes.subarray(0, 3).toString('hex')).toBe('efbbbf')
  const csvRecords = parse(csvBytes, { bom: true, delimiter: ';', relax_column_count: false }) as string[][]
  expect(csvRecords[0]?.[0]).toMatch(/^Вибірка: quarterly; період \d{2}\.\d{2}\.\d{4}–\d{2}\.\d{2}\.\d{4}/)
  expect(csvRecords[1]).toEqual(header)
  const csvData = csvRecords.slice(2)
  expect(csvData).toHaveLength(csvRows)
  expect(sum(csvData.map((r) => Number(r[2])))).toBe(received)
  expect(sum(csvData.map((r) => Number(r[7])))).toBe(overduePeriod)

  // The same report as XLSX, read back with the project's XLSX library.
  const xlsxFiles = await exportFromScreen(petro, 'Звіт за період (XLSX)', 'quarterly.xlsx')
  const xlsxRows = xlsxFiles.get('quarterly.xlsx') ?? 0
  expect(xlsxRows).toBe(csvRows)
  const xlsx = await download(petro, exportsRegion.getByRole('button', { name: 'Завантажити quarterly.xlsx' }), dir)
  const book = new ExcelJS.Workbook()
  await book.xlsx.readFile(xlsx.path)
  const sheet = book.worksheets[0]
  expect(sheet).toBeDefined()
  const values: unknown[][] = []
  sheet?.eachRow((r) => values.push((r.values as unknown[]).slice(1)))
  expect(String(values[0]?.[0])).toBe(csvRecords[0]?.[0])
  expect(values[1]).toEqual(header)
  expect(values.slice(2)).toHaveLength(xlsxRows)
  expect(sum(values.slice(2).map((r) => Number(r[2])))).toBe(received)

  // Open data: comma, no BOM, exactly one header row, and no applicant's name anywhere.
  const openFiles = await exportFromScreen(petro, 'Відкриті дані (CSV)', 'applications.csv')
  const appsRows = openFiles.get('applications.csv') ?? 0
  expect(appsRows).toBeGreaterThan(0)
  const apps = await download(petro, exportsRegion.getByRole('button', { name: 'Завантажити applications.csv' }), dir)
  const appsText = readFileSync(apps.path, 'utf8')
  expect(appsText.charCodeAt(0)).not.toBe(0xfeff)
  const appsRecords = parse(appsText, { delimiter: ',' }) as string[][]
  expect(appsRecords[0]?.[0]).not.toMatch(/Вибірка/)
  expect(appsRecords.slice(1)).toHaveLength(appsRows)
  const services = await download(petro, exportsRegion.getByRole('button', { name: 'Завантажити services.csv' }), dir)
  const published = readFileSync(services.path, 'utf8') + appsText
  expect(surnames.length).toBeGreaterThan(0)
  for (const surname of surnames) expect(published, surname).not.toContain(surname)
})
