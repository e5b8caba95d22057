/**
 * Password policy (口令策略). Defaults follow common MLPS level-3 practice: at least 10 characters
 * with three of the four classes. The numbers are configuration (PASSWORD_MIN_LENGTH).
 */
export interface PasswordPolicy {
  minLength: number;
  minClasses: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 10, minClasses: 3 };

/** Every way `password` breaks the policy (empty when it is acceptable). */
export function checkPassword(password: string, policy: PasswordPolicy, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < policy.minLength) problems.push(`口令至少 ${policy.minLength} 位`);
  if (password.length > 128) problems.push('口令不得超过 128 位');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < policy.minClasses)
    problems.push(`口令须包含大写字母、小写字母、数字、符号中的至少 ${policy.minClasses} 类`);
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    problems.push('口令不得包含用户名');
  return problems;
}
