// @ts-check
/**
 * The architecture map's dependency rules (../shared/design/architecture.md) as one ESLint rule, so
 * CI enforces them instead of memory. Like VS Code's layer check, the message names the layers a
 * file may import from. Kept in-repo: the rules are ours, and a 100-line rule that resolves paths
 * exactly is easier to trust than a generic plugin's configuration language.
 */
import path from 'node:path'

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')

/** @param {string} file absolute path → layer name or null (not governed) */
export function layerOf(file) {
  const rel = path.relative(ROOT, file).split(path.sep).join('/')
  if (rel.startsWith('src/shared/')) return 'shared'
  // The one print pipeline (templates → HTML → PDF): the desk prints with it, the portal makes the
  // citizen's receipt with the very same template.
  if (rel.startsWith('src/print/')) return 'print'
  if (rel.startsWith('src/main/db/')) return 'main/db'
  if (rel.startsWith('src/main/sync/')) return 'main/sync'
  if (rel.startsWith('src/main/services/')) return 'main/services'
  if (rel.startsWith('src/main/web/')) return 'main/web'
  if (rel.startsWith('src/main/electron/')) return 'main/electron'
  if (rel === 'src/main/index.ts') return 'main/entry'
  if (rel.startsWith('src/main/')) return 'main/root'
  if (rel.startsWith('src/preload/')) return 'preload'
  if (rel.startsWith('src/renderer/src/lib/')) return 'renderer/lib'
  if (rel.startsWith('src/renderer/src/components/')) return 'renderer/components'
  if (rel.startsWith('src/renderer/src/features/')) return 'renderer/features'
  if (rel.startsWith('src/renderer/')) return 'renderer/app'
  if (rel.startsWith('src/portal/')) return 'portal'
  return null
}

/** Which of our layers each layer may import. Downward only (architecture.md rule 3 and 4). */
const ALLOWED = {
  shared: ['shared'],
  'main/db': ['shared', 'main/db'],
  'main/sync': ['shared', 'main/db', 'main/sync', 'main/root'],
  print: ['shared', 'print'],
  'main/services': ['shared', 'main/db', 'main/sync', 'print', 'main/services', 'main/root'],
  'main/root': ['shared', 'main/db', 'main/sync', 'print', 'main/services', 'main/root'],
  'main/web': ['shared', 'main/services', 'main/root', 'main/web', 'print'],
  'main/electron': ['shared', 'main/db', 'main/sync', 'print', 'main/services', 'main/root', 'main/electron'],
  'main/entry': ['main/electron', 'main/root'],
  preload: ['shared', 'preload'],
  'renderer/lib': ['shared', 'renderer/lib'],
  'renderer/components': ['shared', 'renderer/lib', 'renderer/components'],
  'renderer/features': ['shared', 'renderer/lib', 'renderer/components', 'renderer/features'],
  'renderer/app': ['shared', 'renderer/lib', 'renderer/components', 'renderer/features', 'renderer/app'],
  portal: ['shared', 'portal', 'print']
}

/** Packages only some layers may touch. */
const PACKAGE_RULES = [
  {
    test: (/** @type {string} */ p) => p === 'electron',
    allowed: ['main/electron', 'preload'],
    why: 'only src/main/electron (and the preload) may import electron'
  },
  {
    test: (/** @type {string} */ p) => p === 'better-sqlite3-multiple-ciphers',
    allowed: ['main/db'],
    why: 'only src/main/db may import better-sqlite3-multiple-ciphers'
  },
  {
    // One SQLite driver: the one that encrypts (README, "Local data protection").
    test: (/** @type {string} */ p) => p === 'better-sqlite3',
    allowed: [],
    why: 'the SQLite driver is better-sqlite3-multiple-ciphers (the encrypting one), imported only in src/main/db'
  },
  {
    test: (/** @type {string} */ p) => p.startsWith('node:') || ['fs', 'path', 'os', 'crypto', 'child_process', 'http', 'net'].includes(p),
    denied: ['shared', 'renderer/lib', 'renderer/components', 'renderer/features', 'renderer/app', 'preload'],
    why: 'src/shared and the renderer are pure: no Node built-ins'
  },
  {
    test: (/** @type {string} */ p) =>
      p === 'react' || p === 'react-dom' || p.startsWith('react/') || p.startsWith('react-dom/') || p.startsWith('@mantine/'),
    denied: ['shared', 'main/db', 'main/sync', 'portal'],
    why: 'React belongs to the renderer and the print templates (src/print)'
  },
  {
    test: (/** @type {string} */ p) => p === 'zustand' || p.startsWith('zustand/'),
    denied: ['renderer/components', 'shared'],
    why: 'components hold no store'
  },
  {
    test: (/** @type {string} */ p) => p === 'fastify' || p.startsWith('@fastify/') || p === 'pg' || p.startsWith('@electric-sql/'),
    allowed: ['portal'],
    why: 'the portal server stays in src/portal'
  }
]

