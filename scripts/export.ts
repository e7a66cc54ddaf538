/**
 * Exports from a workstation's local database, for automation (issue 18, item 4):
 *
 *   npm run export -- --kind open-data|quarterly|list --from YYYY-MM-DD --to YYYY-MM-DD --out DIR
 *        [--db PATH] [--format csv|xlsx] [--profile open-data|excel] [--service ID]... [--channel portal|walk_in]...
 *
 * A list carries applicants' names: it is recorded in the workstation's audit trail (as done from
 * the command line, no clerk) before the file is written.
 * Prints progress on stderr and the output folder as the last line of stdout. Bad arguments: a clear
 * message, exit code 2, nothing written.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { closeDatabase, openDatabase } from '../src/main/db/connection'
import { readSetting } from '../src/main/db/settings'
import { createAuditTrail } from '../src/main/services/audit-trail'
import { runExport } from '../src/main/services/report-export'
import { DEMO_CENTRE } from '../src/shared/demo/clerks'
import { DEFAULT_CALENDAR } from '../src/shared/domain/calendar'
import { exportRequestSchema } from '../src/shared/reports/export-format'

function fail(message: string): never {
  process.stderr.write(`export: ${message}\n`)
  process.exit(2)
}

let args: ReturnType<typeof parse>
function parse() {
  return parseArgs({
    options: {
      kind: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      db: { type: 'string', default: '.vikno-data/workstation/workstation.sqlite' },
      format: { type: 'string', default: 'csv' },
      profile: { type: 'string' },
      service: { type: 'string', multiple: true },
      channel: { type: 'string', multiple: true },
      publisher: { type: 'string', default: DEMO_CENTRE.name }
    },
    strict: true,
    allowPositionals: false
  })
}
try {
  args = parse()
} catch (e) {
  fail(e instanceof Error ? e.message : String(e))
}
const v = args.values
if (!v.out) fail('--out DIR is required')
const parsed = exportRequestSchema.safeParse({
  kind: v.kind,
  from: v.from,
  to: v.to,
  format: v.format,
  ...(v.profile !== undefined ? { profile: v.profile } : {}),
  ...(v.service ? { serviceIds: v.service } : {}),
  ...(v.channel ? { channels: v.channel } : {})
})
if (!parsed.success) fail(parsed.error.issues.map((i) => `--${i.path.join('.') || 'arguments'}: ${i.message}`).join('; '))
const dbPath = resolve(v.db)
if (!existsSync(dbPath)) fail(`no database at ${dbPath} (--db PATH)`)

const db = openDatabase(dbPath)
try {
  let last = 0
  const result = await runExport(db, parsed.data, {
    outDir: resolve(v.out),
    calendar: DEFAULT_CALENDAR,
    now: () => new Date(),
    publisher: v.publisher,
    auditList: (detail) =>
      createAuditTrail({ db, clock: () => new Date(), workstationId: readSetting(db, 'workstation.id') ?? 'command-line' }).record({
        action: 'export',
        clerk: null,
        detail: { ...detail, personalData: true, source: 'command line' }
      }),
    onProgress: (n) => {
      if (n - last >= 100_000) {
        last = n
        process.stderr.write(`  ${n} applications read\n`)
      }
    }
  })
  for (const f of result.files) process.stderr.write(`  ${f.name}: ${f.rows} rows\n`)
  process.stdout.write(`${result.dir}\n`)
} finally {
  closeDatabase(db)
}
