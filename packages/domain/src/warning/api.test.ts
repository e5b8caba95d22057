import { describe, expect, it } from 'vitest';
import { isWarningVisible, type ScopedWarning } from './api.ts';

const XINNING = '621026100';
const ZAOSHENG = '621026102';
const scope = (
  level: 'county' | 'township' | 'village' | 'department' | 'enterprise',
  regionCode: string,
) => ({
  level,
  regionCode,
  orgUnitId: level === 'department' || level === 'enterprise' ? '3f2b7a10-6a4e-4a1e-9a55-0a7b0b2d1c11' : null,
});
const countyWarning = (
  state: string,
  townshipCodes: string[],
  villageCodes: string[] = [],
): ScopedWarning => ({
  regionCode: '621026',
  state,
  authorId: 'someone',
  targets: { townshipCodes, villageCodes },
});

describe('who sees a warning (issue #5 part 3, jurisdiction)', () => {
  it('the county sees every warning of the county, drafts included', () => {
    expect(isWarningVisible(scope('county', '621026'), 'me', countyWarning('draft', [XINNING]))).toBe(true);
  });
  it('a township sees its own drafts and published warnings targeting it, not county drafts nor other townships', () => {
    const own: ScopedWarning = {
      regionCode: XINNING,
      state: 'draft',
      authorId: 'colleague',
      targets: { townshipCodes: [XINNING], villageCodes: [] },
    };
    expect(isWarningVisible(scope('township', XINNING), 'me', own)).toBe(true);
    expect(isWarningVisible(scope('township', ZAOSHENG), 'me', own)).toBe(false);
    expect(
      isWarningVisible(scope('township', XINNING), 'me', countyWarning('awaiting_signoff', [XINNING])),
    ).toBe(false);
    expect(isWarningVisible(scope('township', XINNING), 'me', countyWarning('published', [XINNING]))).toBe(
      true,
    );
    expect(isWarningVisible(scope('township', ZAOSHENG), 'me', countyWarning('published', [XINNING]))).toBe(
      false,
    );
  });
  it('a village sees published warnings targeting its township or itself; anyone sees their own drafts; enterprises none', () => {
    expect(
      isWarningVisible(scope('village', `${XINNING}001`), 'me', countyWarning('published', [XINNING])),
    ).toBe(true);
    expect(
      isWarningVisible(scope('village', `${ZAOSHENG}001`), 'me', countyWarning('published', [XINNING])),
    ).toBe(false);
    expect(
      isWarningVisible(scope('department', '621026'), 'me', {
        ...countyWarning('draft', []),
        authorId: 'me',
      }),
    ).toBe(true);
    expect(isWarningVisible(scope('department', '621026'), 'me', countyWarning('draft', [XINNING]))).toBe(
      false,
    );
    expect(isWarningVisible(scope('department', '621026'), 'me', countyWarning('published', [XINNING]))).toBe(
      true,
    );
    expect(
      isWarningVisible(scope('enterprise', `${XINNING}001`), 'me', countyWarning('published', [XINNING])),
    ).toBe(false);
  });
});
