import { test, expect, type Page } from '@playwright/test'
import { expectAccessible } from '../support/a11y'
import { startDesk, startPortal, stopAll, tempDir, type Running } from '../support/processes'

// The administration screen of issue 8, end to end: an administrator creates a clerk, the clerk
// signs in at a workstation, the administrator disables them and their next sign-in is refused;
// a second workstation is revoked and stops syncing.
const PORTAL_PORT = Number(process.env['E2E_ADMIN_PORTAL_PORT'] ?? '47911')
const WEB_PORT = Number(process.env['E2E_ADMIN_WEB_PORT'] ?? '47910')
const SECOND_PORT = Number(process.env['E2E_ADMIN_SECOND_PORT'] ?? '47912')
const PASSWORD = 'vikno-demo'

let portal: Running
let desk: Running
let second: Running

test.describe.configure({ mode: 'serial', timeout: 240_000 })

test.beforeAll(async () => {
  portal = await startPortal({ port: PORTAL_PORT, dataDir: tempDir('admin-portal'), demoCount: 20 })
  desk = await startDesk({ name: 'admin-a', port: WEB_PORT, portal, login: 'nadiia' })
  second = await startDesk({ name: 'admin-b', port: SECOND_PORT, portal, login: 'taras' })
})

test.afterAll(async () => {
  await stopAll(desk, second, portal)
})

/** Locks the desk, leaves the session and signs `login` in: another person at the same workstation. */
async function signInAs(page: Page, login: string, password: string): Promise<void> {
  await page.getByRole('button', { name: 'Заблокувати' }).click()
  await page.getByRole('button', { name: 'Вийти (увійде інший працівник)' }).click()
  await page.getByLabel(/^Логін/).fill(login)
  await page.getByLabel(/^Пароль/).fill(password)
  await page.getByRole('button', { name: 'Увійти' }).click()
}

/** Fills the confirming dialog's own-password field and presses its button. */
async function confirm(page: Page, button: string): Promise<void> {
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('Ваш пароль').fill(PASSWORD)
  await dialog.getByRole('button', { name: button, exact: true }).click()
  await expect(page.getByRole('dialog')).toHaveCount(0)
}

