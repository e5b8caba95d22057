/**
 * The rule editor's JSON mode, pure: read the text while remembering on which line each key sits, so a
 * problem the server names by path (`levels.yellow.when.raise`) is shown next to its line; and a line diff
 * between two versions of a rule.
 */

export interface JsonReadResult {
  /** The parsed value, when the text is valid JSON. */
  value?: unknown;
  /** The syntax error, with its 1-based line. */
  error?: { line: number; message: string };
  /** Dotted path (`inputs.stage.device`, array items by index) → the 1-based line of its key or item. */
  lines: Map<string, number>;
}

class JsonSyntaxError extends Error {
  constructor(
    readonly at: number,
    message: string,
  ) {
    super(message);
  }
}

/** Parses JSON text (RFC 8259) and records the line where each member and item begins. */
export function readJson(text: string): JsonReadResult {
  const lines = new Map<string, number>();
  // Line starts, for offset → line.
  const starts = [0];
  for (let i = 0; i < text.length; i += 1) if (text[i] === '\n') starts.push(i + 1);
  const lineAt = (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };

  let pos = 0;
  const fail = (message: string): never => {
    throw new JsonSyntaxError(pos, message);
  };
  const skip = () => {
    while (pos < text.length && ' \t\r\n'.includes(text[pos]!)) pos += 1;
  };
  const expect = (ch: string) => {
    skip();
    if (text[pos] !== ch) fail(pos >= text.length ? `缺少 ${ch}` : `此处应为 ${ch}`);
    pos += 1;
  };
  const readString = (): string => {
    const start = pos;
    pos += 1; // opening quote
    let out = '';
    while (pos < text.length) {
      const ch = text[pos]!;
      if (ch === '"') {
        pos += 1;
        return out;
      }
      if (ch === '\n') break;
      if (ch === '\\') {
        const esc = text[pos + 1];
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (esc !== undefined && esc in simple) {
          out += simple[esc];
          pos += 2;
        } else if (esc === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) {
          out += String.fromCharCode(parseInt(text.slice(pos + 2, pos + 6), 16));
          pos += 6;
        } else fail('字符串中的转义无效');
        continue;
      }
      out += ch;
      pos += 1;
    }
    pos = start;
    return fail('字符串没有结束的引号');
  };
  const readValue = (path: string): unknown => {
    skip();
    const ch = text[pos];
    if (ch === undefined) return fail('内容不完整');
    if (ch === '{') {
      pos += 1;
      const out: Record<string, unknown> = {};
      skip();
      if (text[pos] === '}') {
        pos += 1;
        return out;
      }
      for (;;) {
        skip();
        if (text[pos] !== '"') fail('此处应为用双引号括起的键名');
        const keyAt = pos;
        const key = readString();
        const child = path ? `${path}.${key}` : key;
        if (!lines.has(child)) lines.set(child, lineAt(keyAt));
        expect(':');
        out[key] = readValue(child);
        skip();
        if (text[pos] === ',') {
          pos += 1;
          continue;
        }
        if (text[pos] === '}') {
          pos += 1;
          return out;
        }
        fail(pos >= text.length ? '缺少 }' : '此处应为 , 或 }');
      }
    }
    if (ch === '[') {
      pos += 1;
      const out: unknown[] = [];
      skip();
      if (text[pos] === ']') {
        pos += 1;
        return out;
      }
      for (;;) {
        skip();
        const child = path ? `${path}.${out.length}` : String(out.length);
        lines.set(child, lineAt(pos));
        out.push(readValue(child));
        skip();
        if (text[pos] === ',') {
          pos += 1;
          continue;
        }
        if (text[pos] === ']') {
          pos += 1;
          return out;
        }
        fail(pos >= text.length ? '缺少 ]' : '此处应为 , 或 ]');
      }
    }
    if (ch === '"') return readString();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(pos));
    if (!literal) return fail('无法识别的值（键名和字符串须用双引号）');
    pos += literal[0].length;
    return JSON.parse(literal[0]) as unknown;
  };

  try {
    const value = readValue('');
    skip();
    if (pos < text.length) fail('JSON 结束后还有多余内容');
    return { value, lines };
  } catch (err) {
    if (err instanceof JsonSyntaxError)
      return { error: { line: lineAt(err.at), message: err.message }, lines };
    throw err;
  }
}

/**
 * The line a problem at `path` belongs to: its own key's line, else the nearest enclosing one that is in
 * the text (a missing member is reported where its parent begins); null when not even the first segment
 * is (a problem about the whole rule, or the request).
 */
export function lineOfPath(lines: ReadonlyMap<string, number>, path: string): number | null {
  const parts = path.split('.').filter(Boolean);
  for (let n = parts.length; n > 0; n -= 1) {
    const line = lines.get(parts.slice(0, n).join('.'));
    if (line !== undefined) return line;
  }
  return null;
}

export type DiffLine = { op: 'same' | 'add' | 'remove'; text: string };

/** Line diff of `before` → `after` (longest common subsequence; rules are a few hundred lines at most). */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  // lcs[i][j]: length of the LCS of a[i..] and b[j..].
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1)
    for (let j = b.length - 1; j >= 0; j -= 1)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: 'same', text: a[i]! });
      i += 1;
      j += 1;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      out.push({ op: 'remove', text: a[i]! });
      i += 1;
    } else {
      out.push({ op: 'add', text: b[j]! });
      j += 1;
    }
  }
  while (i < a.length) out.push({ op: 'remove', text: a[i++]! });
  while (j < b.length) out.push({ op: 'add', text: b[j++]! });
  return out;
}

/** A rule as the editor shows it in JSON: two-space indentation. */
export const ruleJsonText = (rule: unknown) => JSON.stringify(rule, null, 2);

/** A rule without what the platform assigns (`id`, `version`): what the JSON mode edits. */
export function editableRule(rule: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, version: _version, ...rest } = rule;
  return rest;
}

const canonical = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(canonical)
    : typeof v === 'object' && v !== null
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([, x]) => x !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([k, x]) => [k, canonical(x)]),
        )
      : v;

/** The same JSON value whatever the key order (an unchanged draft needs no new version). */
export const sameJson = (a: unknown, b: unknown) =>
  JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/**
 * A starting rule for the JSON mode when no template is chosen: the station's first sensor as the one
 * input, its latest value as the signal, one level whose threshold the author sets (0 until then).
 */
export function skeletonRule(device: string, metric: string, unit?: string): Record<string, unknown> {
  return {
    name: `${device} ${metric}`,
    inputs: { value: { device, metric, ...(unit && { unit }) } },
    signals: { value: { fn: 'last', input: 'value' } },
    levels: { yellow: { when: { op: '>=', signal: 'value', raise: 0 } } },
  };
}
