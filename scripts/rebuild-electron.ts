/**
 * `npm run rebuild:electron`: builds better-sqlite3-multiple-ciphers (the SQLite driver, with
 * encryption) for Electron's ABI into
 * resources/native/electron/better_sqlite3_multiple_ciphers.node, which the Electron shell loads
 * through the driver's `nativeBinding` option. The file is named after the package, so a stale
 * build of the plain better-sqlite3 (no cipher: a key would be ignored) is never picked up.
 * node_modules keeps the Node-ABI build, so `npm test`
 * never depends on this step (and electron-builder's own rebuild stays off: with this machine's
 * `nodedir=/usr` it silently compiles for Node instead — toolchain.md).
 *
 * Needs Electron's headers (electronjs.org/headers), so it runs where that host is reachable.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, copyFileSync, existsSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from './lib/paths'

const electronVersion = (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string })
  .version
const work = mkdtempSync(join(tmpdir(), 'vikno-bsqlite-electron-'))
cpSync(join(ROOT, 'node_modules', 'better-sqlite3-multiple-ciphers'), work, { recursive: true })
const nodeGyp = join(ROOT, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
if (!existsSync(nodeGyp))
  throw new Error('node-gyp is missing from node_modules (it comes with npm installs of better-sqlite3-multiple-ciphers)')
const gyp = nodeGyp
console.log(`Building better-sqlite3-multiple-ciphers for Electron ${electronVersion} in ${work}`)
const result = spawnSync(
  process.execPath,
  [
    gyp,
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    '--runtime=electron',
    '--dist-url=https://electronjs.org/headers',
    `--arch=${process.arch}`
  ],
  // nodedir from the machine's npm config would point node-gyp at Node's headers: unset it here.
  { cwd: work, stdio: 'inherit', env: { ...process.env, npm_config_nodedir: '' } }
)
if (result.status !== 0) {
  console.error(
    'Could not build better-sqlite3-multiple-ciphers for Electron (are Electron headers reachable from here?). The web shell does not need this.'
  )
  process.exit(1)
}
const out = join(ROOT, 'resources', 'native', 'electron')
mkdirSync(out, { recursive: true })
copyFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), join(out, 'better_sqlite3_multiple_ciphers.node'))
console.log(`Electron-ABI better-sqlite3-multiple-ciphers: ${join(out, 'better_sqlite3_multiple_ciphers.node')}`)
