import { toReportFactRow } from '../application-rows'
import { toReportRow } from '../reports-repository'
import { INSERT_REPORT_FACT } from '../report-aggregates-repository'
import type { Migration } from './migration'

/*
 * The supervisors' dashboard reads daily aggregates instead of recounting a million applications
 * (issue 18). They are a cache of the definitions in src/shared/reports, kept up to date the way the
 * queue's counters are (application_counts): by triggers, so every write path (a pulled page, a local
 * command and its replay, the bulk loader, a mirror reset's swap, a delete) keeps them right.
 *
 * - report_facts: one row per application with the few fields the figures need (no personal data),
 *   written by writeApplicationRows beside the application's own rows, and its "steps"
 *   (dailySteps: day, kind, ±n) as JSON. Its own table so the queue's rows stay as small as they are.
 * - report_daily: the sum of the steps per (kind, day, service, channel), kept by the triggers on
 *   report_facts. Rows that come back to zero stay (a day that had something and no longer has).
 * - report_processing_days: decisions per (day, service, channel, whole working days taken), by the
 *   same triggers: a median is found by counting there, then reading one bucket's times in order.
 *
 * Days are local dates of the centre's calendar (AGGREGATE_CALENDAR); a report in another calendar
 * is computed from the rows. Existing applications are counted here, from their records.
 */

const STEP_FROM_JSON = `SELECT s.value ->> 1 AS kind, s.value ->> 0 AS day, s.value ->> 2 AS n`

