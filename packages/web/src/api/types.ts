import type { Feature, FeatureCollection, LineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { EnterpriseView, Role } from '@ningan/domain';

/** GET /config/public — no auth. */
export interface PublicConfig {
  regionCode: string;
  regionName: string;
  demo: boolean;
  /** Only present in demo mode. */
  demoAccounts?: { username: string; role: Role; password: string }[];
  /** Raster tile URL template for an offline/intranet tile server, or null for no base map. */
  mapTileUrl: string | null;
  /**
   * Where devices send readings over MQTT; null when MQTT ingest is off. `url` null: the console's own
   * host name at `port` (the embedded broker's real port, or a broker on the server's machine).
   */
  mqtt: { url: string | null; port: number; source: 'public' | 'external' | 'embedded' } | null;
  version: string;
}

/** GET /roles */
export interface RoleInfo {
  role: Role;
  zh: string;
  en: string;
  permissions: string[];
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  badSeq?: number;
  reason?: string;
}

export type AreaGeometry = Polygon | MultiPolygon;

export type BoundaryFeatureProps =
  | { code: string; name: string; level: 'county'; role: 'county'; schematic: boolean }
  | { code: string; name: string; level: 'township'; role: 'township'; schematic: boolean }
  | { code: string | null; name: string; role: 'neighbour' };

export type BoundaryCollection = FeatureCollection<AreaGeometry, BoundaryFeatureProps>;
export type BoundaryFeature = Feature<AreaGeometry, BoundaryFeatureProps>;

export interface VillageProps {
  code: string;
  name: string;
  level: 'village';
  townshipCode: string;
  townshipName: string;
  schematic: boolean;
}
export type VillageCollection = FeatureCollection<Point, VillageProps>;

export interface RiverProps {
  name: string;
  confidence: string;
}
export type RiverCollection = FeatureCollection<LineString, RiverProps>;

export type EnterpriseScale = EnterpriseView['scale'];
export type StandardizationGrade = EnterpriseView['standardizationGrade'];

/** POST /enterprises/import: row counts of the sheet (`dryRun`: validated only, nothing written). */
export interface ImportResult {
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  dryRun: boolean;
}
