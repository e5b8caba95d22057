import { defineProject } from 'vitest/config';

// DB and API suites: every database test runs on embedded PGlite and, when TEST_DATABASE_URL is set
// (mandatory with CI=true), on a real PostgreSQL server. See src/test/global-setup.ts.
export default defineProject({
  test: {
    name: 'server',
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
