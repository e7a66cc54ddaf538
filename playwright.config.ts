import { defineConfig } from '@playwright/test'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// Debian's Chromium: Playwright cannot download its own browsers here (toolchain.md).
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic'
]
export const WEB_PORT = Number(process.env['E2E_WEB_PORT'] ?? '5791')
export const WEB_TOKEN = 'e2e-token-not-secret'
const dataDir = join(tmpdir(), `vikno-e2e-standalone-${process.pid}`)

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json']],
  use: {
    launchOptions: { executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    viewport: { width: 1366, height: 768 },
    locale: 'uk-UA',
    timezoneId: 'Europe/Kyiv',
    trace: 'off',
    screenshot: 'only-on-failure'
  },
  projects: [
    { name: 'web', testMatch: /web\/.*\.spec\.ts/ },
    { name: 'electron', testMatch: /electron\/.*\.spec\.ts/ }
  ],
  webServer: {
    // The standalone web shell over a fresh demo database; specs that need the portal start their own.
    command: `node node_modules/tsx/dist/cli.mjs scripts/web.ts --no-build --data-dir ${dataDir} --demo-count 2000`,
    url: `http://127.0.0.1:${WEB_PORT}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    env: { WEB_PORT: String(WEB_PORT), VIKNO_WEB_TOKEN: WEB_TOKEN }
  }
})
