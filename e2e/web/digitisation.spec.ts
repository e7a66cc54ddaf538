import { test, expect, type Locator, type Page } from '@playwright/test'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { demoPdf } from '../../src/portal/demo-files'
import { expectAccessible } from '../support/a11y'
import { startDesk, startPortal, stopAll, tempDir, type Running } from '../support/processes'

/*
 * Digitising a service end to end (issue 17): an administrator at a workstation drafts a new
 * service with three questions and a required document, previews it, moves it to testing; a tester
 * applies through the test link on the portal's own pages; the workstation shows the application
 * flagged «ТЕСТ» and leaves it out of the queue's counters; the administrator publishes (the
 * confirmation from the keyboard), the service appears on the portal's home page, and the test
 * applications are deleted in one step (the number deleted announced) and leave the desk's queue; the
 * service reaches both desks' intake through sync; an application submitted under version 1 still
 * shows version 1 at the second desk after version 2 is published. Every wait is for a state on screen.
 */

const PORTAL_PORT = Number(process.env['E2E_DIGI_PORTAL_PORT'] ?? '47921')
const WEB_PORT = Number(process.env['E2E_DIGI_WEB_PORT'] ?? '47920')
const SECOND_PORT = Number(process.env['E2E_DIGI_SECOND_PORT'] ?? '47922')
const PASSWORD = 'vikno-demo'
const SERVICE = { id: 'bench-install-e2e', uk: 'Дозвіл на встановлення лавки', en: 'Bench installation permit' }
const QUESTIONS = ['Кількість лавок', 'Матеріал лавки', 'Опис місця встановлення'] as const

let portal: Running
let desk: Running
let second: Running
const portalDir = tempDir('digi-portal')
const SCAN = join(portalDir, 'scheme.pdf')
writeFileSync(SCAN, demoPdf(['Схема розміщення лавки']))

test.describe.configure({ mode: 'serial', timeout: 300_000 })

test.beforeAll(async () => {
  portal = await startPortal({ port: PORTAL_PORT, dataDir: portalDir, demoCount: 5 })
  desk = await startDesk({ name: 'digi-a', port: WEB_PORT, portal, login: 'nadiia' })
  second = await startDesk({ name: 'digi-b', port: SECOND_PORT, portal, login: 'olena' })
})

test.afterAll(async () => {
  await stopAll(second, desk, portal)
})

/** The figure on a queue tab («Нові 5»). */
async function tabCount(page: Page, name: RegExp): Promise<number> {
  const text = (await page.getByRole('tab', { name }).innerText()).replace(/\u00a0/gu, ' ')
  return Number(/(\d+)\s*$/u.exec(text)?.[1] ?? 'NaN')
}

/** The catalogue editor, reached from the administration screen, opened with the password. */
async function openCatalogue(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: 'Адміністрування' }).click()
  await page.getByRole('link', { name: 'Послуги: каталог карток послуг' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Послуги' })).toBeVisible()
  await page.getByLabel('Ваш пароль').fill(PASSWORD)
  await page.getByRole('button', { name: 'Показати' }).click()
  await expect(page.getByTestId('counts-line')).toContainText('опубліковано')
}

/** Fills the confirming dialog's own-password field and presses its button. */
async function confirm(page: Page, title: string, button: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: title })
  await dialog.getByLabel('Ваш пароль').fill(PASSWORD)
  await dialog.getByRole('button', { name: button, exact: true }).click()
  await expect(dialog).toHaveCount(0)
}

/** Adds a question of `type` (the builder's select value) with its labels; returns its fieldset. */
async function addQuestion(page: Page, type: string, uk: string, en: string): Promise<Locator> {
  await page.getByLabel('Тип нового поля').selectOption(type)
  await page.getByRole('button', { name: 'Додати поле' }).click()
  const card = page.getByRole('group', { name: /^Поле \d+:/ }).last()
  await card.getByLabel('Питання українською').fill(uk)
  await card.getByLabel('Питання англійською').fill(en)
  await expect(card).toHaveAccessibleName(new RegExp(`^Поле \\d+: ${uk}`))
  return card
}

