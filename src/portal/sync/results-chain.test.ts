import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { pullResponseSchema, resultsResponseSchema, type CommandResult } from '../../shared/protocol'
import { nextResultsChain, RESULTS_CHAIN_START } from '../../shared/results-chain'
import { migrate, MIGRATIONS } from '../db/migrations'
import { backendKinds, describeBackends, openTestDb, type PortalFixture } from '../test/backends'
import { PgliteDb } from '../db/pglite-db'
import { command, enrol, setup, signFor, submit, TARAS } from '../test/fixtures'
import { handlePull } from './pull'
import { handlePush } from './push'
import { handleResults } from './results-chain'

/*
 * The results chain (src/shared/results-chain.ts, issue 14): what push stores, what a pull reports
 * and what GET /sync/results answers, on both backends; and the migration that chains the results
 * an older portal stored, with the very text the workstation hashes.
 */

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')
const chainOf = (results: readonly CommandResult[]): string[] => {
  let chain = RESULTS_CHAIN_START
  return results.map((r) => (chain = nextResultsChain(chain, r, sha256Hex)))
}

function get(fx: PortalFixture, url: string, token?: string) {
  return fx.portal.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} })
}

describeBackends('results chain', (fx) => {
  it('push links every result to the ones before it; a pull reports the link at lastSeq only when asked', async () => {
    const { ws } = await setup(fx.portal)
    const a = await submit(fx.portal)
    const first = await handlePush(fx.db, fx.portal.deps, ws, {
      workstationId: ws.id,
      commands: [signFor(ws, command(1, 'claim', a.id, {})), signFor(ws, command(2, 'claim', a.id, {}, { clerk: TARAS }))]
    })
    expect(first.results.map((r) => r.outcome)).toEqual(['applied', 'rejected'])
    // One at a time too (the one-by-one path is what a batch falls back to).
    const second = await handlePush(fx.db, fx.portal.deps, ws, {
      workstationId: ws.id,
      commands: [signFor(ws, command(3, 'note', a.id, { text: 'Нотатка' }))]
    })
    const all = [...first.results, ...second.results]
    const links = chainOf(all)

    const plain = pullResponseSchema.parse(await handlePull(fx.db, fx.portal.deps, ws, { cursor: 0, limit: 100 }))
    expect(plain.resultsChain).toBeUndefined()
    const chained = pullResponseSchema.parse(await handlePull(fx.db, fx.portal.deps, ws, { cursor: 0, limit: 100, withResultsChain: true }))
    expect(chained).toMatchObject({ lastSeq: 3, resultsChain: links[2] })

    const res = await handleResults(fx.db, ws, { to: 3, limit: 2 })
    expect(res.lastSeq).toBe(3)
    expect(res.results.map((r) => [r.seq, r.chain])).toEqual([
      [3, links[2]],
      [2, links[1]]
    ])
    expect((await handleResults(fx.db, ws, { to: 1 })).results.map((r) => r.chain)).toEqual([links[0]])
    // A seq beyond the last one is read as the last one.
    expect((await handleResults(fx.db, ws, { to: 99, limit: 1 })).results.map((r) => r.seq)).toEqual([3])
  })

  it('GET /sync/results: a workstation reads only its own results; a stranger without the token reads nothing', async () => {
    const { ws } = await setup(fx.portal)
    const other = await enrol(fx.portal, 'Вікно 2')
    const a = await submit(fx.portal)
    await handlePush(fx.db, fx.portal.deps, ws, { workstationId: ws.id, commands: [signFor(ws, command(1, 'claim', a.id, {}))] })

    const own = await get(fx, '/sync/results?to=10', ws.token)
    expect(own.statusCode).toBe(200)
    expect(resultsResponseSchema.parse(own.json()).results.map((r) => r.seq)).toEqual([1])
    // Another workstation of the same centre, asking for the same seqs: its own (none), never ws's.
    const theirs = await get(fx, '/sync/results?to=10', other.token)
    expect(resultsResponseSchema.parse(theirs.json())).toEqual({ results: [], lastSeq: 0 })
    const stranger = await get(fx, '/sync/results?to=10')
    expect(stranger.statusCode).toBe(401)
    expect(JSON.stringify(stranger.json())).not.toContain(a.id)
    const bad = await get(fx, '/sync/results?to=-1', ws.token)
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ error: { code: 'invalid_input', field: 'to' } })
    const pulled = await get(fx, '/sync/pull?cursor=0&chain=1', ws.token)
    expect(pullResponseSchema.parse(pulled.json()).resultsChain).toBe(chainOf(resultsResponseSchema.parse(own.json()).results)[0])
  })
})

