/** The audit administrator's view of the trail: search, verify, export. Reading it is itself audited. */
import type { Actor, AuditQuery, AuditView, Page, VerifyResult } from '@ningan/domain';
import { findAudit, streamAudit, verifyAudit } from '../repositories/audit.repository.ts';
import { audit, requirePermission, type ServiceDeps } from './context.ts';

const CSV_COLUMNS = [
  'seq',
  'at',
  'actorName',
  'action',
  'entityType',
  'entityId',
  'regionCode',
  'outcome',
  'ip',
  'details',
  'hash',
] as const;

function csvCell(value: unknown): string {
  const s =
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  // Neutralise spreadsheet formulas (CSV injection) and quote every cell.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function createAuditService(deps: ServiceDeps) {
  const { db, clock } = deps;
  return {
    async searchAudit(actor: Actor, q: AuditQuery): Promise<Page<AuditView>> {
      requirePermission(actor, 'audit:read');
      const { items, total } = await findAudit(db, q);
      return {
        items: items.map(({ prevHash: _prev, ...row }) => row),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    /** Checks the whole chain (no permission check: used by the CLI with local access too). */
    async verifyChain(): Promise<VerifyResult> {
      return verifyAudit(db);
    },

    async verifyAsAuditor(actor: Actor): Promise<VerifyResult> {
      requirePermission(actor, 'audit:read');
      const result = await verifyAudit(db);
      await db.transaction(async (tx) => {
        await audit(
          tx,
          actor,
          {
            action: 'audit.verify',
            entityType: 'audit_log',
            entityId: null,
            regionCode: null,
            details: result,
            outcome: result.ok ? 'success' : 'failure',
          },
          clock(),
        );
      });
      return result;
    },

    /** CSV (UTF-8 with BOM for Excel) of the filtered trail; the export itself is recorded. */
    async *exportCsv(
      actor: Actor,
      q: Omit<AuditQuery, 'page' | 'pageSize' | 'sort'>,
    ): AsyncGenerator<string> {
      requirePermission(actor, 'audit:export');
      await db.transaction(async (tx) => {
        await audit(
          tx,
          actor,
          { action: 'audit.export', entityType: 'audit_log', entityId: null, regionCode: null, details: q },
          clock(),
        );
      });
      yield `\uFEFF${CSV_COLUMNS.join(',')}\r\n`;
      let lines: string[] = [];
      for await (const row of streamAudit(db, q)) {
        lines.push(CSV_COLUMNS.map((c) => csvCell(row[c])).join(','));
        if (lines.length >= 500) {
          yield `${lines.join('\r\n')}\r\n`;
          lines = [];
        }
      }
      if (lines.length) yield `${lines.join('\r\n')}\r\n`;
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
