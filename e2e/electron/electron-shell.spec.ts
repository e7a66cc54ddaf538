import { test, expect, _electron as electron } from '@playwright/test'
import { createRequire } from 'node:module'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The Electron binary, when this machine has one (it cannot be downloaded where this project is built). */
function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}

const binary = electronBinary()
const nativeForElectron = existsSync(join('resources', 'native', 'electron', 'better_sqlite3_multiple_ciphers.node'))
const skipReason = !binary
  ? 'skipped: no Electron binary on this machine (npm install skips its download where GitHub is unreachable); run `node node_modules/electron/install.js` where it is reachable'
  : !nativeForElectron
    ? 'skipped: better-sqlite3-multiple-ciphers has no Electron-ABI build yet; run `npm run rebuild:electron` first'
    : ''

test.describe('Electron shell', () => {
  test.beforeAll(() => {
    if (skipReason) console.log(`[electron e2e] ${skipReason}`)
  })
  test.skip(skipReason !== '', skipReason)

  test('opens the workstation in a hardened window', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vikno-electron-'))
    const app = await electron.launch({
      executablePath: binary ?? undefined,
      args: ['.'],
      env: { ...process.env, VIKNO_DATA_DIR: dataDir }
    })
    try {
      const win = await app.firstWindow()
      await expect(win.getByRole('tab').first()).toBeVisible({ timeout: 30_000 })
      expect(win.url()).toMatch(/^app:\/\/vikno\//)
      // Sandboxed, isolated renderer: no Node in the page, no process object.
      expect(await win.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined')
      // The page sees exactly the contract's bridge and no Node.
      expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
      expect(await win.evaluate(() => Object.keys((globalThis as { vikno?: object }).vikno ?? {}).sort())).toEqual(['call', 'on'])
      // Navigation away from the app and new windows are refused.
      await win.evaluate(() => {
        ;(globalThis as unknown as { location: { href: string } }).location.href = 'https://example.invalid/'
      })
      await win.waitForTimeout(500)
      expect(win.url()).toMatch(/^app:\/\/vikno\//)
      expect(
        await win.evaluate(() => (globalThis as unknown as { open(u: string): unknown }).open('https://example.invalid/') === null)
      ).toBe(true)
    } finally {
      await app.close()
    }
  })
})
