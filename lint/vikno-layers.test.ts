import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'
import { join } from 'node:path'

// Lints code as if it sat at a given path, through the project's real eslint.config.js.
const eslint = new ESLint({ cwd: join(__dirname, '..') })
async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(__dirname, '..', filePath) })
  return (result?.messages ?? []).filter((m) => m.ruleId === 'vikno/layers').map((m) => m.message)
}

describe('architecture import rules (lint)', () => {
  it.each([
    [
      'a renderer file importing src/main',
      'src/renderer/src/features/queue/Bad.ts',
      "import { openDatabase } from '../../../../main/db/connection'\nexport const x = openDatabase\n",
      /may not import "main\/db"/
    ],
    [
      'a renderer file importing the portal',
      'src/renderer/src/app/Bad.ts',
      "import * as p from '../../../portal/app'\nexport const x = p\n",
      /may not import "portal"/
    ],
    [
      'src/shared importing node:fs',
      'src/shared/bad.ts',
      "import { readFileSync } from 'node:fs'\nexport const x = readFileSync\n",
      /no Node built-ins/
    ],
    [
      'sync importing better-sqlite3-multiple-ciphers',
      'src/main/sync/bad.ts',
      "import Database from 'better-sqlite3-multiple-ciphers'\nexport const x = Database\n",
      /only src\/main\/db may import better-sqlite3-multiple-ciphers/
    ],
    [
      'db importing the plain better-sqlite3',
      'src/main/db/bad.ts',
      "import Database from 'better-sqlite3'\nexport const x = Database\n",
      /the SQLite driver is better-sqlite3-multiple-ciphers/
    ],
    [
      'services importing electron',
      'src/main/services/bad.ts',
      "import { app } from 'electron'\nexport const x = app\n",
      /only src\/main\/electron/
    ],
    [
      'db importing upward (services)',
      'src/main/db/bad.ts',
      "import { createHandlers } from '../services/workstation-handlers'\nexport const x = createHandlers\n",
      /may not import "main\/services"/
    ],
    [
      'one feature importing another',
      'src/renderer/src/features/queue/Bad.ts',
      "import { x as y } from '../application/thing'\nexport const x = y\n",
      /may not import feature "application"/
    ],
    [
      'a component holding a store',
      'src/renderer/src/components/Bad.ts',
      "import { create } from 'zustand'\nexport const x = create\n",
      /components hold no store/
    ],
    [
      'a feature touching window.vikno',
      'src/renderer/src/features/queue/Bad.ts',
      'export const x = window.vikno\n',
      /Only src\/renderer\/src\/lib\/api.ts/
    ]
  ])('refuses %s', async (_name, filePath, code, expected) => {
    const found = await problems(filePath, code)
    expect(found.join('\n')).toMatch(expected)
  })

  it.each([
    [
      'the renderer importing the shared contract',
      'src/renderer/src/lib/Good.ts',
      "import { contract } from '../../../shared/contract'\nexport const x = contract\n"
    ],
    [
      'db importing better-sqlite3-multiple-ciphers',
      'src/main/db/good.ts',
      "import Database from 'better-sqlite3-multiple-ciphers'\nexport const x = Database\n"
    ],
    ['the electron shell importing electron', 'src/main/electron/good.ts', "import { app } from 'electron'\nexport const x = app\n"],
    ['api.ts touching window.vikno', 'src/renderer/src/lib/api.ts', 'export const x = window.vikno\n']
  ])('allows %s', async (_name, filePath, code) => {
    expect(await problems(filePath, code)).toEqual([])
  })
})
