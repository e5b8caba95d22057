import type { Map as MaplibreMap } from 'maplibre-gl';

declare global {
  interface Window {
    /** The map of 一张图, for browser tests (e2e/) to query layers and camera. */
    __ninganMap?: MaplibreMap;
  }
}
