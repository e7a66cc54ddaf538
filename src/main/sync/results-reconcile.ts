import { createHash } from 'node:crypto'
import type { Db } from '../db/connection'
import {
  getOutboxBySeq,
  overturnConflict,
  reopenConflict,
  replaceResult,
  setResultChain,
  unchainedResults,
  type OutboxRow
} from '../db/sync-repository'
import { RESULTS_PAGE_MAX, type ChainedCommandResult, type ResultsResponse } from '../../shared/protocol'
import { nextResultsChain, RESULTS_CHAIN_START, type ChainedResult } from '../../shared/results-chain'

/*
 * The workstation's side of the results chain (src/shared/results-chain.ts): every recorded result
 * carries its link; a caught-up pull reports the portal's link at its last seq; when the two differ,
 * the portal decided some command again after it was restored from a backup (a request the network
 * held back reached it), and its result is the final one. This module finds those results and puts
 * them in place of the ones recorded here, with what the clerk must be told.
 */

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')

function linkOf(row: Pick<OutboxRow, 'seq' | 'commandId' | 'state' | 'resultCode' | 'resultVersion'>): ChainedResult {
  if (row.state === 'pending') throw new Error(`seq ${row.seq} has no result to link`)
  return { seq: row.seq, commandId: row.commandId, outcome: row.state, code: row.resultCode, version: row.resultVersion }
}

const LINK_BATCH = 1000

/**
 * Links every recorded result that can be linked now: from the lowest unlinked one up to the first
 * command still waiting for its result. Call inside the transaction that recorded results.
 */
export function chainRecordedResults(db: Db): void {
  for (;;) {
    const batch = unchainedResults(db, LINK_BATCH)
    if (!batch || batch.rows.length === 0) return
    let chain = batch.previous
    for (const row of batch.rows) {
      chain = nextResultsChain(chain, linkOf(row), sha256Hex)
      setResultChain(db, row.seq, chain)
    }
    if (batch.rows.length < LINK_BATCH) return
  }
}

/** What a caught-up pull said of the portal's results: its last seq and the chain's link there. */
export interface PortalResultsState {
  lastSeq: number
  chain: string
}

/**
 * Whether the results recorded here up to the portal's last seq are not the portal's. False when it
 * cannot be told yet (no chain from the portal, or this workstation still waits for the result at
 * that seq: its push answers it first).
 */
export function resultsDiffer(db: Db, portal: PortalResultsState): boolean {
  if (portal.lastSeq === 0) return false
  const row = getOutboxBySeq(db, portal.lastSeq)
  if (!row || row.state === 'pending' || row.resultChain === null) return false
  return row.resultChain !== portal.chain
}

/**
 * The portal's results that differ from the ones recorded here, oldest first: read back from the
 * portal's last seq to the newest seq whose links agree (equal links there mean equal results below).
 * Null when the portal no longer holds the state the pull reported (it moved on: check again at the
 * next pull) or its answer does not chain up (never adopted).
 */
export async function fetchDifferingResults(
  db: Db,
  target: PortalResultsState,
  read: (to: number, limit: number) => Promise<ResultsResponse>
): Promise<ChainedCommandResult[] | null> {
  const differing: ChainedCommandResult[] = []
  let to = target.lastSeq
  let agreedBelow = RESULTS_CHAIN_START
  for (;;) {
    const page = await read(to, RESULTS_PAGE_MAX)
    const first = page.results[0]
    if (to === target.lastSeq && (first?.seq !== target.lastSeq || first.chain !== target.chain)) return null
    let agreed = false
    for (const [i, r] of page.results.entries()) {
      if (r.seq !== to - i) return null
      const local = getOutboxBySeq(db, r.seq)
      if (local && local.state !== 'pending' && local.resultChain === r.chain) {
        agreed = true
        agreedBelow = r.chain
        break
      }
      differing.push(r)
    }
    const lowest = differing[differing.length - 1]?.seq ?? 1
    if (agreed || lowest <= 1 || page.results.length === 0) break
    to = lowest - 1
  }
  differing.reverse()
  // The portal's links must follow from the agreed link and its own results: a reply that does not
  // chain up is not taken, whatever it says.
  let chain = agreedBelow
  for (const r of differing) {
    chain = nextResultsChain(chain, r, sha256Hex)
    if (chain !== r.chain) return null
  }
  return differing
}

export interface AdoptContext {
  db: Db
  newId: () => string
  now: () => string
}

export interface Adopted {
  /** Applications whose view or badge may change. */
  applications: Set<string>
  /** Commands now rejected that were not before: new conflicts for the clerk. */
  nowRejected: number
  /** Commands now applied that the clerk had been told were rejected. */
  overturned: number
}

/**
 * Puts the portal's results in place of the ones recorded here, in seq order: a rejection opens (or
 * reopens) its conflict, so the clerk sees it in the inbox; a command the clerk was told had been
 * rejected and that the portal applied after all marks its conflict 'overturned'. Call inside ONE
 * transaction; the caller refreshes the views of the applications returned. Nothing is adopted when
 * the results below the first one no longer agree (something moved since they were read).
 */
export function adoptResults(ctx: AdoptContext, results: readonly ChainedCommandResult[]): Adopted {
  const { db } = ctx
  const out: Adopted = { applications: new Set(), nowRejected: 0, overturned: 0 }
  const first = results[0]
  if (!first) return out
  const below = first.seq > 1 ? getOutboxBySeq(db, first.seq - 1) : null
  const agreed = first.seq === 1 ? RESULTS_CHAIN_START : below && below.state !== 'pending' ? below.resultChain : null
  if (agreed === null || nextResultsChain(agreed, first, sha256Hex) !== first.chain) return out
  for (const r of results) {
    const row = getOutboxBySeq(db, r.seq)
    if (!row || row.commandId !== r.commandId) continue
    replaceResult(db, r.seq, r)
    if (r.outcome === 'rejected') {
      if (row.state !== 'rejected') out.nowRejected++
      reopenConflict(db, {
        id: ctx.newId(),
        seq: r.seq,
        applicationId: row.applicationId,
        rejectedAt: r.decidedAt,
        code: r.code ?? 'conflict',
        reason: r.message ?? 'Портал відхилив дію'
      })
    } else if (row.state === 'rejected') {
      out.overturned++
      overturnConflict(db, r.seq, ctx.now())
    }
    out.applications.add(row.applicationId)
  }
  chainRecordedResults(db)
  return out
}
