import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_GENESIS_HASH,
  auditHashInput,
  canonicalJson,
  verifyAuditChain,
  type AuditContent,
  type AuditRow,
} from './audit.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function chain(n: number): AuditRow[] {
  const rows: AuditRow[] = [];
  let prev = AUDIT_GENESIS_HASH;
  for (let seq = 1; seq <= n; seq += 1) {
    const content: AuditContent = {
      seq,
      at: `2026-11-29T0${seq % 10}:00:00.000Z`,
      actorId: null,
      actorName: `user${seq}`,
      action: 'contact.update',
      entityType: 'contact',
      entityId: String(seq),
      regionCode: '621026100',
      outcome: 'success',
      ip: null,
      details: { changes: { name: ['甲', '乙'] }, n: seq },
    };
    const hash = sha256(auditHashInput(prev, content));
    rows.push({ ...content, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe('audit hash chain (issue #2 part 5)', () => {
  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });
  it('an untouched chain verifies', () => {
    expect(verifyAuditChain(chain(5), sha256)).toEqual({ ok: true, checked: 5 });
  });
  it('an edited row is named', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, actorName: 'mallory' };
    expect(verifyAuditChain(rows, sha256)).toMatchObject({ ok: false, badSeq: 3, checked: 2 });
  });
  it('an edited row with a recomputed hash breaks the next row', () => {
    const rows = chain(5);
    const forged = { ...rows[1]!, details: { forged: true } };
    const { prevHash: _p, hash: _h, ...content } = forged;
    rows[1] = { ...forged, hash: sha256(auditHashInput(forged.prevHash, content)) };
    expect(verifyAuditChain(rows, sha256)).toMatchObject({ ok: false, badSeq: 3 });
  });
  it('a deleted row is detected at the gap', () => {
    const rows = chain(5);
    rows.splice(3, 1);
    expect(verifyAuditChain(rows, sha256)).toMatchObject({ ok: false, badSeq: 5 });
  });
});
