import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * @fontsource lists a .woff fallback beside every .woff2 slice; every browser we support reads woff2,
 * so dropping the fallback halves dist/ (about 6 MB less) without changing what a browser downloads.
 */
function woff2Only(): Plugin {
  return {
    name: 'ningan:woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/@fontsource[\\/].*\.css$/.test(id)) return null;
      return { code: code.replace(/,\s*url\([^)]*\.woff\)\s*format\(['"]woff['"]\)/g, ''), map: null };
    },
  };
}

// The server serves dist/ with an SPA fallback at http://localhost:8080/; in dev, Vite proxies the API there.
export default defineConfig({
  plugins: [woff2Only(), react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // maplibre-gl alone is ~1 MB minified; it sits in its own chunk, loaded with the map page only.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Everything else is split automatically, so the login page loads only what it uses.
          groups: [{ name: 'maplibre', test: /node_modules[\\/]maplibre-gl/ }],
        },
      },
    },
  },
  // Without this the dev server's first load can leave the MapLibre worker request hanging (STACK.md 6).
  optimizeDeps: { include: ['maplibre-gl'] },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:8080' } },
  },
  preview: { port: 4173, proxy: { '/api': { target: 'http://127.0.0.1:8080' } } },
});
