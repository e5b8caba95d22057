/**
 * The pure rules of the warning screens (预警发布): which list tab shows what, the area drawn on the map as
 * GeoJSON (a circle as a polygon, for display only — the server resolves targets from the circle itself),
 * the township/village tree and the codes a check in it means, quick expiry picks, the 叫应 countdown and
 * totals, delivery progress as bar segments. No React, no DOM.
 */
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { WARNING_HAZARD_LABELS, WARNING_HAZARDS, type WarningHazard } from '@ningan/domain';
import type {
  CallBoard,
  CallPerson,
  Cover,
  WarningPhaseKey,
  WarningStateKey,
  WarningTargetArea,
} from './warnings-types.ts';

export const LIST_TABS = ['draft', 'in_review', 'awaiting_signoff', 'active', 'ended', 'external'] as const;
export type ListTab = (typeof LIST_TABS)[number];

/** The phases the 已解除·已过期 tab picks between (the list takes one phase at a time). */
export const ENDED_PHASES = ['cancelled', 'expired', 'superseded'] as const;
export type EndedPhase = (typeof ENDED_PHASES)[number];

/** The list query of a tab (external warnings have their own route). */
export function tabFilters(
  tab: Exclude<ListTab, 'external'>,
  ended: EndedPhase = 'cancelled',
): { state: string; phase?: WarningPhaseKey } {
  switch (tab) {
    case 'draft':
      return { state: 'draft,rejected' };
    case 'in_review':
    case 'awaiting_signoff':
      return { state: tab };
    case 'active':
      return { state: 'published', phase: 'active' };
    case 'ended':
      return { state: 'published', phase: ended };
  }
}

/** The tab a message belongs to (rejected drafts stay under 草稿 for the author to see why). */
export function tabOf(state: WarningStateKey, phase: WarningPhaseKey | null): Exclude<ListTab, 'external'> {
  switch (state) {
    case 'draft':
    case 'rejected':
      return 'draft';
    case 'in_review':
    case 'awaiting_signoff':
      return state;
    case 'published':
      return phase === 'active' || phase === null ? 'active' : 'ended';
  }
}

export const EMPTY_AREA: WarningTargetArea = { regionCodes: [], polygons: [], circles: [] };

export function isAreaEmpty(area: WarningTargetArea): boolean {
  return area.regionCodes.length + area.polygons.length + area.circles.length === 0;
}

const KM_PER_DEGREE_LAT = 111.32;

/**
 * A circle (centre WGS84, radius km) as a closed ring of `steps` + 1 points: planar on the local tangent
 * (longitude degrees shrink with cos(lat)), which is well within a pixel at county scale.
 */
export function circleRing(lon: number, lat: number, radiusKm: number, steps = 64): [number, number][] {
  const dLat = radiusKm / KM_PER_DEGREE_LAT;
  const dLon = radiusKm / (KM_PER_DEGREE_LAT * Math.cos((lat * Math.PI) / 180));
  const ring: [number, number][] = [];
  for (let i = 0; i < steps; i++) {
    const a = (2 * Math.PI * i) / steps;
    ring.push([round6(lon + dLon * Math.cos(a)), round6(lat + dLat * Math.sin(a))]);
  }
  ring.push(ring[0]!);
  return ring;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** A polygon's points as a closed GeoJSON ring (the first point repeated at the end). */
export function closedRing(points: readonly { lon: number; lat: number }[]): [number, number][] {
  const ring = points.map((p): [number, number] => [p.lon, p.lat]);
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) ring.push(first);
  return ring;
}

/** A polygon needs three distinct corners (four points once closed, CAP 1.2 §3.3.2 "polygon"). */
export function canClosePolygon(points: readonly { lon: number; lat: number }[]): boolean {
  const distinct = new Set(points.map((p) => `${p.lon},${p.lat}`));
  return distinct.size >= 3;
}

/** The drawn shapes (polygons and circles) of `area` as GeoJSON polygons, each tagged with its kind and index. */
export function drawnFeatures(
  area: WarningTargetArea,
): FeatureCollection<Polygon, { kind: 'polygon' | 'circle'; index: number }> {
  const features: Feature<Polygon, { kind: 'polygon' | 'circle'; index: number }>[] = [
    ...area.polygons
      .filter((p) => p.length >= 3)
      .map((p, index) => ({
        type: 'Feature' as const,
        properties: { kind: 'polygon' as const, index },
        geometry: { type: 'Polygon' as const, coordinates: [closedRing(p)] },
      })),
    ...area.circles.map((c, index) => ({
      type: 'Feature' as const,
      properties: { kind: 'circle' as const, index },
      geometry: { type: 'Polygon' as const, coordinates: [circleRing(c.lon, c.lat, c.radiusKm)] },
    })),
  ];
  return { type: 'FeatureCollection', features };
}

/** A township and its villages, as the targeting tree shows them. */
export interface TownshipNode {
  code: string;
  name: string;
  villages: { code: string; name: string }[];
}

/** The tree's nodes: townships (sorted by code) with their villages. */
export function buildTownshipNodes(
  townships: readonly { code: string; name: string }[],
  villages: readonly { code: string; name: string; townshipCode: string }[],
): TownshipNode[] {
  return [...townships]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((t) => ({
      code: t.code,
      name: t.name,
      villages: villages
        .filter((v) => v.townshipCode === t.code)
        .map((v) => ({ code: v.code, name: v.name }))
        .sort((a, b) => a.code.localeCompare(b.code)),
    }));
}

/**
 * The admin codes a set of checked tree keys means: a township whose every village is checked (or that has
 * none listed) is named by its own code; otherwise its checked villages are named one by one.
 */
