import AxeBuilder from '@axe-core/playwright'
import { test, expect, request, type Browser, type Page } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { demoPdf } from '../../src/portal/demo-files'
import { newCard } from '../../src/portal/test/cards'
import { startPortal, startWebShell, type Running } from '../support/processes'

/*
 * The citizens' pages on the real portal process (issue 16): a person applies on a 320 px phone
 * with JavaScript off, gets the number and the access code, and opens the status page with the code
 * — typed on another device, and from a QR link that must not leave the code in the address bar.
 * axe-core (WCAG 2.1 A and AA) on every page: no violations at all. Screenshots go to
 * test-results/citizen-screens/ (phone and desktop) for a person to look at.
 */

const PORTAL_PORT = Number(process.env['E2E_CITIZEN_PORTAL_PORT'] ?? '7493')
const DESK_PORT = Number(process.env['E2E_CITIZEN_DESK_PORT'] ?? '5797')
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

test('a service with questions of its own, through its test link: the questions come from the card, are checked, and are sent', async ({
  browser
}) => {
  // The demo catalogue's services ask only the standard questions (their cards come from the
  // catalogue file), so an administrator describes one here, through the portal's catalogue API
  // from a workstation enrolled with the demo code, and moves it to testing.
  const api = await request.newContext({ baseURL: portal.url })
  const enrolled = await api.post('/sync/enrol', {
    data: { enrolmentCode: 'KHM-DEMO-2026', workstationId: randomUUID(), creationNonce: `e2e-citizen-${Date.now()}`, label: 'e2e' }
  })
  expect(enrolled.status(), await enrolled.text()).toBe(200)
  const { token } = (await enrolled.json()) as { token: string }
  const admin = async (path: string, data: Record<string, unknown> = {}): Promise<unknown> => {
    const res = await api.post(`/admin/catalogue/services${path}`, {
      headers: { authorization: `Bearer ${token}` },
      data: { login: 'nadiia', password: 'vikno-demo', ...data }
    })
    expect(res.status(), `${path}: ${await res.text()}`).toBeLessThan(300)
    return res.json()
  }
  const card = newCard('tree-felling-permit')
  const fields = card.form.fields.filter((f) => f.id !== 'trees')
  await admin('', {
    card: {
      ...card,
      form: {
        fields: [
          ...fields,
          {
            id: 'purpose',
            type: 'choice',
            label: { uk: 'Причина видалення', en: 'Reason for removal' },
            hint: { uk: 'Оберіть головну причину', en: 'Choose the main reason' },
            required: true,
            rules: {
              choices: [
                { value: 'dead', label: { uk: 'Сухе дерево', en: 'Dead tree' } },
                { value: 'danger', label: { uk: 'Загроза падіння', en: 'Risk of falling' } }
              ]
            }
          },
          {
            id: 'inspectedOn',
            type: 'date',
            label: { uk: 'Дата обстеження', en: 'Date of inspection' },
            hint: null,
            required: false,
            rules: {}
          },
          {
            id: 'siteName',
            type: 'short_text',
            label: { uk: 'Назва ділянки', en: 'Name of the site' },
            hint: null,
            required: true,
            rules: { maxLength: 100 }
          }
        ]
      }
    }
  })
  const tested = (await admin('/tree-felling-permit/versions/1/testing')) as { testLink: { token: string } }
  await api.dispose()

  const context = await phone(browser, false)
  const page = await context.newPage()
  await page.goto(`/services/tree-felling-permit?test=${tested.testLink.token}`)
  await expect(page).toHaveURL(/\/services\/tree-felling-permit$/)
  await page.getByRole('button', { name: 'Почати' }).click()
  await page.getByLabel('Прізвище').fill('Мельник')
  await page.getByLabel('Ім’я', { exact: true }).fill('Ігор')
  await page.getByLabel('Дата народження').fill('01.06.1985')
  await page.getByRole('button', { name: 'Продовжити' }).click()
  await page.getByLabel('Адреса', { exact: true }).fill('м. Хмельницький, вул. Садова, 5')
  await page.getByLabel('Особисто в ЦНАП').check()
  await page.getByRole('button', { name: 'Продовжити' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Запитання щодо послуги' })).toBeVisible()
  await checkPage(page, 'the card’s questions')
  await shot(page, 'phone-questions')
  await page.getByLabel('Дата обстеження (необов’язково)').fill('31.02.2021')
  await page.getByRole('button', { name: 'Продовжити' }).click()
  const summary = page.getByRole('alert')
  await expect(summary.getByRole('link', { name: '«Причина видалення»: обов’язкове поле' })).toHaveAttribute('href', '#q-purpose')
  await expect(summary).toContainText('«Дата обстеження»: Дата у форматі дд.мм.рррр, яка існує')
  await expect(summary).toContainText('«Назва ділянки»: обов’язкове поле')
  await checkPage(page, 'the card’s questions with errors')
  await shot(page, 'phone-questions-errors')
  await page.setViewportSize({ width: 375, height: 740 })
  await shot(page, 'phone375-questions-errors')
  await page.setViewportSize(PHONE)

  await page.getByLabel('Загроза падіння').check()
  await page.getByLabel('Дата обстеження (необов’язково)').fill('05.03.2021')
  await page.getByLabel('Назва ділянки').fill('Сквер біля школи № 7')
  await page.getByRole('button', { name: 'Продовжити' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Подробиці заяви' })).toBeVisible()
  await page.getByRole('button', { name: 'Продовжити' }).click()
  await page.locator('#doc-0').setInputFiles(SCAN)
  await page.getByRole('button', { name: 'Продовжити' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Перевірте відповіді перед поданням' })).toBeVisible()
  await expect(page.getByRole('main')).toContainText('Загроза падіння')
  await expect(page.getByRole('main')).toContainText('05.03.2021')
  await checkPage(page, 'check your answers with the card’s questions')
  await shot(page, 'phone-questions-check')
  await page.getByRole('button', { name: 'Подати заяву' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Заяву подано' })).toBeVisible()
  await context.close()

  // The questions page on a desktop, in English.
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: portal.url })
  const wide = await desktop.newPage()
  await wide.goto(`/services/tree-felling-permit?test=${tested.testLink.token}`)
  await wide.goto('/language/en?back=/apply/tree-felling-permit/questions')
  await expect(wide.getByRole('heading', { level: 1, name: 'About your application' })).toBeVisible()
  await expect(wide.getByRole('group', { name: 'Reason for removal' })).toBeVisible()
  await axeOn(wide, 'the card’s questions in English')
  await shot(wide, 'desktop-questions-en')
  await desktop.close()
})

/** A date `days` from today in Kyiv, as the workstation's date fields take it (дд.мм.рррр). */
function kyivDatePlus(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000)
  return new Intl.DateTimeFormat('uk-UA', { timeZone: 'Europe/Kyiv', day: '2-digit', month: '2-digit', year: 'numeric' }).format(d)
}

test('the whole story on a phone: apply with documents and the receipt; the clerk asks for a correction by a date; the answer with a corrected document; approved; the citizen sees the decision', async ({
  browser
}, testInfo) => {
  test.setTimeout(300_000)
  // ── the citizen applies on a phone, with the documents, and keeps the receipt ──
  const citizen = await browser.newContext({
    viewport: PHONE,
    locale: 'uk-UA',
    timezoneId: 'Europe/Kyiv',
    baseURL: portal.url,
    acceptDownloads: true
  })
  const phonePage = await citizen.newPage()
  await phonePage.goto('/apply/council-appeal/applicant')
  await phonePage.getByLabel('Прізвище').fill('Мельник')
  await phonePage.getByLabel('Ім’я', { exact: true }).fill('Ірина')
  await phonePage.getByLabel('Дата народження').fill('02.02.1975')
  await phonePage.getByRole('button', { name: 'Продовжити' }).click()
  await phonePage.getByLabel('Адреса', { exact: true }).fill('м. Хмельницький, вул. Зарічанська, 2')
  await phonePage.getByLabel('Особисто в ЦНАП').check()
  await phonePage.getByRole('button', { name: 'Продовжити' }).click()
  await phonePage.getByRole('button', { name: 'Продовжити' }).click()
  await expect(phonePage.getByRole('heading', { level: 1, name: 'Документи' })).toBeVisible()
  for (const i of requiredDocs('council-appeal')) await phonePage.locator(`#doc-${i}`).setInputFiles(SCAN)
  await checkPage(phonePage, 'documents')
  await shot(phonePage, 'phone-documents')
  await phonePage.getByRole('button', { name: 'Продовжити' }).click()
  await expect(phonePage.getByRole('heading', { level: 1, name: 'Перевірте відповіді перед поданням' })).toBeVisible()
  await expect(phonePage.locator('dl.summary').last()).toContainText('додано')
  await phonePage.getByRole('button', { name: 'Подати заяву' }).click()
  await expect(phonePage.getByRole('heading', { level: 1, name: 'Заяву подано' })).toBeVisible()
  const number = (await phonePage.locator('.panel .big').nth(0).innerText()).trim()
  const code = (await phonePage.locator('.panel .big').nth(1).innerText()).trim()
  const [download] = await Promise.all([
    phonePage.waitForEvent('download'),
    phonePage.getByRole('link', { name: 'Завантажити опис документів (PDF)' }).click()
  ])
  const receipt = testInfo.outputPath('receipt.pdf')
  await download.saveAs(receipt)
  const receiptText = execFileSync('pdftotext', ['-layout', receipt, '-'], { encoding: 'utf8' })
  expect(receiptText).toContain(number)
  expect(receiptText.replace(/ /g, '')).toContain(code)
  // The QR code's address, absolute: the portal's public address (PORTAL_PUBLIC_URL, default its own).
  expect(receiptText).toContain(`${portal.url}/status/${number}`)
  execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', receipt, join(SCREENS, 'receipt-page')])

  // ── at the desk (the web shell, signed in to this portal): the clerk opens it, asks for a correction by a date ──
  const desk = await startWebShell({
    port: DESK_PORT,
    dataDir: mkdtempSync(join(tmpdir(), 'vikno-e2e-citizen-desk-')),
    token: 'token-citizen-desk',
    portalUrl: portal.url,
    login: 'olena'
  })
  try {
    const clerk = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage()
    await clerk.goto(desk.url)
    await expect(clerk.getByText('На зв’язку з порталом')).toBeVisible({ timeout: 60_000 })
    const search = clerk.getByRole('searchbox', { name: 'Пошук' })
    await search.fill(number)
    await search.press('Enter')
    const row = clerk.getByRole('row', { name: new RegExp(number) })
    await expect(row).toBeVisible({ timeout: 60_000 })
    await row.click()
    await clerk.keyboard.press('Enter')
    await expect(clerk.getByRole('heading', { level: 1 })).toContainText(`Заявка ${number}`)
    // The scans sent from the phone, under the names of the card's documents.
    await expect(clerk.getByRole('button', { name: /^Переглянути файл «.+\.pdf»/ }).first()).toBeVisible()
    await clerk.getByRole('button', { name: 'Взяти в роботу' }).click()
    await expect(clerk.getByRole('main')).toContainText('На розгляді')
    await clerk.getByRole('button', { name: 'Запросити доопрацювання' }).click()
    const dialog = clerk.getByRole('dialog')
    await dialog.getByLabel('Загальне зауваження').fill('Додайте підписану сторінку звернення')
    const answerBy = kyivDatePlus(10)
    await dialog.getByLabel('Відповісти до').fill(answerBy)
    await dialog.getByRole('button', { name: 'Надіслати запит' }).click()
    await expect(clerk.getByRole('main')).toContainText('Потребує доопрацювання')
    await clerk.screenshot({ path: join(SCREENS, 'desk-correction-requested.png') })

    // ── the citizen answers on the status page with a corrected document ──
    // The page has no script: the citizen reloads it until the clerk's request has reached the portal.
    await expect
      .poll(
        async () => {
          await phonePage.goto(`/status/${number}`)
          return phonePage.locator('.tag').innerText()
        },
        { timeout: 60_000 }
      )
      .toBe('Потрібні ваші виправлення')
    await expect(phonePage.getByRole('main')).toContainText('Додайте підписану сторінку звернення')
    await expect(phonePage.getByRole('main')).toContainText(`Відповісти до ${answerBy}`)
    await checkPage(phonePage, 'status with remarks')
    await shot(phonePage, 'phone-status-remarks')
    await phonePage.getByLabel('Ваша відповідь').fill('Додаю підписану сторінку')
    const corrected = join(portalDir, 'signed-page.pdf')
    writeFileSync(corrected, demoPdf(['Підписана сторінка']))
    await phonePage.getByLabel('Виправлені документи (за потреби)').setInputFiles(corrected)
    await phonePage.getByRole('button', { name: 'Надіслати відповідь' }).click()
    await expect(phonePage.locator('.tag')).not.toHaveText('Потрібні ваші виправлення')
    await expect(phonePage.getByRole('main')).toContainText('Ви відповіли')

    // ── the clerk sees the answer and the corrected document, and approves ──
    await expect(clerk.getByRole('main')).toContainText('Додаю підписану сторінку', { timeout: 60_000 })
    await expect(clerk.getByRole('button', { name: 'Переглянути файл «signed-page.pdf»' })).toBeVisible()
    await expect(clerk.getByRole('main')).toContainText('На розгляді')
    await clerk.screenshot({ path: join(SCREENS, 'desk-answer-seen.png') })
    await clerk.getByRole('button', { name: 'Ухвалити рішення' }).click()
    const decide = clerk.getByRole('dialog')
    await decide.getByLabel('Надати послугу (результат готовий)').check()
    await decide.getByRole('button', { name: 'Зберегти рішення' }).click()
    await expect(clerk.getByText('Рішення збережено: результат готовий')).toBeVisible()

    // ── the citizen sees the decision ──
    await expect
      .poll(
        async () => {
          await phonePage.goto(`/status/${number}`)
          return phonePage.getByRole('main').innerText()
        },
        { timeout: 60_000 }
      )
      .toContain('Рішення: позитивне. Результат можна отримати.')
    await checkPage(phonePage, 'status with the decision')
    await shot(phonePage, 'phone-status-decided')
    const desktop = await browser.newContext({ viewport: { width: 1366, height: 900 }, baseURL: portal.url })
    const wide = await desktop.newPage()
    await wide.goto(`/status/${number}?code=${code}`)
    await expect(wide.getByRole('main')).toContainText('Рішення: позитивне')
    await shot(wide, 'desktop-status-decided')
    await desktop.close()
  } finally {
    await desk.stop()
  }
  await citizen.close()
})
