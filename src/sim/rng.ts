import { SeededRandom } from '../shared/seeded-random'

/**
 * A small seeded PRNG (sfc32, seeded through splitmix32). Everything random in the simulation comes
 * from here, so a seed replays exactly: Math.random is never used.
 */
export class Rng extends SeededRandom {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number) {
    super()
    let s = seed >>> 0
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
      return (z ^ (z >>> 16)) >>> 0
    }
    this.a = next()
    this.b = next()
    this.c = next()
    this.d = next()
    for (let i = 0; i < 12; i++) this.u32()
  }

  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0
    this.d = (this.d + 1) >>> 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) >>> 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) >>> 0
    return t
  }

  /** One key of `weights`, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][]
    const total = entries.reduce((sum, [, w]) => sum + w, 0)
    let x = this.next() * total
    for (const [key, w] of entries) {
      x -= w
      if (x < 0) return key
    }
    return (entries[entries.length - 1] as [K, number])[0]
  }

  /** A fresh, independent stream (for a sub-component that must not shift the main stream). */
  fork(): Rng {
    return new Rng(this.u32())
  }
}

/**
 * A deterministic id shaped like a UUID v7 (the portal's enrolment schema checks the UUID form).
 * `origin` separates the id spaces: 0 the portal, 1..N the workstations.
 */
export function simUuid(origin: number, n: number): string {
  const hex = (v: number, width: number): string => v.toString(16).padStart(width, '0')
  return `${hex(origin >>> 0, 8)}-0000-7000-8000-${hex(n, 12)}`
}
