import { defineProject } from 'vitest/config';

// Unit tests of the console's pure helpers (no DOM): colour rules, chart building, payload examples.
export default defineProject({ test: { name: 'web', include: ['src/**/*.test.ts'] } });
