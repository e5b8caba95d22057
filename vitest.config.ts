import { defineConfig } from 'vitest/config';

// vitest 4 reads projects from here (a vitest.workspace.ts file is ignored).
export default defineConfig({
  test: {
    projects: ['packages/domain', 'packages/server', 'packages/web', 'e2e'],
  },
});
