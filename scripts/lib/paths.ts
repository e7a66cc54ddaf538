import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const CATALOG_PATH = join(ROOT, 'resources', 'catalog', 'services.json')
export const RENDERER_DIR = join(ROOT, 'out', 'renderer')
export const DATA_ROOT = process.env['VIKNO_DATA_DIR'] ?? join(ROOT, '.vikno-data')

export function appVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version
}