test('an administrator creates a clerk who signs in; disabled, the clerk is refused; a revoked workstation stops syncing', async ({
  browser
}, testInfo) => {
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage()
  await page.goto(desk.url)
  await expect(page.getByText('На зв’язку з порталом')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByRole('banner').getByText('Надія Ткачук')).toBeVisible()

  // Keyboard-first: the screen is a link in the navigation for administrators.
  await page.getByRole('navigation').getByRole('link', { name: 'Адміністрування' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Адміністрування' })).toBeFocused()
  await page.getByLabel('Ваш пароль').fill(PASSWORD)
  await page.getByLabel('Ваш пароль').press('Enter')
  const clerks = page.getByRole('table', { name: 'Працівники ЦНАП' })
  await expect(clerks.getByRole('row')).toHaveCount(6)
  const workstations = page.getByRole('table', { name: 'Робочі місця ЦНАП' })
  await expect(workstations.getByRole('row')).toHaveCount(3)
  await expectAccessible(page)
  await page.screenshot({ path: testInfo.outputPath('admin-screen-1366x768.png') })

  // A new clerk, from the keyboard: the dialog's first field has the focus.
  await page.getByRole('button', { name: 'Додати працівника' }).click()
  const dialog = page.getByRole('dialog', { name: 'Новий працівник' })
  await expect(dialog.getByLabel(/^Ім’я та прізвище/)).toBeFocused()
  await dialog.getByRole('button', { name: 'Створити обліковий запис' }).click()
  await expect(dialog.getByText('Вкажіть ім’я та прізвище')).toBeVisible()
  await page.keyboard.type('Марта Гнатюк')
  await page.keyboard.press('Tab')
  await page.keyboard.type('marta')
  await dialog.getByLabel(/^Роль/).selectOption('back_office')
  await dialog.getByLabel(/^Початковий пароль/).fill('marta-pass-2026')
  await dialog.getByLabel(/^Повторіть пароль/).fill('marta-pass-2026')
  await expectAccessible(page)
  await page.screenshot({ path: testInfo.outputPath('admin-new-clerk-dialog.png') })
  await confirm(page, 'Створити обліковий запис')
  const marta = clerks.getByRole('row', { name: /Марта Гнатюк/ })
  await expect(marta).toContainText('marta')
  await expect(marta).toContainText('Фахівець (бек-офіс)')

  // Marta signs in at this workstation: the portal knows her at once.
  await signInAs(page, 'marta', 'marta-pass-2026')
  await expect(page.getByRole('banner').getByText('Марта Гнатюк')).toBeVisible({ timeout: 15_000 })
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Адміністрування' })).toHaveCount(0)

  // Back to the administrator, who disables her.
  await signInAs(page, 'nadiia', PASSWORD)
  await expect(page.getByRole('banner').getByText('Надія Ткачук')).toBeVisible({ timeout: 15_000 })
  await page.getByRole('navigation').getByRole('link', { name: 'Адміністрування' }).click()
  await page.getByLabel('Ваш пароль').fill(PASSWORD)
  await page.getByRole('button', { name: 'Показати' }).click()
  await page.getByRole('button', { name: 'Вимкнути: Марта Гнатюк' }).click()
  await expect(page.getByRole('dialog')).toContainText('не зможе увійти на жодному робочому місці')
  await confirm(page, 'Вимкнути')
  await expect(clerks.getByRole('row', { name: /Марта Гнатюк/ })).toContainText('Вимкнено')

  // Her next sign-in is refused by the portal (and her cached verifier is gone: no offline way in).
  await signInAs(page, 'marta', 'marta-pass-2026')
  await expect(page.getByRole('alert').filter({ hasText: 'Обліковий запис вимкнено; зверніться до адміністратора' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Вхід до робочого місця' })).toBeVisible()

  // The second workstation: revoked from here, it stops syncing at once.
  await page.getByLabel(/^Логін/).fill('nadiia')
  await page.getByLabel(/^Пароль/).fill(PASSWORD)
  await page.getByRole('button', { name: 'Увійти' }).click()
  await expect(page.getByRole('banner').getByText('Надія Ткачук')).toBeVisible({ timeout: 15_000 })
  await page.getByRole('navigation').getByRole('link', { name: 'Адміністрування' }).click()
  await page.getByLabel('Ваш пароль').fill(PASSWORD)
  await page.getByRole('button', { name: 'Показати' }).click()
  const other = page.getByRole('button', { name: /^Відкликати доступ: .* · web · / })
  await expect(other).toHaveCount(2)
  // The workstation that is not this one (this one is marked).
  const rows = workstations
    .getByRole('row')
    .filter({ hasNot: page.getByText('це робоче місце') })
    .filter({ has: page.getByRole('button', { name: /Відкликати доступ/ }) })
  await expect(rows).toHaveCount(1)
  await rows.getByRole('button', { name: /Відкликати доступ/ }).click()
  await expect(page.getByRole('dialog')).toContainText('негайно перестане синхронізуватися')
  await expectAccessible(page)
  await confirm(page, 'Відкликати доступ')
  await expect(workstations.getByRole('row').filter({ hasText: 'Відкликано' })).toHaveCount(1)
  await page.screenshot({ path: testInfo.outputPath('admin-workstation-revoked.png') })

  // The audit trail shows what happened here, each action in words (the refused sign-in among them).
  await page.getByRole('navigation').getByRole('link', { name: 'Аудит' }).click()
  const trail = page.getByRole('table', { name: 'Записи журналу аудиту, новіші спочатку' })
  await expect(trail.getByRole('cell', { name: 'Невдалий вхід' }).first()).toBeVisible()
  await expect(trail.getByRole('cell', { name: 'Адміністрування' }).first()).toBeVisible()
  await expectAccessible(page)
  await page.screenshot({ path: testInfo.outputPath('audit-screen-1366x768.png') })

  const secondPage = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage()
  await secondPage.goto(second.url)
  await secondPage.getByRole('navigation').getByRole('link', { name: 'Синхронізація' }).click()
  await secondPage.getByRole('button', { name: 'Синхронізувати зараз' }).click()
  await expect(secondPage.getByText(/відкликано/i).first()).toBeVisible({ timeout: 30_000 })
})
