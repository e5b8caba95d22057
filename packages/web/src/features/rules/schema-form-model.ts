/**
 * A rule template's parameter form, generated from the JSON Schema the server gives for it
 * (`GET /monitoring/rule-templates`, zod → JSON Schema): pure, unit-tested. The renderer
 * (schema-form.tsx) only draws the tree.
 *
 * - Numbers, texts, enums and booleans are leaves; a property named `…Ms` is a duration and is edited in
 *   minutes.
 * - `{device, metric}` is a stream (one sensor of one device).
 * - An object is a group. An optional group that has a required part without a default (a tank's 液位
 *   with its sensor) is switched on/off (`$on`); an optional group otherwise is sent only when something
 *   in it is filled, its missing required parts taken from the template's defaults.
 * - `X | null` is switched off with `$off` (null: 不监测无数据, or a 暴雨 level dropped).
 * - `oneOf` objects told apart by a constant property (`gas: combustible | toxic`) are variants.
 *
 * Form values mirror the parameters (durations in minutes, plus the `$on`/`$off` switches);
 * {@link formToParams} and {@link paramsToForm} convert both ways.
 */

/** The part of JSON Schema (draft 2020-12, as zod writes it) the form understands. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  description?: string;
}

interface NodeBase {
  key: string;
  /** Template path: property keys, `[]` for the items of an array. */
  path: string[];
  required: boolean;
  /** `X | null`: a group gets a `$off` switch that sends null (a leaf left empty is simply left out). */
  nullable: boolean;
}

export interface NumberNode extends NodeBase {
  kind: 'number';
  integer: boolean;
  /** Bounds in the parameter's unit (ms for durations). */
  min?: number;
  max?: number;
  exclusiveMin: boolean;
  exclusiveMax: boolean;
  /** Milliseconds in the parameters, minutes in the form. */
  duration: boolean;
}
export interface TextNode extends NodeBase {
  kind: 'text';
  maxLength?: number;
}
export interface EnumNode extends NodeBase {
  kind: 'enum';
  options: string[];
}
export interface BooleanNode extends NodeBase {
  kind: 'boolean';
}
export interface StreamNode extends NodeBase {
  kind: 'stream';
}
export interface ObjectNode extends NodeBase {
  kind: 'object';
  children: FieldNode[];
  /** Optional with a required part that has no default: switched on/off with `$on`. */
  toggle: boolean;
  /** Every child is a leaf: drawn on one row. */
  inline: boolean;
}
export interface ArrayNode extends NodeBase {
  kind: 'array';
  item: FieldNode;
  minItems?: number;
  maxItems?: number;
}
export interface VariantsNode extends NodeBase {
  kind: 'variants';
  /** The constant property telling the variants apart. */
  discriminator: string;
  variants: { value: string; children: FieldNode[] }[];
}
/** Anything else: edited as JSON text. */
export interface JsonNode extends NodeBase {
  kind: 'json';
}

export type FieldNode =
  | NumberNode
  | TextNode
  | EnumNode
  | BooleanNode
  | StreamNode
  | ObjectNode
  | ArrayNode
  | VariantsNode
  | JsonNode;
export type FormRoot = ObjectNode | VariantsNode;

/** The form switch of a nullable node (true → null) and of an optional group (true → sent). */
export const OFF = '$off';
export const ON = '$on';

/** Root parameters the platform fills in (rule id, subject, version) or the editor asks for apart (name). */
export const PLATFORM_PARAMS = ['id', 'subject', 'version', 'name'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const typesOf = (s: JsonSchema): string[] =>
  Array.isArray(s.type) ? s.type : s.type === undefined ? [] : [s.type];

/** `X | null` → X and whether null is allowed. */
function withoutNull(s: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) {
    const rest = alternatives.filter((a) => !(typesOf(a).length === 1 && typesOf(a)[0] === 'null'));
    if (rest.length === 1 && rest.length < alternatives.length) return { schema: rest[0]!, nullable: true };
  }
  const types = typesOf(s);
  if (types.includes('null') && types.length === 2)
    return { schema: { ...s, type: types.find((t) => t !== 'null')! }, nullable: true };
  return { schema: s, nullable: false };
}

