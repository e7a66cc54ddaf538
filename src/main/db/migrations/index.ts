import { migration001Initial } from './001-initial'
import { migration002Sync } from './002-sync'
import { migration003AuditSession } from './003-audit-session'
import { migration004QueueSearchViews } from './004-queue-search-views'
import { migration005AdminAudit } from './005-admin-audit'
import { migration006DropChecklistRows } from './006-drop-checklist-rows'
import { migration007ResultsChain } from './007-results-chain'
import { migration008CommandSignatures } from './008-command-signatures'
import { migration009AccessCodeSlips } from './009-access-code-slips'
import { migration010ReportAggregates } from './010-report-aggregates'
import { migration011ReportMedianIndex } from './011-report-median-index'
import { migration012DueExcludesDecided } from './012-due-excludes-decided'
import { migration013ClerkRoster } from './013-clerk-roster'
import { migration014TestApplications } from './014-test-applications'
import { migration015ServiceCards } from './015-service-cards'
import type { Migration } from './migration'

export type { Migration } from './migration'

/**
 * Every schema step, in order. Versions are 1..N without gaps (checked by `checkMigrationList`);
 * a shipped migration is never edited, a change is a new one appended at the end.
 */
export const MIGRATIONS: readonly Migration[] = [
  migration001Initial,
  // Outbox, conflicts and the mirror shadow of the sync engine (sync.md).
  migration002Sync,
  // Append-only audit trail, offline sign-in verifiers and the lockout counters (issue 8).
  migration003AuditSession,
  // Full-text name search for the queue and the clerks' saved views (issue 5).
  migration004QueueSearchViews,
  // 'admin' entries in the audit trail: the administration screen (issue 8).
  migration005AdminAudit,
  // The checklist rows nothing read: the record holds the checklist (sync speed, issue 4).
  migration006DropChecklistRows,
  // The results chain, and conflicts the portal overturned after a restore (sync, issue 14).
  migration007ResultsChain,
  // Each command signed by its clerk's key on this workstation, and the wrapped keys (issue 20).
  migration008CommandSignatures,
  // Access codes made at the desk, kept until their receipt is printed (issue 16).
  migration009AccessCodeSlips,
  // Daily aggregates of the report figures, kept by triggers (issue 18).
  migration010ReportAggregates,
  // The dashboard's median read in index order, and decisions after "now" by instant (issue 18).
  migration011ReportMedianIndex,
  // Decided applications (the result waits) are not due: one definition for the queue and the reports.
  migration012DueExcludesDecided,
  // The centre's roster from the portal: a supervisor reassigns to any active clerk (dashboard spec).
  migration013ClerkRoster,
  // The card version of each application, and test applications left out of every figure (issue 17).
  migration014TestApplications,
  // Every card version of the centre on the desk, from the portal through sync (issue 17).
  migration015ServiceCards
]

export function checkMigrationList(list: readonly Migration[]): void {
  list.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`Migration "${m.name}" has version ${m.version} at position ${i + 1}: versions must be 1..N in order, without gaps`)
    }
  })
}

export function latestVersion(list: readonly Migration[] = MIGRATIONS): number {
  return list[list.length - 1]?.version ?? 0
}
