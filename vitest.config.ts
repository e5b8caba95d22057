import { defineConfig } from 'vitest/config';

// vitest 4 reads projects from here (a vitest.workspace.ts file is ignored).
export default defineConfig({
  test: {
    projects: ['packages/domain', 'packages/server', 'packages/web', 'e2e'],
    // vitest's default is one worker fewer than the CPUs: a single worker on the 2-core CI machine, so the
    // server's database files and the e2e files (which spend most of their time waiting on a child server,
    // PostgreSQL and Chromium) ran one after another. Two workers overlap that waiting, for every project's
    // files alike (the e2e files too: see e2e/vitest.config.ts).
    maxWorkers: 2,
  },
});
