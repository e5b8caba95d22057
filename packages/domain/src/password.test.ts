import { describe, expect, it } from 'vitest';
import { checkPassword, DEFAULT_PASSWORD_POLICY } from './password.ts';

describe('password policy (issue #2 part 4)', () => {
  it('accepts a long password with three classes', () => {
    expect(checkPassword('Ningan@2026', DEFAULT_PASSWORD_POLICY, 'duty')).toEqual([]);
  });
  it('lists every problem at once', () => {
    const problems = checkPassword('admin', DEFAULT_PASSWORD_POLICY, 'admin');
    expect(problems).toHaveLength(3); // too short, too few classes, contains the username
  });
  it('honours a configured minimum length', () => {
    expect(checkPassword('Abcdef1!', { minLength: 8, minClasses: 3 })).toEqual([]);
    expect(checkPassword('Abcdef1!', { minLength: 12, minClasses: 3 })).toHaveLength(1);
  });
});
