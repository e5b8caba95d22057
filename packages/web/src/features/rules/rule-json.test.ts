import { describe, expect, it } from 'vitest';
import { diffLines, lineOfPath, readJson } from './rule-json.ts';

describe('rule JSON', () => {
  const text = `{
  "name": "x",
  "inputs": {
    "stage": { "device": "WL", "metric": "water_level" }
  },
  "levels": {
    "yellow": {
      "when": { "op": ">=", "signal": "stage", "raise": 1, "clear": 2 }
    }
  },
  "list": [1, 2]
}`;

  it('finds the line of a path, or of its nearest enclosing key', () => {
    const read = readJson(text);
    expect(read.error).toBeUndefined();
    expect(lineOfPath(read.lines, 'inputs.stage.device')).toBe(4);
    expect(lineOfPath(read.lines, 'levels.yellow.when.clear')).toBe(8);
    // A missing member: where its parent begins.
    expect(lineOfPath(read.lines, 'levels.yellow.raiseAfter')).toBe(7);
    expect(lineOfPath(read.lines, 'list.1')).toBe(11);
    expect(lineOfPath(read.lines, '(rule)')).toBeNull();
    expect(read.value).toEqual(JSON.parse(text));
  });

  it('a syntax error names its line', () => {
    const error = readJson('{\n  "a": 1,\n  b: 2\n}').error;
    expect(error?.line).toBe(3);
    expect(error?.message).toContain('双引号');
    expect(readJson('{\n  "a": 1\n').error?.line).toBe(3);
    expect(readJson('{"a": 1} x').error?.message).toContain('多余');
    expect(readJson('{"a": "\\u0041\\n"}').value).toEqual({ a: 'A\n' });
  });

  it('diffs two versions line by line', () => {
    expect(diffLines('a\nb\nc', 'a\nx\nc')).toEqual([
      { op: 'same', text: 'a' },
      { op: 'remove', text: 'b' },
      { op: 'add', text: 'x' },
      { op: 'same', text: 'c' },
    ]);
  });
});
