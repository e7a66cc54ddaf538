import type { Queryable } from './portal-db'
import { jsonParam } from './sql'

// Scans, content addressed (sha256), and which centre may read them.

export async function insertAttachment(
  q: Queryable,
  a: { sha256: string; mediaType: string; bytes: Uint8Array; now: Date }
): Promise<void> {
  await q.query(
    `INSERT INTO attachments (sha256, media_type, size, bytes, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING`,
    [a.sha256, a.mediaType, a.bytes.byteLength, a.bytes, a.now]
  )
}

export async function getAttachment(q: Queryable, sha256: string): Promise<{ mediaType: string; bytes: Buffer } | null> {
  const rows = await q.query<{ mediaType: string; bytes: Uint8Array }>(
    'SELECT media_type AS "mediaType", bytes FROM attachments WHERE sha256 = $1',
    [sha256]
  )
  const r = rows[0]
  return r ? { mediaType: r.mediaType, bytes: Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength) } : null
}

export async function attachmentTypes(q: Queryable, shas: readonly string[]): Promise<Map<string, string>> {
  if (shas.length === 0) return new Map()
  const rows = await q.query<{ sha256: string; mediaType: string }>(
    `SELECT sha256, media_type AS "mediaType" FROM attachments WHERE sha256 = ANY($1::text[])`,
    [[...shas]]
  )
  return new Map(rows.map((r) => [r.sha256, r.mediaType]))
}

/** A workstation may fetch a blob only when an application of its centre refers to it. */
export async function attachmentVisibleToCentre(q: Queryable, sha256: string, centreId: string): Promise<boolean> {
  const rows = await q.query<{ one: number }>(
    `SELECT 1 AS one FROM applications WHERE centre_id = $1 AND record -> 'attachments' @> $2::jsonb LIMIT 1`,
    [centreId, jsonParam([{ sha256 }])]
  )
  return rows.length > 0
}
