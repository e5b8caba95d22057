/**
 * Validation messages in Chinese: the platform's users read them in forms, imports, API errors and
 * the CLI. Imported first by the package index, so every schema of ours reports in zh-CN.
 */
import { z } from 'zod';

z.config(z.locales.zhCN());