/** The property whose `const` differs across every alternative, if there is one. */
function discriminatorOf(alternatives: JsonSchema[]): string | null {
  const first = alternatives[0]?.properties;
  if (!first || !alternatives.every((a) => typesOf(a).includes('object') || a.properties)) return null;
  for (const [key, prop] of Object.entries(first)) {
    if (prop.const === undefined) continue;
    const values = alternatives.map((a) => a.properties?.[key]?.const);
    if (values.every((v) => typeof v === 'string') && new Set(values).size === values.length) return key;
  }
  return null;
}

function isStream(s: JsonSchema): boolean {
  const keys = Object.keys(s.properties ?? {});
  return (
    keys.length === 2 &&
    keys.includes('device') &&
    keys.includes('metric') &&
    typesOf(s.properties!.device!).includes('string') &&
    typesOf(s.properties!.metric!).includes('string')
  );
}

const isLeaf = (n: FieldNode) =>
  n.kind === 'number' || n.kind === 'text' || n.kind === 'enum' || n.kind === 'boolean';

export interface BuildOptions {
  /** Template paths (dotted) the template fills in when left out. */
  defaults?: ReadonlySet<string>;
}

/** Whether a node can be left out of a sent group: it has a default, or is a group needing nothing. */
function satisfiable(node: FieldNode, defaults: ReadonlySet<string>): boolean {
  if (!node.required || defaults.has(node.path.join('.'))) return true;
  if (node.kind === 'object') return !node.toggle && node.children.every((c) => satisfiable(c, defaults));
  return false;
}

function objectChildren(
  s: JsonSchema,
  path: string[],
  defaults: ReadonlySet<string>,
  omit: readonly string[],
): FieldNode[] {
  const required = new Set(s.required ?? []);
  return Object.entries(s.properties ?? {})
    .filter(([key]) => !omit.includes(key))
    .map(([key, prop]) => buildNode(prop, key, [...path, key], required.has(key), defaults));
}

function buildNode(
  raw: JsonSchema,
  key: string,
  path: string[],
  required: boolean,
  defaults: ReadonlySet<string>,
): FieldNode {
  const { schema: s, nullable } = withoutNull(raw);
  const base = { key, path, required, nullable };
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives && alternatives.length > 1) {
    const discriminator = discriminatorOf(alternatives);
    if (discriminator)
      return {
        ...base,
        kind: 'variants',
        discriminator,
        variants: alternatives.map((a) => ({
          value: a.properties![discriminator]!.const as string,
          children: objectChildren(a, path, defaults, [discriminator]),
        })),
      };
    return { ...base, kind: 'json' };
  }
  const types = typesOf(s);
  if (Array.isArray(s.enum) && s.enum.every((v) => typeof v === 'string'))
    return { ...base, kind: 'enum', options: s.enum };
  if (types.includes('object') || s.properties) {
    if (isStream(s)) return { ...base, kind: 'stream' };
    const children = objectChildren(s, path, defaults, []);
    const node: ObjectNode = {
      ...base,
      kind: 'object',
      children,
      toggle: false,
      inline: children.length > 0 && children.every(isLeaf),
    };
    node.toggle = !required && !nullable && children.some((c) => !satisfiable(c, defaults));
    return node;
  }
  if (types.includes('array') && s.items)
    return {
      ...base,
      kind: 'array',
      item: buildNode(s.items, '[]', [...path, '[]'], true, defaults),
      ...(s.minItems !== undefined && { minItems: s.minItems }),
      ...(s.maxItems !== undefined && { maxItems: s.maxItems }),
    };
  if (types.includes('number') || types.includes('integer'))
    return {
      ...base,
      kind: 'number',
      integer: types.includes('integer'),
      ...(s.minimum !== undefined && { min: s.minimum }),
      ...(s.exclusiveMinimum !== undefined && { min: s.exclusiveMinimum }),
      // zod writes the safe-integer limit as the maximum of every integer: no real bound.
      ...(s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER && { max: s.maximum }),
      ...(s.exclusiveMaximum !== undefined && { max: s.exclusiveMaximum }),
      exclusiveMin: s.exclusiveMinimum !== undefined,
      exclusiveMax: s.exclusiveMaximum !== undefined,
      duration: /Ms$/.test(key),
    };
  if (types.includes('boolean')) return { ...base, kind: 'boolean' };
  if (types.includes('string'))
    return { ...base, kind: 'text', ...(s.maxLength !== undefined && { maxLength: s.maxLength }) };
  return { ...base, kind: 'json' };
}

