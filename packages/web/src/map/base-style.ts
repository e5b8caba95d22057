import type { StyleSpecification } from 'maplibre-gl';

export const BACKGROUND_COLOR = '#eef1ea';

/**
 * The offline base: a plain background and, when the installation has its own tile server
 * (config `mapTileUrl`), a raster base layer beneath everything. No glyphs and no sprite, so the map
 * makes no requests of its own; names are drawn as DOM markers (see layers.ts).
 */
export function baseStyle(tileUrl: string | null): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOR } }],
  };
  if (tileUrl) {
    style.sources['base-tiles'] = { type: 'raster', tiles: [tileUrl], tileSize: 256, maxzoom: 18 };
    style.layers.push({ id: 'base-tiles', type: 'raster', source: 'base-tiles' });
  }
  return style;
}
