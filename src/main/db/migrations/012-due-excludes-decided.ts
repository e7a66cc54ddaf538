import type { Migration } from './migration'

/*
 * The queue's "Сьогодні й прострочені" tab counted an application whose result waits for its
 * applicant (status result_ready) as overdue, while the dashboard's «Прострочено зараз» did not:
 * its term ended with the decision (status.ts termRuns). One definition now: the running-deadline
 * index leaves decided applications out, so the due tab is still counted from this index alone.
 * The queue's condition repeats the literal `status <> 'result_ready'` so SQLite can use it
 * (queue-repository.ts tabCondition 'due'; a bound parameter would not match the partial index), and
 * the index carries the status too: SQLite checks the term again, and reads it from the index.
 */
export const migration012DueExcludesDecided: Migration = {
  version: 12,
  name: 'due index: decided applications are not due',
  up(db): void {
    db.exec(`
      DROP INDEX applications_by_running_due;
      CREATE INDEX applications_by_running_due ON applications(is_open, paused, due_at_ms, status)
        WHERE is_open = 1 AND paused = 0 AND status <> 'result_ready';
    `)
  }
}
