/**
 * Finds import cycles among our own TypeScript files. Every relative import counts, `import type`
 * and `export … from` included: a type in the wrong file is how each cycle we had began, and a type
 * cycle becomes a value cycle the day someone adds a constant beside the type.
 *
 * Written here rather than taken from eslint-plugin-import-x's `no-cycle`: that rule needs a
 * TypeScript resolver plugin and re-parses the whole graph for every file it lints; TypeScript's own
 * `preProcessFile` gives the import list of a file, and Tarjan's algorithm names every cycle at once.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import ts from 'typescript'

const SOURCE = /\.(ts|tsx|mts|cts)$/

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) {
      if (name !== 'node_modules') out.push(...sourceFiles(full))
    } else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(full)
  }
  return out
}

/** `./x` → the file it names (x.ts, x.tsx, x/index.ts…), or null for a package or a non-source file. */
function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null
  const base = resolve(dirname(from), specifier.replace(/\.(js|mjs|cjs)$/, ''))
  const candidates = [base, ...['.ts', '.tsx', '.mts', '.cts'].map((e) => base + e), ...['index.ts', 'index.tsx'].map((i) => join(base, i))]
  return candidates.find((c) => SOURCE.test(c) && existsSync(c) && statSync(c).isFile()) ?? null
}

/** file → the files it imports (absolute paths). */
export function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of sourceFiles(root)) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
    const targets = info.importedFiles.map((f) => resolveImport(file, f.fileName)).filter((t): t is string => t !== null)
    graph.set(file, [...new Set(targets)])
  }
  return graph
}

/**
 * Every strongly connected component of more than one file (or a file importing itself), each as
 * one concrete loop through it, paths relative to `root`: ["a.ts", "b.ts", "a.ts"].
 */
export function findImportCycles(root: string): string[][] {
  const graph = importGraph(root)
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const onStack = new Set<string>()
  const stack: string[] = []
  const components: string[][] = []
  let next = 0

  // Iterative Tarjan: src/ is a few hundred files, but a recursive walk is one deep chain away from overflowing.
  for (const start of graph.keys()) {
    if (index.has(start)) continue
    const work: { node: string; edge: number }[] = [{ node: start, edge: 0 }]
    index.set(start, next)
    low.set(start, next++)
    stack.push(start)
    onStack.add(start)
    while (work.length > 0) {
      const frame = work[work.length - 1]!
      const edges = graph.get(frame.node) ?? []
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++]!
        if (!index.has(to)) {
          index.set(to, next)
          low.set(to, next++)
          stack.push(to)
          onStack.add(to)
          work.push({ node: to, edge: 0 })
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!))
        }
        continue
      }
      work.pop()
      const parent = work[work.length - 1]
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!))
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = []
        let member: string
        do {
          member = stack.pop()!
          onStack.delete(member)
          component.push(member)
        } while (member !== frame.node)
        const selfLoop = (graph.get(frame.node) ?? []).includes(frame.node)
        if (component.length > 1 || selfLoop) components.push(component)
      }
    }
  }

  const rel = (f: string) => relative(root, f).split(sep).join('/')
  return components.map((component) => loopThrough(graph, new Set(component), component.sort()[0]!).map(rel)).sort()
}

/** A shortest loop from `start` back to itself inside one component (breadth-first). */
function loopThrough(graph: Map<string, string[]>, members: Set<string>, start: string): string[] {
  const cameFrom = new Map<string, string>()
  const queue = [start]
  while (queue.length > 0) {
    const node = queue.shift()!
    for (const to of graph.get(node) ?? []) {
      if (!members.has(to)) continue
      if (to === start) {
        const path = [start]
        for (let at = node; at !== start; at = cameFrom.get(at)!) path.unshift(at)
        return [start, ...path]
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, node)
        queue.push(to)
      }
    }
  }
  return [start]
}