/** A citizen applies on the portal's pages from a service's start page (the card's three questions answered); returns the order number. */
async function applyOnPortal(citizen: Page, surname: string): Promise<string> {
  await citizen.getByRole('button', { name: 'Почати' }).click()
  await citizen.getByLabel('Прізвище').fill(surname)
  await citizen.getByLabel('Ім’я', { exact: true }).fill('Марія')
  await citizen.getByLabel('Дата народження').fill('12.04.1988')
  await citizen.getByRole('button', { name: 'Продовжити' }).click()
  await expect(citizen.getByRole('heading', { level: 1, name: 'Адреса і зв’язок' })).toBeVisible()
  await citizen.getByLabel('Адреса', { exact: true }).fill('м. Хмельницький, вул. Проскурівська, 1')
  await citizen.getByLabel('Особисто в ЦНАП').check()
  await citizen.getByRole('button', { name: 'Продовжити' }).click()
  // The card's own three questions, asked by the citizens' pages from the testing version.
  await expect(citizen.getByRole('heading', { level: 1, name: 'Запитання щодо послуги' })).toBeVisible()
  await citizen.getByLabel(QUESTIONS[0], { exact: false }).fill('2')
  await citizen
    .getByRole('group', { name: new RegExp(QUESTIONS[1]) })
    .getByLabel('Дерево')
    .check()
  await citizen.getByLabel(QUESTIONS[2], { exact: false }).fill('Біля входу до парку, ліворуч від фонтану')
  await citizen.getByRole('button', { name: 'Продовжити' }).click()
  await expect(citizen.getByRole('heading', { level: 1, name: 'Подробиці заяви' })).toBeVisible()
  await citizen.getByRole('button', { name: 'Продовжити' }).click()
  await expect(citizen.getByRole('heading', { level: 1, name: 'Документи' })).toBeVisible()
  await citizen.locator('#doc-0').setInputFiles(SCAN)
  await citizen.getByRole('button', { name: 'Продовжити' }).click()
  await expect(citizen.getByRole('heading', { level: 1, name: 'Перевірте відповіді перед поданням' })).toBeVisible()
  await citizen.getByRole('button', { name: 'Подати заяву' }).click()
  await expect(citizen.getByRole('heading', { level: 1, name: 'Заяву подано' })).toBeVisible()
  const orderNumber = (await citizen.locator('.panel .big').nth(0).innerText()).trim()
  expect(orderNumber).toMatch(/^\d{3}-\d{6}-\d$/)
  return orderNumber
}

