/**
 * Locates the project's committed run-time files (migrations, region packs, web build) whether the
 * code runs from source (tsx/vitest) or from the CLI bundle: walk up to the folder holding `region-packs/`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'region-packs')) && fs.existsSync(path.join(dir, 'packages')))
      return dir;
    const up = path.dirname(dir);
    if (up === dir)
      throw new Error("cannot find the Ning'an project root (a folder with region-packs/ and packages/)");
    dir = up;
  }
}

export const PROJECT_ROOT = findRoot();
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'packages/server/src/db/migrations');
export const REGION_PACKS_DIR = path.join(PROJECT_ROOT, 'region-packs');
export const WEB_DIST_DIR = path.join(PROJECT_ROOT, 'packages/web/dist');
export const CAP_XSD_PATH = path.join(PROJECT_ROOT, 'packages/server/assets/cap12.xsd');
