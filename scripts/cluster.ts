/**
 * `npm run cluster -- up [--processes N] [--replica] [--demo-count N] [--port P] [--no-citizens]
 * [--rate-limit-per-minute N] [--state-dir DIR]`, `npm run cluster -- down`, `npm run cluster -- status [--json]`.
 * The portal's cluster on this machine (scripts/lib/cluster.ts; src/portal/README.md, "The cluster").
 * `up` prints the portal's URL (the balancer's) as its LAST line, once every process answers its
 * health check; a failure half-way stops what it started and says why. `down` stops everything
 * `up` recorded and is idempotent.
 */
import { parseArgs } from 'node:util'
import { DEFAULT_STATE_DIR, down, readState, runningParts, up } from './lib/cluster'

const USAGE =
  'Usage: npm run cluster -- up [--processes N] [--replica] [--demo-count N] [--port P] [--no-citizens] [--rate-limit-per-minute N] [--state-dir DIR]\n' +
  '       npm run cluster -- down [--state-dir DIR]\n' +
  '       npm run cluster -- status [--json] [--state-dir DIR]'

function whole(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name}: expected a whole number, got ${raw}`)
  return n
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      processes: { type: 'string' },
      replica: { type: 'boolean', default: false },
      'demo-count': { type: 'string' },
      port: { type: 'string' },
      'no-citizens': { type: 'boolean', default: false },
      'rate-limit-per-minute': { type: 'string' },
      'state-dir': { type: 'string' },
      json: { type: 'boolean', default: false }
    }
  })
  const stateDir = values['state-dir'] ?? DEFAULT_STATE_DIR
  const log = (line: string): void => console.log(line)
  const command = positionals[0]
  if (positionals.length !== 1) throw new Error(USAGE)
  if (command === 'up') {
    const processes = whole('processes', values.processes, 2)
    if (processes < 1 || processes > 32) throw new Error('--processes: from 1 to 32')
    const port = whole('port', values.port, 7480)
    if (port < 1 || port > 65535) throw new Error('--port: from 1 to 65535')
    const state = await up({
      processes,
      replica: values.replica,
      demoCount: whole('demo-count', values['demo-count'], 2000),
      port,
      citizens: !values['no-citizens'],
      rateLimitPerMinute:
        values['rate-limit-per-minute'] === undefined ? null : whole('rate-limit-per-minute', values['rate-limit-per-minute'], 120),
      stateDir,
      log
    })
    console.log(`cluster: up — ${runningParts(state).join('; ')}; state in ${stateDir}; stop with: npm run cluster -- down`)
    console.log(state.url)
  } else if (command === 'down') {
    await down(stateDir, log)
  } else if (command === 'status') {
    const state = readState(stateDir)
    const parts = state ? runningParts(state) : []
    if (values.json) console.log(JSON.stringify({ running: parts, state }))
    else if (!state || parts.length === 0) console.log('cluster: not running')
    else {
      for (const p of parts) console.log(`  ${p}`)
      console.log(`  primary ${state.databaseUrl?.replace(/:[^:@/]+@/, ':***@') ?? '-'}`)
      if (state.readDatabaseUrl) console.log(`  replica ${state.readDatabaseUrl.replace(/:[^:@/]+@/, ':***@')}`)
      console.log(state.url ?? '(no balancer)')
    }
  } else throw new Error(USAGE)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
