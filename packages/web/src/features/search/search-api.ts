/** GET /api/v1/search: enterprises, ledger records and regions of the user's jurisdiction, by name. */
import { findRegistry, INDUSTRIES, type Industry } from '@ningan/domain';
import { request } from '../../api/client.ts';
import { registryDetailPath } from '../registry/registry-model.ts';
import { enterpriseDetailPath } from '../enterprises/enterprise-model.ts';
import type { Lang, Translate } from '../../i18n/i18n.tsx';
import { industryLabel } from '../../i18n/labels.ts';

export interface SearchItem {
  kind: 'enterprise' | 'record' | 'region';
  /** 'enterprises', a registry key, or 'regions'. */
  registry: string;
  /** A uuid, or the region code. */
  id: string;
  name: string;
  subtitle: string | null;
  regionCode: string;
  lon: number | null;
  lat: number | null;
}

export interface SearchResponse {
  items: SearchItem[];
}

export const SEARCH_LIMIT = 20;

export function searchAll(q: string, signal?: AbortSignal): Promise<SearchResponse> {
  return request<SearchResponse>('/search', {
    query: { q, limit: SEARCH_LIMIT },
    ...(signal ? { signal } : {}),
  });
}

/** The heading a result is listed under: the registry's name, 企业, or 乡镇/村. */
export function groupLabel(registry: string, t: Translate, lang: Lang): string {
  if (registry === 'enterprises') return t('search.group.enterprises');
  if (registry === 'regions') return t('search.group.regions');
  const def = findRegistry(registry);
  return def ? (lang === 'en' ? def.en : def.zh) : registry;
}

const isIndustry = (value: string): value is Industry => (INDUSTRIES as readonly string[]).includes(value);

/**
 * The grey line under a result's name: an enterprise's industry, a region's level or township; nothing
 * for a record (its registry is the heading it is listed under).
 */
export function subtitleOf(item: SearchItem, lang: Lang): string | null {
  switch (item.kind) {
    case 'record':
      return null;
    case 'enterprise':
      return item.subtitle && isIndustry(item.subtitle) ? industryLabel(item.subtitle, lang) : item.subtitle;
    case 'region':
      return item.subtitle;
  }
}

/**
 * Where choosing a result goes: an enterprise or a record opens its detail drawer on its list page, a
 * township is selected on the map, a village is flown to on the map.
 */
export function resultPath(item: SearchItem): string {
  switch (item.kind) {
    case 'enterprise':
      return enterpriseDetailPath(item.id);
    case 'record':
      return registryDetailPath(item.registry, item.id);
    case 'region': {
      const code = item.id;
      if (code.length === 12) return `/map?township=${code.slice(0, 9)}&village=${code}${focusOf(item)}`;
      if (code.length === 9) return `/map?township=${code}`;
      return '/map';
    }
  }
}

function focusOf(item: SearchItem): string {
  return item.lon !== null && item.lat !== null ? `&focus=${item.lon},${item.lat}` : '';
}
