import { defineProject } from 'vitest/config';

// Black-box tests: the real `ningan` binary, a really started server, a real browser.
export default defineProject({
  test: {
    name: 'e2e',
    include: ['**/*.e2e.ts', '**/*.spec.ts'],
    exclude: ['node_modules/**', 'artifacts/**'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
