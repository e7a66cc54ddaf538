import { describe, expect, it } from 'vitest'
import { upsertApplication } from '../applications-repository'
import { migrate } from '../migrate'
import type { Db } from '../sql'
import { demoItems, memoryDb } from '../test-fixtures'
import { MIGRATIONS } from './index'

const dump = (db: Db, sql: string): unknown[] => db.prepare(sql).all()
const FACTS = 'SELECT * FROM report_facts ORDER BY application_id'
const DAILY = 'SELECT * FROM report_daily WHERE n <> 0 ORDER BY kind, day, service_id, channel'
const BUCKETS = 'SELECT * FROM report_processing_days WHERE n <> 0 ORDER BY day, service_id, channel, whole_days'

describe('migration 010 (daily report aggregates)', () => {
  it('counts the applications a version-9 database already holds exactly as the write path counts new ones', () => {
    const db = memoryDb()
    for (const { record } of demoItems(120, 5)) upsertApplication(db, record)
    const facts = dump(db, FACTS)
    const daily = dump(db, DAILY)
    const buckets = dump(db, BUCKETS)
    expect(buckets.length).toBeGreaterThan(20)
    expect(facts).toHaveLength(120)
    expect(daily.length).toBeGreaterThan(50)
    // The same file as version 9 left it: applications without facts or sums.
    db.exec('DROP TABLE report_daily; DROP TABLE report_processing_days; DROP TABLE report_facts; PRAGMA user_version = 9;')
    expect(migrate(db, { migrations: MIGRATIONS.slice(0, 10) })).toEqual({ from: 9, to: 10 })
    expect(dump(db, FACTS)).toEqual(facts)
    expect(dump(db, DAILY)).toEqual(daily)
    expect(dump(db, BUCKETS)).toEqual(buckets)
  })
})