describe('results chain migration', () => {
  for (const kind of backendKinds()) {
    it(`chains the results an older portal stored, exactly as results-chain.ts does [${kind}]`, async () => {
      const fresh = async () => {
        const db = await PgliteDb.open()
        return { db, drop: () => db.close() }
      }
      const test = kind === 'pglite' ? await fresh() : await openTestDb('postgres')
      const { db } = test
      try {
        await migrate(
          db,
          MIGRATIONS.filter((m) => m.version < 4)
        )
        await db.query(`INSERT INTO centres (id, name, enrolment_code_hash, created_at) VALUES ('c', 'ЦНАП', 'h', now())`)
        for (const [id, node, lastSeq] of [
          ['w1', 2, 3],
          ['w2', 3, 1],
          ['w3', 4, 0]
        ] as const)
          await db.query(
            `INSERT INTO workstations (id, centre_id, node, token_hash, creation_nonce, last_seq, enrolled_at) VALUES ($1, 'c', $2, $1, 'n', $3, now())`,
            [id, node, lastSeq]
          )
        const stored: (CommandResult & { ws: string })[] = [
          {
            ws: 'w1',
            seq: 1,
            commandId: 'c-1',
            outcome: 'applied',
            code: null,
            message: null,
            version: 2,
            decidedAt: '2026-11-27T10:00:00.000Z'
          },
          {
            ws: 'w1',
            seq: 2,
            commandId: 'c-2',
            outcome: 'rejected',
            code: 'conflict',
            message: 'Зайнято',
            version: 2,
            decidedAt: '2026-11-27T10:00:01.000Z'
          },
          {
            ws: 'w1',
            seq: 3,
            commandId: 'c-3',
            outcome: 'rejected',
            code: 'internal',
            message: 'Збій',
            version: null,
            decidedAt: '2026-11-27T10:00:02.000Z'
          },
          {
            ws: 'w2',
            seq: 1,
            commandId: 'c-4',
            outcome: 'applied',
            code: null,
            message: null,
            version: 12,
            decidedAt: '2026-11-27T10:00:03.000Z'
          }
        ]
        for (const r of stored)
          await db.query(
            `INSERT INTO command_results (workstation_id, seq, command_id, command_type, application_id, clerk_id, command, outcome, code, message, version, decided_at)
             VALUES ($1, $2, $3, 'note', 'a', 'k', '{}'::jsonb, $4, $5, $6, $7, $8)`,
            [r.ws, r.seq, r.commandId, r.outcome, r.code, r.message, r.version, r.decidedAt]
          )
        await migrate(db)

        const w1 = chainOf(stored.filter((r) => r.ws === 'w1'))
        const w2 = chainOf(stored.filter((r) => r.ws === 'w2'))
        const links = await db.query<{ workstation_id: string; seq: number; chain: string }>(
          'SELECT workstation_id, seq, chain FROM command_results ORDER BY workstation_id, seq'
        )
        expect(links.map((l) => l.chain)).toEqual([...w1, ...w2])
        const rows = await db.query<{ id: string; results_chain: string }>('SELECT id, results_chain FROM workstations ORDER BY id')
        expect(rows.map((r) => r.results_chain)).toEqual([w1[2], w2[0], RESULTS_CHAIN_START])
      } finally {
        await test.drop()
      }
    }, 60_000)
  }
})