export const migration010ReportAggregates: Migration = {
  version: 10,
  name: 'daily report aggregates',
  up(db): void {
    db.exec(`
      CREATE TABLE report_facts (
        application_id TEXT PRIMARY KEY REFERENCES applications(id) ON DELETE CASCADE,
        service_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        status TEXT NOT NULL,
        holder_clerk_id TEXT,
        holder_name TEXT,
        received_at TEXT NOT NULL,
        received_at_ms INTEGER NOT NULL,
        due_at TEXT NOT NULL,
        due_at_ms INTEGER NOT NULL,
        outcome TEXT,
        decided_at TEXT,
        decided_at_ms INTEGER,
        decided_day TEXT,
        processing_centi INTEGER,
        pauses_json TEXT NOT NULL,
        steps_json TEXT NOT NULL
      ) STRICT;
      -- Applications decided on a day (those decided after "now": a clock behind the portal's).
      CREATE INDEX report_facts_by_decided_day ON report_facts(decided_day) WHERE decided_day IS NOT NULL;
      -- The median processing time per service: the times of one whole-day bucket of one service decided in a period, in order.
      CREATE INDEX report_facts_for_median ON report_facts(service_id, processing_centi / 100, decided_day, channel, processing_centi)
        WHERE processing_centi IS NOT NULL;
      -- Pending now: the undecided ones counted per holder (the workload), and those past their deadline (overdue unless paused).
      CREATE INDEX report_facts_undecided ON report_facts(holder_clerk_id, holder_name, service_id, channel, received_at_ms, decided_at_ms)
        WHERE decided_at_ms IS NULL;
      CREATE INDEX report_facts_undecided_due ON report_facts(due_at_ms) WHERE decided_at_ms IS NULL;

      -- How many applications decided on a day took a whole number of working days (processing_centi / 100):
      -- where each service's median lies, before report_facts_for_median finds it.
      CREATE TABLE report_processing_days (
        day TEXT NOT NULL,
        service_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        whole_days INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (day, service_id, channel, whole_days)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE report_daily (
        kind TEXT NOT NULL,
        day TEXT NOT NULL,
        service_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (kind, day, service_id, channel)
      ) STRICT, WITHOUT ROWID;

      CREATE TRIGGER report_facts_insert AFTER INSERT ON report_facts BEGIN
        INSERT INTO report_daily (kind, day, service_id, channel, n)
          SELECT kind, day, NEW.service_id, NEW.channel, n FROM (${STEP_FROM_JSON} FROM json_each(NEW.steps_json) s) WHERE true
          ON CONFLICT (kind, day, service_id, channel) DO UPDATE SET n = report_daily.n + excluded.n;
        INSERT INTO report_processing_days (day, service_id, channel, whole_days, n)
          SELECT NEW.decided_day, NEW.service_id, NEW.channel, NEW.processing_centi / 100, 1 WHERE NEW.processing_centi IS NOT NULL
          ON CONFLICT (day, service_id, channel, whole_days) DO UPDATE SET n = report_processing_days.n + 1;
      END;
      CREATE TRIGGER report_facts_delete AFTER DELETE ON report_facts BEGIN
        UPDATE report_daily SET n = report_daily.n - s.n
          FROM (${STEP_FROM_JSON} FROM json_each(OLD.steps_json) s) AS s
          WHERE report_daily.kind = s.kind AND report_daily.day = s.day
            AND report_daily.service_id = OLD.service_id AND report_daily.channel = OLD.channel;
        UPDATE report_processing_days SET n = n - 1
          WHERE OLD.processing_centi IS NOT NULL AND day = OLD.decided_day AND service_id = OLD.service_id AND channel = OLD.channel
            AND whole_days = OLD.processing_centi / 100;
      END;
      CREATE TRIGGER report_facts_update AFTER UPDATE ON report_facts
      WHEN OLD.steps_json IS NOT NEW.steps_json OR OLD.service_id IS NOT NEW.service_id OR OLD.channel IS NOT NEW.channel BEGIN
        UPDATE report_daily SET n = report_daily.n - s.n
          FROM (${STEP_FROM_JSON} FROM json_each(OLD.steps_json) s) AS s
          WHERE report_daily.kind = s.kind AND report_daily.day = s.day
            AND report_daily.service_id = OLD.service_id AND report_daily.channel = OLD.channel;
        INSERT INTO report_daily (kind, day, service_id, channel, n)
          SELECT kind, day, NEW.service_id, NEW.channel, n FROM (${STEP_FROM_JSON} FROM json_each(NEW.steps_json) s) WHERE true
          ON CONFLICT (kind, day, service_id, channel) DO UPDATE SET n = report_daily.n + excluded.n;
      END;
      CREATE TRIGGER report_facts_update_processing AFTER UPDATE ON report_facts
      WHEN OLD.processing_centi IS NOT NEW.processing_centi OR OLD.decided_day IS NOT NEW.decided_day
        OR OLD.service_id IS NOT NEW.service_id OR OLD.channel IS NOT NEW.channel BEGIN
        UPDATE report_processing_days SET n = n - 1
          WHERE OLD.processing_centi IS NOT NULL AND day = OLD.decided_day AND service_id = OLD.service_id AND channel = OLD.channel
            AND whole_days = OLD.processing_centi / 100;
        INSERT INTO report_processing_days (day, service_id, channel, whole_days, n)
          SELECT NEW.decided_day, NEW.service_id, NEW.channel, NEW.processing_centi / 100, 1 WHERE NEW.processing_centi IS NOT NULL
          ON CONFLICT (day, service_id, channel, whole_days) DO UPDATE SET n = report_processing_days.n + 1;
      END;
    `)
    // The applications already stored, in batches of rowids (a statement cannot be read while the
    // same connection writes), the decision and pauses read from the record as reports-repository does.
    const read = db.prepare(
      `SELECT a.rowid AS rid, a.id, a.service_id, a.channel, a.status, a.holder_clerk_id, a.holder_name, a.received_at, a.due_at,
              json_extract(r.record_json, '$.decision.kind') AS decision_kind,
              json_extract(r.record_json, '$.decision.decidedAt') AS decided_at,
              json_extract(r.record_json, '$.pauses') AS pauses_json
         FROM applications a JOIN application_records r ON r.application_id = a.id
        WHERE a.rowid > ? ORDER BY a.rowid LIMIT 5000`
    )
    const insert = db.prepare(INSERT_REPORT_FACT)
    let after = 0
    for (;;) {
      const batch = read.all(after) as ({ rid: number } & Record<string, unknown>)[]
      if (batch.length === 0) break
      for (const { rid, ...raw } of batch) {
        after = rid
        insert.run(...toReportFactRow(toReportRow(raw)))
      }
    }
  }
}
