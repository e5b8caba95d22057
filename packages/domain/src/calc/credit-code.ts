/**
 * 统一社会信用代码 check character, GB 32100-2015《法人和其他组织统一社会信用代码编码规则》:
 * 18 characters from a 31-character set (digits and capitals without I, O, S, V, Z); the 18th is
 * C18 = 31 − (Σ Ci·Wi mod 31) over the first 17 with Wi = 3^(i−1) mod 31, where 31 maps to 0.
 */
import { z } from 'zod';

export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);

export const CreditCodeInput = z.object({ code: z.string().max(64) }).strict();
export type CreditCodeInput = z.infer<typeof CreditCodeInput>;

export interface CreditCodeResult {
  valid: boolean;
  /** The check character the first 17 characters call for, when they are well-formed. */
  expectedCheckChar?: string;
  /** Why the code is not valid (absent when valid). */
  reason?: string;
}

/** The check character for the first 17 characters, or null when they are not 17 charset characters. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = CREDIT_CODE_CHARSET.indexOf(first17[i]!);
    if (value < 0) return null;
    sum += value * WEIGHTS[i]!;
  }
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_CHARSET[check]!;
}

export function checkCreditCode(input: CreditCodeInput): CreditCodeResult {
  const code = input.code.trim().toUpperCase();
  if (code.length !== 18) return { valid: false, reason: `应为 18 位，实为 ${code.length} 位` };
  const bad = [...code].filter((ch) => !CREDIT_CODE_CHARSET.includes(ch));
  if (bad.length)
    return {
      valid: false,
      reason: `含有不允许的字符：${[...new Set(bad)].join(' ')}（不使用 I、O、S、V、Z）`,
    };
  const expected = creditCodeCheckChar(code.slice(0, 17))!;
  if (expected !== code[17])
    return { valid: false, expectedCheckChar: expected, reason: `校验码应为 ${expected}` };
  return { valid: true, expectedCheckChar: expected };
}

/** For zod refinements elsewhere (enterprise records). */
export function isValidCreditCode(code: string): boolean {
  return checkCreditCode({ code }).valid;
}