/** The form of a template's parameters, without those the platform fills in. */
export function buildFormTree(schema: JsonSchema, options: BuildOptions = {}): FormRoot {
  const root = buildNode(schema, '', [], true, options.defaults ?? new Set());
  if (root.kind === 'variants')
    return {
      ...root,
      variants: root.variants.map((v) => ({
        ...v,
        children: v.children.filter((c) => !(PLATFORM_PARAMS as readonly string[]).includes(c.key)),
      })),
    };
  if (root.kind === 'object')
    return {
      ...root,
      children: root.children.filter((c) => !(PLATFORM_PARAMS as readonly string[]).includes(c.key)),
    };
  return { ...root, kind: 'object', children: [], toggle: false, inline: false };
}

// ---------------------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------------------

const MINUTE = 60_000;

/** Defaults by dotted template path (parameter units), used to complete a partly filled group. */
export type TemplateDefaults = Readonly<Record<string, unknown>>;

function leafToParam(node: FieldNode, v: unknown): unknown {
  switch (node.kind) {
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
      return node.duration ? Math.round(v * MINUTE) : v;
    case 'text':
      return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
    case 'enum':
      return typeof v === 'string' && node.options.includes(v) ? v : undefined;
    case 'boolean':
      return typeof v === 'boolean' ? v : undefined;
    case 'stream': {
      const rec = isRecord(v) ? v : {};
      const device = typeof rec.device === 'string' ? rec.device.trim() : '';
      const metric = typeof rec.metric === 'string' ? rec.metric.trim() : '';
      if (!device && !metric) return undefined;
      return { ...(device && { device }), ...(metric && { metric }) };
    }
    case 'json': {
      if (typeof v !== 'string' || v.trim() === '') return undefined;
      try {
        return JSON.parse(v) as unknown;
      } catch {
        return v; // the server names the problem
      }
    }
    case 'object':
    case 'array':
    case 'variants':
      return undefined;
  }
}

/** {} and [] (also nested): sent only because required, nothing in them filled in. */
const isBlank = (v: unknown): boolean =>
  Array.isArray(v) ? v.every(isBlank) : isRecord(v) ? Object.values(v).every(isBlank) : false;

function childrenToParams(
  children: readonly FieldNode[],
  rec: Record<string, unknown>,
  defaults: TemplateDefaults,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const child of children) {
    const value = toParam(child, rec[child.key], defaults);
    if (value !== undefined) out[child.key] = value;
  }
  return out;
}

function toParam(node: FieldNode, v: unknown, defaults: TemplateDefaults): unknown {
  switch (node.kind) {
    case 'object': {
      const rec = isRecord(v) ? v : {};
      if (node.nullable && rec[OFF] === true) return null;
      if (node.toggle && rec[ON] !== true) return undefined;
      const out = childrenToParams(node.children, rec, defaults);
      // Nothing filled in (a required sub-group sent as {} does not count): an optional group is left out.
      if (Object.values(out).every(isBlank)) return node.required || node.toggle ? out : undefined;
      // A partly filled group: what it requires and the user left empty comes from the template.
      for (const child of node.children) {
        const fallback = defaults[child.path.join('.')];
        if (child.required && out[child.key] === undefined && fallback !== undefined)
          out[child.key] = fallback;
      }
      return out;
    }
    case 'array': {
      const items = (Array.isArray(v) ? v : [])
        .map((item) => toParam(node.item, item, defaults))
        .filter((item) => item !== undefined);
      return items.length > 0 || node.required ? items : undefined;
    }
    case 'variants': {
      const rec = isRecord(v) ? v : {};
      const chosen = node.variants.find((variant) => variant.value === rec[node.discriminator]);
      if (!chosen) return node.required ? {} : undefined;
      return { [node.discriminator]: chosen.value, ...childrenToParams(chosen.children, rec, defaults) };
    }
    case 'number':
    case 'text':
    case 'enum':
    case 'boolean':
    case 'stream':
    case 'json':
      return leafToParam(node, v);
  }
}

/** The parameters the form's values stand for (what the API takes as `params`). */
export function formToParams(
  root: FormRoot,
  values: unknown,
  defaults: TemplateDefaults = {},
): Record<string, unknown> {
  const params = toParam(root, values, defaults);
  return isRecord(params) ? params : {};
}

