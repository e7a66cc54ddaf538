/**
 * `npm test`: everything CI runs, in order, each step named. It never needs an Electron binary or an
 * Electron-ABI rebuild of better-sqlite3-multiple-ciphers. The last line sums the tests of every runner:
 * "Tests: N passed, N failed, N skipped".
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './lib/paths'

interface Step {
  name: string
  cmd: string
  args: string[]
  report?: { file: string; kind: 'vitest' | 'playwright' }
  /** For a runner that prints its own "N passed, N failed" line: its counts join the total. */
  countsFromOutput?: RegExp
  env?: Record<string, string>
}

const reports = join(ROOT, 'test-results', 'reports')
rmSync(reports, { recursive: true, force: true })
mkdirSync(reports, { recursive: true })
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name)
const only = process.argv.slice(2)

/**
 * The sync simulation looks further with every run (issue 14): a fixed range of seeds, the same in
 * every run, and a range that moves with the commit, printed so that any failure replays with
 * `npm run test:sim -- --from N --seeds K`. SIM_SEEDS sets the size of each half, SIM_FROM the start
 * of the moving one. --strict: a known issue fails the run like any other violation.
 */
function simulationSteps(): Step[] {
  const half = Number(process.env['SIM_SEEDS'] ?? '500')
  const commit = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? ''
  const fromCommit = /^[0-9a-f]{8}/.test(commit) ? 10_000 + (parseInt(commit.slice(0, 8), 16) % 1_000_000) : null
  const moving = Number(process.env['SIM_FROM'] ?? fromCommit ?? 10_000)
  const sim = (from: number, what: string): Step => ({
    name: `deterministic sync simulation, ${what}: seeds ${from}..${from + half - 1} (real engine + real portal handlers on PGlite, faults)`,
    cmd: process.execPath,
    args: [
      join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      'scripts/simulate.ts',
      '--seeds',
      String(half),
      '--from',
      String(from),
      '--strict'
    ],
    countsFromOutput: /Simulation: (\d+) passed, (\d+) failed/
  })
  return [
    sim(1, 'fixed range'),
    sim(
      moving,
      `moving range (${process.env['SIM_FROM'] ? 'SIM_FROM' : fromCommit !== null ? `from commit ${commit.slice(0, 8)}` : 'no commit found'}; replay: npm run test:sim -- --from ${moving} --seeds ${half})`
    )
  ]
}

const steps: Step[] = [
  { name: 'format (prettier --check)', cmd: bin('prettier'), args: ['--check', '.'] },
  { name: 'lint (eslint, architecture import rules)', cmd: bin('eslint'), args: ['.', '--max-warnings', '0'] },
  {
    name: 'Electron security scan (electronegativity, fails on medium or higher)',
    cmd: process.execPath,
    args: [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/electronegativity.ts']
  },
  { name: 'typecheck (node program)', cmd: bin('tsc'), args: ['-p', 'tsconfig.node.json', '--noEmit'] },
  { name: 'typecheck (web program)', cmd: bin('tsc'), args: ['-p', 'tsconfig.web.json', '--noEmit'] },
  {
    name: 'build (electron-vite: main, preload, renderer)',
    cmd: bin('electron-vite'),
    args: ['build'],
    env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }
  },
  {
    name: 'unit and integration tests (vitest: shared, main, portal, renderer)',
    cmd: bin('vitest'),
    args: ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, 'vitest.json')}`],
    report: { file: join(reports, 'vitest.json'), kind: 'vitest' }
  },
  {
    name: 'cluster test (scripts/cluster-test.ts: npm run cluster -- up --processes 2 --replica, 20 desks for 30 s, down)',
    cmd: process.execPath,
    args: [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/cluster-test.ts'],
    countsFromOutput: /Cluster test: (\d+) passed, (\d+) failed/
  },
  ...simulationSteps(),
  {
    name: 'end-to-end tests (Playwright: web shell in Chromium; Electron shell where a binary exists)',
    cmd: bin('playwright'),
    args: ['test'],
    report: { file: join(reports, 'playwright.json'), kind: 'playwright' },
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: join(reports, 'playwright.json') }
  }
]

let passed = 0
let failed = 0
let skipped = 0
const failedSteps: string[] = []

for (const step of steps) {
  if (only.length > 0 && !only.some((o) => step.name.startsWith(o))) continue
  console.log(`\n━━━ ${step.name} ━━━`)
  const started = Date.now()
  const result = spawnSync(step.cmd, step.args, {
    cwd: ROOT,
    stdio: step.countsFromOutput ? ['inherit', 'pipe', 'inherit'] : 'inherit',
    env: { ...process.env, ...step.env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024
  })
  if (step.countsFromOutput) {
    process.stdout.write(result.stdout ?? '')
    const m = step.countsFromOutput.exec(result.stdout ?? '')
    if (m) {
      passed += Number(m[1])
      failed += Number(m[2])
    } else {
      failed += 1
      console.log(`no result line from ${step.name}: counted as a failure`)
    }
  }
  const ok = result.status === 0
  console.log(`━━━ ${ok ? 'ok' : 'FAILED'}: ${step.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  if (!ok) failedSteps.push(step.name)
  if (step.report && existsSync(step.report.file)) {
    const data = JSON.parse(readFileSync(step.report.file, 'utf8')) as Record<string, unknown>
    if (step.report.kind === 'vitest') {
      passed += Number(data['numPassedTests'] ?? 0)
      failed += Number(data['numFailedTests'] ?? 0)
      skipped += Number(data['numPendingTests'] ?? 0) + Number(data['numTodoTests'] ?? 0)
    } else {
      const stats = (data['stats'] ?? {}) as Record<string, number>
      passed += (stats['expected'] ?? 0) + (stats['flaky'] ?? 0)
      failed += stats['unexpected'] ?? 0
      skipped += stats['skipped'] ?? 0
    }
  } else if (step.report) {
    failed += 1
    console.log(`no report from ${step.name}: counted as a failure`)
  }
}

if (failedSteps.length > 0) console.log(`\nFailed steps:\n${failedSteps.map((s) => `  - ${s}`).join('\n')}`)
console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failedSteps.length > 0 || failed > 0 ? 1 : 0)
