/**
 * Loads the plan-scale demo ledger (db/seed/ledger-demo.ts: 2,826 enterprises, 1,300 wells, 717 special
 * equipment units, hazard points, resources, plans…), every record flagged 演示数据. The generator's
 * output is validated with the same schemas and derived with the same domain functions as any write,
 * then stored in bulk with one audit row per created record, in one transaction.
 */
import {
  createRequestSchema,
  CreateEnterpriseRequest,
  deriveRecord,
  findRegistry,
  recordKey,
  type Actor,
  type Industry,
} from '@ningan/domain';
import type { LineString, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import { generateDemoLedger, type DemoGeo } from '../db/seed/ledger-demo.ts';
import { appendAuditBatch, type AuditEntry } from '../repositories/audit.repository.ts';
import { insertEnterprises } from '../repositories/enterprises.repository.ts';
import { insertLedgerRecords, type NewLedgerRow } from '../repositories/ledger.repository.ts';
import { insertOrgUnits } from '../repositories/org-units.repository.ts';
import { getRegion, listMapFeatures, listRegionsWithin } from '../repositories/regions.repository.ts';
import { beijingDate, type ServiceDeps } from './context.ts';
import { deriveContextOf, pointOf, searchTextOf } from './ledger.service.ts';

/** 管行业必须管安全: the department that supervises each industry in the demo (names from the org template). */
const SUPERVISOR_BY_INDUSTRY: Partial<Record<Industry, string>> = {
  危险化学品生产: '宁县应急管理局',
  危险化学品经营: '宁县应急管理局',
  危险化学品使用: '宁县应急管理局',
  煤矿: '宁县应急管理局',
  非煤矿山: '宁县应急管理局',
  石油天然气开采: '宁县应急管理局',
  油田技术服务: '宁县应急管理局',
  烟花爆竹: '宁县应急管理局',
  工贸: '宁县工业和信息化局',
  建筑施工: '宁县住房和城乡建设局',
  交通运输: '宁县交通运输局',
  商贸: '宁县商务局',
};

/** Departments that supervise records of a registry in the demo (by the record's kind where it matters). */
function recordSupervisor(registry: string, attrs: Record<string, unknown>): string | null {
  switch (registry) {
    case 'special-equipment':
      return '宁县市场监督管理局';
    case 'exposed-assets':
      return (
        (
          {
            学校: '宁县教育局',
            医院: '宁县卫生健康局',
            养老机构: '宁县民政局',
            水库: '宁县水务局',
            淤地坝: '宁县水务局',
            桥梁: '宁县交通运输局',
          } as Record<string, string>
        )[String(attrs.kind)] ?? null
      );
    case 'pipelines':
      return attrs.kind === '城镇燃气管道' ? '宁县住房和城乡建设局' : '宁县应急管理局';
    default:
      return null;
  }
}

async function demoGeo(deps: ServiceDeps): Promise<DemoGeo> {
  const { db, config } = deps;
  const county = await getRegion(db, config.regionCode);
  const townships = await listRegionsWithin(db, config.regionCode, 'township');
  const villages = await listRegionsWithin(db, config.regionCode, 'village');
  const rivers = await listMapFeatures(db, config.regionCode, 'river');
  return {
    countyCode: config.regionCode,
    county: county!.geometry as Polygon | MultiPolygon,
    townships: townships.map((t) => ({
      code: t.code,
      name: t.name,
      seat: [t.lon!, t.lat!],
      zone: t.geometry as Polygon | MultiPolygon,
    })),
    villages: villages.map((v) => ({
      code: v.code,
      name: v.name,
      townshipCode: v.parentCode!,
      point: [v.lon!, v.lat!],
    })),
    rivers: rivers.flatMap((r) => {
      const g = r.geometry as LineString | MultiLineString;
      const lines = g.type === 'LineString' ? [g.coordinates] : g.coordinates;
      return lines
        .filter((c) => c.length >= 2)
        .map((coordinates) => ({ name: r.name, line: { type: 'LineString' as const, coordinates } }));
    }),
  };
}

/**
 * Stores the demo ledger; returns the enterprises' ids and org units in generator order (the first is
 * the demo enterprise user's). Runs inside the caller's transaction.
 */
export async function seedDemoLedger(
  deps: ServiceDeps,
  actor: Actor,
  departmentId: (name: string) => Promise<string | null>,
): Promise<{
  enterprises: { id: string; orgUnitId: string; name: string; regionCode: string }[];
  records: number;
}> {
  const { clock, config, db } = deps;
  const now = clock();
  const today = beijingDate(now);
  const ledger = generateDemoLedger(await demoGeo(deps), { today });
  // Looked up before the transaction (PGlite has one connection: no queries outside `tx` inside it).
  const departments = new Map<string, string | null>();
  for (const name of [
    ...Object.values(SUPERVISOR_BY_INDUSTRY),
    ...ledger.records.map((r) => recordSupervisor(r.registry, r.request.attrs)),
  ])
    if (name && !departments.has(name)) departments.set(name, await departmentId(name));
  const dept = (name: string | null | undefined) => (name ? (departments.get(name) ?? null) : null);
  return db.transaction(async (tx) => {
    const audits: AuditEntry[] = [];
    const entry = (e: Omit<AuditEntry, 'actorId' | 'actorName' | 'ip' | 'outcome'>): AuditEntry => ({
      actorId: null,
      actorName: actor.username,
      ip: null,
      outcome: 'success',
      ...e,
    });

    // Enterprises and their own org units (the scope of their users).
    const units = await insertOrgUnits(
      tx,
      ledger.enterprises.map((e) => ({
        name: e.name,
        kind: 'enterprise' as const,
        regionCode: e.regionCode,
        isDemo: true,
        createdAt: now,
        updatedAt: now,
      })),
    );
    const enterpriseRows = [];
    const byId = new Map<string, { orgUnitId: string; supervisor: string | null }>();
    for (const [i, e] of ledger.enterprises.entries()) {
      const { id, ...request } = e;
      const input = CreateEnterpriseRequest.parse(request);
      const supervisor = dept(SUPERVISOR_BY_INDUSTRY[input.industry]);
      const orgUnitId = units[i]!.id;
      enterpriseRows.push({
        ...input,
        id,
        orgUnitId,
        supervisingDepartmentId: supervisor,
        isDemo: true,
        createdAt: now,
        updatedAt: now,
      });
      byId.set(id, { orgUnitId, supervisor });
      audits.push(
        entry({
          action: 'enterprise.create',
          entityType: 'enterprise',
          entityId: id,
          regionCode: input.regionCode,
          details: {
            name: input.name,
            creditCode: input.creditCode,
            industry: input.industry,
            source: 'demo',
          },
        }),
      );
    }
    for (let i = 0; i < enterpriseRows.length; i += 500)
      await insertEnterprises(tx, enterpriseRows.slice(i, i + 500));

    // Ledger records, validated and derived like any write.
    const ctx = deriveContextOf(config, now);
    const rows: NewLedgerRow[] = [];
    for (const r of ledger.records) {
      const def = findRegistry(r.registry);
      if (!def) throw new Error(`demo ledger: unknown registry ${r.registry}`);
      const input = createRequestSchema(def).parse(r.request);
      const derivation = deriveRecord(def, { attrs: input.attrs, geometry: input.geometry }, ctx);
      if (derivation.problems.length)
        throw new Error(`demo ledger: ${r.registry} ${input.name}: ${JSON.stringify(derivation.problems)}`);
      const owner = input.enterpriseId ? byId.get(input.enterpriseId) : undefined;
      const [lon, lat] = input.geometry ? pointOf(input.geometry) : [input.lon, input.lat];
      rows.push({
        id: r.id,
        registry: def.key,
        recordKey: recordKey(def, input),
        name: input.name,
        regionCode: input.regionCode,
        lon,
        lat,
        geometry: input.geometry,
        enterpriseId: input.enterpriseId,
        orgUnitId: owner?.orgUnitId ?? null,
        supervisingDepartmentId: def.supervised
          ? (dept(recordSupervisor(def.key, input.attrs)) ?? owner?.supervisor ?? null)
          : null,
        attrs: input.attrs,
        derived: derivation.derived,
        grade: derivation.grade,
        searchText: searchTextOf(def, input.name, input.attrs),
        isDemo: true,
        createdAt: now,
        updatedAt: now,
      });
      audits.push(
        entry({
          action: 'ledger.create',
          entityType: def.entityType,
          entityId: r.id,
          regionCode: input.regionCode,
          details: { registry: def.key, name: input.name, grade: derivation.grade, source: 'demo' },
        }),
      );
    }
    const keys = new Set<string>();
    for (const r of rows) {
      const k = `${r.registry} ${r.recordKey}`;
      if (keys.has(k)) throw new Error(`demo ledger: duplicate record key ${k}`);
      keys.add(k);
    }
    for (let i = 0; i < rows.length; i += 500) await insertLedgerRecords(tx, rows.slice(i, i + 500));
    await appendAuditBatch(tx, audits, now);
    return {
      enterprises: ledger.enterprises.map((e, i) => ({
        id: e.id,
        orgUnitId: units[i]!.id,
        name: e.name,
        regionCode: e.regionCode,
      })),
      records: rows.length,
    };
  });
}
