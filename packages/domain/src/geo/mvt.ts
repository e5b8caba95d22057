/**
 * A Mapbox Vector Tile (MVT 2.1, protobuf) of points, one layer: what MapLibre's `vector` sources read.
 * Only what point layers need — POINT geometries, a feature id, string / number / boolean properties.
 *
 * Message layout (vector_tile.proto): Tile { repeated Layer layers = 3 }; Layer { uint32 version = 15;
 * string name = 1; repeated Feature features = 2; repeated string keys = 3; repeated Value values = 4;
 * uint32 extent = 5 }; Feature { uint64 id = 1; packed uint32 tags = 2; GeomType type = 3; packed uint32
 * geometry = 4 }; Value { string = 1; double = 3; uint64 = 5; sint64 = 6; bool = 7 }.
 */

export type MvtValue = string | number | boolean;

export interface MvtPoint {
  /** A positive integer, or none. */
  id?: number;
  /** Tile units, 0..extent. */
  x: number;
  y: number;
  properties: Record<string, MvtValue>;
}

/** Growable byte buffer with the protobuf primitives. */
class Writer {
  private bytes = new Uint8Array(256);
  length = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }

  varint(value: number): void {
    // Up to 2^53: split into 7-bit groups without 32-bit bitwise truncation.
    this.ensure(10);
    let v = value;
    while (v >= 0x80) {
      this.bytes[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.bytes[this.length++] = v;
  }

  tag(field: number, wireType: 0 | 1 | 2): void {
    this.varint(field * 8 + wireType);
  }

  raw(data: Uint8Array): void {
    this.ensure(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }

  double(value: number): void {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value, true);
    this.raw(new Uint8Array(view.buffer));
  }

  /** A length-delimited field: `write` fills a nested message or packed list. */
  message(field: number, write: (w: Writer) => void): void {
    const inner = new Writer();
    write(inner);
    this.tag(field, 2);
    this.varint(inner.length);
    this.raw(inner.finish());
  }

  string(field: number, value: string): void {
    const data = new TextEncoder().encode(value);
    this.tag(field, 2);
    this.varint(data.length);
    this.raw(data);
  }

  finish(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

const zigzag = (n: number) => (n >= 0 ? n * 2 : -n * 2 - 1);

function writeValue(w: Writer, value: MvtValue): void {
  if (typeof value === 'string') w.string(1, value);
  else if (typeof value === 'boolean') {
    w.tag(7, 0);
    w.varint(value ? 1 : 0);
  } else if (Number.isSafeInteger(value)) {
    if (value >= 0) {
      w.tag(5, 0); // uint_value
      w.varint(value);
    } else {
      w.tag(6, 0); // sint_value
      w.varint(zigzag(value));
    }
  } else {
    w.tag(3, 1); // double_value
    w.double(value);
  }
}

/** One layer of points as a tile; no points gives an empty tile (zero bytes). */
export function encodePointTile(layer: string, points: readonly MvtPoint[], extent = 4096): Uint8Array {
  const out = new Writer();
  if (points.length === 0) return out.finish();
  const keys = new Map<string, number>();
  const values = new Map<string, number>(); // typed key → index, so 1 and '1' stay apart
  const valueList: MvtValue[] = [];
  const keyOf = (k: string) => {
    let i = keys.get(k);
    if (i === undefined) keys.set(k, (i = keys.size));
    return i;
  };
  const valueOf = (v: MvtValue) => {
    const typed = `${typeof v}:${String(v)}`;
    let i = values.get(typed);
    if (i === undefined) {
      values.set(typed, (i = valueList.length));
      valueList.push(v);
    }
    return i;
  };
  out.message(3, (l) => {
    l.tag(15, 0);
    l.varint(2);
    l.string(1, layer);
    for (const p of points)
      l.message(2, (f) => {
        if (p.id !== undefined) {
          f.tag(1, 0);
          f.varint(p.id);
        }
        f.message(2, (tags) => {
          for (const [k, v] of Object.entries(p.properties)) {
            tags.varint(keyOf(k));
            tags.varint(valueOf(v));
          }
        });
        f.tag(3, 0);
        f.varint(1); // POINT
        f.message(4, (g) => {
          g.varint((1 & 0x7) | (1 << 3)); // MoveTo, one point
          g.varint(zigzag(Math.round(p.x)));
          g.varint(zigzag(Math.round(p.y)));
        });
      });
    for (const k of keys.keys()) l.string(3, k);
    for (const v of valueList) l.message(4, (w) => writeValue(w, v));
    l.tag(5, 0);
    l.varint(extent);
  });
  return out.finish();
}

/** A protobuf field: varints as numbers, length-delimited and 64-bit fields as bytes. */
interface Field {
  field: number;
  value: number | Uint8Array;
}

function readFields(bytes: Uint8Array): Field[] {
  const out: Field[] = [];
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
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) out.push({ field, value: varint() });
    else if (wire === 1 || wire === 2) {
      const length = wire === 1 ? 8 : varint();
      out.push({ field, value: bytes.subarray(pos, pos + length) });
      pos += length;
    } else if (wire === 5) {
      out.push({ field, value: bytes.subarray(pos, pos + 4) });
      pos += 4;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

function readPacked(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    let result = 0;
    let shift = 1;
    for (;;) {
      const b = bytes[pos++];
      if (b === undefined) throw new Error('truncated varint');
      result += (b & 0x7f) * shift;
      if (b < 0x80) break;
      shift *= 0x80;
    }
    out.push(result);
  }
  return out;
}

const unzigzag = (n: number) => (n % 2 === 0 ? n / 2 : -(n + 1) / 2);

export interface DecodedLayer {
  version: number;
  name: string;
  extent: number;
  /** Points only (the first MoveTo position of each feature). */
  features: MvtPoint[];
}

/** Reads the layers of a vector tile back (points): for tests and checks of what the server sends. */
export function decodePointTile(tile: Uint8Array): DecodedLayer[] {
  const text = (v: number | Uint8Array) => new TextDecoder().decode(v as Uint8Array);
  return readFields(tile)
    .filter((f) => f.field === 3)
    .map(({ value }) => {
      const parts = readFields(value as Uint8Array);
      const keys = parts.filter((p) => p.field === 3).map((p) => text(p.value));
      const values = parts
        .filter((p) => p.field === 4)
        .map((p): MvtValue => {
          const [v] = readFields(p.value as Uint8Array);
          if (!v) throw new Error('empty value');
          switch (v.field) {
            case 1:
              return text(v.value);
            case 2: {
              const b = v.value as Uint8Array;
              return new DataView(b.buffer, b.byteOffset, 4).getFloat32(0, true);
            }
            case 3: {
              const b = v.value as Uint8Array;
              return new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true);
            }
            case 4:
            case 5:
              return v.value as number;
            case 6:
              return unzigzag(v.value as number);
            case 7:
              return v.value === 1;
            default:
              throw new Error(`unsupported value field ${v.field}`);
          }
        });
      const features = parts
        .filter((p) => p.field === 2)
        .map(({ value: fv }): MvtPoint => {
          const f = readFields(fv as Uint8Array);
          const tags = readPacked(
            (f.find((x) => x.field === 2)?.value as Uint8Array | undefined) ?? new Uint8Array(),
          );
          const properties: Record<string, MvtValue> = {};
          for (let i = 0; i + 1 < tags.length; i += 2) properties[keys[tags[i]!]!] = values[tags[i + 1]!]!;
          const [, x = 0, y = 0] = readPacked(f.find((x) => x.field === 4)!.value as Uint8Array);
          const id = f.find((x) => x.field === 1)?.value as number | undefined;
          return { ...(id !== undefined ? { id } : {}), x: unzigzag(x), y: unzigzag(y), properties };
        });
      return {
        version: (parts.find((p) => p.field === 15)?.value as number | undefined) ?? 1,
        name: text(parts.find((p) => p.field === 1)?.value ?? new Uint8Array()),
        extent: (parts.find((p) => p.field === 5)?.value as number | undefined) ?? 4096,
        features,
      };
    });
}
