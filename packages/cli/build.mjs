// Bundles the CLI (and the server it starts) into one ESM file. Native/wasm packages stay external.
import { build } from 'esbuild';
await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/ningan.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external: [
    '@electric-sql/pglite',
    'pg',
    'pg-native',
    'pino',
    'thread-stream',
    '@fastify/swagger-ui',
    '@fastify/static',
    // Only `ningan bench` loads it (the map scenario), from the e2e workspace's dev dependencies.
    'playwright-core',
    // MQTT: broker and client from node_modules as published (they load optional parts lazily).
    'aedes',
    'mqtt',
    // libxml2 in WebAssembly: loads xmllint.wasm and starts a worker from its own directory.
    'xmllint-wasm',
  ],
  banner: {
    js: "import { createRequire as __nCreateRequire } from 'node:module'; const require = __nCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
