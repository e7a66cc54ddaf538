import { describe, expect, it } from 'vitest'
import { PgDb } from './pg-db'
import { beginStatement, DbUnavailableError, isRetryable, sqlState } from './portal-db'

describe('database seam', () => {
  it('reports a server that cannot be reached as DbUnavailableError (→ 503), not as a statement error', async () => {
    const db = new PgDb({ connectionString: 'postgres://nobody:nothing@127.0.0.1:1/none' })
    try {
      await expect(db.query('SELECT 1')).rejects.toBeInstanceOf(DbUnavailableError)
      await expect(db.transaction(async (tx) => tx.query('SELECT 1'))).rejects.toBeInstanceOf(DbUnavailableError)
    } finally {
      await db.close()
    }
  })

  it('knows which failures are worth another attempt', () => {
    expect(isRetryable({ code: '40001' })).toBe(true)
    expect(isRetryable({ code: '40P01' })).toBe(true)
    expect(isRetryable({ code: '23505' })).toBe(false)
    expect(isRetryable(new Error('x'))).toBe(false)
    expect(sqlState({ code: 'ECONNREFUSED' })).toBeNull()
    expect(beginStatement({ isolation: 'repeatable read', readOnly: true })).toBe('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
  })
})
