/**
 * `npm run bench`: runs every benchmark in bench/ one after another (never in parallel: they would
 * measure each other). Each prints figures as ratios against a baseline measured in the same run,
 * and one JSON object as its last line; this runner collects those lines.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../scripts/lib/paths'

const only = process.argv.slice(2)
const benches = readdirSync(join(ROOT, 'bench'))
  .filter((f) => f.endsWith('.ts') && f !== 'run-all.ts' && !f.endsWith('.test.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()

const summary: Record<string, unknown> = {}
let failed = 0
for (const file of benches) {
  console.log(`\n━━━ bench/${file} ━━━`)
  const res = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join('bench', file)], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024
  })
  process.stdout.write(res.stdout)
  const last = res.stdout.trim().split('\n').pop() ?? ''
  try {
    summary[file.replace(/\.ts$/, '')] = JSON.parse(last) as unknown
  } catch {
    failed++
    summary[file.replace(/\.ts$/, '')] = { error: `no JSON result (exit ${res.status ?? 'signal'})` }
  }
}
console.log(JSON.stringify(summary))
process.exit(failed > 0 ? 1 : 0)
