import { describe, expect, it } from 'vitest';
import { readImportLines, wantsImportStream } from './import.ts';

describe('streamed import answers (application/x-ndjson)', () => {
  it('asks for the stream only when Accept names the ndjson type', () => {
    expect(wantsImportStream('application/x-ndjson')).toBe(true);
    expect(wantsImportStream('application/json, application/x-ndjson;q=0.9')).toBe(true);
    expect(wantsImportStream('application/json')).toBe(false);
    expect(wantsImportStream(undefined)).toBe(false);
    expect(wantsImportStream('*/*')).toBe(false);
  });

  it('splits complete lines from the unfinished rest, across chunks', () => {
    const first = readImportLines(
      '{"type":"progress","phase":"validated","done":1000,"total":2500}\n{"type":"progress","ph',
    );
    expect(first.lines).toEqual([{ type: 'progress', phase: 'validated', done: 1000, total: 2500 }]);
    expect(first.rest).toBe('{"type":"progress","ph');
    const second = readImportLines(
      `${first.rest}ase":"written","done":3,"total":3}\n{"type":"result","total":3,"created":3,"updated":0,"unchanged":0,"dryRun":false}\n`,
    );
    expect(second.lines.map((l) => l.type)).toEqual(['progress', 'result']);
    expect(second.rest).toBe('');
    expect(second.bad).toBe(0);
  });

  it('reads the error envelope line and counts lines that are not part of the protocol', () => {
    const { lines, bad } = readImportLines(
      'not json\n{"type":"progress","phase":"sideways","done":1,"total":1}\n' +
        '{"type":"error","error":{"code":"validation_failed","message":"输入有误","details":[{"path":"rows.2.name","message":"重复"}],"requestId":"r1"}}\n',
    );
    expect(bad).toBe(2);
    expect(lines).toEqual([
      {
        type: 'error',
        error: {
          code: 'validation_failed',
          message: '输入有误',
          details: [{ path: 'rows.2.name', message: '重复' }],
          requestId: 'r1',
        },
      },
    ]);
  });
});
