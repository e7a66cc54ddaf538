import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { findImportCycles } from './import-cycles'

const dirs: string[] = []
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'vikno-cycles-'))
  dirs.push(root)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('import cycles', () => {
  it('src/ has none (move the shared type or function to a file both sides import)', () => {
    expect(findImportCycles(join(__dirname, '..', 'src'))).toEqual([])
  })

  it('names a three-file cycle, type-only and re-export edges included', () => {
    const root = tree({
      'a.ts': "import type { B } from './b'\nexport type A = B\n",
      'b.ts': "export { c as b } from './dir/c'\nexport type B = string\n",
      'dir/c.ts': "import { a } from '../a.js'\nexport const c = a\n",
      'dir/index.ts': 'export const free = 1\n',
      'd.ts': "import { free } from './dir'\nimport { z } from 'zod'\nexport const d = [free, z]\n"
    })
    expect(findImportCycles(root)).toEqual([['a.ts', 'b.ts', 'dir/c.ts', 'a.ts']])
  })

  it('names two separate cycles and a file that imports itself; a diamond is no cycle', () => {
    const root = tree({
      'x.ts': "import './y'\n",
      'y.ts': "import './x'\n",
      'self.tsx': "import './self'\n",
      'top.ts': "import './left'\nimport './right'\n",
      'left.ts': "import './bottom'\n",
      'right.ts': "import './bottom'\n",
      'bottom.ts': 'export {}\n'
    })
    expect(findImportCycles(root)).toEqual([
      ['self.tsx', 'self.tsx'],
      ['x.ts', 'y.ts', 'x.ts']
    ])
  })
})
