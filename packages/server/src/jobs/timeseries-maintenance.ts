/**
 * Time-series upkeep (issue #4 part 3), run at start-up before the ingest opens and then hourly:
 * creates the partitions readings will need (raw: each UTC day up to a week ahead; minute rollups: this
 * month and the next), drops whole partitions once they are past their tier's retention, and deletes
 * expired rows where there is no partition to drop (the DEFAULT partitions, hourly rollups, the
 * quarantine). Idempotent: after a restart it simply catches up.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { deleteQuarantineBefore } from '../repositories/monitoring.repository.ts';
import {
  createPartition,
  deleteRowsBefore,
  dropPartition,
  listPartitions,
  partitionOf,
  PARTITIONED,
  type PartitionedTable,
} from '../repositories/readings.repository.ts';
import type { Clock } from '../services/context.ts';

const DAY = 86_400_000;
/** Raw partitions created ahead of today. */
const DAYS_AHEAD = 7;

export interface MaintenanceReport {
  created: string[];
  dropped: string[];
  deletedRows: number;
}

export function createTimeseriesMaintenance(deps: { db: Db; clock: Clock; config: Config; log: Logger }) {
  const { db, clock, config, log } = deps;
  const r = config.monitoring.retention;
  const retentionDays = (t: PartitionedTable) => (t.parent === 'readings' ? r.rawDays : r.minuteDays);

  async function run(): Promise<MaintenanceReport> {
    const now = clock();
    const report: MaintenanceReport = { created: [], dropped: [], deletedRows: 0 };
    for (const t of PARTITIONED) {
      const existing = new Set((await listPartitions(db, t)).map((p) => p.name));
      const wanted =
        t.period === 'day'
          ? Array.from({ length: DAYS_AHEAD + 1 }, (_, i) =>
              partitionOf(t, new Date(now.getTime() + i * DAY)),
            )
          : [
              partitionOf(t, now),
              partitionOf(t, new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1))),
            ];
      const cutoff = new Date(now.getTime() - retentionDays(t) * DAY);
      for (const p of wanted)
        if (!existing.has(p.name) && p.to > cutoff) {
          try {
            await createPartition(db, t, p);
            report.created.push(p.name);
          } catch (err) {
            // Only possible when the DEFAULT partition already holds rows of that range (a clock jump):
            // those rows stay where they are and are still found and expired.
            log.warn({ err, partition: p.name }, 'could not create a time-series partition');
          }
        }
      for (const p of await listPartitions(db, t))
        if (p.to <= cutoff) {
          await dropPartition(db, p.name);
          report.dropped.push(p.name);
        }
    }
    const rawCutoff = new Date(now.getTime() - r.rawDays * DAY);
    const minuteCutoff = new Date(now.getTime() - r.minuteDays * DAY);
    const hourCutoff = new Date(now.getTime() - r.hourDays * DAY);
    report.deletedRows += await deleteRowsBefore(db, 'readings_default', 'ts', rawCutoff);
    report.deletedRows += await deleteRowsBefore(db, 'readings_1m_default', 'bucket', minuteCutoff);
    report.deletedRows += await deleteRowsBefore(db, 'readings_1h', 'bucket', hourCutoff);
    report.deletedRows += await deleteQuarantineBefore(db, new Date(now.getTime() - r.quarantineDays * DAY));
    if (report.created.length || report.dropped.length || report.deletedRows)
      log.info(report, 'time-series maintenance');
    return report;
  }

  return {
    run,
    /** Runs every `everyMs` (default hourly) until the returned function is called. */
    schedule(everyMs = 3_600_000): () => void {
      let running: Promise<unknown> | null = null;
      const timer = setInterval(() => {
        running ??= run()
          .catch((err: unknown) => log.error({ err }, 'time-series maintenance failed'))
          .finally(() => (running = null));
      }, everyMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
