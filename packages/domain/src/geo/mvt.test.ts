import { describe, expect, it } from 'vitest';
import { decodePointTile, encodePointTile, type MvtPoint } from './mvt.ts';

/** The raw fields of a protobuf message (wire types 0 and 2), independent of the module's reader. */
function rawFields(bytes: Uint8Array): { field: number; wire: number }[] {
  const out: { field: number; wire: number }[] = [];
  let pos = 0;
  const varint = () => {
    let result = 0;
    let shift = 1;
    for (;;) {
      const b = bytes[pos++];
      if (b === undefined) throw new Error('truncated varint');
      result += (b & 0x7f) * shift;
      if (b < 0x80) return result;
      shift *= 0x80;
    }
  };
  while (pos < bytes.length) {
    const key = varint();
    const wire = key % 8;
    out.push({ field: Math.floor(key / 8), wire });
    if (wire === 0) varint();
    else if (wire === 2) {
      const length = varint(); // before `pos +=` reads pos
      pos += length;
    } else if (wire === 1) pos += 8;
  }
  return out;
}

describe('Mapbox Vector Tile 2.1 point encoding (vector_tile.proto)', () => {
  const points: MvtPoint[] = [
    {
      id: 7,
      x: 100,
      y: 4095,
      properties: { cluster: true, cluster_id: 7, point_count: 1234, hazchem: 0, expansion_zoom: 10 },
    },
    { x: 0, y: 0, properties: { id: '2f1c-…', industry: '危险化学品生产' } },
    { x: 4095, y: 17, properties: { id: 'b', industry: '危险化学品生产', score: -3, share: 0.25 } },
  ];

  it('one layer (Tile field 3) with version 2, name, features, keys, values and extent', () => {
    const tile = encodePointTile('enterprises', points);
    expect(rawFields(tile)).toEqual([{ field: 3, wire: 2 }]);
    // The layer message: after its key byte (field 3, wire 2) and its length varint.
    let pos = 1;
    while (tile[pos]! >= 0x80) pos += 1;
    const layerBytes = tile.subarray(pos + 1);
    const layer = rawFields(layerBytes);
    expect(layer[0]).toEqual({ field: 15, wire: 0 }); // version first
    expect(layer[1]).toEqual({ field: 1, wire: 2 }); // name
    expect(layer.filter((f) => f.field === 2)).toHaveLength(3); // features
    // Each key once: cluster, cluster_id, point_count, hazchem, expansion_zoom, id, industry, score, share.
    expect(layer.filter((f) => f.field === 3)).toHaveLength(9);
    // 7 is both cluster_id and id-less, 1234, 0, 10, true, the two ids, the industry once, -3, 0.25.
    expect(layer.filter((f) => f.field === 4)).toHaveLength(10);
    expect(layer.at(-1)).toEqual({ field: 5, wire: 0 }); // extent
  });

  it('reads back what it wrote: ids, points, typed values', () => {
    expect(decodePointTile(encodePointTile('enterprises', points))).toEqual([
      { version: 2, name: 'enterprises', extent: 4096, features: points },
    ]);
  });

  it('keeps 1 and "1" apart and writes large ids whole', () => {
    const [layer] = decodePointTile(
      encodePointTile('l', [{ id: 2 ** 40 + 5, x: 1, y: 1, properties: { a: 1, b: '1', c: false } }]),
    );
    expect(layer?.features[0]).toEqual({
      id: 2 ** 40 + 5,
      x: 1,
      y: 1,
      properties: { a: 1, b: '1', c: false },
    });
  });

  it('an empty tile is zero bytes', () => {
    expect(encodePointTile('enterprises', [])).toHaveLength(0);
    expect(decodePointTile(new Uint8Array())).toEqual([]);
  });
});
