import { SeededRandom } from '../seeded-random'

// ── randomness ─────────────────────────────────────────────────────────

/** mulberry32: tiny, fast, good enough for test data, and identical on every JavaScript engine. */
export class Rng extends SeededRandom {
  private state: number
  constructor(seed: number) {
    super()
    this.state = seed >>> 0
  }
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0
    for (const [, w] of items) total += w
    let x = this.next() * total
    for (const [item, w] of items) {
      x -= w
      if (x < 0) return item
    }
    return at(items, items.length - 1)[0]
  }
  hex(length: number): string {
    let s = ''
    while (s.length < length) {
      const x = this.u32()
      for (let shift = 28; shift >= 0 && s.length < length; shift -= 4) s += HEX.charAt((x >>> shift) & 15)
    }
    return s
  }
}

export const HEX = '0123456789abcdef'

export function at<T>(items: readonly T[], i: number): T {
  const item = items[i]
  if (item === undefined) throw new RangeError(`demo generator: index ${i} outside a list of ${items.length}`)
  return item
}

/** UUID v7 layout (time-ordered), so ids sort like the applications were received. */
export function uuid7(rng: Rng, ms: number): string {
  const t = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0')
  const variant = at(['8', '9', 'a', 'b'], rng.int(0, 3))
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${rng.hex(3)}-${variant}${rng.hex(3)}-${rng.hex(12)}`
}
