import AxeBuilder from '@axe-core/playwright'
import { test, expect, type Browser, type Page } from '@playwright/test'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { demoPdf } from '../../src/portal/demo-files'
import { startPortal, type Running } from '../support/processes'

/*
 * The citizens' pages on the real portal process (issue 16): a person applies on a 320 px phone
 * with JavaScript off, gets the number and the access code, and opens the status page with the code
 * — typed on another device, and from a QR link that must not leave the code in the address bar.
 * axe-core (WCAG 2.1 A and AA) on every page: no violations at all. Screenshots go to
 * test-results/citizen-screens/ (phone and desktop) for a person to look at.
 */

const PORTAL_PORT = Number(process.env['E2E_CITIZEN_PORTAL_PORT'] ?? '7493')
const portalDir = mkdtempSync(join(tmpdir(), 'vikno-e2e-citizen-'))
const SCREENS = join('test-results', 'citizen-screens')
const PHONE = { width: 320, height: 640 }

let portal: Running

test.describe.configure({ mode: 'serial', timeout: 180_000 })

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true })
  portal = await startPortal({ port: PORTAL_PORT, dataDir: portalDir, demoCount: 5 })
})

test.afterAll(async () => {
  await portal?.stop()
})

async function axeOn(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    label
  ).toEqual([])
}

/**
 * axe and the width check run scripts in the page, which a context without JavaScript refuses: the
 * page's own HTML is served again, at its own address (so its stylesheet loads), to a page of a
 * context with JavaScript and the same viewport.
 */
async function checkPage(page: Page, label: string): Promise<void> {
  const context = page.context()
  const scripted = await (context.browser() as Browser).newContext({ viewport: page.viewportSize() ?? PHONE, javaScriptEnabled: true })
  const twin = await scripted.newPage()
  const html = await page.content()
  const url = page.url()
  await twin.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }))
  await twin.goto(url)
  await axeOn(twin, label)
  // Nothing wider than the viewport: no sideways scrolling on a 320 px phone.
  const { scroll, client } = await twin.evaluate<{ scroll: number; client: number }>(
    '({ scroll: document.documentElement.scrollWidth, client: window.innerWidth })'
  )
  expect(scroll, `${label}: width`).toBeLessThanOrEqual(client)
  await scripted.close()
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true })
}

async function phone(browser: Browser, javaScriptEnabled: boolean) {
  return browser.newContext({ viewport: PHONE, javaScriptEnabled, locale: 'uk-UA', timezoneId: 'Europe/Kyiv', baseURL: portal.url })
}

/** A scan to upload: a small real PDF. */
const SCAN = join(portalDir, 'scan.pdf')
writeFileSync(SCAN, demoPdf(['Скан документа']))
const CATALOGUE = JSON.parse(readFileSync(join('resources', 'catalog', 'services.json'), 'utf8')) as {
  services: { id: string; documents: { required: boolean }[] }[]
}
/** The indexes of the card's required documents (their inputs are `#doc-{i}`). */
const requiredDocs = (serviceId: string): number[] =>
  (CATALOGUE.services.find((s) => s.id === serviceId)?.documents ?? []).flatMap((d, i) => (d.required ? [i] : []))

let orderNumber = ''
let accessCode = ''

