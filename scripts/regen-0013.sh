#!/usr/bin/env bash
# Development helper for issue #6: regenerate migration 0013 from the schema (drop it, generate it again).
set -euo pipefail
cd "$(dirname "$0")/../packages/server"
rm -f src/db/migrations/0013_command.sql src/db/migrations/meta/0013_snapshot.json
node -e '
const fs=require("fs");const p="src/db/migrations/meta/_journal.json";
const j=JSON.parse(fs.readFileSync(p));j.entries=j.entries.filter(e=>e.idx<13);fs.writeFileSync(p,JSON.stringify(j,null,2));'
npx drizzle-kit generate --name command
npx prettier --write src/db/migrations/meta/_journal.json >/dev/null
