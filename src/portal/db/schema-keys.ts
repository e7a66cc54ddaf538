import type { Queryable } from './portal-db'

/*
 * The portal's schema is distribution-ready (issue 19, item 6; README, "Sharding by centre"): every
 * table of centre data has centre_id in its primary key, and every foreign key between tables of
 * centre data carries centre_id to centre_id, so each centre's rows (and every join between them)
 * live on one shard. The only tables exempt are the regional ones below, each with its reason in the
 * README. schema-keys.test.ts runs centreKeyViolations on both databases: a new table that is neither
 * keyed by centre nor listed here fails it.
 */

/** Tables of the whole region (a reference or a routing table when sharded), not of one centre. */
export const REGIONAL_TABLES: readonly string[] = [
  // the routing table itself: centre → name, its change counter (a reference table when sharded)
  'centres',
  // order numbers' node sequences: nodes are allocated region-wide (node 1 numbers every centre's intake)
  'order_sequences',
  // content-addressed scans: uploaded by citizens before their centre is known, shared by hash, immutable
  'attachments',
  // tries at access codes per order number (known or not) and per client address: before any centre is known
  'access_attempts',
  // the public routes' per-address limit
  'rate_limits',
  // keys every portal process holds alike
  'portal_secrets',
  'schema_migrations'
]

/**
 * Unique keys of centre data WITHOUT the centre: each is a lookup made before the centre is known
 * (README, "Queries that cross shards"), and each becomes a regional routing entry when sharded.
 * A new one must be added here, with its routing, on purpose.
 */
export const GLOBAL_LOOKUPS: readonly string[] = [
  'applications(order_number)', // the citizens' status page and answers, by order number
  'access_codes(order_number)', // the access code checked by order number
  'workstations(node)', // nodes are allocated region-wide
  'workstations(token_hash)', // every workstation request: the token before its centre
  'clerks(login)', // logins are unique on the portal; sign-in by login
  'enrolment_codes(code_hash)', // POST /sync/enrol: the code before its centre
  'service_test_links(token_hash)' // a service's test link (issue 17): the token before its centre
]

interface KeyRow {
  name: string
  kind: 'p' | 'f' | 'u' | 'i'
  tbl: string
  cols: string[]
  refTbl: string | null
  refCols: string[] | null
}

/** Everything wrong with the current schema's keys, one line each; empty when it is distribution-ready. */
export async function centreKeyViolations(q: Queryable): Promise<string[]> {
  const tables = (
    await q.query<{ name: string }>(
      `SELECT c.relname::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1`
    )
  ).map((r) => r.name)
  const keys = await q.query<KeyRow>(
    `WITH cons AS (
       SELECT con.conname::text AS name, con.contype::text AS kind, con.conrelid AS rel, con.conkey AS keys, con.confrelid AS ref, con.confkey AS refkeys
         FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND con.contype IN ('p', 'f', 'u')
       UNION ALL
       -- unique indexes that are not constraints (a constraint's own index is listed above)
       SELECT ic.relname::text, 'i', i.indrelid, i.indkey::int2[], 0, NULL
         FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND i.indisunique AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid)
     )
     SELECT cons.name, cons.kind, c.relname::text AS tbl,
            ARRAY(SELECT coalesce(a.attname::text, '(expression)') FROM unnest(cons.keys) WITH ORDINALITY AS k(num, i)
                    LEFT JOIN pg_attribute a ON a.attrelid = cons.rel AND a.attnum = k.num ORDER BY k.i) AS cols,
            r.relname::text AS "refTbl",
            CASE WHEN cons.refkeys IS NULL THEN NULL ELSE
              ARRAY(SELECT a.attname::text FROM unnest(cons.refkeys) WITH ORDINALITY AS k(num, i)
                      JOIN pg_attribute a ON a.attrelid = cons.ref AND a.attnum = k.num ORDER BY k.i) END AS "refCols"
       FROM cons JOIN pg_class c ON c.oid = cons.rel LEFT JOIN pg_class r ON r.oid = cons.ref
      ORDER BY c.relname, cons.name`
  )
  const regional = new Set(REGIONAL_TABLES)
  const lookups = new Set(GLOBAL_LOOKUPS)
  const problems: string[] = []
  for (const t of tables) {
    if (regional.has(t)) continue
    const pk = keys.find((k) => k.tbl === t && k.kind === 'p')
    if (!pk) problems.push(`${t}: a table of centre data without a primary key`)
    else if (!pk.cols.includes('centre_id')) problems.push(`${t}: primary key (${pk.cols.join(', ')}) lacks centre_id`)
  }
  for (const k of keys) {
    if (k.kind === 'f' && k.refTbl !== null && k.refCols !== null) {
      const fromCentre = !regional.has(k.tbl)
      const toCentre = !regional.has(k.refTbl)
      if (!toCentre) continue
      if (!fromCentre) {
        problems.push(`${k.tbl}.${k.name}: a regional table refers to centre data (${k.refTbl})`)
        continue
      }
      const at = k.cols.indexOf('centre_id')
      if (at < 0 || k.refCols[at] !== 'centre_id')
        problems.push(
          `${k.tbl}.${k.name}: foreign key (${k.cols.join(', ')}) → ${k.refTbl}(${k.refCols.join(', ')}) lacks centre_id → centre_id`
        )
    }
    if ((k.kind === 'u' || k.kind === 'i') && !regional.has(k.tbl) && !k.cols.includes('centre_id')) {
      const key = `${k.tbl}(${k.cols.join(', ')})`
      if (!lookups.has(key)) problems.push(`${k.tbl}.${k.name}: unique key ${key} lacks centre_id and is not a listed regional lookup`)
    }
  }
  return problems
}
