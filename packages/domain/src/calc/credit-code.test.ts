import { describe, expect, it } from 'vitest';
import { checkCreditCode, creditCodeCheckChar } from './credit-code.ts';

describe('统一社会信用代码, GB 32100-2015 check character', () => {
  it.each(['91350100M000100Y43', '9144030071526726XG', '91110000100006485K', '91310000MA1FL4B24G'])(
    'accepts the published example %s',
    (code) => expect(checkCreditCode({ code })).toEqual({ valid: true, expectedCheckChar: code[17] }),
  );
  it('reports the expected check character for a wrong one', () => {
    expect(checkCreditCode({ code: '91350100M000100Y44' })).toMatchObject({
      valid: false,
      expectedCheckChar: '3',
    });
  });
  it('maps a sum divisible by 31 to check character 0', () => {
    // 17 zeros: Σ = 0 → 31 − 0 = 31 → "0"
    expect(creditCodeCheckChar('00000000000000000')).toBe('0');
  });
  it('rejects wrong length and the letters I, O, S, V, Z', () => {
    expect(checkCreditCode({ code: '9135010' })).toMatchObject({ valid: false });
    expect(checkCreditCode({ code: '91350100M0001O0Y43' }).reason).toContain('O');
    expect(checkCreditCode({ code: ' 91350100m000100y43 ' }).valid).toBe(true); // trimmed, case-insensitive
  });
});
