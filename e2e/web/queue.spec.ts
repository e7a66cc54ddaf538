import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { WEB_PORT, WEB_TOKEN } from '../../playwright.config'

/*
 * The queue end to end in the web shell over the standalone 2,000-application demo (signed in as
 * the first demo clerk): the check-digit hint, a claim moving the row and both counters, a
 * keyboard-only pass, and an axe-core scan. Tests run one after another: claims change the data.
 */

const APP = `http://127.0.0.1:${WEB_PORT}/?token=${WEB_TOKEN}`
test.describe.configure({ mode: 'serial' })

async function openQueue(page: Page): Promise<Locator> {
  await page.goto(APP)
  const grid = page.getByRole('grid')
  await expect(grid.getByRole('row').nth(1)).toContainText(/\d{3}-\d{6}-\d/)
  return grid
}

async function counter(page: Page, tab: RegExp): Promise<number> {
  const text = (await page.getByRole('tab', { name: tab }).textContent()) ?? ''
  const digits = /(\d+)\s*$/u.exec(text.replace(/\u00a0/gu, ' '))
  if (!digits?.[1]) throw new Error(`no counter in "${text}"`)
  return Number(digits[1])
}

/** Order numbers carry a mod-10 check digit: changing the last digit always makes it wrong. */
function mistype(orderNumber: string): string {
  const last = Number(orderNumber.slice(-1))
  return `${orderNumber.slice(0, -1)}${(last + 1) % 10}`
}

async function firstNumber(grid: Locator): Promise<string> {
  const text = (await grid.getByRole('row').nth(1).textContent()) ?? ''
  const m = /\d{3}-\d{6}-\d/u.exec(text)
  if (!m) throw new Error(`no order number in "${text}"`)
  return m[0]
}

test('a mistyped order number shows the check-digit hint, and the suggestion finds it', async ({ page }) => {
  const grid = await openQueue(page)
  const number = await firstNumber(grid)
  const search = page.getByRole('searchbox', { name: 'Пошук' })
  await search.fill(mistype(number))
  await search.press('Enter')
  await expect(page.getByText('Перевірте номер: контрольна цифра не збігається.')).toBeVisible()
  await page.getByRole('button', { name: `Шукати ${number}` }).click()
  await expect(page.getByRole('grid').getByRole('row').nth(1)).toContainText(number)
})

test('claiming moves the row out of "Нові" and both counters (new −1, mine +1)', async ({ page }) => {
  const grid = await openQueue(page)
  await expect(page.getByRole('tab', { name: /^Нові/ })).toHaveAttribute('aria-selected', 'true')
  const newBefore = await counter(page, /^Нові/)
  const mineBefore = await counter(page, /^Мої в роботі/)
  const number = await firstNumber(grid)
  await grid.getByRole('row').nth(1).click()
  await page
    .getByRole('button', { name: /^Взяти в роботу/ })
    .first()
    .click()
  await expect(page.getByText(`Заявку ${number} взято в роботу`)).toBeVisible()
  await expect.poll(() => counter(page, /^Нові/)).toBe(newBefore - 1)
  await expect.poll(() => counter(page, /^Мої в роботі/)).toBe(mineBefore + 1)
  await expect(grid).not.toContainText(number)
  await page.getByRole('tab', { name: /^Мої в роботі/ }).click()
  await expect(page.getByRole('grid')).toContainText(number)
})

test('keyboard only: / to search, arrows to the row, c to claim, Enter to open', async ({ page }) => {
  const grid = await openQueue(page)
  const number = await firstNumber(grid)
  const newBefore = await counter(page, /^Нові/)
  await page.locator('body').press('/')
  await expect(page.getByRole('searchbox', { name: 'Пошук' })).toBeFocused()
  await page.keyboard.type(number)
  await page.keyboard.press('Enter')
  await expect(page.getByRole('status').filter({ hasText: /^Знайдено 1 заявку/ })).toBeVisible()
  await page.keyboard.press('ArrowDown')
  await expect(page.getByRole('grid')).toBeFocused()
  await page.keyboard.press('c')
  await expect(page.getByText(`Заявку ${number} взято в роботу`)).toBeVisible()
  await expect.poll(() => counter(page, /^Нові/)).toBe(newBefore - 1)
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Заявка ${number}`)
})

test('the queue screen has no serious or critical axe-core violations', async ({ page }) => {
  await openQueue(page)
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ') ?? ''}`)).toEqual([])
})
