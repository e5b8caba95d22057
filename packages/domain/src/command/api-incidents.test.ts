import { describe, expect, it } from 'vitest';
import {
  FieldReportRequest,
  IncidentListQuery,
  IntakeRequest,
  nextFindingState,
  type FindingState,
} from './api-incidents.ts';

const intake = {
  source: 'phone',
  eventType: 'landslide',
  occurredAt: '2026-07-01T10:00:00+08:00',
  regionCode: '621026100',
  place: '新宁镇某村',
  description: '山体滑坡',
  caller: { name: '张三' },
};

describe('incident API schemas (issue #6 contract §A)', () => {
  it('an intake lists every problem: unknown type, a time without zone, a longitude without latitude', () => {
    const r = IntakeRequest.safeParse({
      ...intake,
      eventType: 'x',
      occurredAt: '2026-07-01 10:00',
      lon: 107.9,
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['eventType', 'occurredAt']));
    expect(IntakeRequest.safeParse({ ...intake, lon: 107.9 }).error?.issues[0]?.path).toEqual(['lon']);
    expect(IntakeRequest.safeParse(intake).success).toBe(true);
  });

  it('a field report takes at most 3 photos of JPEG, PNG or WebP, a 500-character description and a uuid clientId', () => {
    const photo = { fileName: 'a.jpg', contentType: 'image/jpeg', dataBase64: 'AAAA' };
    const base = {
      clientId: '6f1c1e9e-6a55-4d5e-9a7e-3a3a7e0b1c01',
      eventType: 'flood',
      lon: 107.9,
      lat: 35.5,
      description: '积水',
    };
    expect(FieldReportRequest.safeParse({ ...base, photos: [photo, photo, photo] }).success).toBe(true);
    const bad = FieldReportRequest.safeParse({
      ...base,
      clientId: 'abc',
      description: 'x'.repeat(501),
      photos: [photo, { ...photo, contentType: 'image/gif' }],
    });
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['clientId', 'description', 'photos.1.contentType']));
    const many = FieldReportRequest.safeParse({ ...base, photos: [photo, photo, photo, photo] });
    expect(many.error!.issues.map((i) => i.path.join('.'))).toEqual(['photos']);
  });

  it('the list query refuses an unknown status', () => {
    expect(IncidentListQuery.safeParse({ status: 'reported,closed' }).success).toBe(true);
    expect(IncidentListQuery.safeParse({ status: 'reported,nope' }).success).toBe(false);
  });

  it('findings: open → rectified → verified, a rejected verification goes back to open, nothing else', () => {
    const table: [FindingState, 'rectify' | 'verify_accept' | 'verify_reject', FindingState | null][] = [
      ['open', 'rectify', 'rectified'],
      ['open', 'verify_accept', null],
      ['open', 'verify_reject', null],
      ['rectified', 'rectify', null],
      ['rectified', 'verify_accept', 'verified'],
      ['rectified', 'verify_reject', 'open'],
      ['verified', 'rectify', null],
      ['verified', 'verify_accept', null],
      ['verified', 'verify_reject', null],
    ];
    for (const [state, action, next] of table) expect(nextFindingState(state, action)).toBe(next);
  });
});