export function regionCodesOfChecked(checked: readonly string[], nodes: readonly TownshipNode[]): string[] {
  const set = new Set(checked);
  const codes: string[] = [];
  for (const t of nodes) {
    const chosen = t.villages.filter((v) => set.has(v.code));
    const whole =
      (t.villages.length === 0 && set.has(t.code)) ||
      (t.villages.length > 0 && chosen.length === t.villages.length);
    if (whole) codes.push(t.code);
    else codes.push(...chosen.map((v) => v.code));
  }
  return codes;
}

/** The inverse: the tree keys to show checked for `regionCodes` (a township code checks its villages too). */
export function checkedOfRegionCodes(
  regionCodes: readonly string[],
  nodes: readonly TownshipNode[],
): string[] {
  const keys = new Set<string>();
  for (const code of regionCodes) {
    const t = nodes.find((n) => n.code === code);
    if (t) {
      keys.add(t.code);
      for (const v of t.villages) keys.add(v.code);
    } else keys.add(code);
  }
  return [...keys];
}

/** Expiry `hours` after `from` (the quick picks 6 h / 12 h / 24 h). */
export function expiryAfter(from: Date, hours: number): Date {
  return new Date(from.getTime() + hours * 3_600_000);
}

export const EXPIRY_QUICK_PICKS = [6, 12, 24] as const;

/** "12:05" left (mm:ss; h:mm:ss past an hour), or overdue by that much. */
export function countdown(dueAt: string | null, now: number): { overdue: boolean; text: string } | null {
  if (!dueAt) return null;
  const ms = new Date(dueAt).getTime() - now;
  if (Number.isNaN(ms)) return null;
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  const text = h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
  return { overdue: ms < 0, text };
}

/** Every person of the board (township heads and village persons). */
export function boardPersons(board: CallBoard): CallPerson[] {
  return [
    ...board.townships.flatMap((t) => [...t.persons, ...t.villages.flatMap((v) => v.persons)]),
    ...board.county,
  ];
}

/** answered / total of the whole board (counted from the rows, so a partly loaded board stays consistent). */
export function callTotals(board: CallBoard): { answered: number; total: number } {
  const persons = boardPersons(board);
  return { answered: persons.filter((p) => p.answeredAt !== null).length, total: persons.length };
}

/** 87.5 % / — (one decimal; null or no target: a dash). */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** The rate of a Cover, computed when the server left it out. */
export function rateOf(cover: Cover | null | undefined): number | null {
  if (!cover) return null;
  if (cover.rate !== null && cover.rate !== undefined) return cover.rate;
  return cover.targeted > 0 ? cover.delivered / cover.targeted : null;
}

export interface ProgressSegments {
  total: number;
  /** Waiting or being sent. */
  queued: number;
  /** Handed to the gateway, no receipt yet. */
  sent: number;
  delivered: number;
  failed: number;
  /** Not sent on purpose: expired before sending, cancelled, skipped (e.g. Test to the public). */
  stopped: number;
}

/** Delivery states (queued/sending/sent/delivered/failed/expired/cancelled/skipped) as the bar's segments. */
export function progressSegments(byState: Record<string, number>): ProgressSegments {
  const n = (k: string) => byState[k] ?? 0;
  const s: ProgressSegments = {
    queued: n('queued') + n('sending'),
    sent: n('sent'),
    delivered: n('delivered'),
    failed: n('failed'),
    stopped: n('expired') + n('cancelled') + n('skipped'),
    total: 0,
  };
  s.total = s.queued + s.sent + s.delivered + s.failed + s.stopped;
  return s;
}

/** Percent of `part` in `total`, 0 when there is nothing. */
export function share(part: number, total: number): number {
  return total > 0 ? (part / total) * 100 : 0;
}

/** Poll progress every 2 s while the fan-out runs or messages wait; every 15 s once everything settled. */
export function progressPollMs(
  fanout: 'pending' | 'running' | 'done' | undefined,
  s: ProgressSegments | null,
): number {
  if (fanout !== 'done') return 2_000;
  return s && s.queued + s.sent > 0 ? 2_000 : 15_000;
}

/** The names the standard text lists as 预警区域: the townships/villages chosen, else a note for a drawn area. */
export function areaNamesOf(
  area: WarningTargetArea,
  resolvedTownships: readonly string[],
  nameOf: (code: string) => string,
  drawnLabel: string,
): string[] {
  const codes = area.regionCodes.length > 0 ? area.regionCodes : resolvedTownships;
  const names = codes.map((c) => nameOf(c).replace(' · ', ''));
  return names.length > 0 ? names : isAreaEmpty(area) ? [] : [drawnLabel];
}

/**
 * The hazard an alarm's rule or subject names (暴雨 in "暴雨预警信号（新宁东关）"), longest name first so
 * 暴雨 does not shadow 暴雨雪-like names; null when none is named.
 */
export function guessHazard(text: string): WarningHazard | null {
  const byLength = [...WARNING_HAZARDS]
    .filter((h) => h !== 'other')
    .sort((a, b) => WARNING_HAZARD_LABELS[b].zh.length - WARNING_HAZARD_LABELS[a].zh.length);
  const extra: Partial<Record<WarningHazard, readonly string[]>> = {
    rainstorm: ['降雨', '雨量'],
    geohazard: ['滑坡', '崩塌', '泥石流', '位移'],
    hazmat: ['可燃气体', '有毒气体', '泄漏'],
    flash_flood: ['水位'],
  };
  for (const h of byLength) if (text.includes(WARNING_HAZARD_LABELS[h].zh)) return h;
  for (const h of byLength) if ((extra[h] ?? []).some((w) => text.includes(w))) return h;
  return null;
}
