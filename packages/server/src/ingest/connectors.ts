/**
 * Running the generic connectors (issue #4 part 2): an HTTP pull fetches a JSON document, a CSV drop
 * reads the files put into its folder (`DATA_DIR/drop/<connector id>/`); the domain's mapping turns their
 * records into device payloads, which the ingest takes like an integration token's (scope, checks,
 * quarantine, group commit). Every run leaves its result on the connector row, so the schedule — each
 * connector every `intervalSeconds` — picks up where it was after a restart. A CSV file is moved to
 * `processed/` once its records are durable, or to `failed/` when it cannot be read.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  CsvDropSettings,
  HttpPullSettings,
  mapRecords,
  recordsOf,
  type ConnectorMapping,
  type ConnectorRunResult,
} from '@ningan/domain';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { readTable } from '../lib/table-reader.ts';
import {
  listEnabledConnectors,
  updateConnector,
  type ConnectorRow,
} from '../repositories/monitoring.repository.ts';
import type { Clock } from '../services/context.ts';
import type { IngestService } from './ingest.ts';

/** Largest pulled document or dropped file read (bytes). */
const MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;
const PULL_TIMEOUT_MS = 30_000;

export function dropDirOf(config: Config, connectorId: string): string {
  return path.join(config.dataDir, 'drop', connectorId);
}

export interface ConnectorDeps {
  db: Db;
  clock: Clock;
  config: Config;
  log: Logger;
  ingest: IngestService;
}

export function createConnectorRunner(deps: ConnectorDeps) {
  const { db, clock, config, log, ingest } = deps;
  const running = new Set<string>();

  const scopeOf = (c: ConnectorRow) => ({
    id: c.id,
    name: `接入连接器“${c.name}”`,
    regionCode: c.regionCode,
    orgUnitId: c.orgUnitId,
  });

  async function pull(c: ConnectorRow, mapping: ConnectorMapping) {
    const settings = HttpPullSettings.parse(c.settings);
    const res = await fetch(settings.url, {
      headers: { accept: 'application/json', ...settings.headers },
      signal: AbortSignal.timeout(PULL_TIMEOUT_MS),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    if (!res.ok) return { ok: false, message: `HTTP ${res.status}`, records: 0 };
    if (bytes.byteLength > MAX_DOCUMENT_BYTES)
      return {
        ok: false,
        message: `文档 ${bytes.byteLength} 字节，超过 ${MAX_DOCUMENT_BYTES} 字节`,
        records: 0,
      };
    let document: unknown;
    try {
      document = JSON.parse(bytes.toString('utf8'));
    } catch {
      await ingest.quarantineWhole(
        'connector',
        'not_json',
        `${c.name}：拉取的内容不是 JSON`,
        bytes,
        c.regionCode,
      );
      return { ok: false, message: '拉取的内容不是 JSON（已隔离）', records: 0, quarantined: 1 };
    }
    const records = recordsOf(document, mapping.items);
    if (!records) {
      await ingest.quarantineWhole(
        'connector',
        'bad_shape',
        `${c.name}：${mapping.items || '文档'} 不是数组`,
        bytes,
        c.regionCode,
      );
      return {
        ok: false,
        message: `${mapping.items || '文档'} 不是数组（已隔离）`,
        records: 0,
        quarantined: 1,
      };
    }
    const r = await ingest.acceptConnector(scopeOf(c), mapRecords(records, mapping));
    return { ok: true, message: `拉取 ${records.length} 条记录`, records: records.length, ...r };
  }

  async function drop(c: ConnectorRow, mapping: ConnectorMapping) {
    CsvDropSettings.parse(c.settings);
    const dir = dropDirOf(config, c.id);
    fs.mkdirSync(path.join(dir, 'processed'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'failed'), { recursive: true });
    const files = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((f) => f.isFile() && f.name.toLowerCase().endsWith('.csv'))
      .map((f) => f.name)
      .sort();
    const total = { records: 0, accepted: 0, duplicates: 0, quarantined: 0 };
    const stamp = () => clock().toISOString().replace(/[:.]/g, '-');
    for (const name of files) {
      const file = path.join(dir, name);
      const bytes = fs.readFileSync(file);
      let rows: Record<string, string>[];
      try {
        if (bytes.byteLength > MAX_DOCUMENT_BYTES) throw new Error(`文件超过 ${MAX_DOCUMENT_BYTES} 字节`);
        rows = (await readTable(bytes)).rows.map((r) => r.cells);
      } catch (err) {
        await ingest.quarantineWhole(
          'connector',
          'bad_shape',
          `${c.name}：${name} 无法读取（${(err as Error).message}）`,
          bytes,
          c.regionCode,
        );
        fs.renameSync(file, path.join(dir, 'failed', `${stamp()}-${name}`));
        total.quarantined += 1;
        continue;
      }
      const r = await ingest.acceptConnector(scopeOf(c), mapRecords(rows, mapping));
      fs.renameSync(file, path.join(dir, 'processed', `${stamp()}-${name}`));
      total.records += rows.length;
      total.accepted += r.accepted;
      total.duplicates += r.duplicates;
      total.quarantined += r.quarantined;
    }
    return { ok: true, message: `处理 ${files.length} 个文件`, ...total };
  }

  /** Runs one connector now and records the result on it. */
  async function run(c: ConnectorRow): Promise<ConnectorRunResult> {
    const at = clock();
    let result: ConnectorRunResult;
    running.add(c.id);
    try {
      const mapping = c.mapping as ConnectorMapping;
      const r = c.kind === 'http_pull' ? await pull(c, mapping) : await drop(c, mapping);
      result = { at: at.toISOString(), accepted: 0, duplicates: 0, quarantined: 0, ...r };
    } catch (err) {
      log.warn({ err, connector: c.id }, 'connector run failed');
      result = {
        at: at.toISOString(),
        ok: false,
        message: (err as Error).message.slice(0, 500),
        records: 0,
        accepted: 0,
        duplicates: 0,
        quarantined: 0,
      };
    } finally {
      running.delete(c.id);
    }
    await updateConnector(db, c.id, { lastRunAt: at, lastRun: result });
    return result;
  }

  return {
    run,
    /** Runs every enabled connector when its interval has passed since its last run; returns the stopper. */
    schedule(everyMs = 5000): () => void {
      let busy = false;
      const tick = async () => {
        if (busy) return;
        busy = true;
        try {
          const now = clock().getTime();
          for (const c of await listEnabledConnectors(db)) {
            const interval = ((c.settings as { intervalSeconds?: number }).intervalSeconds ?? 300) * 1000;
            if (running.has(c.id) || (c.lastRunAt && now - c.lastRunAt.getTime() < interval)) continue;
            await run(c);
          }
        } catch (err) {
          log.error({ err }, 'connector schedule failed');
        } finally {
          busy = false;
        }
      };
      const timer = setInterval(() => void tick(), everyMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}

export type ConnectorRunner = ReturnType<typeof createConnectorRunner>;
