import type { CommandEnvelope } from '../../shared/domain/commands'
import type { ChainedCommandResult, CommandResult } from '../../shared/protocol'
import { errorCodeSchema } from '../../shared/result'
import type { Queryable } from './portal-db'
import { toIso, jsonParam } from './sql'

/** Whose results: a workstation and its centre (the results' key leads with the centre, migration 10). */
export interface ResultsOwner {
  id: string
  centreId: string
}

// Each pushed command's answer, kept so that a command sent again is answered the same way, never decided twice.

interface ResultRow {
  seq: number
  commandId: string
  outcome: 'applied' | 'rejected'
  code: string | null
  message: string | null
  version: number | null
  decidedAt: unknown
}

function toResult(r: ResultRow): CommandResult {
  const code = r.code === null ? null : errorCodeSchema.catch('internal').parse(r.code)
  return {
    seq: Number(r.seq),
    commandId: r.commandId,
    outcome: r.outcome,
    code,
    message: r.message,
    version: r.version,
    decidedAt: toIso(r.decidedAt)
  }
}

export async function getCommandResult(q: Queryable, ws: ResultsOwner, seq: number): Promise<CommandResult | null> {
  const rows = await q.query<ResultRow>(
    `SELECT seq, command_id AS "commandId", outcome, code, message, version, decided_at AS "decidedAt"
       FROM command_results WHERE centre_id = $1 AND workstation_id = $2 AND seq = $3`,
    [ws.centreId, ws.id, seq]
  )
  return rows[0] ? toResult(rows[0]) : null
}

export async function insertCommandResult(
  q: Queryable,
  ws: ResultsOwner,
  cmd: CommandEnvelope,
  result: CommandResult,
  chain: string
): Promise<void> {
  await q.query(
    `INSERT INTO command_results (centre_id, workstation_id, seq, command_id, command_type, application_id, clerk_id, command, outcome, code, message, version, decided_at, chain)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14)`,
    [
      ws.centreId,
      ws.id,
      result.seq,
      result.commandId,
      cmd.type,
      cmd.applicationId,
      cmd.clerk.clerkId,
      jsonParam(cmd),
      result.outcome,
      result.code,
      result.message,
      result.version,
      new Date(result.decidedAt),
      chain
    ]
  )
}

/** The stored results of the given seqs of one workstation (a batch's duplicates), by seq. */
export async function getCommandResults(q: Queryable, ws: ResultsOwner, seqs: readonly number[]): Promise<Map<number, CommandResult>> {
  if (seqs.length === 0) return new Map()
  const rows = await q.query<ResultRow>(
    `SELECT seq, command_id AS "commandId", outcome, code, message, version, decided_at AS "decidedAt"
       FROM command_results WHERE centre_id = $1 AND workstation_id = $2 AND seq = ANY($3::bigint[])`,
    [ws.centreId, ws.id, [...seqs]]
  )
  return new Map(rows.map((r) => [Number(r.seq), toResult(r)]))
}

/** Many results in one statement: the same columns as insertCommandResult. */
export async function insertCommandResults(
  q: Queryable,
  ws: ResultsOwner,
  items: readonly { cmd: CommandEnvelope; result: CommandResult; chain: string }[]
): Promise<void> {
  if (items.length === 0) return
  await q.query(
    `INSERT INTO command_results (centre_id, workstation_id, seq, command_id, command_type, application_id, clerk_id, command, outcome, code, message, version, decided_at, chain)
     SELECT $1, $2, (x ->> 'seq')::bigint, x ->> 'commandId', x -> 'c' ->> 'type', x -> 'c' ->> 'applicationId', x -> 'c' -> 'clerk' ->> 'clerkId', x -> 'c',
            x ->> 'outcome', x ->> 'code', x ->> 'message', (x ->> 'version')::int, (x ->> 'decidedAt')::timestamptz, x ->> 'chain'
       FROM jsonb_array_elements($3::jsonb) AS x`,
    [ws.centreId, ws.id, jsonParam(items.map(({ cmd, result, chain }) => ({ ...result, chain, c: cmd })))]
  )
}

/** The results with seq <= `to`, newest first, each with its chain (GET /sync/results). */
export async function listChainedResults(q: Queryable, ws: ResultsOwner, to: number, limit: number): Promise<ChainedCommandResult[]> {
  const rows = await q.query<ResultRow & { chain: string }>(
    `SELECT seq, command_id AS "commandId", outcome, code, message, version, decided_at AS "decidedAt", chain
       FROM command_results WHERE centre_id = $1 AND workstation_id = $2 AND seq <= $3 ORDER BY seq DESC LIMIT $4`,
    [ws.centreId, ws.id, to, limit]
  )
  return rows.map((r) => ({ ...toResult(r), chain: r.chain }))
}

/** Test-only: the planted "re-execute a duplicate" bug (deps.faults.reexecuteDuplicates) overwrites a result. */
export async function deleteCommandResult(q: Queryable, ws: ResultsOwner, seq: number): Promise<void> {
  await q.query('DELETE FROM command_results WHERE centre_id = $1 AND workstation_id = $2 AND seq = $3', [ws.centreId, ws.id, seq])
}

export async function countCommandResults(q: Queryable, workstationId: string): Promise<number> {
  const rows = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM command_results WHERE workstation_id = $1', [workstationId])
  return rows[0]?.n ?? 0
}