/** @param {string} specifier */
function packageName(specifier) {
  if (specifier.startsWith('node:')) return specifier
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier)
}

/** @param {string} file */
function featureOf(file) {
  const m = /src\/renderer\/src\/features\/([^/]+)\//.exec(file.split(path.sep).join('/'))
  return m ? m[1] : null
}

/** @type {import('eslint').Rule.RuleModule} */
export const layersRule = {
  meta: { type: 'problem', docs: { description: 'Enforce the architecture map dependency rules' }, schema: [] },
  create(context) {
    const file = context.filename
    const from = layerOf(file)
    if (!from) return {}
    // Tests may reach sideways inside their own program (fixtures, samples, data files in resources/),
    // never across programs: a renderer test still cannot import src/main, nor a shared test src/main.
    const isTest = /\.test\.[cm]?[jt]sx?$/.test(file)
    const testExtras = !isTest
      ? []
      : from.startsWith('main/') || from === 'print'
        ? ['main/db', 'main/sync', 'print', 'main/services', 'main/root', 'main/web', 'other']
        : ['other']
    /** @param {import('estree').Node} node @param {string} specifier */
    const check = (node, specifier) => {
      if (specifier.startsWith('.')) {
        const target = path.resolve(path.dirname(file), specifier)
        const to = layerOf(target) ?? (path.relative(ROOT, target).startsWith('..') ? 'outside' : 'other')
        const allowed = [.../** @type {Record<string, string[]>} */ (ALLOWED[from] ?? []), ...testExtras]
        if (!allowed.includes(to)) {
          context.report({ node, message: `Layer "${from}" may not import "${to}" (${specifier}). Allowed: ${allowed.join(', ')}.` })
          return
        }
        if (from === 'renderer/features' && to === 'renderer/features') {
          const a = featureOf(file)
          const b = featureOf(target + '/')
          if (a && b && a !== b)
            context.report({ node, message: `Feature "${a}" may not import feature "${b}": the app layer composes features.` })
        }
        return
      }
      const pkg = packageName(specifier)
      for (const rule of PACKAGE_RULES) {
        if (!rule.test(pkg)) continue
        const refused = rule.allowed ? !rule.allowed.includes(from) : (rule.denied ?? []).includes(from)
        if (refused) context.report({ node, message: `Layer "${from}" may not import "${pkg}": ${rule.why}.` })
      }
    }
    const isApiModule = file.split(path.sep).join('/').endsWith('src/renderer/src/lib/api.ts')
    return {
      ImportDeclaration(node) {
        if (typeof node.source.value === 'string') check(node, node.source.value)
      },
      ExportNamedDeclaration(node) {
        if (node.source && typeof node.source.value === 'string') check(node, node.source.value)
      },
      ExportAllDeclaration(node) {
        if (typeof node.source.value === 'string') check(node, node.source.value)
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal' && typeof node.source.value === 'string') check(node, node.source.value)
      },
      MemberExpression(node) {
        // The renderer's only door to the back end is lib/api.ts (architecture.md rule 4).
        if (!from.startsWith('renderer/') || isApiModule) return
        if (
          node.property.type === 'Identifier' &&
          node.property.name === 'vikno' &&
          node.object.type === 'Identifier' &&
          node.object.name === 'window'
        ) {
          context.report({ node, message: 'Only src/renderer/src/lib/api.ts may touch window.vikno.' })
        }
      }
    }
  }
}

export default { rules: { layers: layersRule } }
