import type { Queryable } from './portal-db'

// Whole-database chores for tests, seeding and tools.

export const DATA_TABLES = [
  'access_attempts',
  'rate_limits',
  'access_codes',
  'audit_log',
  'command_results',
  'application_events',
  'application_removals',
  'removed_events',
  'applications',
  'attachments',
  'order_sequences',
  'service_test_links',
  'service_card_versions',
  'catalogue_revisions',
  'enrolment_codes',
  'clerk_keys',
  'workstations',
  'clerks',
  'centres'
] as const

export async function truncateAll(q: Queryable): Promise<void> {
  await q.query(`TRUNCATE ${DATA_TABLES.join(', ')}`)
}

/** ANALYZE: fresh planner statistics (the embedded database has no autovacuum to do it; portal.ts). */
export async function refreshPlannerStatistics(q: Queryable): Promise<void> {
  await q.query('ANALYZE')
}
