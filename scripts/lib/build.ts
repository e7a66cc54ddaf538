import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './paths'

/** One build pipeline for both shells: electron-vite builds main, preload and renderer into out/. */
export function buildApp(): void {
  const bin = join(ROOT, 'node_modules', '.bin', 'electron-vite')
  const result = spawnSync(bin, ['build'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }
  })
  if (result.status !== 0) throw new Error(`electron-vite build failed (exit ${result.status ?? 'signal'})`)
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) throw new Error('electron-vite build produced no out/renderer/index.html')
}
