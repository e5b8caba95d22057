import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import {
  formatWarningIdentifier,
  formatWarningSenderCode,
  parseWarningIdentifier,
  WARNING_IDENTIFIER_LENGTH,
} from './cap-identifier.ts';

const sentAt = new Date('2026-07-01T02:00:00Z'); // 10:00 Beijing

describe('national identifier ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_N (GB/T 35965.1-2018 附录 A.1.1–A.1.3)', () => {
  it('A.1.1: 14-character sender code, Beijing time of entry, one-digit sequence: 31 characters', () => {
    const id = formatWarningIdentifier({
      adminCode: '621026',
      orgCode: '123',
      unitCode: '045',
      extension: '06',
      sentAt,
      sequence: 3,
    });
    expect(id).toBe('62102612304506_20260701100000_3');
    expect(id).toHaveLength(WARNING_IDENTIFIER_LENGTH);
  });

  it('A.1.2: unit code defaults to 000 and extension to 00', () => {
    expect(formatWarningIdentifier({ adminCode: '621026', orgCode: '000', sentAt, sequence: 0 })).toBe(
      '62102600000000_20260701100000_0',
    );
    expect(formatWarningSenderCode({ adminCode: '621026', orgCode: '000' })).toBe('62102600000000');
  });

  it('A.1.3.1: the time is Beijing time (a UTC instant on the previous UTC day moves to the next date)', () => {
    const id = formatWarningIdentifier({
      adminCode: '621026',
      orgCode: '000',
      sentAt: new Date('2026-06-30T16:00:01Z'),
      sequence: 9,
    });
    expect(id).toBe('62102600000000_20260701000001_9');
  });

  it('rejects bad parts with a validation error listing every problem', () => {
    let caught: unknown;
    try {
      formatWarningIdentifier({
        adminCode: '62102',
        orgCode: 'ab1',
        unitCode: '1',
        extension: '000',
        sentAt: new Date(Number.NaN),
        sequence: 10,
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('validation_failed');
    expect((caught as AppError).details?.map((d) => d.path)).toEqual([
      'adminCode',
      'orgCode',
      'unitCode',
      'extension',
      'sentAt',
      'sequence',
    ]);
  });

  it('A.1.1: the sequence is one digit 0–9 (counted from 0)', () => {
    expect(() =>
      formatWarningIdentifier({ adminCode: '621026', orgCode: '000', sentAt, sequence: -1 }),
    ).toThrow(AppError);
    expect(() =>
      formatWarningIdentifier({ adminCode: '621026', orgCode: '000', sentAt, sequence: 1.5 }),
    ).toThrow(AppError);
  });

  it('parses an identifier back into its parts', () => {
    expect(parseWarningIdentifier('62102612304506_20260701100000_3')).toEqual({
      adminCode: '621026',
      orgCode: '123',
      unitCode: '045',
      extension: '06',
      senderCode: '62102612304506',
      sentAt,
      sequence: 3,
    });
  });

  it.each([
    ['a missing sequence (the pre-standard form)', '62102600000000_20260701100000'],
    ['a two-digit sequence', '62102600000000_20260701100000_10'],
    ['a 13-character sender code', '6210260000000_20260701100000_0'],
    ['30 February', '62102600000000_20260230100000_0'],
    ['hour 24', '62102600000000_20260701240000_0'],
    ['letters', '62102600000A00_20260701100000_0'],
    ['a dash separator', '62102600000000-20260701100000-0'],
  ])('parse refuses %s', (_, id) => {
    expect(parseWarningIdentifier(id)).toBeNull();
  });
});