test('without JavaScript on a 320 px phone: apply with an error summary on the way, check the answers, get number, code and date', async ({
  browser
}) => {
  const context = await phone(browser, false)
  const page = await context.newPage()
  await page.goto('/')
  await expect(page.getByRole('heading', { level: 1, name: 'Адміністративні послуги онлайн' })).toBeVisible()
  await checkPage(page, 'home')
  await shot(page, 'phone-home')

  await page.getByLabel('Пошук послуги').fill('місця проживання')
  await page.getByRole('button', { name: 'Шукати' }).click()
  await page.getByRole('link', { name: 'Реєстрація місця проживання/перебування особи' }).click()
  await expect(page).toHaveURL(/\/services\/residence-registration$/)
  await checkPage(page, 'start page')
  await shot(page, 'phone-start')
  await page.getByRole('button', { name: 'Почати' }).click()

  // An empty page first: the error summary links to each field.
  await page.getByRole('button', { name: 'Продовжити' }).click()
  const summary = page.getByRole('alert')
  await expect(summary).toContainText('Є помилки')
  await expect(summary.getByRole('link', { name: /Прізвище/ })).toHaveAttribute('href', '#surname')
  await checkPage(page, 'applicant with errors')
  await shot(page, 'phone-errors')

  await page.getByLabel('Прізвище').fill('Коваленко')
  await page.getByLabel('Ім’я', { exact: true }).fill('Оксана')
  await page.getByLabel('Дата народження').fill('08.03.1990')
  await page.getByRole('button', { name: 'Продовжити' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Адреса і зв’язок' })).toBeVisible()
  // A reload loses nothing already sent: back to the first page, the answers are there.
  await page.getByRole('link', { name: 'Назад' }).click()
  await expect(page.getByLabel('Прізвище')).toHaveValue('Коваленко')
  await page.reload()
  await expect(page.getByLabel('Дата народження')).toHaveValue('08.03.1990')
  await page.getByRole('button', { name: 'Продовжити' }).click()

  await page.getByLabel('Адреса', { exact: true }).fill('м. Хмельницький, вул. Кам’янецька, 10, кв. 3')
  await page.getByLabel('Поштою').check()
  await checkPage(page, 'contact')
  await page.getByRole('button', { name: 'Продовжити' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Подробиці заяви' })).toBeVisible()
  await page.getByLabel('Додаткові відомості (необов’язково)').fill('Разом із донькою')
  await page.getByRole('button', { name: 'Продовжити' }).click()

  // The card's documents, a file each, sent as a plain multipart form.
  await expect(page.getByRole('heading', { level: 1, name: 'Документи' })).toBeVisible()
  await page.getByRole('button', { name: 'Продовжити' }).click()
  await expect(page.getByRole('alert')).toContainText('Додайте файл цього документа')
  await checkPage(page, 'documents with errors')
  await shot(page, 'phone-documents-errors')
  for (const i of requiredDocs('residence-registration')) await page.locator(`#doc-${i}`).setInputFiles(SCAN)
  await page.getByRole('button', { name: 'Продовжити' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Перевірте відповіді перед поданням' })).toBeVisible()
  await expect(page.locator('dl.summary')).toContainText(['Коваленко'])
  await checkPage(page, 'check your answers')
  await shot(page, 'phone-check')
  await page.getByRole('button', { name: 'Подати заяву' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Заяву подано' })).toBeVisible()
  const big = page.locator('.panel .big')
  orderNumber = (await big.nth(0).innerText()).trim()
  accessCode = (await big.nth(1).innerText()).trim()
  expect(orderNumber).toMatch(/^\d{3}-\d{6}-\d$/)
  expect(accessCode).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/)
  await expect(page.locator('dl.summary')).toContainText(/\d{2}\.\d{2}\.\d{4}/)
  await checkPage(page, 'confirmation')
  await shot(page, 'phone-confirmation')
  await context.close()
})

test('on another phone without JavaScript: the number alone opens nothing; with the code, the status in plain words', async ({
  browser
}) => {
  expect(orderNumber).not.toBe('')
  const context = await phone(browser, false)
  const page = await context.newPage()
  await page.goto('/')
  await page.getByLabel('Номер заяви').fill(orderNumber)
  await page.getByLabel('Код доступу').fill('K7QM-4XPR-9TAW')
  await page.getByRole('button', { name: 'Переглянути стан' }).click()
  await expect(page.getByRole('alert')).toContainText('Заяву не знайдено або код доступу неправильний')
  await expect(page.locator('body')).not.toContainText('Заяву отримано')

  await page.getByLabel('Код доступу').fill(accessCode.toLowerCase())
  await page.getByRole('button', { name: 'Переглянути стан' }).click()
  await expect(page).toHaveURL(new RegExp(`/status/${orderNumber}$`))
  await expect(page.getByRole('heading', { level: 1 })).toContainText(orderNumber)
  await expect(page.locator('.tag')).toHaveText('Заяву отримано, вона чекає на адміністратора')
  await expect(page.getByRole('heading', { name: 'Хронологія' })).toBeVisible()
  await checkPage(page, 'status')
  await shot(page, 'phone-status')
  await context.close()
})

test('a QR link with the code opens the status and leaves no code in the address bar', async ({ browser }) => {
  const context = await phone(browser, true)
  const page = await context.newPage()
  await page.goto(`/status/${orderNumber}?code=${accessCode}`)
  await expect(page).toHaveURL(new RegExp(`/status/${orderNumber}$`))
  expect(page.url()).not.toContain(accessCode)
  await expect(page.locator('.tag')).toContainText('Заяву отримано')
  await context.close()
})

test('desktop: the home page, a start page and the status page asking for the code, in Ukrainian and in English', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, baseURL: portal.url })
  const page = await context.newPage()
  await page.goto('/')
  await shot(page, 'desktop-home')
  await page.goto(`/status/${orderNumber}`)
  await expect(page.getByLabel('Код доступу')).toBeVisible()
  await axeOn(page, 'asking for the code')
  await shot(page, 'desktop-ask-code')
  await page.goto('/services/id-card')
  await page.getByRole('link', { name: 'Switch to English' }).click()
  await expect(page).toHaveURL(/\/services\/id-card$/)
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByRole('button', { name: 'Start now' })).toBeVisible()
  await axeOn(page, 'start page in English')
  await shot(page, 'desktop-start-en')
  await context.close()
})
