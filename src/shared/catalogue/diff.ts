/*
 * What differs between two cards, path by path (`form.fields.3.rules.maxLength`): the import's
 * report against the live version, and the editor's diff between a draft and the published version.
 * Arrays are compared index by index; a value present on one side only shows `undefined` on the other.
 */

export interface CardDiffEntry {
  path: string
  live: unknown
  imported: unknown
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function diffCards(a: unknown, b: unknown, path = ''): CardDiffEntry[] {
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: CardDiffEntry[] = []
    for (let i = 0; i < Math.max(a.length, b.length); i++) out.push(...diffCards(a[i], b[i], path ? `${path}.${i}` : String(i)))
    return out
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
    return keys.flatMap((k) => diffCards(a[k], b[k], path ? `${path}.${k}` : k))
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return []
  return [{ path, live: a, imported: b }]
}
