// Builds the agent console and the customer widget as two pages sharing one assets folder; the hub
// serves them from dist/renderer at /console/ and /widget/ (server/http/static.ts).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: 'renderer',
  base: '/',
  // No React plugin is installed: Vite transforms TSX itself; the automatic runtime matches tsconfig's "react-jsx".
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // The hub's CSP allows no inline scripts, and a CSP-clean build never relies on inlined assets.
    assetsInlineLimit: 0,
    rolldownOptions: {
      input: {
        console: resolve(here, 'renderer/console/index.html'),
        widget: resolve(here, 'renderer/widget/index.html'),
      },
      // Named shared chunks: libraries (rarely change, long-cached) and the code both pages share.
      output: {
        codeSplitting: {
          groups: [
            { name: 'vendor', test: /node_modules/ },
            { name: 'common', test: /[\\/](renderer[\\/]common|shared)[\\/]/ },
          ],
        },
      },
    },
  },
});
