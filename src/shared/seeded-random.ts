/**
 * The draws every seeded generator offers on top of its own stream of 32-bit numbers: the demo
 * data's (shared/demo/rng.ts) and the simulation's (sim/rng.ts) differ only in that stream, so a
 * draw means the same thing in both and neither ever touches Math.random.
 */
export abstract class SeededRandom {
  /** The next 32-bit unsigned number of the stream. */
  abstract u32(): number

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo)
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick: the list is empty')
    return items[Math.floor(this.next() * items.length)] as T
  }
}
