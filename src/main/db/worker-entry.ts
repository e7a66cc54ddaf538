import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/**
 * How to start one of the main process's worker threads (db/db-worker.ts, sync/pull-decoder.ts),
 * for `new Worker(source.code, { eval: source.eval })`:
 *   - from source (tsx, vitest; the caller is a .ts module): code that registers tsx's hooks first,
 *     as a worker does not inherit them on Node 20, then imports the worker's .ts module from
 *     `sourceDir`;
 *   - built (electron-vite: out/main/<entry>.js, see electron.vite.config.ts): the entry next to the
 *     calling module, or one folder up (the caller may sit in a shared chunk below).
 * `callerUrl` is the caller's import.meta.url.
 */
export function workerSource(entry: string, callerUrl: string, sourceDir: string): { code: string; eval: boolean } {
  const here = fileURLToPath(callerUrl)
  if (here.endsWith('.ts')) {
    const tsx = pathToFileURL(tsxEsmApi()).href
    const target = pathToFileURL(join(sourceDir, `${entry}.ts`)).href
    return {
      eval: true,
      code: `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(target)}) })`
    }
  }
  for (const dir of [dirname(here), dirname(dirname(here))]) {
    for (const name of [`${entry}.js`, `${entry}.mjs`, `${entry}.cjs`]) {
      const file = join(dir, name)
      if (existsSync(file)) return { eval: false, code: file }
    }
  }
  throw new Error(`${entry}: no worker entry next to ${here}`)
}

/** tsx's ESM register API (its `import` export: the CommonJS one cannot register ESM hooks in a worker). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url)
  const manifest = require.resolve('tsx/package.json')
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: Record<string, { import?: { default?: string } }> }
  const entry = pkg.exports?.['./esm/api']?.import?.default
  if (!entry) throw new Error('worker: tsx has no ESM register API')
  return join(dirname(manifest), entry)
}
