import type { Queryable } from './portal-db'

// Order-number sequences per node (the portal's own numbers and reserved walk-in ranges).

/** The next sequence number of a node, taken under the row's lock (held to the end of the transaction). */
export async function takeOrderSeq(q: Queryable, node: number): Promise<number> {
  const rows = await q.query<{ seq: number }>(
    `INSERT INTO order_sequences (node, next_seq) VALUES ($1, 2)
     ON CONFLICT (node) DO UPDATE SET next_seq = order_sequences.next_seq + 1
     RETURNING next_seq - 1 AS seq`,
    [node]
  )
  const row = rows[0]
  if (!row) throw new Error('takeOrderSeq: no row')
  return Number(row.seq)
}

/** Records that numbers up to `nextSeq - 1` of `node` exist (imported data), and reserves the node. */
export async function reserveOrderSeq(q: Queryable, node: number, nextSeq: number): Promise<void> {
  await q.query(
    `INSERT INTO order_sequences (node, next_seq) VALUES ($1, $2)
     ON CONFLICT (node) DO UPDATE SET next_seq = greatest(order_sequences.next_seq, EXCLUDED.next_seq)`,
    [node, nextSeq]
  )
}
