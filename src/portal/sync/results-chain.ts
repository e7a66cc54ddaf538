import { createHash } from 'node:crypto'
import type { ChainedCommandResult, CommandResult, ResultsResponse } from '../../shared/protocol'
import { nextResultsChain } from '../../shared/results-chain'
import { RESULTS_PAGE_MAX } from '../../shared/protocol'
import { listChainedResults } from '../db/command-results-repository'
import { resultsStateOf, type WorkstationRow } from '../db/workstations-repository'
import type { PortalDb } from '../db/portal-db'

/*
 * The portal's side of the results chain (src/shared/results-chain.ts): the link stored with every
 * result (push.ts), and GET /sync/results, which a workstation reads when its chain and the one a
 * pull reported differ.
 */

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')

/** The link after `previous` for this result. */
export function chainAfter(previous: string, result: CommandResult): string {
  return nextResultsChain(previous, result, sha256Hex)
}

export interface ResultsQuery {
  /** The highest seq wanted. */
  to: number
  limit?: number
}

/** The workstation's stored results with seq <= to, newest first, with their links; one snapshot. */
// The workstation as push.ts's WorkstationIdentity names it; spelled out here so this file does not import push.ts, which imports it.
export async function handleResults(
  db: PortalDb,
  ws: Pick<WorkstationRow, 'id' | 'centreId'>,
  query: ResultsQuery
): Promise<ResultsResponse> {
  const limit = Math.max(1, Math.min(query.limit ?? RESULTS_PAGE_MAX, RESULTS_PAGE_MAX))
  return db.transaction(
    async (tx) => {
      const { lastSeq } = await resultsStateOf(tx, ws.id)
      const results: ChainedCommandResult[] = await listChainedResults(tx, ws, Math.min(query.to, lastSeq), limit)
      return { results, lastSeq }
    },
    { isolation: 'repeatable read', readOnly: true }
  )
}
