import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase } from './connection'
import { latestVersion } from './migrations/index'
import type { Db } from './sql'

/*
 * The schema guard (Actual Budget's idea): the schema every migration together produces is compared
 * with schema.snapshot.json. Dropping or changing a column or an index fails with its name, because
 * data written by an older version (or an older version reading ours, before it refuses) depends
 * on it. Pure additions fail too, with the command that records them, so that every schema change
 * is reviewed once in a diff of this file.
 */

const SNAPSHOT = fileURLToPath(new URL('./schema.snapshot.json', import.meta.url))
const UPDATE = 'UPDATE_SCHEMA_SNAPSHOT=1 npx vitest run --project node src/main/db/schema.snapshot.test.ts'

interface ColumnShape {
  type: string
  notnull: boolean
  default: string | null
  pk: number
}
interface TableShape {
  strict: boolean
  withoutRowid: boolean
  columns: Record<string, ColumnShape>
}
interface IndexShape {
  table: string
  unique: boolean
  columns: string[]
  where: string | null
}
interface SchemaShape {
  version: number
  tables: Record<string, TableShape>
  indexes: Record<string, IndexShape>
  /** Trigger name → its SQL with whitespace collapsed. */
  triggers: Record<string, string>
}

function readSchema(db: Db): SchemaShape {
  const tables: Record<string, TableShape> = {}
  const indexes: Record<string, IndexShape> = {}
  const list = db
    .prepare(
      `SELECT name, strict, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
    )
    .all() as { name: string; strict: number; wr: number }[]
  for (const t of list) {
    const columns: Record<string, ColumnShape> = {}
    for (const c of db.prepare('SELECT name, type, "notnull" AS nn, dflt_value, pk FROM pragma_table_info(?) ORDER BY cid').all(t.name) as {
      name: string
      type: string
      nn: number
      dflt_value: string | null
      pk: number
    }[]) {
      columns[c.name] = { type: c.type, notnull: c.nn === 1, default: c.dflt_value, pk: c.pk }
    }
    tables[t.name] = { strict: t.strict === 1, withoutRowid: t.wr === 1, columns }
    for (const ix of db.prepare('SELECT name, "unique" AS u, partial FROM pragma_index_list(?) ORDER BY name').all(t.name) as {
      name: string
      u: number
      partial: number
    }[]) {
      const cols = (db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(ix.name) as { name: string | null }[]).map(
        (c) => c.name ?? '<expr>'
      )
      const sql =
        (db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?`).get(ix.name) as { sql: string | null } | undefined)
          ?.sql ?? null
      const where = ix.partial === 1 && sql ? (/\bWHERE\b([\s\S]*)$/i.exec(sql)?.[1] ?? '').replace(/\s+/g, ' ').trim() : null
      indexes[ix.name] = { table: t.name, unique: ix.u === 1, columns: cols, where }
    }
  }
  const triggers: Record<string, string> = {}
  for (const t of db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name`).all() as {
    name: string
    sql: string
  }[]) {
    triggers[t.name] = t.sql.replace(/\s+/g, ' ').trim()
  }
  return { version: db.pragma('user_version', { simple: true }) as number, tables, indexes, triggers }
}

/** What an older reader or older data would trip over, named one by one. */
function breakingChanges(before: SchemaShape, now: SchemaShape): string[] {
  const out: string[] = []
  for (const [table, shape] of Object.entries(before.tables)) {
    const current = now.tables[table]
    if (!current) {
      out.push(`table ${table} was dropped`)
      continue
    }
    if (current.strict !== shape.strict || current.withoutRowid !== shape.withoutRowid)
      out.push(`table ${table} changed its kind (STRICT / WITHOUT ROWID)`)
    for (const [column, col] of Object.entries(shape.columns)) {
      const cur = current.columns[column]
      if (!cur) out.push(`column ${table}.${column} was dropped`)
      else if (JSON.stringify(cur) !== JSON.stringify(col))
        out.push(`column ${table}.${column} changed: ${JSON.stringify(col)} → ${JSON.stringify(cur)}`)
    }
  }
  for (const [index, shape] of Object.entries(before.indexes)) {
    const cur = now.indexes[index]
    if (!cur) out.push(`index ${index} was dropped`)
    else if (JSON.stringify(cur) !== JSON.stringify(shape))
      out.push(`index ${index} changed: ${JSON.stringify(shape)} → ${JSON.stringify(cur)}`)
  }
  for (const [trigger, sql] of Object.entries(before.triggers)) {
    const cur = now.triggers[trigger]
    if (cur === undefined) out.push(`trigger ${trigger} was dropped`)
    else if (cur !== sql) out.push(`trigger ${trigger} changed`)
  }
  return out
}

function additions(before: SchemaShape, now: SchemaShape): string[] {
  const out: string[] = []
  for (const [table, shape] of Object.entries(now.tables)) {
    const old = before.tables[table]
    if (!old) out.push(`table ${table}`)
    else for (const column of Object.keys(shape.columns)) if (!old.columns[column]) out.push(`column ${table}.${column}`)
  }
  for (const index of Object.keys(now.indexes)) if (!before.indexes[index]) out.push(`index ${index}`)
  for (const trigger of Object.keys(now.triggers)) if (before.triggers[trigger] === undefined) out.push(`trigger ${trigger}`)
  if (now.version !== before.version) out.push(`schema version ${before.version} → ${now.version}`)
  return out
}

/** One line per column and per index, so a schema change is a one-line diff. */
function formatSnapshot(shape: SchemaShape): string {
  const entries = <T>(o: Record<string, T>, fmt: (k: string, v: T) => string): string =>
    Object.entries(o)
      .map(([k, v]) => fmt(k, v))
      .join(',\n')
  const tables = entries(shape.tables, (name, t) =>
    [
      `    ${JSON.stringify(name)}: {`,
      `      "strict": ${t.strict}, "withoutRowid": ${t.withoutRowid},`,
      `      "columns": {`,
      entries(t.columns, (c, v) => `        ${JSON.stringify(c)}: ${JSON.stringify(v)}`),
      `      }`,
      `    }`
    ].join('\n')
  )
  const indexes = entries(shape.indexes, (name, ix) => `    ${JSON.stringify(name)}: ${JSON.stringify(ix)}`)
  const triggers = entries(shape.triggers, (name, sql) => `    ${JSON.stringify(name)}: ${JSON.stringify(sql)}`)
  return `{\n  "version": ${shape.version},\n  "tables": {\n${tables}\n  },\n  "indexes": {\n${indexes}\n  },\n  "triggers": {\n${triggers}\n  }\n}\n`
}

function currentSchema(): SchemaShape {
  const db = openDatabase(':memory:')
  try {
    return readSchema(db)
  } finally {
    closeDatabase(db)
  }
}

describe('schema snapshot', () => {
  const now = currentSchema()

  if (process.env.UPDATE_SCHEMA_SNAPSHOT === '1') {
    it('records the current schema in schema.snapshot.json', () => {
      writeFileSync(SNAPSHOT, formatSnapshot(now))
    })
    return
  }

  const before = existsSync(SNAPSHOT) ? (JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as SchemaShape) : null

  it('exists', () => {
    expect(before, `schema.snapshot.json is missing: run ${UPDATE}`).not.toBeNull()
  })

  it('keeps every column and index an older version relies on', () => {
    if (!before) return
    const broken = breakingChanges(before, now)
    expect(
      broken,
      `A migration dropped or changed what existing data relies on:\n  ${broken.join('\n  ')}\nWrite a new migration that keeps them instead.`
    ).toEqual([])
  })

  it('has recorded every addition', () => {
    if (!before) return
    const added = additions(before, now)
    expect(added, `The schema gained ${added.join(', ')}. If intended, update the snapshot: ${UPDATE}`).toEqual([])
  })

  it('matches the newest migration', () => {
    expect(now.version).toBe(latestVersion())
  })

  it('is written in the format the update command produces', () => {
    if (!before) return
    expect(JSON.parse(formatSnapshot(before))).toEqual(before)
  })

  it('detects a dropped column and names it', () => {
    const copy = structuredClone(now)
    delete copy.tables['applications']?.columns['due_at_ms']
    expect(breakingChanges(now, copy)).toEqual(['column applications.due_at_ms was dropped'])
    expect(additions(copy, now)).toEqual(['column applications.due_at_ms'])
  })
})
