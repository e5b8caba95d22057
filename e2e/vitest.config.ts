import { defineProject } from 'vitest/config';

// Black-box tests: the real `ningan` binary, a really started server, a real browser.
export default defineProject({
  test: {
    name: 'e2e',
    include: ['**/*.e2e.ts', '**/*.spec.ts'],
    exclude: ['node_modules/**', 'artifacts/**'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // One demo data directory prepared for the whole run; the browser specs copy it (browser/console.ts).
    globalSetup: ['global-setup.ts'],
    // Files run in parallel, beside the other projects' files (the root config's two workers). They are
    // independent: every server has its own data directory or PostgreSQL database, a free HTTP port, the
    // embedded broker on a free port (mqtt.e2e asks for 1883, held by this machine's Mosquitto, and checks
    // the fallback), and the demo gateway simulator falls back to free ports when 18790/18791 are taken.
    // (fileParallelism: false would put every e2e file in a one-worker group run after all the others.)
  },
});
