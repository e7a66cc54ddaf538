import { test, expect, type Page } from '@playwright/test'
import { startDesk, startPortal, stopAll, tempDir, type Running } from '../support/processes'

// Two workstations of one centre, partitioned from the portal, both claim the same application.
const PORTAL_PORT = Number(process.env['E2E_CONFLICT_PORTAL_PORT'] ?? '7492')
const A_PORT = Number(process.env['E2E_CONFLICT_A_PORT'] ?? '5793')
const B_PORT = Number(process.env['E2E_CONFLICT_B_PORT'] ?? '5794')
const portalDir = tempDir('conflict-portal')

let portal: Running
let a: Running
let b: Running

test.describe.configure({ mode: 'serial', timeout: 180_000 })

test.beforeAll(async () => {
  portal = await startPortal({ port: PORTAL_PORT, dataDir: portalDir, demoCount: 40 })
  a = await startDesk({ name: 'a', port: A_PORT, portal, login: 'olena' })
  b = await startDesk({ name: 'b', port: B_PORT, portal, login: 'taras' })
})

test.afterAll(async () => {
  await stopAll(a, b, portal)
})

async function claimOffline(page: Page, orderNumber: string): Promise<void> {
  await page.getByRole('searchbox').fill(orderNumber)
  const row = page.getByRole('row', { name: new RegExp(orderNumber) })
  await row.click()
  await expect(row).toHaveAttribute('aria-selected', 'true')
  await page.getByRole('button', { name: /Взяти в роботу/ }).click()
  await expect(row).toContainText('очікує')
}

test('both claim while partitioned; after healing one holds it and the other’s conflict inbox names the holder and the time', async ({
  browser,
  request
}, testInfo) => {
  // A new application both workstations can see.
  const res = await request.post(`${portal.url}/api/v1/applications`, {
    data: {
      serviceId: 'residence-registration',
      applicant: {
        surname: 'Бойчук',
        givenName: 'Ярина',
        patronymic: null,
        rnokpp: null,
        birthDate: '1990-01-15',
        phone: null,
        email: null,
        address: 'м. Хмельницький, вул. Подільська, 5'
      },
      fields: {},
      attachments: [],
      delivery: 'in_person'
    }
  })
  expect(res.status(), await res.text()).toBe(201)
  const { orderNumber, accessCode } = (await res.json()) as { orderNumber: string; accessCode: string }

  const pageA = await browser.newPage()
  const pageB = await browser.newPage()
  await pageA.goto(a.url)
  await pageB.goto(b.url)
  for (const page of [pageA, pageB]) {
    await page.getByRole('searchbox').fill(orderNumber)
    await expect(page.getByRole('row', { name: new RegExp(orderNumber) })).toBeVisible({ timeout: 20_000 })
  }

  // The partition: the portal is gone for both.
  await portal.stop()
  for (const page of [pageA, pageB]) await expect(page.getByText('Офлайн').first()).toBeVisible({ timeout: 30_000 })
  await claimOffline(pageA, orderNumber)
  await claimOffline(pageB, orderNumber)

  // Healing.
  portal = await startPortal({ port: PORTAL_PORT, dataDir: portalDir, demoCount: 40 })
  const status = async () => {
    const r = await request.get(`${portal.url}/api/v1/applications/${orderNumber}/status`, { headers: { 'x-access-code': accessCode } })
    return ((await r.json()) as { takenIntoWorkAt: string | null }).takenIntoWorkAt
  }
  await expect.poll(status, { timeout: 60_000 }).not.toBeNull()

  // Exactly one of them holds it; the other sees the winner as holder and a conflict naming them.
  const rowA = pageA.getByRole('row', { name: new RegExp(orderNumber) })
  const rowB = pageB.getByRole('row', { name: new RegExp(orderNumber) })
  await expect(async () => {
    const textA = await rowA.innerText()
    const textB = await rowB.innerText()
    expect(textA.includes('відхилено') !== textB.includes('відхилено')).toBe(true)
  }).toPass({ timeout: 90_000 })
  const aLost = (await rowA.innerText()).includes('відхилено')
  const [loser, winnerName] = aLost ? [pageA, 'Тарас'] : [pageB, 'Олена Коваль']
  const loserRow = aLost ? rowA : rowB
  await expect(loserRow).toContainText(winnerName)
  await loser.getByRole('navigation').getByRole('link', { name: 'Синхронізація' }).click()
  const inbox = loser.getByRole('region', { name: 'Скринька конфліктів' })
  await expect(inbox).toContainText(orderNumber)
  await expect(inbox).toContainText(winnerName)
  await expect(inbox).toContainText(/\d{2}:\d{2}/)
  await loser.screenshot({ path: testInfo.outputPath('conflict-inbox.png'), fullPage: true })
})