test('an administrator drafts, previews, tests, publishes a new service; the test application is flagged, left out of the counters, and deleted in one step', async ({
  browser
}, testInfo) => {
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage()
  await page.goto(desk.url)
  await expect(page.getByText('На зв’язку з порталом')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByText(/Синхронізовано/)).toBeVisible({ timeout: 30_000 })
  await expect.poll(() => tabCount(page, /^Нові/), { timeout: 15_000 }).not.toBeNaN()
  const newBefore = await tabCount(page, /^Нові/)

  // Not on the citizens' pages before it is published.
  const citizen = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, baseURL: portal.url })).newPage()
  await citizen.goto('/')
  await expect(citizen.getByRole('heading', { level: 2, name: 'Усі послуги' })).toBeVisible()
  await expect(citizen.getByRole('link', { name: SERVICE.uk })).toHaveCount(0)

  // The editor: a new service, its information card.
  await openCatalogue(page)
  await expectAccessible(page)
  await page.getByRole('button', { name: 'Нова послуга' }).click()
  await page.getByLabel('Ідентифікатор послуги').fill(SERVICE.id)
  await page.getByLabel('Назва українською').fill(SERVICE.uk)
  await page.getByLabel('Назва англійською').fill(SERVICE.en)
  await page.getByLabel('Категорія українською').fill('Благоустрій')
  await page.getByLabel('Категорія англійською').fill('Urban improvement')
  await page.getByLabel('Строк надання').selectOption('working_days')
  await page.getByLabel('Кількість', { exact: true }).fill('10')
  await page.getByLabel('Плата').selectOption('free')

  // Three questions of its own and a required document.
  await addQuestion(page, 'number', QUESTIONS[0], 'Number of benches')
  const material = await addQuestion(page, 'choice', QUESTIONS[1], 'Bench material')
  for (const [i, [uk, en]] of [
    ['Дерево', 'Wood'],
    ['Метал', 'Metal']
  ].entries()) {
    await material.getByRole('button', { name: 'Додати варіант' }).click()
    await material.getByLabel(`Варіант ${i + 1} українською`).fill(uk ?? '')
    await material.getByLabel(`Варіант ${i + 1} англійською`).fill(en ?? '')
  }
  await addQuestion(page, 'long_text', QUESTIONS[2], 'Where the bench goes')
  await page.getByRole('button', { name: 'Додати документ' }).click()
  const doc = page.getByRole('group', { name: /^Документ 1/ })
  await doc.getByLabel('Назва документа українською').fill('Схема розміщення')
  await doc.getByLabel('Назва документа англійською').fill('Site scheme')
  await expect(doc.getByLabel('Обов’язковий')).toBeChecked()
  await doc.getByLabel('Оригінал чи копія').selectOption('copy')

  // The preview shows the citizen's form: the three questions and the document.
  const preview = page.getByRole('region', { name: 'Попередній перегляд' })
  await expect(preview.getByLabel(QUESTIONS[0])).toBeVisible()
  await expect(preview.getByRole('radiogroup', { name: QUESTIONS[1] })).toBeVisible()
  await expect(preview.getByRole('radio', { name: 'Дерево' })).toBeVisible()
  await expect(preview.getByLabel(QUESTIONS[2])).toBeVisible()
  await expect(preview.getByText(/Схема розміщення — обов’язковий/)).toBeVisible()
  await expect(page.getByText('Картку можна передати на тестування й опублікувати.')).toBeVisible()
  await expectAccessible(page)
  await page.screenshot({ path: testInfo.outputPath('editor-new-service.png'), fullPage: true })

  await page.getByRole('button', { name: 'Зберегти' }).click()
  await expect(page.getByText('Версія 1', { exact: true })).toBeVisible()
  await page.getByRole('button', { name: 'Передати на тестування' }).click()
  await confirm(page, `Передати «${SERVICE.uk}» на тестування?`, 'Передати на тестування')
  const linkDialog = page.getByRole('dialog', { name: 'Тестове посилання' })
  const testLink = await linkDialog.getByTestId('test-link').inputValue()
  expect(testLink).toBe(`${portal.url}/services/${SERVICE.id}?test=${testLink.split('?test=')[1] ?? ''}`)
  await expectAccessible(page)
  await linkDialog.getByRole('button', { name: 'Готово' }).click()
  await expect(linkDialog).toHaveCount(0)
  await expect(page.getByTestId('counts-line')).toHaveCount(0) // the editor is open, not the list
  await expect(page.getByRole('button', { name: 'Опублікувати' })).toBeVisible()

  // A tester applies through the test link on the portal's pages.
  await citizen.goto(testLink)
  await expect(citizen.getByRole('heading', { level: 1, name: SERVICE.uk })).toBeVisible()
  await expect(citizen.getByRole('note')).toContainText('ТЕСТ')
  expect(citizen.url()).not.toContain('test=')
  const orderNumber = await applyOnPortal(citizen, 'Тестенко')

  // The workstation: the application in the queue, flagged «ТЕСТ», and the tab's figure unchanged.
  await page.getByRole('navigation').getByRole('link', { name: 'Черга' }).click()
  const grid = page.getByRole('grid')
  const row = grid.getByRole('row', { name: new RegExp(orderNumber) })
  await expect(row).toBeVisible({ timeout: 30_000 })
  await expect(row.getByTestId('test-badge')).toContainText('ТЕСТ')
  await expect.poll(() => tabCount(page, /^Нові/)).toBe(newBefore)
  await page.screenshot({ path: testInfo.outputPath('queue-test-row.png') })
  // The arrival toast closes by itself (8 s); axe looks at the settled screen, not at a fading toast.
  await expect(page.getByRole('alert').filter({ hasText: `Нова заявка ${orderNumber}` })).toHaveCount(0, { timeout: 20_000 })
  await expectAccessible(page)

  // Publish: the confirmation from the keyboard (the password field has the focus; Enter submits).
  await openCatalogue(page)
  await page.getByRole('button', { name: `Відкрити «${SERVICE.uk}», версія 1` }).click()
  await page.getByRole('button', { name: 'Опублікувати' }).focus()
  await page.keyboard.press('Enter')
  const publish = page.getByRole('dialog', { name: `Опублікувати «${SERVICE.uk}»?` })
  await expect(publish.getByLabel('Ваш пароль')).toBeFocused()
  await expectAccessible(page)
  await page.keyboard.type(PASSWORD)
  await page.keyboard.press('Enter')
  await expect(publish).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Зняти з публікації' })).toBeVisible()

  // On the portal's home page now, for everyone.
  await citizen.goto('/')
  await citizen.getByRole('link', { name: SERVICE.uk }).click()
  await expect(citizen).toHaveURL(new RegExp(`/services/${SERVICE.id}$`))
  await expect(citizen.getByRole('note')).toHaveCount(0)

  // The test applications deleted in one step; the number deleted is announced; the queue drops them.
  await page.getByRole('button', { name: 'Видалити тестові заяви' }).click()
  const del = page.getByRole('dialog', { name: `Видалити тестові заяви «${SERVICE.uk}»?` })
  await expect(del).toContainText('усі тестові заяви цієї послуги')
  await expectAccessible(page)
  await page.screenshot({ path: testInfo.outputPath('delete-tests-confirmation.png') })
  await confirm(page, `Видалити тестові заяви «${SERVICE.uk}»?`, 'Видалити тестові заяви')
  await expect(page.getByRole('status').filter({ hasText: '1 тестову заяву видалено' })).toBeVisible()

  // The removal reaches the desk through the ordinary pull (its cursor named the deleted application's
  // event: no mirror rebuild, portal migration 14), and the row leaves the queue.
  await page.getByRole('navigation').getByRole('link', { name: 'Черга' }).click()
  await expect(page.getByRole('grid').getByRole('row', { name: new RegExp(orderNumber) })).toHaveCount(0, { timeout: 30_000 })
  await expect.poll(() => tabCount(page, /^Нові/)).toBe(newBefore)

  // Publishing reached this desk through sync (the catalogue in the pull): its intake offers the service.
  await page.getByRole('navigation').getByRole('link', { name: 'Прийом' }).click()
  await page.getByRole('combobox', { name: 'Послуга' }).fill(SERVICE.uk.slice(0, 12))
  await expect(page.getByRole('option', { name: new RegExp(SERVICE.uk) })).toBeVisible({ timeout: 15_000 })

  // …and a second workstation of the centre, which never opened the editor: its intake offers it too.
  const other = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage()
  await other.goto(second.url)
  await expect(other.getByText(/Синхронізовано/)).toBeVisible({ timeout: 30_000 })
  await other.getByRole('navigation').getByRole('link', { name: 'Прийом' }).click()
  await other.getByRole('combobox', { name: 'Послуга' }).fill(SERVICE.uk.slice(0, 12))
  await expect(other.getByRole('option', { name: new RegExp(SERVICE.uk) })).toBeVisible({ timeout: 15_000 })

  // A real application under version 1, then version 2 published: the application keeps version 1.
  await citizen.goto(`/services/${SERVICE.id}`)
  const underV1 = await applyOnPortal(citizen, 'Першоверсієнко')
  await openCatalogue(page)
  await page.getByRole('button', { name: `Відкрити «${SERVICE.uk}», версія 1` }).click()
  await page.getByRole('button', { name: 'Створити наступну версію' }).click()
  await expect(page.getByText('Версія 2', { exact: true })).toBeVisible()
  await page.getByLabel('Кількість', { exact: true }).fill('12')
  await page.getByRole('button', { name: 'Зберегти' }).click()
  await expect(page.getByText('Не збережено')).toHaveCount(0)
  await page.getByRole('button', { name: 'Передати на тестування' }).click()
  await confirm(page, `Передати «${SERVICE.uk}» на тестування?`, 'Передати на тестування')
  await page.getByRole('dialog', { name: 'Тестове посилання' }).getByRole('button', { name: 'Готово' }).click()
  await page.getByRole('button', { name: 'Опублікувати' }).click()
  await confirm(page, `Опублікувати «${SERVICE.uk}»?`, 'Опублікувати')
  await expect(page.getByRole('button', { name: 'Зняти з публікації' })).toBeVisible()

  await other.getByRole('navigation').getByRole('link', { name: 'Черга' }).click()
  const v1Row = other.getByRole('grid').getByRole('row', { name: new RegExp(underV1) })
  await expect(v1Row).toBeVisible({ timeout: 30_000 })
  await v1Row.getByRole('link', { name: underV1 }).click()
  // Shown against version 1: its number and its term (version 2 says 12 working days).
  const serviceSection = other.getByRole('region', { name: 'Послуга' })
  await expect(serviceSection).toContainText(`${SERVICE.uk} · версія 1`, { timeout: 15_000 })
  await expect(serviceSection).toContainText('10 робочих днів')
  // As above: axe looks at the settled screen, after the arrival toast has closed by itself.
  await expect(other.getByRole('alert').filter({ hasText: `Нова заявка ${underV1}` })).toHaveCount(0, { timeout: 20_000 })
  await expectAccessible(other)
  await other.screenshot({ path: testInfo.outputPath('v1-after-v2.png'), fullPage: true })
})