function toValue(node: FieldNode, p: unknown): unknown {
  switch (node.kind) {
    case 'object': {
      const rec = isRecord(p) ? p : {};
      const out: Record<string, unknown> = {};
      for (const child of node.children) {
        const value = toValue(child, rec[child.key]);
        if (value !== undefined) out[child.key] = value;
      }
      if (node.nullable) out[OFF] = p === null;
      if (node.toggle) out[ON] = isRecord(p);
      return out;
    }
    case 'array':
      return Array.isArray(p) ? p.map((item) => toValue(node.item, item)) : node.required ? [] : undefined;
    case 'variants': {
      const rec = isRecord(p) ? p : {};
      const chosen = node.variants.find((v) => v.value === rec[node.discriminator]);
      const out: Record<string, unknown> = {};
      if (chosen) {
        out[node.discriminator] = chosen.value;
        for (const child of chosen.children) {
          const value = toValue(child, rec[child.key]);
          if (value !== undefined) out[child.key] = value;
        }
      }
      return out;
    }
    case 'number':
      return typeof p === 'number' ? (node.duration ? p / MINUTE : p) : undefined;
    case 'stream':
      return isRecord(p) ? { device: p.device ?? '', metric: p.metric ?? '' } : undefined;
    case 'json':
      return p === undefined ? undefined : JSON.stringify(p, null, 2);
    case 'text':
    case 'enum':
    case 'boolean':
      return p ?? undefined;
  }
}

/** The form's values for `params` (a saved rule's, or a prefilled draft's). */
export function paramsToForm(root: FormRoot, params: unknown): Record<string, unknown> {
  const values = toValue(root, params);
  return isRecord(values) ? values : {};
}

// ---------------------------------------------------------------------------------------------------------
// Problems
// ---------------------------------------------------------------------------------------------------------

export interface Problem {
  path: string;
  message: string;
}

/** The node a concrete path (`gauges.0.metric`) reaches, and how many of its segments it used. */
function reach(root: FormRoot, segments: readonly string[]): number {
  let depth = 0;
  let nodes: readonly FieldNode[] =
    root.kind === 'object' ? root.children : root.variants.flatMap((v) => v.children);
  let current: FieldNode | null = null;
  while (depth < segments.length) {
    const segment = segments[depth]!;
    if (current?.kind === 'array') {
      if (!/^\d+$/.test(segment)) break;
      current = current.item;
    } else if (current?.kind === 'stream') {
      if (segment !== 'device' && segment !== 'metric') break;
      return depth + 1;
    } else {
      const next: FieldNode | undefined = nodes.find((n) => n.key === segment);
      if (!next) break;
      current = next;
    }
    depth += 1;
    nodes =
      current.kind === 'object'
        ? current.children
        : current.kind === 'variants'
          ? current.variants.flatMap((v) => v.children)
          : [];
  }
  return depth;
}

/**
 * Puts each problem the server answered on the field (or group) it names — a path inside a group with
 * no field of its own lands on the group — and returns the rest (request-level problems, `inputs.…` of
 * the built rule) for the alert above the form.
 */
export function placeProblems(
  root: FormRoot,
  problems: readonly Problem[],
): { byPath: Record<string, string[]>; unplaced: Problem[] } {
  const byPath: Record<string, string[]> = {};
  const unplaced: Problem[] = [];
  for (const problem of problems) {
    const segments = problem.path.split('.').filter(Boolean);
    const depth = reach(root, segments);
    if (depth === 0) {
      unplaced.push(problem);
      continue;
    }
    const at = segments.slice(0, depth).join('.');
    (byPath[at] ??= []).push(problem.message);
  }
  return { byPath, unplaced };
}

/** Every concrete path whose value differs between two form values (for clearing stale problems). */
export function changedPaths(changed: unknown, prefix: string[] = []): string[] {
  if (!isRecord(changed) && !Array.isArray(changed)) return [prefix.join('.')];
  const entries = Array.isArray(changed)
    ? changed.flatMap((v, i) => (v === undefined ? [] : [[String(i), v] as const]))
    : Object.entries(changed);
  if (entries.length === 0) return [prefix.join('.')];
  return entries.flatMap(([key, value]) => changedPaths(value, [...prefix, key]));
}
