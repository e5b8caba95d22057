/**
 * Possible duplicate incidents (疑似重复事件, issue #6 part 2): the same event reported twice — a phone call and a
 * field report, two villagers — is offered for merging when a recent incident is of the same type (or a related
 * type, or at least the same class), within `radiusKm` and within `windowMinutes` of it.
 *
 * Score in (0, 1]: typeWeight × (1 − ½·d/radius) × (1 − ½·|Δt|/window), with typeWeight 1 for the same type,
 * 0.8 for related types (one refines the other, or both refine the same type: 滑坡/泥石流 under 地质灾害) and 0.5
 * for the same class only. The weights only order the offers; the duty officer decides to merge.
 */
import { eventClassOf, eventTypeLineage, getEventType, type EventTypeId } from './classification.ts';
import { distanceKm } from './geo-distance.ts';

export interface IncidentSighting {
  id: string;
  type: EventTypeId;
  /** WGS84 */
  lon: number;
  lat: number;
  /** When it happened (or was reported). */
  at: Date;
}

export const TYPE_MATCHES = ['same_type', 'related_type', 'same_class'] as const;
export type TypeMatch = (typeof TYPE_MATCHES)[number];
export const TYPE_MATCH_LABELS: Record<TypeMatch, string> = {
  same_type: '类型相同',
  related_type: '类型相近',
  same_class: '同属一类',
};
const TYPE_WEIGHT: Record<TypeMatch, number> = { same_type: 1, related_type: 0.8, same_class: 0.5 };

export interface DuplicateSearch {
  radiusKm: number;
  windowMinutes: number;
  /** Offer incidents of the same class but unrelated types too (default true). */
  includeSameClass?: boolean;
}

export interface PossibleDuplicate {
  incident: IncidentSighting;
  typeMatch: TypeMatch;
  distanceKm: number;
  minutesApart: number;
  score: number;
}

/** How two types match, or null when they are of different classes. */
export function matchEventTypes(a: EventTypeId, b: EventTypeId): TypeMatch | null {
  if (a === b) return 'same_type';
  if (eventClassOf(a) !== eventClassOf(b)) return null;
  const la = eventTypeLineage(a);
  const lb = eventTypeLineage(b);
  const parentA = getEventType(a).parent;
  if (la.includes(b) || lb.includes(a) || (parentA !== null && parentA === getEventType(b).parent))
    return 'related_type';
  return 'same_class';
}

/**
 * The recent incidents that may be the same event as `candidate`, best first (score, then distance, then id);
 * `candidate` itself (same id) is never offered. Distances and times are inclusive: exactly `radiusKm` away or
 * exactly `windowMinutes` apart still counts.
 */
export function findPossibleDuplicates(
  candidate: IncidentSighting,
  recent: readonly IncidentSighting[],
  search: DuplicateSearch,
): PossibleDuplicate[] {
  if (!(search.radiusKm > 0) || !(search.windowMinutes > 0))
    throw new RangeError('radiusKm and windowMinutes must be > 0');
  const includeSameClass = search.includeSameClass ?? true;
  const out: PossibleDuplicate[] = [];
  for (const other of recent) {
    if (other.id === candidate.id) continue;
    const typeMatch = matchEventTypes(candidate.type, other.type);
    if (typeMatch === null || (typeMatch === 'same_class' && !includeSameClass)) continue;
    const minutesApart = Math.abs(other.at.getTime() - candidate.at.getTime()) / 60_000;
    if (minutesApart > search.windowMinutes) continue;
    const d = distanceKm(candidate.lon, candidate.lat, other.lon, other.lat);
    if (d > search.radiusKm) continue;
    const score =
      TYPE_WEIGHT[typeMatch] *
      (1 - (0.5 * d) / search.radiusKm) *
      (1 - (0.5 * minutesApart) / search.windowMinutes);
    out.push({
      incident: other,
      typeMatch,
      distanceKm: Math.round(d * 1000) / 1000,
      minutesApart: Math.round(minutesApart * 10) / 10,
      score: Math.round(score * 1000) / 1000,
    });
  }
  return out.sort(
    (a, b) =>
      b.score - a.score ||
      a.distanceKm - b.distanceKm ||
      (a.incident.id < b.incident.id ? -1 : a.incident.id > b.incident.id ? 1 : 0),
  );
}
