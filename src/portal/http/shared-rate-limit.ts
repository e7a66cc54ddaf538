import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit'
import type { Queryable } from '../db/portal-db'
import { countHit } from '../db/shared-state-repository'

/*
 * The per-address limit of the public routes, counted in the database (`rate_limits`, migration 9)
 * so that several portal processes behind one load balancer limit an address TOGETHER: with the
 * plugin's in-memory store each process would allow the full limit, N processes N times it. Like
 * the plugin's own stores, every route with its own limit counts apart (the key is route + address).
 * Chosen in the composition for PostgreSQL (portal.ts); the embedded database is one process, where
 * memory is exact and cheaper.
 */

function routeKey(routeOptions: unknown): string {
  const info = typeof routeOptions === 'object' && routeOptions !== null && 'routeInfo' in routeOptions ? routeOptions.routeInfo : null
  if (typeof info !== 'object' || info === null) return ''
  const method = 'method' in info ? String(info.method) : ''
  const url = 'url' in info ? String(info.url) : ''
  return `${method} ${url} `
}

export function sharedRateLimitStore(db: Queryable, clock: () => Date): FastifyRateLimitStoreCtor {
  class SharedRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options: unknown,
      private readonly prefix = ''
    ) {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      const now = clock()
      countHit(db, `${this.prefix}${key}`, now, timeWindow).then(
        ({ hits, windowEndsAt }) => callback(null, { current: hits, ttl: Math.max(0, windowEndsAt.getTime() - now.getTime()) }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)))
      )
    }

    child(routeOptions: unknown): FastifyRateLimitStore {
      return new SharedRateLimitStore(routeOptions, `${this.prefix}${routeKey(routeOptions)}`)
    }
  }
  return SharedRateLimitStore
}
