import { afterEach, expect, it, vi } from 'vitest'
import { formatOrderNumber } from '../../shared/domain/order-number'
import type { PortalDb } from '../db/portal-db'
import { describeBackends } from '../test/backends'
import { setup, submit } from '../test/fixtures'

/*
 * "Do the hash work even for unknown numbers": a wrong code for an existing application, a code for
 * a number that does not exist, and the right code all cost the same — one scrypt derivation and the
 * same database statements — so that how long the answer takes does not tell them apart. Counted,
 * not timed (wall-clock times on a shared machine are noise).
 */

const derivations = vi.hoisted(() => ({ count: 0 }))
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>()
  const scrypt = (...args: Parameters<typeof actual.scrypt>): void => {
    derivations.count++
    ;(actual.scrypt as (...a: unknown[]) => void)(...args)
  }
  return { ...actual, default: { ...actual, scrypt }, scrypt }
})

/** Counts the statements the portal sends outside transactions (the access check runs none inside one). */
function countStatements(db: PortalDb): { readonly statements: string[]; restore(): void } {
  const original = db.query.bind(db)
  const statements: string[] = []
  db.query = ((sql: string, params?: unknown[]) => {
    statements.push(sql.replace(/\s+/g, ' ').trim())
    return original(sql, params)
  }) as PortalDb['query']
  return { statements, restore: () => void (db.query = original) }
}

let restore: (() => void) | null = null
afterEach(() => {
  restore?.()
  restore = null
})

describeBackends('citizen access: the same work whatever is wrong', (fx) => {
  it('a wrong code, an unknown number and the right code each cost one scrypt derivation and the same statements', async () => {
    await setup(fx.portal)
    const a = await submit(fx.portal)
    const b = await submit(fx.portal)
    const unknown = formatOrderNumber(1, 999)
    const probe = async (
      orderNumber: string,
      code: string | null
    ): Promise<{ status: number; derivations: number; statements: string[] }> => {
      const counter = countStatements(fx.db)
      restore = counter.restore
      const before = derivations.count
      const res = await fx.portal.app.inject({
        method: 'GET',
        url: `/api/v1/applications/${orderNumber}/status`,
        headers: code === null ? {} : { 'x-access-code': code }
      })
      counter.restore()
      restore = null
      return { status: res.statusCode, derivations: derivations.count - before, statements: counter.statements }
    }
    const wrong = await probe(a.orderNumber, b.accessCode)
    const missing = await probe(unknown, b.accessCode)
    const malformed = await probe(a.orderNumber, 'not a code')
    const right = await probe(a.orderNumber, a.accessCode)
    const none = await probe(a.orderNumber, null)
    expect([wrong.status, missing.status, malformed.status, right.status, none.status]).toEqual([404, 404, 404, 200, 404])
    expect([wrong.derivations, missing.derivations, malformed.derivations, right.derivations]).toEqual([1, 1, 1, 1])
    expect(missing.statements).toEqual(wrong.statements)
    expect(malformed.statements).toEqual(wrong.statements)
    // The right code reads the same things, then gives its try back and reads the application.
    expect(right.statements.slice(0, wrong.statements.length)).toEqual(wrong.statements)
    // No code: nothing looked up, nothing to tell apart.
    expect(none).toMatchObject({ derivations: 0, statements: [] })
  })
})
