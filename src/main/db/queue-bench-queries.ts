import type { QueueQuery } from '../../shared/queue'
import { prepared, type Db } from './sql'

/*
 * The representative queue requests of `npm run bench:queue`, shared with queue-plan.test.ts so
 * that every request the benchmark times also has its EXPLAIN QUERY PLAN checked.
 */

/** Real values from the database being measured, so searches find what a clerk would look for. */
export interface BenchSample {
  orderNumber: string
  rnokpp: string
  phone: string
  /** "Surname Given Patronymic" as stored. */
  fullName: string
  /** A clerk who holds open applications (the "mine" tab and the holder filter). */
  holderClerkId: string
  serviceId: string
  category: string
}

export type BenchQuery = { name: string; query: QueueQuery } | { name: 'counts'; counts: true }

export function benchQueries(s: BenchSample): BenchQuery[] {
  return [
    { name: 'tab new', query: { tab: 'new' } },
    { name: 'tab mine', query: { tab: 'mine' } },
    { name: 'tab waiting', query: { tab: 'waiting' } },
    { name: 'tab due', query: { tab: 'due' } },
    { name: 'tab forwarded', query: { tab: 'forwarded' } },
    { name: 'tab all', query: { tab: 'all' } },
    { name: 'tab history', query: { tab: 'history' } },
    { name: 'counts', counts: true },
    { name: 'filter service', query: { tab: 'all', serviceId: s.serviceId } },
    { name: 'filter category', query: { tab: 'all', category: s.category } },
    { name: 'filter status (history)', query: { tab: 'history', status: 'refused' } },
    { name: 'filter channel walk-in', query: { tab: 'all', channel: 'walk_in' } },
    { name: 'filter deadline ≤3 days', query: { tab: 'all', dueWithinDays: 3 } },
    { name: 'filter holder', query: { tab: 'all', holderClerkId: s.holderClerkId } },
    { name: 'sort received (all)', query: { tab: 'all', sort: 'received' } },
    { name: 'sort number (history)', query: { tab: 'history', sort: 'number' } },
    { name: 'search order number', query: { tab: 'new', search: s.orderNumber } },
    { name: 'search surname prefix "Мар"', query: { tab: 'new', search: 'Мар' } },
    { name: 'search full name', query: { tab: 'new', search: s.fullName } },
    { name: 'search РНОКПП', query: { tab: 'new', search: s.rnokpp } },
    { name: 'search phone', query: { tab: 'new', search: s.phone.replace(/^\+38/u, '') } }
  ]
}

/** A sample of real values, taken from the application at `rowid` (or the nearest after it). */
export function benchSample(db: Db, rowid = 1): BenchSample {
  const row = prepared<{
    order_number: string
    rnokpp: string
    phone: string
    surname: string
    given_name: string
    patronymic: string | null
  }>(
    db,
    `SELECT a.order_number, p.rnokpp, p.phone, p.surname, p.given_name, p.patronymic
     FROM applications a JOIN applicants p ON p.id = a.applicant_id
     WHERE a.rowid >= ? AND p.rnokpp IS NOT NULL AND p.phone IS NOT NULL ORDER BY a.rowid LIMIT 1`
  ).get(rowid)
  if (!row) throw new Error('benchSample: no application with an РНОКПП and a phone')
  const holder = prepared<{ holder_clerk_id: string }>(
    db,
    `SELECT holder_clerk_id FROM applications WHERE holder_clerk_id IS NOT NULL AND is_open = 1 ORDER BY rowid DESC LIMIT 1`
  ).get()
  const service = prepared<{ id: string; category_uk: string }>(
    db,
    `SELECT id, category_uk FROM services WHERE id = 'id-card' OR placeholder = 0 ORDER BY id = 'id-card' DESC LIMIT 1`
  ).get()
  return {
    orderNumber: row.order_number,
    rnokpp: row.rnokpp,
    phone: row.phone,
    fullName: [row.surname, row.given_name, row.patronymic].filter((x) => x !== null).join(' '),
    holderClerkId: holder?.holder_clerk_id ?? 'clerk-olena',
    serviceId: service?.id ?? 'id-card',
    category: service?.category_uk ?? 'Соціальний захист'
  }
}
