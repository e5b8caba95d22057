/**
 * Point clustering for map tiles, computed once for a whole layer: for every zoom from `maxZoom` down to
 * 0, each item of the zoom above absorbs the items within `radius` screen pixels of it that no other item
 * has taken yet (greedily, in input order), and the group becomes a cluster at their weighted centre — the
 * rule MapLibre's own clustering (supercluster) follows, so a server can hand the map only the clusters of
 * the tiles in view instead of every point.
 *
 * Coordinates are Web Mercator "world" units, 0..1 from the west/north edge (see {@link toWorld}); a zoom z
 * spans `tileSize · 2^z` pixels. Pure and deterministic: the same points in the same order give the same
 * clusters and cluster ids.
 */

/** A point or a cluster at one zoom. */
export interface ClusterNode {
  /** Web Mercator world units, 0..1. */
  x: number;
  y: number;
  /** Points it stands for (1 for a point). */
  count: number;
  /** Per point: the input index; -1 for a cluster. */
  index: number;
  /** Per cluster: a positive id, unique across zooms; 0 for a point. */
  id: number;
  /** Per cluster: the zoom at which it splits into its parts; 0 for a point. */
  expansionZoom: number;
  /** Per cluster: how many of its points are marked (e.g. hazardous-chemical firms). */
  marked: number;
}

export interface ClusterOptions {
  /** Screen pixels within which items join a cluster. */
  radius: number;
  /** Pixels of a tile edge (MapLibre's vector and GeoJSON tiles: 512). */
  tileSize: number;
  /** The highest zoom with clusters; above it every point stands alone. */
  maxZoom: number;
}

export interface ClusterIndex {
  options: ClusterOptions;
  /** `levels[z]` for z = 0..maxZoom + 1; the last holds the points themselves. */
  levels: ClusterNode[][];
}

/** WGS84 lon/lat → Web Mercator world units (0..1, north up), clamped to the map's latitude range. */
export function toWorld(lon: number, lat: number): [number, number] {
  const sin = Math.sin((lat * Math.PI) / 180);
  const y = 0.5 - (0.25 * Math.log((1 + sin) / (1 - sin))) / Math.PI;
  return [lon / 360 + 0.5, Math.min(1, Math.max(0, y))];
}

/** One zoom from the one above it. */
function clusterLevel(
  items: ClusterNode[],
  zoom: number,
  radius: number,
  nextId: () => number,
): ClusterNode[] {
  const cell = radius; // a neighbour within `radius` lies in the 3×3 cells around
  const keyOf = (gx: number, gy: number) => gx * 2 ** 26 + gy;
  const grid = new Map<number, number[]>();
  for (const [i, item] of items.entries()) {
    const key = keyOf(Math.floor(item.x / cell), Math.floor(item.y / cell));
    const bucket = grid.get(key);
    if (bucket) bucket.push(i);
    else grid.set(key, [i]);
  }
  const taken = new Uint8Array(items.length);
  const out: ClusterNode[] = [];
  const r2 = radius * radius;
  for (const [i, seed] of items.entries()) {
    if (taken[i]) continue;
    taken[i] = 1;
    let count = seed.count;
    let marked = seed.marked;
    let wx = seed.x * seed.count;
    let wy = seed.y * seed.count;
    let joined = 0;
    const gx = Math.floor(seed.x / cell);
    const gy = Math.floor(seed.y / cell);
    for (let dx = -1; dx <= 1; dx += 1)
      for (let dy = -1; dy <= 1; dy += 1)
        for (const j of grid.get(keyOf(gx + dx, gy + dy)) ?? []) {
          if (taken[j]) continue;
          const other = items[j]!;
          const ex = other.x - seed.x;
          const ey = other.y - seed.y;
          if (ex * ex + ey * ey > r2) continue;
          taken[j] = 1;
          joined += 1;
          count += other.count;
          marked += other.marked;
          wx += other.x * other.count;
          wy += other.y * other.count;
        }
    out.push(
      joined === 0
        ? seed
        : { x: wx / count, y: wy / count, count, index: -1, id: nextId(), expansionZoom: zoom + 1, marked },
    );
  }
  return out;
}

/**
 * Clusters `points` (WGS84) for every zoom 0..maxZoom; `isMarked(i)` counts a point into its clusters'
 * `marked`.
 */
export function buildClusterIndex(
  points: readonly { lon: number; lat: number }[],
  isMarked: (index: number) => boolean,
  options: ClusterOptions,
): ClusterIndex {
  let id = 0;
  const nextId = () => (id += 1);
  const top: ClusterNode[] = points.map((p, index) => {
    const [x, y] = toWorld(p.lon, p.lat);
    return { x, y, count: 1, index, id: 0, expansionZoom: 0, marked: isMarked(index) ? 1 : 0 };
  });
  const levels: ClusterNode[][] = [];
  levels[options.maxZoom + 1] = top;
  for (let z = options.maxZoom; z >= 0; z -= 1)
    levels[z] = clusterLevel(levels[z + 1]!, z, options.radius / (options.tileSize * 2 ** z), nextId);
  return { options, levels };
}

/** A node in a tile: `x`, `y` in tile units (0..extent). */
export interface TileNode {
  node: ClusterNode;
  x: number;
  y: number;
}

/**
 * The nodes of tile z/x/y (each node in exactly one tile: a point on an edge belongs to the tile east
 * or south of it), from the clusters of that zoom (the points above `maxZoom`).
 */
export function tileNodes(index: ClusterIndex, z: number, x: number, y: number, extent = 4096): TileNode[] {
  const level = index.levels[Math.min(z, index.options.maxZoom + 1)] ?? [];
  const scale = 2 ** z;
  const out: TileNode[] = [];
  for (const node of level) {
    const tx = node.x * scale - x;
    const ty = node.y * scale - y;
    if (tx < 0 || tx >= 1 || ty < 0 || ty >= 1) continue;
    out.push({
      node,
      x: Math.min(extent - 1, Math.round(tx * extent)),
      y: Math.min(extent - 1, Math.round(ty * extent)),
    });
  }
  return out;
}
