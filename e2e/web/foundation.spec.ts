import { test, expect } from '@playwright/test'
import { WEB_PORT, WEB_TOKEN } from '../../playwright.config'

const APP = `http://127.0.0.1:${WEB_PORT}/?token=${WEB_TOKEN}`

test.describe('workstation foundation (web shell, standalone demo database)', () => {
  test('shows the queue of demo applications in Ukrainian, switches to English, opens an application', async ({ page }, testInfo) => {
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(APP)

    // The token leaves the address bar once the app has it.
    await expect.poll(() => page.url()).not.toContain('token=')
    await expect(page.getByRole('navigation')).toContainText('Черга')
    const grid = page.getByRole('grid')
    await expect(grid).toBeVisible()
    const rows = grid.getByRole('row')
    await expect(rows.nth(1)).toBeVisible()
    // Order numbers in the node-seq-check format, Ukrainian status words, deadlines in words.
    await expect(grid).toContainText(/\d{3}-\d{6}-\d/)
    await expect(grid).toContainText(/Зареєстровано|На розгляді/)
    await expect(grid).toContainText(/залишилось|прострочено|сьогодні|зупинено/)
    const tabs = page.getByRole('tab')
    await expect(tabs.first()).toContainText(/\d/)
    await page.screenshot({ path: testInfo.outputPath('queue-uk.png') })

    // The language switch: the same screen in English, and back.
    await page.getByText('ENG', { exact: true }).click()
    await expect(page.getByRole('navigation')).toContainText('Queue')
    await expect(grid).toContainText(/Registered|In review/)
    await page.screenshot({ path: testInfo.outputPath('queue-en.png') })
    await page.getByText('УКР', { exact: true }).click()
    await expect(page.getByRole('navigation')).toContainText('Черга')

    // Open the first application from the keyboard: Enter on the active row.
    await grid.focus()
    await page.keyboard.press('Enter')
    await expect(page.getByRole('heading', { level: 1 })).toContainText(/Заявка \d{3}-\d{6}-\d/)
    await expect(page.getByRole('main')).toContainText('Заявник')
    await expect(page.getByRole('main')).toContainText('Історія')
    await page.screenshot({ path: testInfo.outputPath('application-uk.png') })

    expect(errors).toEqual([])
  })

  test('the back end refuses calls without the per-launch token', async ({ request }) => {
    const res = await request.post(`http://127.0.0.1:${WEB_PORT}/rpc/queue.counts`, { data: {} })
    expect(res.status()).toBe(401)
    expect((await res.json()) as unknown).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
  })
})
