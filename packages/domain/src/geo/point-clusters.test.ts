import { describe, expect, it } from 'vitest';
import { buildClusterIndex, tileNodes, toWorld } from './point-clusters.ts';

const OPTIONS = { radius: 48, tileSize: 512, maxZoom: 13 };

/** Deterministic pseudo-random points in a box (a small LCG: tests need no real randomness). */
function points(n: number, [w, s, e, north]: [number, number, number, number]) {
  let state = 12345;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: n }, () => ({ lon: w + (e - w) * next(), lat: s + (north - s) * next() }));
}

describe('point clustering for map tiles', () => {
  it('Web Mercator world units: 0,0 is the centre; north is up', () => {
    expect(toWorld(0, 0)).toEqual([0.5, 0.5]);
    expect(toWorld(180, 0)[0]).toBe(1);
    const [, north] = toWorld(108, 35.5);
    expect(north).toBeLessThan(0.5);
    expect(toWorld(0, 89.9)[1]).toBe(0); // clamped
  });

  it('every zoom accounts for every point exactly once, and the marks add up', () => {
    const input = points(5000, [107.6, 35.2, 108.3, 35.8]); // about 宁县
    const marked = (i: number) => i % 7 === 0;
    const index = buildClusterIndex(input, marked, OPTIONS);
    expect(index.levels).toHaveLength(OPTIONS.maxZoom + 2);
    const expectedMarks = input.filter((_, i) => marked(i)).length;
    for (const level of index.levels) {
      expect(level.reduce((n, node) => n + node.count, 0)).toBe(5000);
      expect(level.reduce((n, node) => n + node.marked, 0)).toBe(expectedMarks);
    }
    // The top level is the points themselves, in input order.
    expect(index.levels[OPTIONS.maxZoom + 1]!.map((n) => n.index)).toEqual(input.map((_, i) => i));
    // Fewer items at lower zooms; a county fits in a handful of clusters at zoom 7.
    const sizes = index.levels.map((l) => l.length);
    for (let z = 1; z < sizes.length; z += 1) expect(sizes[z - 1]).toBeLessThanOrEqual(sizes[z]!);
    expect(sizes[7]).toBeLessThan(20);
    // Cluster ids are unique across zooms; a cluster splits one zoom above the one it was formed at.
    const clusters = index.levels.flat().filter((n) => n.id > 0);
    expect(new Set(clusters.map((c) => c.id)).size).toBe(new Set(clusters).size);
    for (const [z, level] of index.levels.entries())
      for (const node of level) if (node.id > 0) expect(node.expansionZoom).toBeGreaterThan(z);
  });

  it('clusters items within the radius in screen pixels, at their weighted centre', () => {
    // Two points 20 px apart at zoom 10 (one pixel = 1 / (512 · 2^10) world units) and one far away.
    const px = 1 / (512 * 2 ** 10);
    const [x0, y0] = toWorld(108, 35.5);
    const lonOf = (x: number) => (x - 0.5) * 360;
    const input = [
      { lon: 108, lat: 35.5 },
      { lon: lonOf(x0 + 20 * px), lat: 35.5 },
      { lon: lonOf(x0 + 400 * px), lat: 35.5 },
    ];
    const index = buildClusterIndex(input, (i) => i === 1, OPTIONS);
    const at10 = index.levels[10]!;
    expect(at10).toHaveLength(2);
    const cluster = at10.find((n) => n.count === 2)!;
    // 40 px apart at zoom 11 (still within 48): the cluster splits at zoom 12, where they are 80 px apart.
    expect(cluster).toMatchObject({ index: -1, marked: 1, expansionZoom: 12 });
    expect(cluster.x).toBeCloseTo(x0 + 10 * px, 12);
    expect(cluster.y).toBeCloseTo(y0, 12);
    expect(index.levels[11]).toHaveLength(2);
    expect(index.levels[12]).toHaveLength(3);
  });

  it('tiles hold every node of their zoom once, in tile units', () => {
    const input = points(3000, [107.6, 35.2, 108.3, 35.8]);
    const index = buildClusterIndex(input, () => false, OPTIONS);
    for (const z of [5, 9, 12, 14]) {
      const level = index.levels[Math.min(z, OPTIONS.maxZoom + 1)]!;
      const xs = level.map((n) => Math.floor(n.x * 2 ** z));
      const ys = level.map((n) => Math.floor(n.y * 2 ** z));
      let total = 0;
      for (let x = Math.min(...xs); x <= Math.max(...xs); x += 1)
        for (let y = Math.min(...ys); y <= Math.max(...ys); y += 1)
          for (const t of tileNodes(index, z, x, y)) {
            total += t.node.count;
            expect(t.x).toBeGreaterThanOrEqual(0);
            expect(t.x).toBeLessThan(4096);
            expect(t.y).toBeGreaterThanOrEqual(0);
            expect(t.y).toBeLessThan(4096);
          }
      expect(total).toBe(3000);
    }
    expect(tileNodes(index, 9, 0, 0)).toEqual([]);
  });
});
