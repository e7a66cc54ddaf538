/*
 * The results chain: one short value that stands for every result the portal holds for one
 * workstation, so that a workstation can tell whether the results it recorded are still the
 * portal's (sync.md: "every command has exactly one final result").
 *
 * Why it is needed: a portal restored from a backup loses the results decided after the backup. A
 * request the network held back while that happened (a push sent before the restore, delivered
 * after it) then reaches a portal whose last seq for this workstation is just below it, and the
 * command is decided AGAIN — possibly differently (a claim that won before the restore loses after
 * it). The workstation had recorded the first decision; nothing it sends afterwards can show the
 * difference (the portal's last seq is as high as its own), and a cursor whose event predates the
 * backup does not even get a reset. Found by the simulation (issue 14: seeds 320, 509, 936, 4096,
 * 4174, 4452, 4668, 4906).
 *
 * The chain: link(n) = H(link(n-1) | seq | commandId | outcome | code | version), link(0) = ''.
 * Equal links at seq n mean equal results for every seq up to n, so after a pull the workstation
 * compares one value, and on a difference walks back from the portal's last seq to the newest seq
 * whose links agree: everything below it agrees too, everything above it is the portal's to adopt.
 * Only what the invariant compares is covered (outcome, code, version); a rejection's wording may differ.
 *
 * Pure: each side hashes with its own SHA-256 (node:crypto on both), passed in.
 */

export interface ChainedResult {
  seq: number
  commandId: string
  outcome: 'applied' | 'rejected'
  code: string | null
  version: number | null
}

/** The link before the first result. */
export const RESULTS_CHAIN_START = ''

/** Hex digits kept of each SHA-256: 128 bits, plenty against accidental equality. */
export const RESULTS_CHAIN_HEX = 32

/** The text hashed into the link after `previous`. Every field is free of '|' (ids, enums, numbers). */
export function resultsChainInput(previous: string, r: ChainedResult): string {
  return `${previous}|${r.seq}|${r.commandId}|${r.outcome}|${r.code ?? ''}|${r.version ?? ''}`
}

export type Sha256Hex = (text: string) => string

export function nextResultsChain(previous: string, r: ChainedResult, sha256Hex: Sha256Hex): string {
  return sha256Hex(resultsChainInput(previous, r)).slice(0, RESULTS_CHAIN_HEX)
}
