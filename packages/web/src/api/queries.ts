/** Queries several screens share; each has one cache key so the data is fetched once. */
import { useCallback } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from './endpoints.ts';

/** The county this installation serves, until the public config has answered. */
export const DEFAULT_REGION_CODE = '621026';

export function usePublicConfig() {
  return useQuery({ queryKey: ['config', 'public'], queryFn: api.getPublicConfig, staleTime: Infinity });
}

export function useCountyCode(): string {
  return usePublicConfig().data?.regionCode ?? DEFAULT_REGION_CODE;
}

/** A region with its children (the county: 18 townships; a township: its villages). */
export function useRegion(code: string | null | undefined) {
  return useQuery({
    queryKey: ['region', code],
    queryFn: () => api.getRegion(code ?? ''),
    enabled: Boolean(code),
    staleTime: 10 * 60_000,
  });
}

export function useVillages(countyCode: string) {
  return useQuery({
    queryKey: ['region', countyCode, 'villages'],
    queryFn: () => api.getVillages(countyCode),
    staleTime: 10 * 60_000,
  });
}

/** The county outline with its township zones and neighbours (one cache entry for map and pickers). */
export function useBoundary(countyCode: string) {
  return useQuery({
    queryKey: ['region', countyCode, 'boundary'],
    queryFn: () => api.getBoundary(countyCode),
    staleTime: 10 * 60_000,
  });
}

/**
 * `nameOf(code)` for the county, its townships and its villages; falls back to the code itself
 * while the names load or for codes outside the county.
 */
export function useRegionNames(): (code: string | null | undefined) => string {
  const countyCode = useCountyCode();
  const county = useRegion(countyCode).data;
  const villages = useVillages(countyCode).data;
  return useCallback(
    (code) => {
      if (!code) return '';
      if (county && code === county.code) return county.name;
      if (code.length === 9) return county?.children.find((c) => c.code === code)?.name ?? code;
      if (code.length === 12) {
        const village = villages?.features.find((f) => f.properties.code === code)?.properties;
        return village ? `${village.townshipName} · ${village.name}` : code;
      }
      return code;
    },
    [county, villages],
  );
}

/** One org unit by id (GET /org-units/:id), e.g. the department a user's jurisdiction names. */
export function useOrgUnit(id: string | null | undefined, enabled = true) {
  return useQuery({
    queryKey: ['org-unit', id],
    queryFn: () => api.getOrgUnit(id ?? ''),
    enabled: enabled && Boolean(id),
    staleTime: 10 * 60_000,
  });
}

/** Up to 200 org units the user may see, for names in tables and the unit pickers. */
export function useOrgUnitOptions(enabled = true) {
  return useQuery({
    queryKey: ['org-units', 'options', ''],
    queryFn: () => api.listOrgUnits({ pageSize: 200 }),
    staleTime: 60_000,
    enabled,
  });
}
