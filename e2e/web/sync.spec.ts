import { test, expect, type Page } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startPortal, startWebShell, type Running } from '../support/processes'

// The real portal process (PGlite) and a workstation web shell enrolled with it.
const PORTAL_PORT = Number(process.env['E2E_PORTAL_PORT'] ?? '7491')
const WEB_PORT = Number(process.env['E2E_SYNC_WEB_PORT'] ?? '5792')
const TOKEN = 'e2e-sync-token'
const portalDir = mkdtempSync(join(tmpdir(), 'vikno-e2e-portal-'))
const workstationDir = mkdtempSync(join(tmpdir(), 'vikno-e2e-ws-'))

let portal: Running
let web: Running

test.describe.configure({ mode: 'serial', timeout: 180_000 })

test.beforeAll(async () => {
  portal = await startPortal({ port: PORTAL_PORT, dataDir: portalDir, demoCount: 40 })
  web = await startWebShell({ port: WEB_PORT, dataDir: workstationDir, token: TOKEN, portalUrl: portal.url })
})

test.afterAll(async () => {
  await web?.stop()
  await portal?.stop()
})

function tabCount(page: Page, name: RegExp) {
  return page
    .getByRole('tab', { name })
    .innerText()
    .then((text) => Number(/(\d+)/.exec(text)?.[1] ?? 'NaN'))
}

test('a citizen’s application reaches the queue without a reload; an offline claim is pending until the portal confirms it', async ({
  page,
  request
}, testInfo) => {
  await page.goto(web.url)
  await expect(page.getByRole('tab', { name: /Нові/ })).toBeVisible()
  await expect(page.getByText('На зв’язку з порталом')).toBeVisible({ timeout: 30_000 })
  // The first pull is complete (being connected is not enough: its page may still be on its way).
  await expect(page.getByText(/Синхронізовано/)).toBeVisible({ timeout: 30_000 })
  // The tab shows its count once the queue's counters have loaded (read earlier, it was NaN once).
  await expect.poll(() => tabCount(page, /Нові/), { timeout: 15_000 }).not.toBeNaN()
  const before = await tabCount(page, /Нові/)

  // A citizen submits through the public API.
  const res = await request.post(`${portal.url}/api/v1/applications`, {
    data: {
      serviceId: 'birth-registration',
      applicant: {
        surname: 'Ґалаґан',
        givenName: 'Марʼяна',
        patronymic: 'Євгенівна',
        rnokpp: null,
        birthDate: '1991-03-08',
        phone: '+380671112233',
        email: null,
        address: 'м. Хмельницький, вул. Кам’янецька, 12'
      },
      fields: {},
      attachments: [],
      delivery: 'in_person'
    }
  })
  expect(res.status(), await res.text()).toBe(201)
  const { orderNumber, accessCode } = (await res.json()) as { orderNumber: string; accessCode: string }

  // No reload: the nudge makes the workstation pull, the toast and the counter tell the clerk.
  await expect(page.getByText(orderNumber).first()).toBeVisible({ timeout: 15_000 })
  await expect.poll(() => tabCount(page, /Нові/), { timeout: 15_000 }).toBe(before + 1)

  // The network goes down.
  await portal.stop()
  await expect(page.getByText(/Немає зв’язку|Не на зв’язку|Офлайн|портал недоступний/i).first()).toBeVisible({ timeout: 30_000 })

  // Claim it offline: it moves to "mine" at once and shows as pending.
  await page.getByRole('searchbox').fill(orderNumber)
  const row = page.getByRole('row', { name: new RegExp(orderNumber) })
  await expect(row).toBeVisible()
  await row.click()
  await expect(row).toHaveAttribute('aria-selected', 'true')
  await page.getByRole('button', { name: /Взяти в роботу/ }).click()
  await expect(page.getByText(`Заявку ${orderNumber} взято в роботу`)).toBeVisible()
  await page.getByRole('tab', { name: /Мої в роботі/ }).click()
  await expect(row).toContainText('очікує')
  await page.screenshot({ path: testInfo.outputPath('claimed-offline.png') })

  // The network returns: the claim reaches the portal and the badge turns confirmed.
  portal = await startPortal({ port: PORTAL_PORT, dataDir: portalDir, demoCount: 40 })
  await expect(row).toContainText('підтверджено', { timeout: 90_000 })
  await page.screenshot({ path: testInfo.outputPath('claimed-confirmed.png') })

  // And the portal agrees: the citizen sees the application taken into work.
  const status = await request.get(`${portal.url}/api/v1/applications/${orderNumber}/status`, { headers: { 'x-access-code': accessCode } })
  expect(status.status()).toBe(200)
  expect(JSON.stringify(await status.json())).toMatch(/takenIntoWorkAt":"\d{4}/)
})
