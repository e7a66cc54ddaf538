import type { Op, Scenario } from './scenario'

/*
 * Deterministic shrinking of a failing scenario (delta debugging over its operations): remove
 * chunks of operations, keep a removal when the scenario still fails the same way, halve the chunks
 * until single operations. The world (workstations, clerks) stays as it is. Bounded by a run count
 * and a time budget, because every try is a whole simulation run.
 */

export interface ShrinkBudget {
  maxRuns: number
  maxMs: number
}

export interface ShrinkResult {
  scenario: Scenario
  runs: number
  /** True when the budget ran out before single operations were tried. */
  truncated: boolean
}

export async function shrinkScenario(
  failing: Scenario,
  stillFails: (candidate: Scenario) => Promise<boolean>,
  budget: ShrinkBudget
): Promise<ShrinkResult> {
  const started = Date.now()
  let ops: Op[] = [...failing.ops]
  let runs = 0
  let chunks = 2
  const exhausted = (): boolean => runs >= budget.maxRuns || Date.now() - started >= budget.maxMs
  while (ops.length > 1 && !exhausted()) {
    const size = Math.ceil(ops.length / chunks)
    let reduced = false
    for (let start = 0; start < ops.length && !exhausted(); start += size) {
      const candidate = [...ops.slice(0, start), ...ops.slice(start + size)]
      runs++
      if (await stillFails({ ...failing, ops: candidate })) {
        ops = candidate
        chunks = Math.max(chunks - 1, 2)
        reduced = true
        break
      }
    }
    if (!reduced) {
      if (size === 1) return { scenario: { ...failing, ops }, runs, truncated: false }
      chunks = Math.min(chunks * 2, ops.length)
    }
  }
  return { scenario: { ...failing, ops }, runs, truncated: exhausted() }
}
