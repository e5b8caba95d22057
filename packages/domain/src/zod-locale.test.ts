import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import './zod-locale.ts';

describe('validation messages (zh-CN)', () => {
  it('a missing value reads 必填; a wrong type keeps the locale message; a schema’s own message wins', () => {
    const schema = z.object({
      name: z.string(),
      count: z.number(),
      phone: z.string({ error: '请填写电话' }),
    });
    const result = schema.safeParse({ count: 'x' });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(messages.name).toBe('必填项，不能为空');
    expect(messages.count).toBe('无效输入：期望 数字，实际接收 string');
    expect(messages.phone).toBe('请填写电话');
  });
});
