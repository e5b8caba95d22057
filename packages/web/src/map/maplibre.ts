/**
 * MapLibre GL 6 under Vite (STACK.md 6): no default export, and the worker is a separate module file
 * that Vite copies into dist/assets, so the map never fetches anything from outside this origin.
 */
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

maplibregl.setWorkerUrl(workerUrl);

export { maplibregl };
