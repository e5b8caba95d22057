/**
 * Validation messages in Chinese: the platform's users read them in forms, imports, API errors and
 * the CLI. Imported first by the package index, so every schema of ours reports in zh-CN.
 */
import { z } from 'zod';

z.config({
  ...z.locales.zhCN(),
  // A missing value is "必填", not the locale's "无效输入：期望 string，实际接收 undefined"; schemas
  // with their own message keep it, everything else falls through to the locale.
  customError: (issue) =>
    issue.code === 'invalid_type' && issue.input === undefined ? '必填项，不能为空' : undefined,
});
